CREATE TABLE "platform_review_metadata" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "platform_review_metadata_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"review_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"external_shop_id" text,
	"source" text,
	"has_booking_detail" boolean DEFAULT false NOT NULL,
	"review_type" text NOT NULL,
	"reply_attempted" boolean DEFAULT false NOT NULL,
	"reply_success" boolean,
	"reply_error_type" text,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_review_metadata_type_check" CHECK ("platform_review_metadata"."review_type" in ('TYPE_A', 'TYPE_B', 'TYPE_C'))
);
--> statement-breakpoint
CREATE TABLE "platform_user_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"platform_account_id" text NOT NULL,
	"email" text,
	"auth_type" text DEFAULT 'NORMAL' NOT NULL,
	"total_login_count" integer DEFAULT 0 NOT NULL,
	"success_login_count" integer DEFAULT 0 NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"last_login_at" timestamp with time zone,
	"last_login_status" text,
	"recent_login_window" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"session_stability_score" numeric(5, 2) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_user_profiles_auth_type_check" CHECK ("platform_user_profiles"."auth_type" in ('2FA', 'NORMAL')),
	CONSTRAINT "platform_user_profiles_counts_check" CHECK ("platform_user_profiles"."success_login_count" + "platform_user_profiles"."failed_login_count" = "platform_user_profiles"."total_login_count")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "platform_review_metadata_review_key" ON "platform_review_metadata" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "platform_review_metadata_shop_idx" ON "platform_review_metadata" USING btree ("shop_id","review_type","fetched_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "platform_user_profiles_user_account_key" ON "platform_user_profiles" USING btree ("user_id","platform_account_id");--> statement-breakpoint
CREATE INDEX "platform_user_profiles_score_idx" ON "platform_user_profiles" USING btree ("session_stability_score","user_id");--> statement-breakpoint
CREATE INDEX "platform_user_profiles_account_idx" ON "platform_user_profiles" USING btree ("platform_account_id");--> statement-breakpoint
CREATE INDEX "platform_user_profiles_email_idx" ON "platform_user_profiles" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "api_keys_created_idx" ON "api_keys" USING btree ("created_at" DESC NULLS LAST);