// The authenticator codes' parameters: six digits every 30 seconds with SHA-1, what every
// authenticator app reads from a QR code (app/auth/totp.server.ts).
export const TOTP = { period: 30, digits: 6, algorithm: "SHA-1", issuer: "Sapling" } as const;

/** The time step a moment falls in. */
export const stepAt = (ms: number) => Math.floor(ms / 1000 / TOTP.period);
