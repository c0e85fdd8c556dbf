CREATE TABLE "audit_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"trader_id" uuid,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"changes" jsonb,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"prev_hash" text,
	"hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_logs_actor_type_check" CHECK ("audit_logs"."actor_type" in ('trader', 'customer', 'operator', 'system'))
);
--> statement-breakpoint
CREATE TABLE "traders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"business_name" text NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"admin_trader_id" uuid,
	"api_key_encrypted" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "traders_status_check" CHECK ("traders"."status" in ('PENDING', 'ACTIVE', 'REJECTED')),
	CONSTRAINT "traders_email_lowercase_check" CHECK ("traders"."email" = lower("traders"."email"))
);
--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_trader_id_traders_id_fk" FOREIGN KEY ("trader_id") REFERENCES "public"."traders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_logs_trader_created_idx" ON "audit_logs" USING btree ("trader_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_logs_trader_action_idx" ON "audit_logs" USING btree ("trader_id","action");--> statement-breakpoint
CREATE UNIQUE INDEX "traders_email_key" ON "traders" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "traders_slug_key" ON "traders" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "traders_admin_trader_id_key" ON "traders" USING btree ("admin_trader_id");