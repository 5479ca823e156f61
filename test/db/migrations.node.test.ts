import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, appliedMigrationTags, readMigrations } from '../../db/migrator';
import { defaultMigrationsFolder } from '../../db/open-database';
import { LinkStateSchema, serverIdOf } from '../../electron/register/link-machine';

// One test per migration (Signal style): a database at the version before it, the migration applied, the
// result checked. A new migration adds its own `it` here.

const migrations = readMigrations(defaultMigrationsFolder());
const dirs: string[] = [];
function freshDb(): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'fd-mig-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'register.db'));
  db.pragma('foreign_keys = ON');
  return db;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const columns = (db: Database.Database, table: string) => (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);

describe('register database migrations', () => {
  it('the journal lists every migration in order, each with SQL', () => {
    expect(migrations.map((m) => m.idx)).toEqual(migrations.map((_, i) => i));
    for (const m of migrations) expect(m.statements.length).toBeGreaterThan(0);
  });

  it('0000_init creates the register tables on an empty database', () => {
    const db = freshDb();
    expect(appliedMigrationTags(db)).toEqual([]);
    const applied = applyMigrations(db, migrations, { now: 1, upTo: '0000_init' });
    expect(applied).toEqual(['0000_init']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name);
    for (const t of ['meta', 'staff', 'catalog_items', 'clients', 'carts', 'cart_lines', 'sales', 'outbox', 'notices']) {
      expect(tables).toContain(t);
    }
    expect(columns(db, 'outbox')).toEqual(
      expect.arrayContaining(['idempotency_key', 'method', 'path', 'body_json', 'staff_id', 'attempts', 'next_attempt_at', 'status', 'last_error']),
    );
    expect(columns(db, 'staff')).toEqual(expect.arrayContaining(['pin_hash', 'pin_salt', 'signed_in_online_at', 'token_encrypted']));
    // cart lines belong to their cart and go with it
    db.prepare(`INSERT INTO carts (id, client_id, status, created_at, updated_at) VALUES ('c1', NULL, 'open', 1, 1)`).run();
    db.prepare(`INSERT INTO cart_lines (id, cart_id, position, item_id, quantity) VALUES ('l1', 'c1', 0, 'i1', 1)`).run();
    expect(() => db.prepare(`INSERT INTO cart_lines (id, cart_id, position, item_id, quantity) VALUES ('l2', 'nope', 0, 'i1', 1)`).run()).toThrow(
      /FOREIGN KEY/,
    );
    db.prepare(`DELETE FROM carts WHERE id = 'c1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM cart_lines').get()).toEqual({ n: 0 });
    // one idempotency key, one command
    const insert = db.prepare(
      `INSERT INTO outbox (id, kind, idempotency_key, method, path, body_json, created_at, next_attempt_at, status) VALUES (?, 'k', 'same-key', 'POST', '/x', '{}', 1, 1, 'pending')`,
    );
    insert.run('o1');
    expect(() => insert.run('o2')).toThrow(/UNIQUE/);
    db.close();
  });

  it('0001_payment_links adds local payment links and their activity, keeping the data of 0000', () => {
    const db = freshDb();
    applyMigrations(db, migrations, { now: 1, upTo: '0000_init' });
    db.prepare(`INSERT INTO carts (id, client_id, status, created_at, updated_at) VALUES ('c1', 'cli1', 'open', 1, 1)`).run();
    const applied = applyMigrations(db, migrations, { now: 2, upTo: '0001_payment_links' });
    expect(applied).toEqual(['0001_payment_links']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare(`SELECT id FROM carts`).all()).toEqual([{ id: 'c1' }]);
    expect(columns(db, 'payment_links')).toEqual(
      expect.arrayContaining(['server_id', 'cart_id', 'status', 'pending_command', 'expires_at', 'link_json', 'given_up', 'acknowledged', 'sale_id']),
    );
    const link = db.prepare(
      `INSERT INTO payment_links (id, server_id, cart_id, client_id, client_name, total_cents, currency, status, delivery_json, created_at, updated_at)
       VALUES (?, ?, ?, 'cli1', 'Maya', 100, 'USD', 'pending', '{}', 1, 1)`,
    );
    link.run('pl1', 'srv1', 'c1');
    // a link belongs to a cart this register knows, and one server link is mirrored once
    expect(() => link.run('pl2', 'srv2', 'nope')).toThrow(/FOREIGN KEY/);
    expect(() => link.run('pl3', 'srv1', 'c1')).toThrow(/UNIQUE/);
    link.run('pl4', null, 'c1');
    link.run('pl5', null, 'c1'); // links still being created have no server id yet
    expect(db.prepare(`SELECT pending_command, given_up, acknowledged FROM payment_links WHERE id = 'pl1'`).get()).toEqual({
      pending_command: null,
      given_up: 0,
      acknowledged: 0,
    });
    const activity = db.prepare(`INSERT INTO link_activity (id, link_id, at, message, dedupe_key, seq) VALUES (?, 'pl1', 'x', 'SMS sent', ?, 1)`);
    activity.run('a1', 'delivery:sms:sent');
    expect(() => activity.run('a2', 'delivery:sms:sent')).toThrow(/UNIQUE/);
    db.prepare(`DELETE FROM payment_links WHERE id = 'pl1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM link_activity').get()).toEqual({ n: 0 });
    db.close();
  });

  it('0002_catalog_item_seq adds the event seq of each cached item, keeping the cached catalog', () => {
    const db = freshDb();
    applyMigrations(db, migrations, { now: 1, upTo: '0001_payment_links' });
    db.prepare(`INSERT INTO catalog_items (id, position, item_json) VALUES ('socks', 0, '{}')`).run();
    expect(applyMigrations(db, migrations, { now: 2, upTo: '0002_catalog_item_seq' })).toEqual(['0002_catalog_item_seq']);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(columns(db, 'catalog_items')).toContain('updated_seq');
    // Items cached before it have no seq: any bootstrap replaces them.
    expect(db.prepare(`SELECT id, updated_seq FROM catalog_items`).all()).toEqual([{ id: 'socks', updated_seq: null }]);
    db.close();
  });

  it('0003_link_pending_seen adds when the server last said a link was pending, keeping the links', () => {
    const db = freshDb();
    applyMigrations(db, migrations, { now: 1, upTo: '0002_catalog_item_seq' });
    db.prepare(`INSERT INTO carts (id, client_id, status, created_at, updated_at) VALUES ('c1', 'cli1', 'open', 1, 1)`).run();
    db.prepare(
      `INSERT INTO payment_links (id, server_id, cart_id, client_id, client_name, total_cents, currency, status, delivery_json, created_at, updated_at)
       VALUES ('pl1', 'srv1', 'c1', 'cli1', 'Maya', 100, 'USD', 'pending', '{}', 1, 1)`,
    ).run();
    expect(applyMigrations(db, migrations, { now: 2, upTo: '0003_link_pending_seen' })).toEqual(['0003_link_pending_seen']);
    expect(db.prepare(`SELECT id, pending_seen_at FROM payment_links`).all()).toEqual([{ id: 'pl1', pending_seen_at: null }]);
    db.close();
  });

  it('0004_link_state folds the link flags into one state, locks the carts links hold, and keeps every link', () => {
    const db = freshDb();
    applyMigrations(db, migrations, { now: 1, upTo: '0003_link_pending_seen' });
    const cart = db.prepare(`INSERT INTO carts (id, client_id, status, created_at, updated_at) VALUES (?, 'cli1', ?, 1, 1)`);
    for (const id of ['c-wait', 'c-cancel', 'c-create', 'c-early-cancel', 'c-given', 'c-paid', 'c-expired']) cart.run(id, 'open');
    const link = db.prepare(
      `INSERT INTO payment_links (id, server_id, cart_id, client_id, client_name, total_cents, currency, status, pending_command, cancel_requested,
         expires_at, delivery_json, given_up, pending_seen_at, sale_id, completed_at, acknowledged, created_at, updated_at)
       VALUES (@id, @server, @cart, 'cli1', 'Maya', 100, 'USD', @status, @command, @cancelRequested, @expires, '{}', @givenUp, @seen, @sale, @completed, @ack, 1, 1)`,
    );
    const base = { command: null, cancelRequested: 0, expires: 900, givenUp: 0, seen: null, sale: null, completed: null, ack: 0 };
    link.run({ ...base, id: 'wait', server: 's1', cart: 'c-wait', status: 'pending', command: 'resend', seen: 5 });
    link.run({ ...base, id: 'cancel', server: 's2', cart: 'c-cancel', status: 'pending', command: 'cancel' });
    link.run({ ...base, id: 'create', server: null, cart: 'c-create', status: 'pending', command: 'create', expires: null });
    link.run({ ...base, id: 'early-cancel', server: null, cart: 'c-early-cancel', status: 'pending', command: 'cancel', cancelRequested: 1, expires: null });
    link.run({ ...base, id: 'given', server: 's3', cart: 'c-given', status: 'pending', command: 'cancel', givenUp: 1 });
    link.run({ ...base, id: 'paid', server: 's4', cart: 'c-paid', status: 'paid', sale: 'sale1', completed: 7, ack: 1 });
    link.run({ ...base, id: 'expired', server: 's5', cart: 'c-expired', status: 'expired' });
    expect(applyMigrations(db, migrations, { now: 2, upTo: '0004_link_state' })).toEqual(['0004_link_state']);
    const rows = db.prepare(`SELECT id, state, server_id, state_json FROM payment_links ORDER BY id`).all() as Array<{
      id: string;
      state: string;
      server_id: string | null;
      state_json: string;
    }>;
    const states = Object.fromEntries(rows.map((r) => [r.id, LinkStateSchema.parse(JSON.parse(r.state_json))]));
    expect(states).toEqual({
      wait: { kind: 'waiting', serverId: 's1', expiresAt: 900, pendingSeenAt: 5, resending: true },
      cancel: { kind: 'cancel_queued', serverId: 's2', expiresAt: 900, pendingSeenAt: null },
      create: { kind: 'creating' },
      'early-cancel': { kind: 'cancel_queued', serverId: null, expiresAt: null, pendingSeenAt: null },
      given: { kind: 'given_up', serverId: 's3', expiresAt: 900, dismissed: false },
      paid: { kind: 'paid', serverId: 's4', saleId: 'sale1', saleRecorded: true, late: false, dismissed: true },
      expired: { kind: 'closed', outcome: 'expired', serverId: 's5', dismissed: false },
    });
    // SQLite reads the kind and the server id from the state itself.
    for (const row of rows) expect([row.state, row.server_id]).toEqual([states[row.id]!.kind, serverIdOf(states[row.id]!)]);
    expect(columns(db, 'payment_links')).not.toEqual(expect.arrayContaining(['status']));
    const carts = Object.fromEntries((db.prepare(`SELECT id, status FROM carts`).all() as Array<{ id: string; status: string }>).map((c) => [c.id, c.status]));
    expect(carts).toEqual({
      'c-wait': 'locked',
      'c-cancel': 'locked',
      'c-create': 'locked',
      'c-early-cancel': 'locked',
      'c-given': 'open',
      'c-paid': 'open',
      'c-expired': 'open',
    });
    // One server link is still mirrored once.
    expect(() =>
      db.prepare(`UPDATE payment_links SET state_json = (SELECT state_json FROM payment_links WHERE id = 'wait') WHERE id = 'cancel'`).run(),
    ).toThrow(/UNIQUE/);
    expect(columns(db, 'notices')).toContain('sale_id');
    db.close();
  });

  it('applying again changes nothing', () => {
    const db = freshDb();
    applyMigrations(db, migrations, { now: 1 });
    expect(applyMigrations(db, migrations, { now: 2 })).toEqual([]);
    expect(appliedMigrationTags(db)).toEqual(migrations.map((m) => m.tag));
    db.close();
  });
});
