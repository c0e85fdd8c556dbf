CREATE TABLE "categories" (
	"id" bigint PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"upstream_updated_at" timestamp (3) with time zone NOT NULL,
	"synced_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" bigint PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"price" numeric(12, 2) NOT NULL,
	"currency" text NOT NULL,
	"stock" integer NOT NULL,
	"category_id" bigint,
	"attributes" jsonb NOT NULL,
	"image_urls" jsonb NOT NULL,
	"status" text NOT NULL,
	"upstream_updated_at" timestamp (3) with time zone NOT NULL,
	"synced_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_status_check" CHECK ("products"."status" in ('active', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trader_id" uuid NOT NULL,
	"full" boolean NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"phase" text DEFAULT 'fetching' NOT NULL,
	"since" timestamp (3) with time zone,
	"watermark" timestamp (3) with time zone,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error" text,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"duration_ms" integer,
	CONSTRAINT "sync_runs_status_check" CHECK ("sync_runs"."status" in ('running', 'succeeded', 'failed')),
	CONSTRAINT "sync_runs_phase_check" CHECK ("sync_runs"."phase" in ('fetching', 'applying', 'done'))
);
--> statement-breakpoint
CREATE TABLE "trader_product_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trader_id" uuid NOT NULL,
	"product_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trader_products" (
	"trader_id" uuid NOT NULL,
	"product_id" bigint NOT NULL,
	"local_description" text,
	"visibility" boolean DEFAULT false NOT NULL,
	"position" integer NOT NULL,
	"seo_title" text,
	"seo_description" text,
	"seen_updated_at" timestamp (3) with time zone NOT NULL,
	"seen_status" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trader_products_pkey" PRIMARY KEY("trader_id","product_id"),
	CONSTRAINT "trader_products_seen_status_check" CHECK ("trader_products"."seen_status" in ('active', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_trader_id_traders_id_fk" FOREIGN KEY ("trader_id") REFERENCES "public"."traders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trader_product_images" ADD CONSTRAINT "trader_product_images_product_fkey" FOREIGN KEY ("trader_id","product_id") REFERENCES "public"."trader_products"("trader_id","product_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trader_products" ADD CONSTRAINT "trader_products_trader_id_traders_id_fk" FOREIGN KEY ("trader_id") REFERENCES "public"."traders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trader_products" ADD CONSTRAINT "trader_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_one_running_key" ON "sync_runs" USING btree ("trader_id") WHERE "sync_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "sync_runs_trader_started_idx" ON "sync_runs" USING btree ("trader_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "trader_product_images_product_idx" ON "trader_product_images" USING btree ("trader_id","product_id","position");--> statement-breakpoint
CREATE INDEX "trader_products_position_idx" ON "trader_products" USING btree ("trader_id","position","product_id");