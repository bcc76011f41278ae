-- Workflows (seed 000): a tree of steps that run experiments, wait in suspend steps and gate on status checks.

CREATE TABLE workflows (
    id                  uuid PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    namespace           text        NOT NULL,
    name                text        NOT NULL,
    manifest            jsonb       NOT NULL,
    phase               text        NOT NULL,
    message             text        NOT NULL DEFAULT '',
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    abort_requested_at  timestamptz,
    UNIQUE (account_id, org_identifier, project_identifier, namespace, name),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
CREATE INDEX workflows_active_idx ON workflows (updated_at) WHERE phase IN ('Running', 'Suspended');
SELECT enable_tenant_isolation('workflows');

-- One row per step (template) of a workflow, with its state.
CREATE TABLE workflow_nodes (
    workflow_id         uuid        NOT NULL REFERENCES workflows ON DELETE CASCADE,
    account_id          text        NOT NULL,
    name                text        NOT NULL,
    type                text        NOT NULL CHECK (type IN ('Serial', 'Parallel', 'Experiment', 'Suspend', 'StatusCheck')),
    phase               text        NOT NULL,
    run_id              uuid,
    experiment_id       uuid,
    message             text        NOT NULL DEFAULT '',
    started_at          timestamptz,
    finished_at         timestamptz,
    deadline_at         timestamptz,
    resumed             boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (workflow_id, name)
);
CREATE INDEX workflow_nodes_run_idx ON workflow_nodes (account_id, run_id) WHERE run_id IS NOT NULL;
SELECT enable_tenant_isolation('workflow_nodes');

-- The experiments a workflow made for its status checks go with it.
ALTER TABLE experiments ADD COLUMN owner_workflow_id uuid REFERENCES workflows ON DELETE CASCADE;

-- Workflows in progress across tenants, for the replica that moves them on (suspend deadlines, lost wake-ups).
CREATE FUNCTION active_workflows(p_limit integer)
RETURNS TABLE (id uuid, account_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id, account_id FROM workflows WHERE phase IN ('Running', 'Suspended') ORDER BY updated_at LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION active_workflows(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION active_workflows(integer) TO ${app_role};
