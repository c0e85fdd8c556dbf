-- Reverts 0000_init: the Admin's schema and its first tables.
DROP TABLE "admin"."traders";
--> statement-breakpoint
DROP TABLE "admin"."operators";
--> statement-breakpoint
DROP SCHEMA "admin";
