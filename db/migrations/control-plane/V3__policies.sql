-- Guardrails: policies whose rules are evaluated before any experiment run starts.

CREATE TABLE policies (
    id                  uuid PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    name                text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    enabled             boolean     NOT NULL DEFAULT true,
    rules               jsonb       NOT NULL,
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, org_identifier, project_identifier, name),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('policies');

-- The governance step of a run: which rules passed, failed or did not apply; and approval, when a rule asks for it.
ALTER TABLE experiment_runs
    ADD COLUMN governance        jsonb,
    ADD COLUMN awaiting_approval boolean NOT NULL DEFAULT false,
    ADD COLUMN approved_by       text,
    ADD COLUMN approved_at       timestamptz;
