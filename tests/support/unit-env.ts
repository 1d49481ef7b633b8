import fc from "fast-check";

// Property tests draw a new seed each run and print it (with the failing path) when one fails;
// FC_SEED=<seed> npm run test:unit replays that run.
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });
