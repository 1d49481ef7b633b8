-- The feed also tells what the user did themselves. (Its own migration: new enum values cannot be used in the transaction that adds them.)
ALTER TYPE "ActivityKind" ADD VALUE 'COLLECTED';
ALTER TYPE "ActivityKind" ADD VALUE 'TOOK';
ALTER TYPE "ActivityKind" ADD VALUE 'GAVE_WATER';
ALTER TYPE "ActivityKind" ADD VALUE 'REDEEMED';
ALTER TYPE "ActivityKind" ADD VALUE 'GAVE_TREE';
ALTER TYPE "ActivityKind" ADD VALUE 'JOINED_TEAM';
