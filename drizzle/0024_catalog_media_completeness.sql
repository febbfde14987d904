CREATE TABLE "product_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"colour" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"thumb_key" text NOT NULL,
	"display_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "completeness_rules" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "completeness" smallint;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_images_order_idx" ON "product_images" USING btree ("product_id","colour","position");--> statement-breakpoint
CREATE UNIQUE INDEX "product_images_thumb_key" ON "product_images" USING btree ("thumb_key");--> statement-breakpoint
CREATE UNIQUE INDEX "product_images_display_key" ON "product_images" USING btree ("display_key");--> statement-breakpoint
CREATE INDEX "products_completeness_idx" ON "products" USING btree ("completeness","id");