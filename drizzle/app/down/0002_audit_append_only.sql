-- Reverts 0002_audit_append_only: audit_logs accepts UPDATE and DELETE again. No data is lost.
DROP TRIGGER "audit_logs_no_delete" ON "audit_logs";
--> statement-breakpoint
DROP TRIGGER "audit_logs_no_update" ON "audit_logs";
--> statement-breakpoint
DROP FUNCTION "audit_logs_refuse_change"();
