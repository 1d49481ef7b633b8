import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useDateTime } from "~/components/time";
import { demoMode } from "~/energy/demo-actions.server";
import { demoMailbox } from "~/mail/mail.server";

// The demo's mailbox (DEMO_MODE only): no mail leaves a demo machine, so the mail it would send
// (the link that finishes signing up) is read here. Everywhere else this page does not exist.

export const handle = { i18n: ["auth"] };

export const meta: MetaFunction = () => [{ title: "Demo mailbox · Sapling" }];

export async function loader(_: LoaderFunctionArgs) {
  if (!demoMode()) throw new Response("Not found", { status: 404 });
  return json({ mails: await demoMailbox() });
}

/** A mail's text with its links made links. */
function MailText({ text }: { text: string }) {
  return (
    <p className="mail-text">
      {text.split(/(https?:\/\/\S+)/).map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} href={part}>{part}</a> : part))}
    </p>
  );
}

export default function DemoMailbox() {
  const { t } = useTranslation();
  const { mails } = useLoaderData<typeof loader>();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section className="stack">
      <h1>{t("auth.demoMailbox")}</h1>
      <p className="muted">{t("auth.demoMailboxIntro")}</p>
      {mails.length === 0 ? <p className="notice">{t("auth.demoMailboxEmpty")}</p> : null}
      {mails.map((mail) => (
        <article key={mail.id} className="card" data-testid="demo-mail">
          <p className="muted">
            {formatTime(mail.createdAt)} · {mail.to}
          </p>
          <h2>{mail.subject}</h2>
          <MailText text={mail.text} />
        </article>
      ))}
    </section>
  );
}
