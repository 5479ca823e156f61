CREATE TABLE "deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"link_id" text NOT NULL,
	"location_id" text NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"to_address" text NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"provider_message_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_status_ck" CHECK ("deliveries"."status" in ('queued', 'sending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"id" text PRIMARY KEY NOT NULL,
	"link_id" text NOT NULL,
	"location_id" text NOT NULL,
	"item_id" text NOT NULL,
	"session_id" text,
	"slot_id" text,
	"seat_id" text,
	"status" text NOT NULL,
	"booking_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "holds_status_ck" CHECK ("holds"."status" in ('active', 'released', 'converted')),
	CONSTRAINT "holds_place_ck" CHECK (("holds"."session_id" is not null) <> ("holds"."slot_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"n" bigserial NOT NULL,
	"delivery_id" text NOT NULL,
	"location_id" text NOT NULL,
	"link_id" text NOT NULL,
	"channel" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text,
	"text" text NOT NULL,
	"html" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outbox_messages_delivery_id_unique" UNIQUE("delivery_id")
);
--> statement-breakpoint
CREATE TABLE "payment_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"link_id" text NOT NULL,
	"processor" text NOT NULL,
	"intent_id" text,
	"status" text NOT NULL,
	"card_brand" text,
	"card_last4" text,
	"three_ds_state" text NOT NULL,
	"decline_code" text,
	"message" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_attempts_last4_ck" CHECK ("payment_attempts"."card_last4" is null or "payment_attempts"."card_last4" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
CREATE TABLE "payment_links" (
	"id" text PRIMARY KEY NOT NULL,
	"location_id" text NOT NULL,
	"cart_id" text NOT NULL,
	"client_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"register_id" text,
	"cart" jsonb NOT NULL,
	"lines" jsonb NOT NULL,
	"total_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"channels" jsonb NOT NULL,
	"phone" text,
	"email" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"resend_count" integer DEFAULT 0 NOT NULL,
	"sale_id" text,
	"processor" text NOT NULL,
	"processor_intent_id" text,
	CONSTRAINT "payment_links_status_ck" CHECK ("payment_links"."status" in ('pending', 'paid', 'canceled', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "processor_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"link_id" text NOT NULL,
	"intent_id" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"reason" text NOT NULL,
	"processor_refund_id" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "refunds_intent_id_unique" UNIQUE("intent_id")
);
--> statement-breakpoint
CREATE TABLE "seat_claims" (
	"session_id" text NOT NULL,
	"seat_id" text NOT NULL,
	"hold_id" text,
	"booking_id" text,
	CONSTRAINT "seat_claims_session_id_seat_id_pk" PRIMARY KEY("session_id","seat_id"),
	CONSTRAINT "seat_claims_owner_ck" CHECK (("seat_claims"."hold_id" is not null) <> ("seat_claims"."booking_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "class_sessions" ADD COLUMN "held_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD COLUMN "booked_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "slots" ADD COLUMN "held_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "slots" ADD COLUMN "booked_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_link_id_payment_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."payment_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_link_id_payment_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."payment_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_slot_id_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_link_id_payment_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."payment_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_link_id_payment_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."payment_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_links" ADD CONSTRAINT "payment_links_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_links" ADD CONSTRAINT "payment_links_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_links" ADD CONSTRAINT "payment_links_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_links" ADD CONSTRAINT "payment_links_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_links" ADD CONSTRAINT "payment_links_sale_id_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_link_id_payment_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."payment_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_claims" ADD CONSTRAINT "seat_claims_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_claims" ADD CONSTRAINT "seat_claims_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_claims" ADD CONSTRAINT "seat_claims_hold_id_holds_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."holds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_claims" ADD CONSTRAINT "seat_claims_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "deliveries_link_idx" ON "deliveries" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "holds_active_seat_uq" ON "holds" USING btree ("session_id","seat_id") WHERE "holds"."status" = 'active' and "holds"."seat_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "holds_active_slot_uq" ON "holds" USING btree ("slot_id") WHERE "holds"."status" = 'active';--> statement-breakpoint
CREATE INDEX "holds_link_idx" ON "holds" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "holds_session_active_idx" ON "holds" USING btree ("session_id") WHERE "holds"."status" = 'active';--> statement-breakpoint
CREATE INDEX "outbox_messages_n_idx" ON "outbox_messages" USING btree ("n");--> statement-breakpoint
CREATE INDEX "payment_attempts_link_idx" ON "payment_attempts" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_links_active_cart_uq" ON "payment_links" USING btree ("location_id","cart_id") WHERE "payment_links"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "payment_links_pending_expiry_idx" ON "payment_links" USING btree ("expires_at") WHERE "payment_links"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "payment_links_location_status_idx" ON "payment_links" USING btree ("location_id","status");--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_capacity_ck" CHECK ("class_sessions"."external_booked" + "class_sessions"."booked_count" + "class_sessions"."held_count" <= "class_sessions"."capacity" and "class_sessions"."held_count" >= 0 and "class_sessions"."booked_count" >= 0);--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_capacity_ck" CHECK ("slots"."booked_count" + "slots"."held_count" <= 1 and "slots"."held_count" >= 0 and "slots"."booked_count" >= 0);--> statement-breakpoint
UPDATE "class_sessions" SET "booked_count" = (SELECT count(*) FROM "bookings" WHERE "bookings"."session_id" = "class_sessions"."id");--> statement-breakpoint
UPDATE "slots" SET "booked_count" = (SELECT count(*) FROM "bookings" WHERE "bookings"."slot_id" = "slots"."id");--> statement-breakpoint
INSERT INTO "seat_claims" ("session_id", "seat_id", "booking_id") SELECT "session_id", "seat_id", "id" FROM "bookings" WHERE "seat_id" IS NOT NULL AND "session_id" IS NOT NULL;
