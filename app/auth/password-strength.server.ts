import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";
import { singleton } from "~/utils/singleton.server";
import { COMMON_PASSWORDS_ZH } from "./common-passwords-zh";

// Whether a new password is too easy to guess, offline: zxcvbn-ts (the maintained TypeScript port of
// Dropbox's estimator) with its common-password, English and keyboard lists and ours of passwords
// common among Chinese users. A password must reach score 3 of 4 ("safely unguessable" against a
// throttled online attack and slow offline hashing: ~10^8 guesses), and may not be built from the
// account's own email or name. The estimator's warning is returned as a message key, so the page
// says what is wrong in the reader's language.

export const MIN_SCORE = 3;

const WARNINGS = Object.keys(english.translations.warnings);

const estimator = () =>
  singleton("zxcvbn", () => {
    // The estimator's texts become our message keys (auth.passwordWarning.*), translated where shown.
    const warnings = Object.fromEntries(WARNINGS.map((key) => [key, `auth.passwordWarning.${key}`]));
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary, chinese: [...new Set(COMMON_PASSWORDS_ZH)] },
      graphs: common.adjacencyGraphs,
      translations: { ...english.translations, warnings: warnings as typeof english.translations.warnings },
    });
  });

/** Message keys saying why the password is too weak (none when it will do). */
export function passwordProblems(password: string, personal: string[] = []): string[] {
  const inputs = personal.flatMap((value) => [value, ...value.split(/[@.\s_-]+/)]).filter((value) => value.length >= 3);
  const result = estimator().check(password, inputs);
  if (result.score >= MIN_SCORE) return [];
  return ["auth.passwordWeak", ...(result.feedback.warning ? [result.feedback.warning] : [])];
}
