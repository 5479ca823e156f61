CREATE TABLE `link_activity` (
	`id` text PRIMARY KEY NOT NULL,
	`link_id` text NOT NULL,
	`at` text NOT NULL,
	`message` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`seq` integer NOT NULL,
	FOREIGN KEY (`link_id`) REFERENCES `payment_links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `link_activity_dedupe_idx` ON `link_activity` (`link_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `link_activity_link_idx` ON `link_activity` (`link_id`,`seq`);--> statement-breakpoint
CREATE TABLE `payment_links` (
	`id` text PRIMARY KEY NOT NULL,
	`server_id` text,
	`cart_id` text NOT NULL,
	`client_id` text NOT NULL,
	`client_name` text NOT NULL,
	`total_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`pending_command` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`expires_at` integer,
	`link_json` text,
	`delivery_json` text NOT NULL,
	`staff_id` text,
	`given_up` integer DEFAULT false NOT NULL,
	`sale_id` text,
	`completed_at` integer,
	`acknowledged` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_links_server_idx` ON `payment_links` (`server_id`);--> statement-breakpoint
CREATE INDEX `payment_links_cart_idx` ON `payment_links` (`cart_id`);--> statement-breakpoint
CREATE INDEX `payment_links_status_idx` ON `payment_links` (`status`);