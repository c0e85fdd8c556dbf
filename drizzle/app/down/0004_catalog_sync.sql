-- Reverts 0004_catalog_sync: the synced catalog, the traders' local fields and images, and sync runs.
DROP TABLE "trader_product_images";
--> statement-breakpoint
DROP TABLE "trader_products";
--> statement-breakpoint
DROP TABLE "sync_runs";
--> statement-breakpoint
DROP TABLE "products";
--> statement-breakpoint
DROP TABLE "categories";
