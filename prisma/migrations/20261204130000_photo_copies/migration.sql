-- What people see of a photo: copies without EXIF (device, GPS), full size and a thumbnail.
ALTER TABLE "Photo" ADD COLUMN "fullBytes" BYTEA;
ALTER TABLE "Photo" ADD COLUMN "fullType" TEXT;
ALTER TABLE "Photo" ADD COLUMN "thumbBytes" BYTEA;
ALTER TABLE "Photo" ADD COLUMN "thumbType" TEXT;
ALTER TABLE "Photo" ADD COLUMN "width" INTEGER;
ALTER TABLE "Photo" ADD COLUMN "height" INTEGER;
