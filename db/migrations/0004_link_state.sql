-- Each payment link becomes one state (electron/register/link-machine.ts): the nine flag columns are folded into
-- state_json, and `state` and `server_id` are read from it by SQLite. Carts whose link holds them (active, or paid
-- with the sale not yet recorded) become 'locked'.
ALTER TABLE `payment_links` ADD `state_json` text NOT NULL DEFAULT '{"kind":"creating"}';--> statement-breakpoint
UPDATE `payment_links` SET `state_json` = CASE
  WHEN `status` = 'paid' THEN json_object('kind', 'paid', 'serverId', coalesce(`server_id`, `id`), 'saleId', `sale_id`,
    'saleRecorded', json(CASE WHEN `completed_at` IS NULL THEN 'false' ELSE 'true' END),
    'late', json(CASE WHEN `given_up` THEN 'true' ELSE 'false' END),
    'dismissed', json(CASE WHEN `acknowledged` THEN 'true' ELSE 'false' END))
  WHEN `status` IN ('canceled', 'expired') THEN json_object('kind', 'closed', 'outcome', `status`, 'serverId', `server_id`,
    'dismissed', json(CASE WHEN `acknowledged` THEN 'true' ELSE 'false' END))
  WHEN `given_up` AND `server_id` IS NOT NULL AND `expires_at` IS NOT NULL THEN json_object('kind', 'given_up', 'serverId', `server_id`,
    'expiresAt', `expires_at`, 'dismissed', json(CASE WHEN `acknowledged` THEN 'true' ELSE 'false' END))
  WHEN `server_id` IS NULL AND `cancel_requested` THEN json_object('kind', 'cancel_queued', 'serverId', NULL, 'expiresAt', NULL, 'pendingSeenAt', NULL)
  WHEN `server_id` IS NULL OR `expires_at` IS NULL THEN json_object('kind', 'creating')
  WHEN `pending_command` = 'cancel' THEN json_object('kind', 'cancel_queued', 'serverId', `server_id`, 'expiresAt', `expires_at`,
    'pendingSeenAt', `pending_seen_at`)
  ELSE json_object('kind', 'waiting', 'serverId', `server_id`, 'expiresAt', `expires_at`, 'pendingSeenAt', coalesce(`pending_seen_at`, 0),
    'resending', json(CASE WHEN `pending_command` = 'resend' THEN 'true' ELSE 'false' END))
END;--> statement-breakpoint
DROP INDEX `payment_links_status_idx`;--> statement-breakpoint
DROP INDEX `payment_links_server_idx`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `server_id`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `status`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `pending_command`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `cancel_requested`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `expires_at`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `given_up`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `pending_seen_at`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `sale_id`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `completed_at`;--> statement-breakpoint
ALTER TABLE `payment_links` DROP COLUMN `acknowledged`;--> statement-breakpoint
ALTER TABLE `payment_links` ADD `server_id` text GENERATED ALWAYS AS (json_extract(state_json, '$.serverId')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `payment_links` ADD `state` text GENERATED ALWAYS AS (json_extract(state_json, '$.kind')) VIRTUAL;--> statement-breakpoint
CREATE UNIQUE INDEX `payment_links_server_idx` ON `payment_links` (`server_id`);--> statement-breakpoint
CREATE INDEX `payment_links_state_idx` ON `payment_links` (`state`);--> statement-breakpoint
UPDATE `carts` SET `status` = 'locked' WHERE `status` = 'open' AND `id` IN
  (SELECT `cart_id` FROM `payment_links` WHERE `state` IN ('creating', 'waiting', 'cancel_queued')
     OR (`state` = 'paid' AND json_extract(`state_json`, '$.saleRecorded') = 0 AND json_extract(`state_json`, '$.late') = 0));--> statement-breakpoint
ALTER TABLE `notices` ADD `sale_id` text;
