ALTER TABLE "purchase_orders" ADD COLUMN "closed_short_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "reorder_max" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "reorder_multiple" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "preferred_supplier_id" uuid;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "safety_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_preferred_supplier_id_suppliers_id_fk" FOREIGN KEY ("preferred_supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_movements_fulfilment_idx" ON "stock_movements" USING btree ("level_id","created_at") WHERE "stock_movements"."kind" = 'fulfilment';--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_reorder_rule" CHECK ("stock_levels"."reorder_max" >= 0 and "stock_levels"."reorder_multiple" >= 1 and "stock_levels"."safety_days" >= 0 and "stock_levels"."safety_days" <= 365);