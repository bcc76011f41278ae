-- Linux chaos infrastructures, experiments, their runs, the task queue agents claim from, and events.

CREATE TABLE infrastructures (
    id                  uuid PRIMARY KEY,        -- the agent protocol's infraID
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    environment_identifier text,
    identifier          text        NOT NULL,
    name                text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    type                text        NOT NULL CHECK (type IN ('Linux', 'Kubernetes')),
    install_token_hash  bytea       NOT NULL,    -- SHA-256 of the one-time install token
    install_token_used_at timestamptz,
    access_key_hash     bytea,                   -- SHA-256 of the agent's access key, set at confirm
    access_key_rotated_at timestamptz,
    status              text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'CONNECTED', 'DISCONNECTED')),
    hostname            text,
    agent_version       text,
    last_heartbeat_at   timestamptz,
    status_changed_at   timestamptz,
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, org_identifier, project_identifier, identifier),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
CREATE INDEX infrastructures_project_idx ON infrastructures (account_id, org_identifier, project_identifier, created_at);
-- the liveness sweep looks for connected agents that went quiet
CREATE INDEX infrastructures_connected_idx ON infrastructures (last_heartbeat_at) WHERE status = 'CONNECTED';
SELECT enable_tenant_isolation('infrastructures');

CREATE TABLE experiments (
    id                  uuid PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    namespace           text        NOT NULL,
    name                text        NOT NULL,
    infrastructure_id   uuid        REFERENCES infrastructures ON DELETE SET NULL,
    manifest            jsonb       NOT NULL,    -- the ChaosExperiment as posted (normalized JSON)
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, org_identifier, project_identifier, namespace, name),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('experiments');

CREATE TABLE experiment_runs (
    id                  uuid PRIMARY KEY,        -- the agent protocol's experimentRunID; prefix of its log streams
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    experiment_id       uuid        NOT NULL REFERENCES experiments ON DELETE CASCADE,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    run_sequence        integer     NOT NULL,
    phase               text        NOT NULL,
    current_step        integer     NOT NULL DEFAULT 0,
    resiliency_score    numeric(5, 2),
    faults_total        integer     NOT NULL,
    faults_passed       integer     NOT NULL DEFAULT 0,
    faults_failed       integer     NOT NULL DEFAULT 0,
    faults_awaited      integer     NOT NULL DEFAULT 0,
    faults_stopped      integer     NOT NULL DEFAULT 0,
    faults_na           integer     NOT NULL DEFAULT 0,
    message             text        NOT NULL DEFAULT '',
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    abort_requested_at  timestamptz,
    paused_at           timestamptz,
    UNIQUE (experiment_id, run_sequence)
);
CREATE INDEX experiment_runs_account_idx ON experiment_runs (account_id, created_at DESC);
CREATE INDEX experiment_runs_experiment_idx ON experiment_runs (account_id, experiment_id, run_sequence DESC);
SELECT enable_tenant_isolation('experiment_runs');

-- One row per fault of a run: the leaves of the run's node tree, and the history of its task.
CREATE TABLE run_faults (
    id                  uuid PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    run_id              uuid        NOT NULL REFERENCES experiment_runs ON DELETE CASCADE,
    infrastructure_id   uuid        REFERENCES infrastructures ON DELETE SET NULL,
    step_index          integer     NOT NULL,
    position            integer     NOT NULL,    -- order of the fault within its step
    name                text        NOT NULL,    -- the fault's name in the experiment
    fault_type          text        NOT NULL,    -- the catalogue's fault, as linux-cpu-stress
    weight              integer     NOT NULL CHECK (weight BETWEEN 1 AND 10),
    chaos               jsonb       NOT NULL,    -- the task's action.chaos member
    duration_seconds    integer     NOT NULL,
    elapsed_seconds     integer     NOT NULL DEFAULT 0,  -- in force before a pause; a resume runs the rest
    stop_reason         text        CHECK (stop_reason IN ('pause', 'abort')),
    task_name           text        NOT NULL UNIQUE,
    stream_id           text        NOT NULL,
    phase               text        NOT NULL,
    verdict             text        NOT NULL,
    probe_success_percentage numeric(5, 2),
    probe_statuses      jsonb,
    error_code          text,
    error_reason        text,
    result_logs         text,
    started_at          timestamptz,
    finished_at         timestamptz,
    UNIQUE (run_id, step_index, position)
);
CREATE INDEX run_faults_run_idx ON run_faults (account_id, run_id, step_index, position);
SELECT enable_tenant_isolation('run_faults');

-- The claimable queue: queued and leased tasks only; a task leaves it when its result arrives, is aborted
-- before it was handed out, or its lease runs out. Kept small so that SKIP LOCKED claims stay fast.
CREATE TABLE task_queue (
    task_id             uuid PRIMARY KEY REFERENCES run_faults ON DELETE CASCADE,
    account_id          text        NOT NULL,
    infrastructure_id   uuid        NOT NULL REFERENCES infrastructures ON DELETE CASCADE,
    run_id              uuid        NOT NULL,
    state               text        NOT NULL CHECK (state IN ('queued', 'leased')),
    enqueued_at         timestamptz NOT NULL DEFAULT now(),
    lease_seconds       integer     NOT NULL,
    leased_at           timestamptz,
    lease_expires_at    timestamptz,
    abort_requested     boolean     NOT NULL DEFAULT false
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200,
        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 200);
