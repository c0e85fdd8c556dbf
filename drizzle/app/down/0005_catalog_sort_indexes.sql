-- Reverts 0005_catalog_sort_indexes: the indexes behind the catalog's name, price and stock sorts.
DROP INDEX "products_stock_idx";
--> statement-breakpoint
DROP INDEX "products_price_idx";
--> statement-breakpoint
DROP INDEX "products_name_idx";
