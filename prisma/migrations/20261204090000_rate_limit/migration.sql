-- Rate-limit counters when there is no Redis (app/utils/rate-limit.server.ts): unlogged, since a
-- crash that forgets them harms nothing.
CREATE UNLOGGED TABLE "RateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);
