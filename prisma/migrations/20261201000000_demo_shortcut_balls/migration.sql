-- Demo deployments make "simulate an action" balls ripe at once, and this flag labels them as a shortcut.
-- (No semicolons in comments: the WASM migration engine splits statements on them.)
ALTER TABLE "EnergyBall" ADD COLUMN "demoShortcut" BOOLEAN NOT NULL DEFAULT false;
