extension Registry {
  /// Which runs meet or may meet each rule (SQLite v5, PostgreSQL pg-v4), kept by triggers on
  /// `runs` from its statuses column on every insert, update and delete, whatever writes it.
  ///
  /// `registry list --rule R=met` (and the runs page's rule filter) then reads an index instead of
  /// parsing every run's statuses: at a million runs, a scan took about half a second. Only the
  /// two strong statuses are indexed: they are the rare ones, and the ones people filter for; a
  /// weak status (not-met) matches most runs, found quickly in sort order.
  static let ruleIndexSQLite = """
    CREATE TABLE run_rules (
      run_id TEXT NOT NULL,
      rule TEXT NOT NULL,
      status TEXT NOT NULL,
      PRIMARY KEY (rule, status, run_id)
    ) WITHOUT ROWID;
    CREATE INDEX run_rules_run ON run_rules(run_id);
    INSERT INTO run_rules SELECT runs.id, j.key, j.value FROM runs, json_each(CASE WHEN json_valid(runs.statuses) THEN runs.statuses ELSE '{}' END) AS j WHERE j.value IN ('met', 'may-be-met');
    CREATE TRIGGER run_rules_insert AFTER INSERT ON runs BEGIN
      INSERT INTO run_rules SELECT NEW.id, key, value FROM json_each(CASE WHEN json_valid(NEW.statuses) THEN NEW.statuses ELSE '{}' END) WHERE value IN ('met', 'may-be-met');
    END;
    CREATE TRIGGER run_rules_update AFTER UPDATE OF statuses ON runs BEGIN
      DELETE FROM run_rules WHERE run_id = OLD.id;
      INSERT INTO run_rules SELECT NEW.id, key, value FROM json_each(CASE WHEN json_valid(NEW.statuses) THEN NEW.statuses ELSE '{}' END) WHERE value IN ('met', 'may-be-met');
    END;
    CREATE TRIGGER run_rules_delete AFTER DELETE ON runs BEGIN
      DELETE FROM run_rules WHERE run_id = OLD.id;
    END
    """

  /// The same for PostgreSQL; statements separated by ";\\n" (the migration runner's split), the
  /// function's body on one line.
  static let ruleIndexPostgres = """
    CREATE TABLE run_rules (
      run_id text COLLATE "C" NOT NULL,
      rule text COLLATE "C" NOT NULL,
      status text COLLATE "C" NOT NULL,
      PRIMARY KEY (rule, status, run_id)
    );
    CREATE INDEX run_rules_run ON run_rules (run_id);
    INSERT INTO run_rules SELECT r.id, s.key, s.value FROM runs r, jsonb_each_text(r.statuses::jsonb) AS s WHERE s.value IN ('met', 'may-be-met');
    CREATE FUNCTION flopwatch_run_rules() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM run_rules WHERE run_id = OLD.id; END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO run_rules SELECT NEW.id, s.key, s.value FROM jsonb_each_text(NEW.statuses::jsonb) AS s WHERE s.value IN ('met', 'may-be-met'); END IF; RETURN NULL; END $$;
    CREATE TRIGGER run_rules_sync AFTER INSERT OR DELETE OR UPDATE OF statuses ON runs FOR EACH ROW EXECUTE FUNCTION flopwatch_run_rules()
    """

  /// Whether a status is one `run_rules` holds.
  static func isIndexedStatus(_ status: String) -> Bool { status == "met" || status == "may-be-met" }
}
