CREATE TABLE "saved_view_defaults" (
	"staff_id" uuid NOT NULL,
	"list" text NOT NULL,
	"view_id" uuid NOT NULL,
	CONSTRAINT "saved_view_defaults_staff_id_list_pk" PRIMARY KEY("staff_id","list")
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list" text NOT NULL,
	"name" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "saved_view_defaults" ADD CONSTRAINT "saved_view_defaults_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_view_defaults" ADD CONSTRAINT "saved_view_defaults_view_id_saved_views_id_fk" FOREIGN KEY ("view_id") REFERENCES "public"."saved_views"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_owner_list_name_key" ON "saved_views" USING btree ("owner_id","list",lower("name"));--> statement-breakpoint
CREATE INDEX "saved_views_shared_idx" ON "saved_views" USING btree ("list") WHERE "saved_views"."shared";--> statement-breakpoint
CREATE INDEX "users_name_idx" ON "users" USING btree ("name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_number_key" ON "purchase_orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "stock_levels_on_hand_sort_idx" ON "stock_levels" USING btree ("on_hand","id");--> statement-breakpoint
CREATE INDEX "stock_levels_available_sort_idx" ON "stock_levels" USING btree (("on_hand" - "reserved"),"id");--> statement-breakpoint
CREATE INDEX "stock_levels_low_on_hand_idx" ON "stock_levels" USING btree ("on_hand","id") WHERE "stock_levels"."on_hand" - "stock_levels"."reserved" <= "stock_levels"."reorder_point" and "stock_levels"."reorder_point" > 0;--> statement-breakpoint
CREATE INDEX "stock_levels_low_available_idx" ON "stock_levels" USING btree (("on_hand" - "reserved"),"id") WHERE "stock_levels"."on_hand" - "stock_levels"."reserved" <= "stock_levels"."reorder_point" and "stock_levels"."reorder_point" > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_number_key" ON "transfers" USING btree ("number");