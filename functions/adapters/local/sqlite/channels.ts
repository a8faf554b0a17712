/** ChannelStore over SQLite: one JSON row per channel. The rules live in ../../common/stores/channel-store.ts. */
import type { DatabaseSync } from 'node:sqlite';
import type { ChannelStore } from '../../../ports/channel-store.ts';
import { createChannelStore, type ChannelBackend } from '../../common/stores/channel-store.ts';
import { step } from './errors.ts';

export function sqliteChannelBackend(db: DatabaseSync): ChannelBackend {
  const select = db.prepare('SELECT body FROM channels WHERE name = ?');
  const all = db.prepare('SELECT body FROM channels ORDER BY name');
  const insert = db.prepare('INSERT INTO channels (name, body) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
  const update = db.prepare('UPDATE channels SET body = ? WHERE name = ?');
  const remove = db.prepare('DELETE FROM channels WHERE name = ?');
  return {
    readBody: (name) => step('channel', () => (select.get(name) as { body: string } | undefined)?.body ?? null),
    allBodies: () => step('channel', () => (all.all() as unknown as { body: string }[]).map((row) => row.body)),
    insertIfAbsent: (row) => step(`channel ${row.name}`, () => insert.run(row.name, row.body).changes === 1),
    replaceIfPresent: (row) => step(`channel ${row.name}`, () => update.run(row.body, row.name).changes === 1),
    delete: (name) => step(`channel ${name}`, () => remove.run(name).changes > 0),
  };
}

export function createSqliteChannelStore(db: DatabaseSync): ChannelStore {
  return createChannelStore(sqliteChannelBackend(db));
}
