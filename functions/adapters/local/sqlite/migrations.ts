/**
 * The schema, as an ordered list of migrations. `version` is stored in SQLite's
 * `PRAGMA user_version`; each migration runs once, in its own transaction. Append new
 * migrations at the end; never edit one that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'monitors, results, rollups, anomalies, states, incidents, ledger, alert log',
    sql: `
      CREATE TABLE monitors (
        id TEXT PRIMARY KEY,
        created_ms INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX monitors_by_creation ON monitors (created_ms, id);

      CREATE TABLE monitor_tags (
        tag TEXT NOT NULL,
        monitor_id TEXT NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        PRIMARY KEY (tag, monitor_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX monitor_tags_by_monitor ON monitor_tags (monitor_id);

      CREATE TABLE results (
        id TEXT PRIMARY KEY,
        monitor_id TEXT NOT NULL,
        region TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX results_by_monitor ON results (monitor_id, started_ms, id);
      CREATE INDEX results_by_time ON results (started_ms);

      CREATE TABLE rollups (
        monitor_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        region TEXT NOT NULL,
        checks INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        anomalies INTEGER NOT NULL,
        latency_sum_ms REAL NOT NULL,
        histogram TEXT NOT NULL,
        PRIMARY KEY (monitor_id, hour, region)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE anomalies (
        id TEXT PRIMARY KEY,
        monitor_id TEXT NOT NULL,
        region TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX anomalies_by_monitor ON anomalies (monitor_id, at_ms, id);

      CREATE TABLE states (
        monitor_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT;

      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        monitor_id TEXT NOT NULL,
        status TEXT NOT NULL,
        opened_ms INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX incidents_by_time ON incidents (opened_ms, id);
      CREATE INDEX incidents_by_monitor ON incidents (monitor_id, opened_ms, id);

      -- Append-only: the triggers refuse any UPDATE or DELETE, whoever asks.
      CREATE TABLE ledger (
        seq INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        time TEXT NOT NULL,
        jws TEXT NOT NULL,
        evidence_sha256 TEXT
      ) STRICT;
      CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
      CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

      CREATE TABLE ledger_evidence (
        sha256 TEXT PRIMARY KEY,
        json TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER ledger_evidence_no_update BEFORE UPDATE ON ledger_evidence
        BEGIN SELECT RAISE(ABORT, 'ledger evidence is append-only'); END;
      CREATE TRIGGER ledger_evidence_no_delete BEFORE DELETE ON ledger_evidence
        BEGIN SELECT RAISE(ABORT, 'ledger evidence is append-only'); END;

      CREATE TABLE alert_log (
        alert_id TEXT PRIMARY KEY,
        claimed_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'verification requests sent and not yet handled, delivered again at start',
    sql: `
      -- The local verify queues live in memory: each request is also written here when it
      -- is sent and deleted once handled, so a stop or crash in between loses none.
      CREATE TABLE verification_requests (
        verification_id TEXT NOT NULL,
        region TEXT NOT NULL,
        requested_ms INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (verification_id, region)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'monitors by name, for the unique-name check (a lookup, not a read of every monitor)',
    sql: `
      CREATE INDEX monitors_by_name ON monitors (json_extract(body, '$.name'));
    `,
  },
  {
    version: 4,
    description: 'alert channels by name, and the delivery of each alert to each channel',
    sql: `
      CREATE TABLE channels (
        name TEXT PRIMARY KEY,
        body TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- One row per (alert, channel): the claim that makes a delivery happen once, and its outcome.
      CREATE TABLE alert_deliveries (
        id TEXT PRIMARY KEY,
        incident_id TEXT,
        created_ms INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX alert_deliveries_by_incident ON alert_deliveries (incident_id, created_ms, id);
    `,
  },
  {
    version: 5,
    description: 'the transparency log: tree records per leaf, signed checkpoints, the origin, witness cosignatures',
    sql: `
      -- The Merkle tree over the ledger (functions/core/tlog/nodes.ts): the hashes leaf i
      -- completes, written with entry seq i + 1; a ledger older than the tree gains them
      -- from its entries, which stay as they are. Append-only, as the ledger.
      CREATE TABLE ledger_tree (
        leaf INTEGER PRIMARY KEY,
        hashes BLOB NOT NULL
      ) STRICT;
      CREATE TRIGGER ledger_tree_no_update BEFORE UPDATE ON ledger_tree
        BEGIN SELECT RAISE(ABORT, 'the ledger tree is append-only'); END;
      CREATE TRIGGER ledger_tree_no_delete BEFORE DELETE ON ledger_tree
        BEGIN SELECT RAISE(ABORT, 'the ledger tree is append-only'); END;

      CREATE TABLE ledger_checkpoints (
        size INTEGER PRIMARY KEY,
        note TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints are never replaced'); END;
      CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints are never deleted'); END;

      CREATE TABLE ledger_origin (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        origin TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER ledger_origin_no_update BEFORE UPDATE ON ledger_origin
        BEGIN SELECT RAISE(ABORT, 'the log origin never changes'); END;

      -- Witnesses' cosignatures (c2sp tlog-cosignature lines), one per checkpoint size and witness.
      CREATE TABLE ledger_cosignatures (
        size INTEGER NOT NULL,
        witness TEXT NOT NULL,
        line TEXT NOT NULL,
        PRIMARY KEY (size, witness)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: 'probe agents (token hashes, public keys) and the signed results they posted',
    sql: `
      CREATE TABLE agents (
        name TEXT PRIMARY KEY,
        token_sha256 TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL
      ) STRICT;

      -- Each signed result by the job it answers: evidence, and the guard against replays.
      CREATE TABLE agent_results (
        job_id TEXT PRIMARY KEY,
        agent TEXT NOT NULL,
        monitor_id TEXT NOT NULL,
        received_ms INTEGER NOT NULL,
        jws TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER agent_results_no_update BEFORE UPDATE ON agent_results
        BEGIN SELECT RAISE(ABORT, 'signed agent results are append-only'); END;
    `,
  },
  {
    version: 7,
    description: 'documents: status pages, announced maintenance, status-page subscribers',
    sql: `
      CREATE TABLE documents (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (collection, id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];
