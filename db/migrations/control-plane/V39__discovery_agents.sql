-- Discovery agents (seed 001): one per infrastructure, with the settings it was created with (seed 001's config, as
-- JSON: the agent is handed it back), its one-time install token and the agent token that token is exchanged for
-- (both as SHA-256 only), and what it last sent.
CREATE TABLE discovery_agents (
    id                      text        PRIMARY KEY,     -- 24 hex digits, as seed 001's ids
    account_id              text        NOT NULL,
    org_identifier          text        NOT NULL,
    project_identifier      text        NOT NULL,
    environment_identifier  text        NOT NULL,
    infrastructure_id       uuid        NOT NULL REFERENCES infrastructures ON DELETE CASCADE,
    infra_identifier        text        NOT NULL,
    name                    text        NOT NULL,
    description             text        NOT NULL,
    tags                    jsonb,
    config                  jsonb       NOT NULL,
    installation_id         text        NOT NULL,
    log_stream_id           uuid        NOT NULL,
    correlation_id          text        NOT NULL,
    install_token_hash      bytea       NOT NULL,
    install_token_issued_at timestamptz NOT NULL,
    install_token_used_at   timestamptz,
    agent_token_hash        bytea,
    status                  text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACTIVE')),
    last_snapshot_at        timestamptz,
    last_snapshot_bytes     bigint,
    last_snapshot_id        text,
    created_by              text        NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    installation_created_at timestamptz NOT NULL,
    -- a second agent for the same infrastructure is a conflict
    UNIQUE (account_id, infrastructure_id),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
CREATE INDEX discovery_agents_project_idx ON discovery_agents (account_id, org_identifier, project_identifier, created_at);
SELECT enable_tenant_isolation('discovery_agents');

-- Before the agent is known so is its tenant: its calls are authenticated through this one narrow door, which reads
-- an agent's token hashes and account by the agent's id.
CREATE FUNCTION discovery_agent_credentials(p_id text)
RETURNS TABLE (account_id text, install_token_hash bytea, install_token_issued_at timestamptz,
               install_token_used_at timestamptz, agent_token_hash bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT account_id, install_token_hash, install_token_issued_at, install_token_used_at, agent_token_hash
    FROM discovery_agents WHERE id = p_id
$$;
REVOKE ALL ON FUNCTION discovery_agent_credentials(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION discovery_agent_credentials(text) TO ${app_role};
