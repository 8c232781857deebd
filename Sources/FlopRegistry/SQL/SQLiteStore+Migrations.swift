import GRDB

extension SQLiteStore {
  /// Schema migrations. Released migrations are never edited; changes are new migrations.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(sql: """
        CREATE TABLE runs (
          id TEXT PRIMARY KEY NOT NULL,
          name TEXT,
          status TEXT NOT NULL,
          developer TEXT,
          start_date TEXT,
          end_date TEXT,
          flop_central REAL NOT NULL,
          flop_low REAL NOT NULL,
          flop_high REAL NOT NULL,
          cumulative_central REAL NOT NULL,
          cumulative_low REAL NOT NULL,
          cumulative_high REAL NOT NULL,
          method TEXT NOT NULL,
          base_run TEXT,
          base_name TEXT,
          base_flop REAL,
          statuses TEXT NOT NULL,
          version INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX runs_cumulative ON runs(cumulative_central);
        CREATE INDEX runs_status ON runs(status);
        CREATE INDEX runs_developer ON runs(developer);
        CREATE INDEX runs_start ON runs(start_date);
        CREATE INDEX runs_base ON runs(base_run);
        CREATE TABLE run_versions (
          run_id TEXT NOT NULL REFERENCES runs(id),
          version INTEGER NOT NULL,
          document TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          recorded_at TEXT NOT NULL,
          actor TEXT NOT NULL,
          PRIMARY KEY (run_id, version)
        );
        CREATE TABLE progress (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES runs(id),
          at TEXT NOT NULL,
          tokens REAL,
          gpu_hours REAL,
          recorded_at TEXT NOT NULL
        );
        CREATE INDEX progress_run ON progress(run_id, at);
        CREATE TABLE obligations (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES runs(id),
          regime TEXT NOT NULL,
          rule TEXT NOT NULL,
          obligation TEXT NOT NULL,
          title TEXT NOT NULL,
          citation TEXT,
          due TEXT,
          basis TEXT NOT NULL,
          conditional INTEGER NOT NULL,
          status TEXT NOT NULL DEFAULT 'open',
          evidence TEXT,
          done_by TEXT,
          done_at TEXT,
          UNIQUE (run_id, regime, rule, obligation)
        );
        CREATE INDEX obligations_due ON obligations(status, due);
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          run_id TEXT,
          change TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        """)
    }
    // v2: the day it first became known that a rule is met, for clocks that run from knowledge
    // (EU Art. 52(1)); kept so that a later report can never move such a due date later.
    migrator.registerMigration("v2") { db in
      try db.execute(sql: "ALTER TABLE obligations ADD COLUMN known_on TEXT")
      // `--developer` ignores case; the index follows, so it stays a search (and one index, not two).
      try db.execute(sql: "DROP INDEX runs_developer")
      try db.execute(sql: "CREATE INDEX runs_developer_nocase ON runs(developer COLLATE NOCASE)")
    }
    // v3: the server's API tokens (`flopwatch serve token`), only their secrets' hashes.
    migrator.registerMigration("v3") { db in try db.execute(sql: Registry.tokensTableSQL) }
    // v4: the alert outbox (`flopwatch serve` with alerts configured).
    migrator.registerMigration("v4") { db in try db.execute(sql: Registry.alertTablesSQL) }
    // v5: runs by the rules they meet or may meet, kept by triggers (fast rule filters).
    migrator.registerMigration("v5") { db in try db.execute(sql: Registry.ruleIndexSQLite) }
    // v6: utilization calibrations fitted from completed runs (`flopwatch calibrate`).
    migrator.registerMigration("v6") { db in try db.execute(sql: Registry.calibrationsTableSQL) }
    return migrator
  }
}
