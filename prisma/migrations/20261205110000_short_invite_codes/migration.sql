-- Invite codes of 8 symbols people can read aloud and retype: no 0/O, 1/I/L, nor U
-- (app/utils/short-code.ts holds the same alphabet). Not secrets: a code only lets someone ask to be
-- a friend, so random() is enough; a clash with an existing code is tried again.
CREATE FUNCTION sapling_short_code(n int) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + floor(random() * 30)::int, 1), '')
  FROM generate_series(1, n)
$$;

-- Everyone's long code becomes a short one (a link shared with the old code stops working).
DO $$
DECLARE
  u record;
BEGIN
  FOR u IN SELECT id FROM "User" LOOP
    LOOP
      BEGIN
        UPDATE "User" SET "inviteCode" = sapling_short_code(8) WHERE id = u.id;
        EXIT;
      EXCEPTION WHEN unique_violation THEN
        -- Taken: draw again.
      END;
    END LOOP;
  END LOOP;
END $$;

-- AlterTable
ALTER TABLE "User" ALTER COLUMN "inviteCode" SET DEFAULT sapling_short_code(8);
