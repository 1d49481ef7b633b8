import { type ActionFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseReceiptCode, receiptCodeText } from "~/payouts/receipts.server";
import { formFields, readForm } from "~/utils/input.server";

// Where a household types the code from its paper statement (the QR code leads past this page).

export const handle = { i18n: ["receipt"] };

export const meta: MetaFunction = () => [{ title: "收益对账单 Statement · Sapling" }];

export async function action({ request }: ActionFunctionArgs) {
  const { code = "" } = formFields(await readForm(request));
  const normalised = normaliseReceiptCode(code.slice(0, 40));
  if (!normalised) return json({ error: "receipt.codeInvalid", code: code.slice(0, 40) }, { status: 422 });
  return redirect(`/r/${receiptCodeText(normalised)}`);
}

export default function ReceiptLookup() {
  const { t } = useTranslation();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="stack receipt">
      <h1>{t("receipt.title")}</h1>
      <p>{t("receipt.lookupIntro")}</p>
      <Form method="post" className="stack" noValidate>
        <label>
          {t("receipt.codeLabel")}
          <input
            name="code"
            defaultValue={reply?.code}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX"
            maxLength={40}
            aria-invalid={reply ? true : undefined}
            aria-describedby={reply ? "code-error" : undefined}
          />
          {reply ? (
            <p id="code-error" className="field-error" role="alert">
              {t(reply.error)}
            </p>
          ) : null}
        </label>
        <button type="submit" disabled={busy}>
          {t("receipt.open")}
        </button>
      </Form>
    </section>
  );
}
