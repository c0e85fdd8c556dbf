-- The audit log is append-only: the database itself refuses UPDATE and DELETE on audit_logs, whoever
-- asks. TRUNCATE stays allowed (the test reset empties every table between files); rows of one trader are
-- hash-chained, so `npm run cli -- audit:verify` catches what a superuser changes behind the triggers.
CREATE FUNCTION "audit_logs_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit rows are written once by the audit writer and never changed or removed.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_logs_no_update" BEFORE UPDATE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION "audit_logs_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_logs_no_delete" BEFORE DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION "audit_logs_refuse_change"();
