import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 80 random bits in Crockford base32, grouped for reading aloud: SAP-XXXX-XXXX-XXXX-XXXX. */
export function newCertificateNumber(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let digits = "";
  for (let i = 0; i < 16; i++) {
    digits = CROCKFORD[Number(bits & 31n)] + digits;
    bits >>= 5n;
  }
  return `SAP-${digits.match(/.{4}/g)!.join("-")}`;
}
