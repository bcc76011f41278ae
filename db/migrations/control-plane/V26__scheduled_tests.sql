-- Scheduled tests (seed 004's "tests"): an experiment run on a cron in a time zone, with its history of occurrences.

CREATE TABLE scheduled_tests (
    id                  uuid PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    name                text        NOT NULL,
    namespace           text        NOT NULL,
    provider            text        NOT NULL,
    experiment_id       uuid        NOT NULL REFERENCES experiments ON DELETE CASCADE,
    cron                text        NOT NULL,
    timezone            text        NOT NULL,
    ttl_seconds         integer,                 -- a run still going after this is aborted
    max_rto_seconds     integer,                 -- the SLA on a run's start-to-verdict time
    spec                jsonb       NOT NULL,    -- the CreateTestInput as stored, restore-only members included
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, org_identifier, project_identifier, name),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('scheduled_tests');

-- What became of each occurrence and each trigger: a run started, skipped (with the reason) or missed.
CREATE TABLE scheduled_test_runs (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    test_id             uuid        NOT NULL REFERENCES scheduled_tests ON DELETE CASCADE,
    trigger             text        NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    scheduled_for       timestamptz,             -- the occurrence; null for a manual trigger
    outcome             text        NOT NULL CHECK (outcome IN ('started', 'skipped', 'missed')),
    reason              text        NOT NULL DEFAULT '',
    run_id              uuid        REFERENCES experiment_runs ON DELETE SET NULL,
    recorded_at         timestamptz NOT NULL
);
-- an occurrence has one fate, whichever replica decided it
CREATE UNIQUE INDEX scheduled_test_runs_occurrence_idx ON scheduled_test_runs (test_id, scheduled_for)
    WHERE trigger = 'schedule';
CREATE INDEX scheduled_test_runs_test_idx ON scheduled_test_runs (account_id, test_id, recorded_at DESC);
CREATE INDEX scheduled_test_runs_run_idx ON scheduled_test_runs (run_id) WHERE run_id IS NOT NULL;
SELECT enable_tenant_isolation('scheduled_test_runs');

-- The claimable queue: one row per test, its next occurrence. Small, so that SKIP LOCKED claims stay fast.
CREATE TABLE schedule_queue (
    test_id             uuid PRIMARY KEY REFERENCES scheduled_tests ON DELETE CASCADE,
    account_id          text        NOT NULL,
    due_at              timestamptz NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200,
        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 200);
CREATE INDEX schedule_queue_due_idx ON schedule_queue (due_at);
SELECT enable_tenant_isolation('schedule_queue');

-- Due occurrences across tenants, locked for the caller's transaction: another replica skips them, and once the
-- caller moved due_at on and committed, they are no longer due.
CREATE FUNCTION claim_due_schedules(p_now timestamptz, p_limit integer)
RETURNS TABLE (test_id uuid, account_id text, due_at timestamptz)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    SELECT test_id, account_id, due_at FROM schedule_queue
    WHERE due_at <= p_now ORDER BY due_at LIMIT p_limit
    FOR UPDATE SKIP LOCKED
$$;
REVOKE ALL ON FUNCTION claim_due_schedules(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_due_schedules(timestamptz, integer) TO ${app_role};

-- Runs of scheduled tests still going past their test's ttl, across tenants, for the replica that aborts them.
CREATE FUNCTION overdue_test_runs(p_now timestamptz, p_limit integer)
RETURNS TABLE (account_id text, test_id uuid, run_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.account_id, s.test_id, s.run_id
      FROM scheduled_test_runs s
      JOIN scheduled_tests t ON t.id = s.test_id
      JOIN experiment_runs r ON r.id = s.run_id
     WHERE s.outcome = 'started' AND t.ttl_seconds IS NOT NULL
       AND r.phase IN ('Pending', 'Running', 'Paused') AND r.abort_requested_at IS NULL
       AND r.created_at + make_interval(secs => t.ttl_seconds) <= p_now
     LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION overdue_test_runs(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION overdue_test_runs(timestamptz, integer) TO ${app_role};
