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
--> statement-breakpoint
-- Today's chart and mapping (formerly lib/surveys/size-chart.ts; DEFAULT_SIZE_CHART keeps the same values).
INSERT INTO "size_chart_sizes" ("garment", "code", "label", "position") VALUES ('tops', 'XS', 'XS', 0), ('tops', 'S', 'S', 1), ('tops', 'M', 'M', 2), ('tops', 'L', 'L', 3), ('tops', 'XL', 'XL', 4), ('bottoms', '34', '34', 0), ('bottoms', '36', '36', 1), ('bottoms', '38', '38', 2), ('bottoms', '40', '40', 3), ('bottoms', '42', '42', 4), ('bottoms', '44', '44', 5), ('shoes', '36', '36', 0), ('shoes', '37', '37', 1), ('shoes', '38', '38', 2), ('shoes', '39', '39', 3), ('shoes', '40', '40', 4), ('shoes', '41', '41', 5), ('shoes', '42', '42', 6), ('shoes', '43', '43', 7), ('shoes', '44', '44', 8), ('shoes', '45', '45', 9);
--> statement-breakpoint
INSERT INTO "size_chart_categories" ("garment", "category_name") VALUES ('tops', 'Tops'), ('tops', 'Knitwear'), ('tops', 'Dresses'), ('bottoms', 'Trousers'), ('bottoms', 'Skirts'), ('shoes', 'Shoes');