CREATE INDEX task_queue_claim_idx ON task_queue (infrastructure_id, enqueued_at) WHERE state = 'queued';
CREATE INDEX task_queue_leased_idx ON task_queue (infrastructure_id) WHERE state = 'leased';
CREATE INDEX task_queue_expiry_idx ON task_queue (lease_expires_at) WHERE state = 'leased';
SELECT enable_tenant_isolation('task_queue');

-- Events: phase changes, injections, reverts, probe outcomes, agent connects and disconnects.
-- Append-only and large, so partitioned by month; the application creates partitions ahead of time.
CREATE TABLE events (
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    account_id          text        NOT NULL,
    occurred_at         timestamptz NOT NULL DEFAULT now(),
    type                text        NOT NULL CHECK (type IN ('Normal', 'Warning')),
    reason              text        NOT NULL,
    resource_kind       text        NOT NULL,
    resource_name       text        NOT NULL,
    resource_id         text,
    org_identifier      text,                    -- the project the event belongs to; null for account-wide events
    project_identifier  text,
    namespace           text        NOT NULL DEFAULT '',
    message             text        NOT NULL,
    PRIMARY KEY (account_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_recent_idx ON events (account_id, occurred_at DESC);
SELECT enable_tenant_isolation('events');

CREATE FUNCTION ensure_event_partitions(p_months_ahead integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    month_start date;
    partition_name text;
BEGIN
    FOR i IN 0 .. p_months_ahead LOOP
        month_start := (date_trunc('month', now()) + make_interval(months => i))::date;
        partition_name := 'events_' || to_char(month_start, 'YYYY_MM');
        IF to_regclass(partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           partition_name, month_start, (month_start + interval '1 month')::date);
        END IF;
    END LOOP;
END
$$;
SELECT ensure_event_partitions(2);

-- Narrow doors for the agent protocol and its sweeps, which work before (or across) tenants.

-- What an agent's credentials are checked against.
CREATE FUNCTION infrastructure_credentials(p_id uuid)
RETURNS TABLE (account_id text, type text, access_key_hash bytea, install_token_hash bytea,
               install_token_used_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT account_id, type, access_key_hash, install_token_hash, install_token_used_at
      FROM infrastructures WHERE id = p_id
$$;

-- Many agents' last heartbeats in one statement; answers the ones that were not connected before.
CREATE FUNCTION record_heartbeats(p_ids uuid[], p_seen_at timestamptz[])
RETURNS TABLE (id uuid, account_id text, name text, org_identifier text, project_identifier text)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    WITH seen AS (
        SELECT u.id, u.seen_at FROM unnest(p_ids, p_seen_at) AS u(id, seen_at)
    ), previous AS (
        SELECT i.id, i.status FROM infrastructures i JOIN seen USING (id) FOR UPDATE OF i
    ), updated AS (
        UPDATE infrastructures i
           SET last_heartbeat_at = greatest(i.last_heartbeat_at, seen.seen_at),
               status = 'CONNECTED',
               status_changed_at = CASE WHEN previous.status <> 'CONNECTED' THEN now() ELSE i.status_changed_at END
          FROM seen JOIN previous USING (id)
         WHERE i.id = seen.id
        RETURNING i.id, i.account_id, i.name, i.org_identifier, i.project_identifier, previous.status AS previous_status
    )
    SELECT updated.id, updated.account_id, updated.name, updated.org_identifier, updated.project_identifier
      FROM updated WHERE previous_status <> 'CONNECTED'
$$;

-- Connected agents silent for longer than the timeout become DISCONNECTED; answers those.
CREATE FUNCTION mark_silent_infrastructures(p_silent_since timestamptz)
RETURNS TABLE (id uuid, account_id text, name text, org_identifier text, project_identifier text)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE infrastructures
       SET status = 'DISCONNECTED', status_changed_at = now()
     WHERE status = 'CONNECTED' AND last_heartbeat_at < p_silent_since
    RETURNING id, account_id, name, org_identifier, project_identifier
$$;

-- Leased tasks whose lease ran out, across tenants: they leave the queue and are answered for handling.
CREATE FUNCTION take_expired_leases(p_now timestamptz, p_limit integer)
RETURNS TABLE (task_id uuid, account_id text, run_id uuid, abort_requested boolean)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    DELETE FROM task_queue q
     WHERE q.task_id IN (SELECT t.task_id FROM task_queue t
                          WHERE t.state = 'leased' AND t.lease_expires_at < p_now
                          ORDER BY t.lease_expires_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING q.task_id, q.account_id, q.run_id, q.abort_requested
$$;

REVOKE ALL ON FUNCTION ensure_event_partitions(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION infrastructure_credentials(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION record_heartbeats(uuid[], timestamptz[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION mark_silent_infrastructures(timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION take_expired_leases(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_event_partitions(integer) TO ${app_role};
GRANT EXECUTE ON FUNCTION infrastructure_credentials(uuid) TO ${app_role};
GRANT EXECUTE ON FUNCTION record_heartbeats(uuid[], timestamptz[]) TO ${app_role};
GRANT EXECUTE ON FUNCTION mark_silent_infrastructures(timestamptz) TO ${app_role};
GRANT EXECUTE ON FUNCTION take_expired_leases(timestamptz, integer) TO ${app_role};
