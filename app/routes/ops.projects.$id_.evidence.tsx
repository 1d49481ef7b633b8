import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { Feed } from "~/components/area";
import { ProblemList } from "~/components/project-fields";
import { db } from "~/db/client.server";
import { localDay } from "~/energy/local-time";
import { evidenceSchema, newsSchema, parseTarget, patrolSchema } from "~/evidence/evidence-form";
import { recordEvidence, recordPatrol } from "~/evidence/evidence.server";
import { readPhotoUpload } from "~/evidence/photo-upload.server";
import { postNews, projectFeed } from "~/projects/area.server";
import { redirectWithToast } from "~/utils/toast.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "evidenceForm", "projectForm", "projects", "species"] };

export const meta: MetaFunction = () => [{ title: "Evidence · Operations · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const project = await db().project.findUnique({ where: { id: params.id! }, select: { id: true, kind: true, nameZh: true, nameEn: true, timeZone: true } });
  if (!project) throw new Response("Not found", { status: 404 });
  return json({ project, today: localDay(new Date(), project.timeZone), feed: await projectFeed(project.id, null) });
}

type Reply = { intent: string; ok: false; fieldErrors?: Record<string, string[] | null>; problems?: { code: string; params?: Record<string, string | number> }[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const operator = await requireOperator(request);
  const projectId = params.id!;
  const upload = await readPhotoUpload(request);
  const intent = String(upload.formData?.get("intent") ?? "evidence");
  const reply = (body: Omit<Reply, "intent">, status = 400) => json<Reply>({ intent, ...body }, { status });
  // Done: back to this page with a toast; the new location gives the forms new keys, so they empty.
  const done = (message: string, params?: Record<string, number>) => redirectWithToast(new URL(request.url).pathname, { message, params });
  if (!upload.formData) return reply({ ok: false, problems: upload.problems });

  if (intent === "news") {
    const submission = parseWithZod(upload.formData, { schema: newsSchema });
    if (submission.status !== "success") return reply({ ok: false, fieldErrors: submission.error ?? {} });
    const { intent: _intent, ...news } = submission.value;
    await postNews({ ...news, projectId, authorId: operator.id });
    return done("evidenceForm.recorded");
  }

  const schema = intent === "patrol" ? patrolSchema : evidenceSchema;
  const submission = parseWithZod(upload.formData, { schema });
  if (submission.status !== "success") return reply({ ok: false, fieldErrors: submission.error ?? {}, problems: upload.problems });
  if (upload.problems.length) return reply({ ok: false, problems: upload.problems });
  const value = submission.value;
  const { timeZone } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { timeZone: true } });
  if (value.occurredOn > localDay(new Date(), timeZone)) return reply({ ok: false, fieldErrors: { occurredOn: ["evidenceForm.errors.future"] } });

  const result =
    value.intent === "patrol"
      ? await recordPatrol({ projectId, occurredOn: value.occurredOn, route: value.route, observations: value.observations, photos: upload.photos, recordedById: operator.id })
      : await recordEvidence({
          projectId,
          kind: value.kind,
          target: parseTarget(value.target),
          occurredOn: value.occurredOn,
          latitude: value.latitude,
          longitude: value.longitude,
          crew: value.crew,
          notes: value.notes,
          photos: upload.photos,
          recordedById: operator.id,
        });
  if (!result) throw new Response("Not found", { status: 404 });
  if (!result.ok) return reply({ ok: false, problems: result.problems });
  const plotsMoved = (result as { plotsMoved?: number }).plotsMoved;
  return plotsMoved === undefined ? done("evidenceForm.recorded") : done("evidenceForm.recordedMoved", { count: plotsMoved });
}

function Errors({ reply, name }: { reply: Reply | undefined; name: string }) {
  const { t } = useTranslation();
  return (
    <>
      {reply?.fieldErrors?.[name]?.map((error) => (
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

function Outcome({ reply, intent }: { reply: Reply | undefined; intent: string }) {
  if (reply?.intent !== intent) return null;
  return <ProblemList problems={reply.problems} messages="evidenceForm.problems" title="evidenceForm.problemsTitle" />;
}

export default function OpsEvidence() {
  const { t, i18n } = useTranslation();
  const { project, today, feed } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const errorsFor = (intent: string) => (reply?.intent === intent ? reply : undefined);
  const forest = project.kind === "FOREST";
  return (
    <section>
      <p>
        <Link to={`/ops/projects/${project.id}`}>← {i18n.language === "en" ? project.nameEn : project.nameZh}</Link>
      </p>
      <h1>{t("evidenceForm.title")}</h1>

      <h2>{t("evidenceForm.evidenceTitle")}</h2>
      <Form method="post" encType="multipart/form-data" className="stack" key={`evidence-${location.key}`}>
        <input type="hidden" name="intent" value="evidence" />
        <Outcome reply={reply} intent="evidence" />
        <label>
          {t("evidenceForm.kind")}
          <select name="kind" defaultValue="PLANTING">
            <option value="PLANTING">{t("evidence.kind.PLANTING")}</option>
            <option value="AUDIT">{t("evidence.kind.AUDIT")}</option>
          </select>
        </label>
        <LabelledInput label={t(forest ? "evidenceForm.targetForest" : "evidenceForm.targetPlot")} name="target" errors={errorsFor("evidence")} required />
        <LabelledInput label={t("evidenceForm.occurredOn")} name="occurredOn" errors={errorsFor("evidence")} type="date" max={today} defaultValue={today} required />
        <LabelledInput label={t("evidenceForm.latitude")} name="latitude" errors={errorsFor("evidence")} inputMode="decimal" required />
        <LabelledInput label={t("evidenceForm.longitude")} name="longitude" errors={errorsFor("evidence")} inputMode="decimal" required />
        <LabelledInput label={t("evidenceForm.crew")} name="crew" errors={errorsFor("evidence")} required />
        <label>
          {t("evidenceForm.notes")}
          <textarea name="notes" rows={3} />
        </label>
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
