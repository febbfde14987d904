CREATE TABLE "size_chart_categories" (
	"garment" text NOT NULL,
	"category_name" text NOT NULL,
	CONSTRAINT "size_chart_categories_garment_category_name_pk" PRIMARY KEY("garment","category_name")
);
--> statement-breakpoint
CREATE TABLE "size_chart_sizes" (
	"garment" text NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "size_chart_sizes_garment_code_pk" PRIMARY KEY("garment","code")
);
--> statement-breakpoint
CREATE INDEX "size_chart_sizes_order_idx" ON "size_chart_sizes" USING btree ("garment","position");