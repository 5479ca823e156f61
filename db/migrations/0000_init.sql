CREATE TABLE `cart_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`cart_id` text NOT NULL,
	`position` integer NOT NULL,
	`item_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`session_id` text,
	`slot_id` text,
	`seat_id` text,
	`starts_on` text,
	`charge_later` integer,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cart_lines_cart_idx` ON `cart_lines` (`cart_id`,`position`);--> statement-breakpoint
CREATE TABLE `carts` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `catalog_items` (
	`id` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`item_json` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`phone` text
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notices` (
	`id` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`message` text NOT NULL,
	`at` integer NOT NULL,
	`dismissed` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text,
	`idempotency_key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`body_json` text NOT NULL,
	`staff_id` text,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`status` text NOT NULL,
	`last_error` text,
	`response_status` integer,
	`response_json` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_idx` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sales` (
	`id` text PRIMARY KEY NOT NULL,
	`receipt_number` text NOT NULL,
	`date` text NOT NULL,
	`created_at` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`sale_json` text NOT NULL,
	`origin` text NOT NULL,
	`upload_status` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_receipt_idx` ON `sales` (`receipt_number`);--> statement-breakpoint
CREATE INDEX `sales_date_idx` ON `sales` (`date`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`permissions_json` text NOT NULL,
	`pin_hash` text,
	`pin_salt` text,
	`signed_in_online_at` integer,
	`token_encrypted` text,
	`token_expires_at` integer
);
