-- Reverts 0001_catalog_orders: the catalog, orders, idempotency keys, the webhook outbox, and the
-- undelivered API key of the trader registry.
DROP TABLE "admin"."outbox";
--> statement-breakpoint
DROP TABLE "admin"."idempotency_keys";
--> statement-breakpoint
DROP TABLE "admin"."order_items";
--> statement-breakpoint
DROP TABLE "admin"."orders";
--> statement-breakpoint
DROP TABLE "admin"."products";
--> statement-breakpoint
DROP TABLE "admin"."categories";
--> statement-breakpoint
ALTER TABLE "admin"."traders" DROP COLUMN "api_key_undelivered";
