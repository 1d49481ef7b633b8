import { useTranslation } from "react-i18next";

const FIELDS = [
  { name: "name", autoComplete: "shipping name", maxLength: 40 },
  { name: "phone", autoComplete: "shipping tel", maxLength: 20, inputMode: "tel" },
  { name: "province", autoComplete: "shipping address-level1", maxLength: 20 },
  { name: "city", autoComplete: "shipping address-level2", maxLength: 30 },
  { name: "district", autoComplete: "shipping address-level3", maxLength: 30 },
  { name: "address", autoComplete: "shipping street-address", maxLength: 120 },
  { name: "postcode", autoComplete: "shipping postal-code", maxLength: 6, inputMode: "numeric" },
] as const;

/** Where to send an order, in the Chinese order of an address (app/commerce/delivery.ts checks it). */
export function DeliveryFields({ errors, values }: { errors: Record<string, string[] | undefined>; values: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <fieldset className="stack delivery-fields">
      <legend>{t("shop.delivery.title")}</legend>
      {FIELDS.map((field) => {
        const problem = errors[field.name]?.[0];
        return (
          <label key={field.name}>
            {t(`shop.delivery.${field.name}`)}
            <input
              name={field.name}
              autoComplete={field.autoComplete}
              maxLength={field.maxLength}
              inputMode={"inputMode" in field ? field.inputMode : undefined}
              defaultValue={values[field.name] ?? ""}
              aria-invalid={problem ? true : undefined}
            />
            {problem ? (
              <span className="field-error" role="alert" data-testid={`delivery-error-${field.name}`}>
                {t(problem)}
              </span>
            ) : null}
          </label>
        );
      })}
    </fieldset>
  );
}
