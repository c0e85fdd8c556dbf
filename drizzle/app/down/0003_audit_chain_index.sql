-- Reverts 0003_audit_chain_index.
DROP INDEX "audit_logs_chain_idx";
