-- Halts: an emergency stop of every run in a scope (the account, an organization, a project, an environment or one
-- infrastructure). While a halt is active (not lifted) no run starts in its scope, and the agents of its
-- infrastructures revert what they hold and take no task.
CREATE TABLE halts (
    id                     uuid PRIMARY KEY,
    account_id             text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    scope                  text        NOT NULL
        CHECK (scope IN ('account', 'organization', 'project', 'environment', 'infrastructure')),
    org_identifier         text,
    project_identifier     text,
    environment_identifier text,
    infrastructure_id      uuid,
    reason                 text        NOT NULL,
    idempotency_key        text,
    created_by             text        NOT NULL,
    created_at             timestamptz NOT NULL,
    runs_stopped           integer     NOT NULL DEFAULT 0,
    faults_reverting       integer     NOT NULL DEFAULT 0,
    lifted_by              text,
    lifted_at              timestamptz,
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX halts_account_idx ON halts (account_id, created_at DESC);
CREATE INDEX halts_active_idx ON halts (account_id) WHERE lifted_at IS NULL;
SELECT enable_tenant_isolation('halts');

-- Why a run was stopped rather than aborted by a person (a halt's reason); the run then ends Stopped.
ALTER TABLE experiment_runs ADD COLUMN stopped_reason text;

-- The active halts of every tenant, for each replica's copy in memory (it answers agents' polls and heartbeats
-- without a query); re-read on a NOTIFY and periodically.
CREATE FUNCTION active_halts()
RETURNS TABLE (id uuid, account_id text, scope text, org_identifier text, project_identifier text,
               environment_identifier text, infrastructure_id uuid, reason text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id, account_id, scope, org_identifier, project_identifier, environment_identifier, infrastructure_id, reason
      FROM halts WHERE lifted_at IS NULL
$$;
REVOKE ALL ON FUNCTION active_halts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION active_halts() TO ${app_role};

-- Four-eyes approval: a run that waits for an approval longer than the configured time is stopped. The replica that
-- sweeps for them looks across tenants through this narrow function.
CREATE INDEX experiment_runs_awaiting_approval_idx ON experiment_runs (created_at) WHERE awaiting_approval;
CREATE FUNCTION expired_approvals(p_before timestamptz, p_limit integer)
RETURNS TABLE (id uuid, account_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id, account_id FROM experiment_runs
     WHERE awaiting_approval AND phase = 'Pending' AND abort_requested_at IS NULL AND created_at < p_before
     ORDER BY created_at LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION expired_approvals(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION expired_approvals(timestamptz, integer) TO ${app_role};
