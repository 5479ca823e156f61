CREATE TABLE "receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_id" text NOT NULL,
	"location_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "receipts_sale_id_unique" UNIQUE("sale_id")
);
--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "locale" text DEFAULT 'en-US' NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "country" text DEFAULT 'US' NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_sale_id_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "receipts_location_idx" ON "receipts" USING btree ("location_id");--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_locale_ck" CHECK ("locations"."locale" ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_country_ck" CHECK ("locations"."country" ~ '^[A-Z]{2}$');