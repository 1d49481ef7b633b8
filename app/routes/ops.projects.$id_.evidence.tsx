import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { Feed } from "~/components/area";
import { FieldQueue, useFieldQueue } from "~/components/field-queue";
import { WorkersField } from "~/components/workers-field";
import { ProblemList } from "~/components/project-fields";
import { db } from "~/db/client.server";
import { localDay } from "~/energy/local-time";
import { SURVEY_YEARS } from "~/evidence/evidence-form";
import { evidenceFormInput } from "~/evidence/form-input.server";
import { postNewsOp, recordEvidenceOp, recordPatrolOp } from "~/evidence/operations.server";
import { MAX_PHOTO_BYTES } from "~/evidence/photos";
import { projectFeed } from "~/projects/area.server";
import { intent, pageAction } from "~/utils/operation.server";
import type { PageReply } from "~/utils/page-reply";
import { redirectWithToast } from "~/utils/toast.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "evidenceForm", "friends", "projectForm", "projects", "species", "visits", "work"] };

export const meta: MetaFunction = () => [{ title: "Evidence · Operations · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const project = await db().project.findUnique({ where: { id: params.id! }, select: { id: true, kind: true, nameZh: true, nameEn: true, timeZone: true } });
  if (!project) throw new Response("Not found", { status: 404 });
  return json({ project, today: localDay(new Date(), project.timeZone), feed: await projectFeed(project.id, null) });
}

type Reply = PageReply;

// Each record is an operator operation (evidence/operations.server.ts). Done: back to this page
// with a toast; the new location gives the forms new keys, so they empty.

export const action = (args: ActionFunctionArgs) => {
  const back = (message: string, params?: Record<string, string | number>) => redirectWithToast(new URL(args.request.url).pathname, { message, params });
  return pageAction(
    args,
    {
      evidence: intent(recordEvidenceOp, {
        input: evidenceFormInput,
        done: (recorded) => (recorded.survival ? back("evidenceForm.survivalRecorded", recorded.survival) : back("evidenceForm.recordedMoved", { count: recorded.plotsMoved })),
      }),
      patrol: intent(recordPatrolOp, { input: evidenceFormInput, done: () => back("evidenceForm.recorded") }),
      news: intent(postNewsOp, { input: (fields, params) => ({ ...fields, projectId: params.id }), done: () => back("evidenceForm.recorded") }),
    },
    { maxFileBytes: MAX_PHOTO_BYTES },
  );
};

function Errors({ reply, name }: { reply: Reply | undefined; name: string }) {
  const { t } = useTranslation();
  return (
    <>
      {(reply && !reply.ok ? (reply.fieldErrors?.[name] ?? []) : []).map((error) => (
        <p key={error} className="field-error" role="alert">
          {t(error)}
        </p>
      ))}
    </>
  );
}

/** A labelled input with the server's errors for it, if any. */
function LabelledInput({ label, errors, name, ...input }: { label: string; errors: Reply | undefined; name: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input name={name} {...input} />
      <Errors reply={errors} name={name} />
    </label>
  );
}

const fieldErrorsOf = (reply: Reply | undefined, name: string) => (reply && !reply.ok ? reply.fieldErrors?.[name] : undefined);

type Problem = { code: string; params?: Record<string, string | number> };

function Outcome({ reply, intent }: { reply: Reply | undefined; intent: string }) {
  const { t } = useTranslation();
  // A file over the limit is refused before the form's intent is read: said on every form.
  if (!reply || reply.ok || (reply.intent !== intent && reply.intent !== "")) return null;
  if (reply.details) return <ProblemList problems={reply.details as Problem[]} messages="evidenceForm.problems" title="evidenceForm.problemsTitle" />;
  if (reply.fieldErrors) return null; // said under each field
  return (
    <p className="form-error" role="alert">
      {t(reply.error, reply.params)}
    </p>
  );
}

export default function OpsEvidence() {
  const { t, i18n } = useTranslation();
  const { project, today, feed } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const errorsFor = (intent: string) => (reply?.intent === intent ? reply : undefined);
  const forest = project.kind === "FOREST";
  const [kind, setKind] = useState("PLANTING");
  const queue = useFieldQueue(project.id);
  return (
    <section>
      <p>
        <Link to={`/ops/projects/${project.id}`}>← {i18n.language === "en" ? project.nameEn : project.nameZh}</Link>
      </p>
      <h1>{t("evidenceForm.title")}</h1>

      <h2>{t("evidenceForm.evidenceTitle")}</h2>
      <FieldQueue queue={queue} />
      <Form method="post" encType="multipart/form-data" className="stack" key={`evidence-${location.key}`} onSubmit={queue.onSubmit}>
        <input type="hidden" name="intent" value="evidence" />
        <Outcome reply={reply} intent="evidence" />
        <label>
          {t("evidenceForm.kind")}
          <select name="kind" value={kind} onChange={(event) => setKind(event.target.value)}>
            {(["PLANTING", "AUDIT", "SURVIVAL", "REPLANTING"] as const).map((value) => (
              <option key={value} value={value}>
                {t(`evidence.kind.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === "SURVIVAL" ? (
          <>
            <label>
              {t("evidenceForm.surveyYear")}
              <select name="surveyYear" defaultValue="1">
                {SURVEY_YEARS.map((year) => (
                  <option key={year} value={year}>
                    {t("evidence.survivalYear", { count: year })}
                  </option>
                ))}
              </select>
              <Errors reply={errorsFor("evidence")} name="surveyYear" />
            </label>
            <label>
              {t("evidenceForm.lost")}
              <textarea name="lost" rows={4} spellCheck={false} autoCapitalize="characters" />
              <Errors reply={errorsFor("evidence")} name="lost" />
            </label>
          </>
        ) : null}
        <LabelledInput label={t(forest ? "evidenceForm.targetForest" : "evidenceForm.targetPlot")} name="target" errors={errorsFor("evidence")} required />
        <LabelledInput label={t("evidenceForm.occurredOn")} name="occurredOn" errors={errorsFor("evidence")} type="date" max={today} defaultValue={today} required />
        <LabelledInput label={t("evidenceForm.latitude")} name="latitude" errors={errorsFor("evidence")} inputMode="decimal" required />
        <LabelledInput label={t("evidenceForm.longitude")} name="longitude" errors={errorsFor("evidence")} inputMode="decimal" required />
        <LabelledInput label={t("evidenceForm.crew")} name="crew" errors={errorsFor("evidence")} required />
        <LabelledInput label={t("evidenceForm.crewSize")} name="crewSize" errors={errorsFor("evidence")} type="number" min={1} max={500} inputMode="numeric" required />
        <label>
          {t("evidenceForm.notes")}
          <textarea name="notes" rows={3} />
        </label>
        <WorkersField errors={fieldErrorsOf(errorsFor("evidence"), "workers")} />
        <label>
          {t("evidenceForm.photos")}
          <input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple data-testid="evidence-photos" />
        </label>
        <button type="submit" disabled={busy}>
          {t("evidenceForm.submitEvidence")}
        </button>
      </Form>

      {forest ? null : (
        <>
          <h2>{t("evidenceForm.patrolTitle")}</h2>
          <Form method="post" encType="multipart/form-data" className="stack" key={`patrol-${location.key}`}>
            <input type="hidden" name="intent" value="patrol" />
            <Outcome reply={reply} intent="patrol" />
            <LabelledInput label={t("evidenceForm.occurredOn")} name="occurredOn" errors={errorsFor("patrol")} type="date" max={today} defaultValue={today} required />
            <LabelledInput label={t("evidenceForm.route")} name="route" errors={errorsFor("patrol")} required />
            <label>
              {t("evidenceForm.observations")}
              <textarea name="observations" rows={3} required />
              <Errors reply={errorsFor("patrol")} name="observations" />
            </label>
            <WorkersField errors={fieldErrorsOf(errorsFor("patrol"), "workers")} />
            <label>
              {t("evidenceForm.photos")}
              <input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple data-testid="patrol-photos" />
            </label>
            <button type="submit" disabled={busy}>
              {t("evidenceForm.submitPatrol")}
            </button>
          </Form>
        </>
      )}

      <h2>{t("evidenceForm.newsTitle")}</h2>
      <Form method="post" encType="multipart/form-data" className="stack" key={`news-${location.key}`}>
        <input type="hidden" name="intent" value="news" />
        <Outcome reply={reply} intent="news" />
        {(["titleZh", "titleEn"] as const).map((name) => (
          <label key={name}>
            {t(`evidenceForm.${name}`)}
            <input name={name} required />
            <Errors reply={errorsFor("news")} name={name} />
          </label>
        ))}
        {(["bodyZh", "bodyEn"] as const).map((name) => (
          <label key={name}>
            {t(`evidenceForm.${name}`)}
            <textarea name={name} rows={3} required />
            <Errors reply={errorsFor("news")} name={name} />
          </label>
        ))}
        <button type="submit" disabled={busy}>
          {t("evidenceForm.submitNews")}
        </button>
      </Form>

      <h2>{t("area.news")}</h2>
      <Feed items={feed.items} olderHref={null} />
    </section>
  );
}
