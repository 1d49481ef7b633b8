import { getFormProps, useForm } from "@conform-to/react";
import { readForm } from "~/utils/input.server";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { authenticate } from "~/auth/accounts.server";
import { loginSchema } from "~/auth/schemas";
import { getUser, loginRedirect, safeRedirect } from "~/auth/session.server";
import { Field, FormErrors, SubmitButton, TooManyTries } from "~/components/field";
import { RateLimited, tooManyTries } from "~/utils/rate-limit.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth"] };

export const meta: MetaFunction = () => [{ title: "Log in · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  let user: Awaited<ReturnType<typeof authenticate>>;
  try {
    user = await authenticate(submission.value);
  } catch (error) {
    if (error instanceof RateLimited) return tooManyTries(submission, error);
    throw error;
  }
  if (!user) {
    return json(submission.reply({ formErrors: ["auth.invalidCredentials"], hideFields: ["password"] }), { status: 400 });
  }
  return loginRedirect(user.id, safeRedirect(formData.get("redirectTo")), request);
}

export default function Login() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const waitSeconds = lastResult && "waitSeconds" in lastResult ? Number(lastResult.waitSeconds) : undefined;
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <section>
      <h1>{t("auth.loginTitle")}</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <FormErrors errors={form.errors} />
        <TooManyTries seconds={waitSeconds} />
        <Field label={t("auth.email")} meta={fields.email} type="email" autoComplete="email" />
        <Field label={t("auth.password")} meta={fields.password} type="password" autoComplete="current-password" />
        <SubmitButton busy={busy} label={t("auth.submitLogin")} />
      </Form>
      <p>
        {t("auth.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
