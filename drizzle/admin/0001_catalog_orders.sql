CREATE TABLE "admin"."categories" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin"."categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin"."idempotency_keys" (
	"trader_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" smallint,
	"response" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_trader_id_key_pk" PRIMARY KEY("trader_id","key")
);
--> statement-breakpoint
CREATE TABLE "admin"."order_items" (
	"order_id" bigint NOT NULL,
	"line" smallint NOT NULL,
	"product_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"unit_price" numeric(12, 2) NOT NULL,
	"quantity" integer NOT NULL,
	"line_total" numeric(12, 2) NOT NULL,
	CONSTRAINT "order_items_order_id_line_pk" PRIMARY KEY("order_id","line"),
	CONSTRAINT "order_items_quantity_check" CHECK ("admin"."order_items"."quantity" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "admin"."orders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin"."orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"trader_id" uuid NOT NULL,
	"customer_ref" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"total" numeric(12, 2) NOT NULL,
	"currency" text NOT NULL,
	"shipping_address" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_status_check" CHECK ("admin"."orders"."status" in ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'))
);
--> statement-breakpoint
CREATE TABLE "admin"."outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin"."outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin"."products" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin"."products_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price" numeric(12, 2) NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"category_id" bigint,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"image_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_stock_check" CHECK ("admin"."products"."stock" >= 0),
	CONSTRAINT "products_price_check" CHECK ("admin"."products"."price" >= 0),
	CONSTRAINT "products_currency_check" CHECK ("admin"."products"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "products_status_check" CHECK ("admin"."products"."status" in ('active', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "admin"."traders" ADD COLUMN "api_key_undelivered" text;--> statement-breakpoint
ALTER TABLE "admin"."idempotency_keys" ADD CONSTRAINT "idempotency_keys_trader_id_traders_id_fk" FOREIGN KEY ("trader_id") REFERENCES "admin"."traders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin"."order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "admin"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin"."order_items" ADD CONSTRAINT "order_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "admin"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin"."orders" ADD CONSTRAINT "orders_trader_id_traders_id_fk" FOREIGN KEY ("trader_id") REFERENCES "admin"."traders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin"."products" ADD CONSTRAINT "products_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "admin"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_slug_key" ON "admin"."categories" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_key" ON "admin"."orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "orders_trader_updated_idx" ON "admin"."orders" USING btree ("trader_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "orders_updated_idx" ON "admin"."orders" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "admin"."outbox" USING btree ("next_attempt_at") WHERE "admin"."outbox"."delivered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_key" ON "admin"."products" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "products_updated_idx" ON "admin"."products" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "admin"."products" USING btree ("category_id");