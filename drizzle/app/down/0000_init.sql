-- Reverts 0000_init: the first tables of the public schema.
DROP TABLE "audit_logs";
--> statement-breakpoint
DROP TABLE "traders";
