CREATE SCHEMA "admin";
--> statement-breakpoint
CREATE TABLE "admin"."operators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operators_email_lowercase_check" CHECK ("admin"."operators"."email" = lower("admin"."operators"."email"))
);
--> statement-breakpoint
CREATE TABLE "admin"."traders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_ref" text NOT NULL,
	"email" text NOT NULL,
	"business_name" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"api_key_hash" text,
	"api_key_prefix" text,
	"rejection_reason" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "traders_status_check" CHECK ("admin"."traders"."status" in ('PENDING', 'ACTIVE', 'REJECTED'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "operators_email_key" ON "admin"."operators" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "traders_external_ref_key" ON "admin"."traders" USING btree ("external_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "traders_api_key_hash_key" ON "admin"."traders" USING btree ("api_key_hash");