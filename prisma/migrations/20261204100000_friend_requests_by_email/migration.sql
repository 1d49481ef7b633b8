-- A friend request sent by email is kept with the address, whether or not an account has it yet:
-- the asker gets the same answer either way, and whoever signs up with the address finds it.
ALTER TABLE "FriendRequest" ALTER COLUMN "toId" DROP NOT NULL;
ALTER TABLE "FriendRequest" ADD COLUMN "toEmail" TEXT;

CREATE UNIQUE INDEX "FriendRequest_fromId_toEmail_key" ON "FriendRequest"("fromId", "toEmail");
CREATE INDEX "FriendRequest_toEmail_idx" ON "FriendRequest"("toEmail");
