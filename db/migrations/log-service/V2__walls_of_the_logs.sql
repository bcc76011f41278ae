-- Row-level security for the log service (issue 12).
--
-- The service connects as ${app_role}, a role of its own that owns no table, so that the tenant policies bind it;
-- migrations run as the tables' owner. Every row carries its account, and the policy compares it with the
-- transaction-local setting app.account_ids: the accounts the transaction works for, as a text[] literal (one
-- account for a request; the writers commit the batches of several accounts at once and name each of them). The
-- sub-select makes PostgreSQL evaluate current_setting and parse the array once per query, not per row (the outer
-- cast, a no-op, makes ANY take the sub-select's value rather than its rows); unset or empty, nothing is visible.
--
-- The service makes and drops partitions and removes expired streams across accounts: that is the owner's work, done
-- through three narrow SECURITY DEFINER functions.

DO $$
BEGIN
    CREATE ROLE ${app_role} LOGIN;
EXCEPTION WHEN duplicate_object THEN
    NULL; -- roles are cluster-wide: another database of this server created it already
END
$$;

GRANT USAGE ON SCHEMA public TO ${app_role};

-- Lines carry their stream's account, so that their policy needs no look-up per row.
ALTER TABLE log_lines ADD COLUMN account_id text;
UPDATE log_lines l SET account_id = s.account_id FROM log_streams s WHERE s.id = l.stream_id;
DELETE FROM log_lines WHERE account_id IS NULL; -- lines of a stream that no longer exists: never readable anyway
ALTER TABLE log_lines ALTER COLUMN account_id SET NOT NULL;

CREATE FUNCTION enable_account_isolation(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s '
                   'USING (account_id = ANY ((SELECT nullif(current_setting(''app.account_ids'', true), '''')::text[])::text[])) '
                   'WITH CHECK (account_id = ANY ((SELECT nullif(current_setting(''app.account_ids'', true), '''')::text[])::text[]))',
                   tbl);
END
$$;
REVOKE ALL ON FUNCTION enable_account_isolation(regclass) FROM PUBLIC;

SELECT enable_account_isolation('log_streams');
SELECT enable_account_isolation('log_lines');

-- A partition named directly is a table of its own, outside its parent's policy: each has the policy too and is
-- closed to the service's role (queries through log_lines need no privilege on its partitions).
CREATE FUNCTION wall_off_log_partition(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = 'tenant_isolation') THEN
        PERFORM enable_account_isolation(tbl);
    END IF;
    EXECUTE format('REVOKE ALL ON %s FROM ${app_role}', tbl);
END
$$;
REVOKE ALL ON FUNCTION wall_off_log_partition(regclass) FROM PUBLIC;

SELECT wall_off_log_partition(inhrelid::regclass) FROM pg_inherits WHERE inhparent = 'log_lines'::regclass;

GRANT SELECT, INSERT, UPDATE ON log_streams TO ${app_role};
GRANT SELECT, INSERT ON log_lines TO ${app_role};

-- The day's partition of log_lines (log_lines_pYYYYMMDD), walled off; nothing when it exists.
CREATE FUNCTION create_log_partition(p_day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    partition_name text := 'log_lines_p' || to_char(p_day, 'YYYYMMDD');
BEGIN
    IF to_regclass(partition_name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF log_lines FOR VALUES FROM (%L) TO (%L)',
                       partition_name, p_day, p_day + 1);
        PERFORM wall_off_log_partition(partition_name::regclass);
    END IF;
END
$$;

-- Drops the day's partition of log_lines, if any; only partitions of log_lines by this naming scheme.
CREATE FUNCTION drop_log_partition(p_day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    partition_name text := 'log_lines_p' || to_char(p_day, 'YYYYMMDD');
BEGIN
    IF EXISTS (SELECT 1 FROM pg_inherits
               WHERE inhparent = 'log_lines'::regclass AND inhrelid = to_regclass(partition_name)) THEN
        EXECUTE format('DROP TABLE %I', partition_name);
    END IF;
END
$$;

-- Retention: the streams of every account created before the day; how many there were.
CREATE FUNCTION remove_log_streams_before(p_day date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    removed integer;
BEGIN
    DELETE FROM log_streams WHERE created_day < p_day;
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

REVOKE ALL ON FUNCTION create_log_partition(date) FROM PUBLIC;
REVOKE ALL ON FUNCTION drop_log_partition(date) FROM PUBLIC;
REVOKE ALL ON FUNCTION remove_log_streams_before(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_log_partition(date) TO ${app_role};
GRANT EXECUTE ON FUNCTION drop_log_partition(date) TO ${app_role};
GRANT EXECUTE ON FUNCTION remove_log_streams_before(date) TO ${app_role};
