import { idField } from "~/utils/fields";
import { FIELDS, operation } from "~/utils/operation.server";
import { Refused } from "~/utils/refused";
import { createProject, updateProject, type ManageResult } from "./manage.server";
import { projectCreateSchema, projectEditSchema } from "./project-form";

// Operators create and edit projects from a boundary file, declared once (the project pages).
// Boundary, layout and capacity problems are one refusal, "problems", listing them; a slug or code
// prefix taken is said under its field.

function refuseUnlessDone(result: ManageResult | null) {
  if (!result) throw new Refused("project_not_found");
  if (result.ok) return result.project;
  if (result.fieldErrors && Object.keys(result.fieldErrors).length) throw new Refused(FIELDS, {}, result.fieldErrors);
  throw new Refused("problems", {}, result.problems);
}

const refusals = { problems: 422, [FIELDS]: 409, project_not_found: 404 } as const;

export const createProjectOp = operation({
  name: "ops.project-create",
  summary: "Operators: create a project from its boundary (GeoJSON), laid out into units",
  input: projectCreateSchema,
  who: "operator",
  refusals,
  messages: "projectForm.refused",
  run: async (actor, { boundary, ...input }) => refuseUnlessDone(await createProject(input, await boundary.text(), actor.id)),
});

export const updateProjectOp = operation({
  name: "ops.project-update",
  summary: "Operators: edit a project; its boundary can be replaced while nothing is allocated",
  input: projectEditSchema.extend({ id: idField() }),
  who: "operator",
  refusals,
  messages: "projectForm.refused",
  run: async (actor, { boundary, id, ...input }) => refuseUnlessDone(await updateProject(id, input, boundary && boundary.size > 0 ? await boundary.text() : null, actor.id)),
});
