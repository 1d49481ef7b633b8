import { z } from "zod";

/** The code from an operator's authenticator app, where a decision asks for one (checked by stepUp). */
export const totpField = z.string().trim().max(12, "stepUp.totp_invalid").optional();
