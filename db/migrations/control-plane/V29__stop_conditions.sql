-- Stop conditions: checks of the system under test that the control plane makes while a run goes (an HTTP request,
-- a Prometheus query against a threshold); too many failures in a row stop the run. One row per condition of a run.
-- One replica at a time evaluates a condition: the one holding its lease (owner, lease_until), renewed at each check
-- and taken over by another replica once it has run out (its holder died).
CREATE TABLE run_stop_conditions (
    run_id        uuid        NOT NULL REFERENCES experiment_runs ON DELETE CASCADE,
    name          text        NOT NULL,
    account_id    text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    position      integer     NOT NULL,
    spec          jsonb       NOT NULL,
    next_check_at timestamptz NOT NULL,
    failures      integer     NOT NULL DEFAULT 0,
    checks        integer     NOT NULL DEFAULT 0,
    last_seen     text,
    last_checked_at timestamptz,
    breached_at   timestamptz,
    owner         text,
    lease_until   timestamptz,
    PRIMARY KEY (run_id, name)
);
CREATE INDEX run_stop_conditions_due_idx ON run_stop_conditions (next_check_at) WHERE breached_at IS NULL;
CREATE INDEX run_stop_conditions_account_idx ON run_stop_conditions (account_id);
SELECT enable_tenant_isolation('run_stop_conditions');

-- The conditions due now whose run is running, across tenants, leased to the calling replica: those it holds
-- already, those nobody holds, those whose holder's lease ran out. Rows another replica is claiming are skipped, not
-- waited for. A claimed row's next check moves to the lease's end, so that it is not claimed again while its check
-- goes; the check's record sets the real next one.
CREATE FUNCTION claim_stop_conditions(p_owner text, p_now timestamptz, p_lease interval, p_limit integer)
RETURNS TABLE (run_id uuid, name text, account_id text, spec jsonb, failures integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE run_stop_conditions c
       SET owner = p_owner, lease_until = p_now + p_lease, next_check_at = p_now + p_lease
      FROM (SELECT s.run_id, s.name
              FROM run_stop_conditions s
              JOIN experiment_runs r ON r.id = s.run_id
             WHERE s.breached_at IS NULL AND s.next_check_at <= p_now
               AND r.phase = 'Running' AND r.abort_requested_at IS NULL
               AND (s.owner IS NULL OR s.owner = p_owner OR s.lease_until < p_now)
             ORDER BY s.next_check_at
             LIMIT p_limit
               FOR UPDATE OF s SKIP LOCKED) due
     WHERE c.run_id = due.run_id AND c.name = due.name
    RETURNING c.run_id, c.name, c.account_id, c.spec, c.failures
$$;
REVOKE ALL ON FUNCTION claim_stop_conditions(text, timestamptz, interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_stop_conditions(text, timestamptz, interval, integer) TO ${app_role};
