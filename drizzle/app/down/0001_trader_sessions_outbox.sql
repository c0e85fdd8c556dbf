-- Reverts 0001_trader_sessions_outbox: refresh tokens, the CMS outbox and the webhook replay record.
DROP TABLE "webhook_events";
--> statement-breakpoint
DROP TABLE "refresh_tokens";
--> statement-breakpoint
DROP TABLE "outbox";
