-- Kubernetes chaos infrastructures: a run of an experiment on one goes to its chaos runner as one task, the whole
-- experiment, and its progress comes back as seed 001's WORKFLOW_EVENTs (a node tree per event).

-- 'fault': one task per fault, steps queued by the control plane (Linux); 'run': one task for the whole run, whose
-- steps the runner takes one after the other (Kubernetes). The task's queue row points at the run's first fault.
ALTER TABLE experiment_runs
    ADD COLUMN dispatch text NOT NULL DEFAULT 'fault' CHECK (dispatch IN ('fault', 'run'));

-- The node tree of a Kubernetes run, merged from its runner's events so that none moves a node backwards.
CREATE TABLE kubernetes_runs (
    run_id              uuid PRIMARY KEY REFERENCES experiment_runs ON DELETE CASCADE,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    infrastructure_id   uuid        NOT NULL,    -- whose runner may report on it
    experiment_id       uuid        NOT NULL,
    execution_data      jsonb       NOT NULL,
    completed           boolean     NOT NULL DEFAULT false,
    events              integer     NOT NULL DEFAULT 0,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX kubernetes_runs_account_idx ON kubernetes_runs (account_id, run_id);
SELECT enable_tenant_isolation('kubernetes_runs');

-- Seed 001's v2 calls carry only X-Access-Key and name the infrastructure in the path (by id or identifier): the key
-- finds its infrastructure, across tenants, through this one narrow door.
CREATE INDEX infrastructures_access_key_idx ON infrastructures (access_key_hash) WHERE access_key_hash IS NOT NULL;

CREATE FUNCTION infrastructure_by_access_key(p_access_key_hash bytea)
RETURNS TABLE (id uuid, identifier text, account_id text, type text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id, identifier, account_id, type FROM infrastructures WHERE access_key_hash = p_access_key_hash
$$;
REVOKE ALL ON FUNCTION infrastructure_by_access_key(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION infrastructure_by_access_key(bytea) TO ${app_role};
