import { getFormProps, useForm } from "@conform-to/react";
import { readForm } from "~/utils/input.server";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { WeakPassword } from "~/auth/accounts.server";
import { requestSignup } from "~/auth/signup.server";
import { signupSchema } from "~/auth/schemas";
import { getUser } from "~/auth/session.server";
import { publicOrigin } from "~/utils/download.server";
import { Field, FormErrors, SubmitButton, TooManyTries } from "~/components/field";
import { RateLimited, tooManyTries } from "~/utils/rate-limit.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth"] };

export const meta: MetaFunction = () => [{ title: "Sign up · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/forest");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: signupSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  try {
    // The same answer whether or not the address has an account: a mail is on its way (signup.server.ts).
    await requestSignup(submission.value, publicOrigin(request));
  } catch (error) {
    if (error instanceof RateLimited) return tooManyTries(submission, error);
    if (error instanceof WeakPassword) return json(submission.reply({ fieldErrors: { password: error.problems }, hideFields: ["password"] }), { status: 400 });
    throw error;
  }
  return redirect(`/signup/sent?${new URLSearchParams({ to: submission.value.email })}`);
}

export default function Signup() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const waitSeconds = lastResult && "waitSeconds" in lastResult ? Number(lastResult.waitSeconds) : undefined;
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(signupSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema }),
  });
  return (
    <section>
      <h1>{t("auth.signupTitle")}</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TooManyTries seconds={waitSeconds} />
        <Field label={t("auth.email")} meta={fields.email} type="email" autoComplete="email" />
        <Field label={t("auth.displayName")} meta={fields.displayName} type="text" autoComplete="nickname" />
        <Field label={t("auth.password")} meta={fields.password} type="password" autoComplete="new-password" />
        <SubmitButton busy={busy} label={t("auth.submitSignup")} />
      </Form>
      <p>
        {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
