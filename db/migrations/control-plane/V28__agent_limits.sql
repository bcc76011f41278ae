-- The agent checks again (issue 19). Each fault keeps the limits its project's policies set when the run was planned
-- (longest duration, the fault types its infrastructure's environment allows, the most faults at once on its
-- agent); its task carries them, and the agent refuses a task beyond them before injecting anything.
ALTER TABLE run_faults ADD COLUMN limits jsonb;

-- A kill switch per host or cluster: while false, no run starts on the infrastructure and its agent refuses every
-- task.
ALTER TABLE infrastructures ADD COLUMN chaos_enabled boolean NOT NULL DEFAULT true;

-- The infrastructures of every tenant whose chaos is off, for each replica's copy in memory (it answers agents'
-- polls and heartbeats without a query); re-read on a NOTIFY and periodically. Almost always empty.
CREATE FUNCTION chaos_disabled_infrastructures()
RETURNS TABLE (id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id FROM infrastructures WHERE NOT chaos_enabled
$$;
REVOKE ALL ON FUNCTION chaos_disabled_infrastructures() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION chaos_disabled_infrastructures() TO ${app_role};

-- Windows that close: the unfinished runs of projects with an enabled policy that has a time window or a blackout,
-- for the one replica that sweeps them (across tenants, through this narrow function).
CREATE FUNCTION runs_under_windows(p_limit integer)
RETURNS TABLE (id uuid, account_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT r.id, r.account_id FROM experiment_runs r
     WHERE r.phase IN ('Pending', 'Running', 'Paused') AND r.abort_requested_at IS NULL
       AND EXISTS (SELECT 1 FROM policies p
                    WHERE p.account_id = r.account_id AND p.org_identifier = r.org_identifier
                      AND p.project_identifier = r.project_identifier AND p.enabled
                      AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.rules) rule
                                   WHERE rule->>'type' IN ('timeWindow', 'blackout')))
     ORDER BY r.created_at LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION runs_under_windows(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION runs_under_windows(integer) TO ${app_role};

-- The runs a halt stopped, for its progress view (until every fault reports reverted).
CREATE TABLE halt_runs (
    halt_id    uuid NOT NULL REFERENCES halts ON DELETE CASCADE,
    account_id text NOT NULL REFERENCES accounts ON DELETE CASCADE,
    run_id     uuid NOT NULL,
    PRIMARY KEY (halt_id, run_id)
);
SELECT enable_tenant_isolation('halt_runs');
