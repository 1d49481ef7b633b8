import { z } from "zod";

// Messages are i18n keys; pages translate them, the API sends the English text.
const email = z
  .string({ required_error: "errors.emailRequired" })
  .trim()
  .toLowerCase()
  .email("errors.emailInvalid")
  .max(254, "errors.emailInvalid");

export const signupSchema = z.object({
  email,
  password: z
    .string({ required_error: "errors.passwordTooShort" })
    .min(8, "errors.passwordTooShort")
    .max(200, "errors.passwordTooLong"),
  displayName: z
    .string({ required_error: "errors.displayNameRequired" })
    .trim()
    .min(1, "errors.displayNameRequired")
    .max(40, "errors.displayNameTooLong"),
});

export const loginSchema = z.object({
  email,
  password: z.string({ required_error: "errors.passwordRequired" }).min(1, "errors.passwordRequired").max(200),
});
