-- Stop conditions of workflows: the same checks as a run's (an HTTP request, a Prometheus query against a threshold),
-- made while any run of the workflow is running; a breach stops the whole workflow and its runs. One row per
-- condition of a workflow, leased to one replica at a time exactly as run_stop_conditions (V29) are.
CREATE TABLE workflow_stop_conditions (
    workflow_id     uuid        NOT NULL REFERENCES workflows ON DELETE CASCADE,
    name            text        NOT NULL,
    account_id      text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    position        integer     NOT NULL,
    spec            jsonb       NOT NULL,
    next_check_at   timestamptz NOT NULL,
    failures        integer     NOT NULL DEFAULT 0,
    checks          integer     NOT NULL DEFAULT 0,
    last_seen       text,
    last_checked_at timestamptz,
    breached_at     timestamptz,
    owner           text,
    lease_until     timestamptz,
    PRIMARY KEY (workflow_id, name)
);
CREATE INDEX workflow_stop_conditions_due_idx ON workflow_stop_conditions (next_check_at) WHERE breached_at IS NULL;
CREATE INDEX workflow_stop_conditions_account_idx ON workflow_stop_conditions (account_id);
SELECT enable_tenant_isolation('workflow_stop_conditions');

-- As claim_stop_conditions, for workflows: the conditions due now of workflows in progress (not being aborted) with
-- at least one running run, leased to the calling replica; rows another replica is claiming are skipped.
CREATE FUNCTION claim_workflow_stop_conditions(p_owner text, p_now timestamptz, p_lease interval, p_limit integer)
RETURNS TABLE (workflow_id uuid, name text, account_id text, spec jsonb, failures integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE workflow_stop_conditions c
       SET owner = p_owner, lease_until = p_now + p_lease, next_check_at = p_now + p_lease
      FROM (SELECT s.workflow_id, s.name
              FROM workflow_stop_conditions s
              JOIN workflows w ON w.id = s.workflow_id
             WHERE s.breached_at IS NULL AND s.next_check_at <= p_now
               AND w.phase IN ('Running', 'Suspended') AND w.abort_requested_at IS NULL
               AND EXISTS (SELECT 1
                             FROM workflow_nodes n
                             JOIN experiment_runs r ON r.id = n.run_id
                            WHERE n.workflow_id = s.workflow_id
                              AND r.phase = 'Running' AND r.abort_requested_at IS NULL)
               AND (s.owner IS NULL OR s.owner = p_owner OR s.lease_until < p_now)
             ORDER BY s.next_check_at
             LIMIT p_limit
               FOR UPDATE OF s SKIP LOCKED) due
     WHERE c.workflow_id = due.workflow_id AND c.name = due.name
    RETURNING c.workflow_id, c.name, c.account_id, c.spec, c.failures
$$;
REVOKE ALL ON FUNCTION claim_workflow_stop_conditions(text, timestamptz, interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_workflow_stop_conditions(text, timestamptz, interval, integer) TO ${app_role};
