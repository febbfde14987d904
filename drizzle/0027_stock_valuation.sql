ALTER TABLE "variants" ADD COLUMN "unit_cost" integer;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "avg_cost" numeric(16, 4);--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD COLUMN "unit_cost" integer;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "unit_cost" numeric(16, 4);--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "avg_cost" numeric(16, 4);--> statement-breakpoint
-- Hand-edited: a database that already holds a barcode twice must still start (migrations run at start-up), so the
-- unique index is created only when the data allows it; otherwise a warning names the fix and the application's own
-- check (takenBarcodes) still refuses new duplicates. Re-running this migration's statement after fixing creates it.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "variants" WHERE "barcode" <> '' GROUP BY "barcode" HAVING count(*) > 1) THEN
    RAISE WARNING 'variants_barcode_key not created: some barcodes are on more than one variant; clear the duplicates and create it';
  ELSE
    CREATE UNIQUE INDEX "variants_barcode_key" ON "variants" USING btree ("barcode") WHERE "variants"."barcode" <> '';
  END IF;
END $$;--> statement-breakpoint
CREATE INDEX "stock_movements_receipt_cost_idx" ON "stock_movements" USING btree ("variant_id","id" DESC NULLS LAST) WHERE "stock_movements"."kind" = 'receipt' and "stock_movements"."avg_cost" is not null;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_unit_cost_nonneg" CHECK ("variants"."unit_cost" >= 0);--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_unit_cost_nonneg" CHECK ("purchase_order_lines"."unit_cost" >= 0);