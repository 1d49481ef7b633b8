import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { confirmSignup, SignupRefused, signupLinkFor } from "~/auth/signup.server";
import { loginRedirect } from "~/auth/session.server";
import { SubmitButton } from "~/components/field";
import { readForm } from "~/utils/input.server";

// The link from the sign-up mail. Opening it asks before using it: mail scanners open links, and a
// link is good once.

export const handle = { i18n: ["auth"] };

export const meta: MetaFunction = () => [{ title: "Finish signing up · Sapling" }];

const tokenOf = (value: unknown) => (typeof value === "string" ? value.slice(0, 100) : "");

export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(new URL(request.url).searchParams.get("token"));
  return json({ token, account: token ? await signupLinkFor(token) : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const token = tokenOf((await readForm(request)).get("token"));
  try {
    const { id } = await confirmSignup(token);
    return loginRedirect(id, "/forest", request);
  } catch (error) {
    if (!(error instanceof SignupRefused)) throw error;
    return json({ refused: error.code }, { status: error.code === "email_taken" ? 409 : 404 });
  }
}

export default function ConfirmSignup() {
  const { t } = useTranslation();
  const { token, account } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>()?.refused;
  const busy = useNavigation().state !== "idle";
  if (!account || refused) {
    return (
      <section className="stack">
        <h1>{t("auth.linkTitle")}</h1>
        <p className="field-error" role="alert" data-testid="link-refused">
          {t(`auth.refused.${refused ?? "link_invalid"}`)}
        </p>
        <p className="row">
          <Link to="/signup">{t("nav.signup")}</Link>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="stack">
      <h1>{t("auth.confirmTitle")}</h1>
      <p>{t("auth.confirmBody", { name: account.displayName, email: account.email })}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <SubmitButton busy={busy} label={t("auth.confirmSubmit")} />
      </Form>
    </section>
  );
}
