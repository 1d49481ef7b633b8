import { randomInt } from "node:crypto";

/**
 * Letters and digits people can read aloud and type from a screenshot without confusing them: no
 * 0/O, 1/I/L, nor U (read as V). 30 symbols, ~4.9 bits each.
 */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A random code of `length` symbols of CODE_ALPHABET (crypto randomness). */
export function shortCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

