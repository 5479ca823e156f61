ALTER TABLE "sales" ADD COLUMN "price_check" text DEFAULT 'catalog' NOT NULL;--> statement-breakpoint
-- Receipt numbers recorded twice before this index existed keep their first sale; later ones get the sale id
-- appended (still findable, never lost), so the unique index can be built.
UPDATE "sales" AS s SET "receipt_number" = s."receipt_number" || '/' || s."id"
  WHERE EXISTS (
    SELECT 1 FROM "sales" AS earlier
    WHERE earlier."location_id" = s."location_id" AND earlier."receipt_number" = s."receipt_number"
      AND (earlier."recorded_at", earlier."id") < (s."recorded_at", s."id")
  );--> statement-breakpoint
CREATE UNIQUE INDEX "sales_location_receipt_uq" ON "sales" USING btree ("location_id","receipt_number");
