// Intl formatters, made once per locale and options: constructing one costs tens of microseconds
// (it loads the locale's data), and a page formats hundreds of numbers and times while rendering.
const numbers = new Map<string, Intl.NumberFormat>();
const dateTimes = new Map<string, Intl.DateTimeFormat>();

function cached<F>(cache: Map<string, F>, locale: string, options: object, make: () => F): F {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) cache.set(key, (format = make()));
  return format;
}

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}) =>
  cached(numbers, locale, options, () => new Intl.NumberFormat(locale, options));

export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(dateTimes, locale, options, () => new Intl.DateTimeFormat(locale, options));

/** An amount of fen as yuan in the reader's language (¥21.60 / ¥21.60 with its grouping). */
export function formatFen(fen: string, language: string) {
  return numberFormat(language === "en" ? "en-US" : "zh-CN", { style: "currency", currency: "CNY" }).format(Number(BigInt(fen)) / 100);
}
