-- What discovery agents send. A cluster snapshot may come in batches: each batch is kept until all of its snapshot
-- are there, then the whole snapshot replaces the agent's previous one in one transaction. Connections are kept per
-- node (the latest window of each). The graph built from them, with its components' labels, goes to the topology
-- tables (V25, V38) as a revision.
CREATE TABLE discovery_snapshot_batches (
    account_id   text        NOT NULL,
    agent_id     text        NOT NULL REFERENCES discovery_agents ON DELETE CASCADE,
    snapshot_id  text        NOT NULL,
    batch        integer     NOT NULL CHECK (batch >= 1),
    batches      integer     NOT NULL CHECK (batches >= batch),
    bytes        bigint      NOT NULL,
    body         jsonb       NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (agent_id, snapshot_id, batch)
);
CREATE INDEX discovery_snapshot_batches_account_idx ON discovery_snapshot_batches (account_id, agent_id);
SELECT enable_tenant_isolation('discovery_snapshot_batches');

CREATE TABLE discovery_snapshots (
    account_id   text        NOT NULL,
    agent_id     text        PRIMARY KEY REFERENCES discovery_agents ON DELETE CASCADE,
    snapshot_id  text        NOT NULL,
    bytes        bigint      NOT NULL,
    body         jsonb       NOT NULL,
    completed_at timestamptz NOT NULL
);
CREATE INDEX discovery_snapshots_account_idx ON discovery_snapshots (account_id, agent_id);
SELECT enable_tenant_isolation('discovery_snapshots');

CREATE TABLE discovery_connections (
    account_id   text        NOT NULL,
    agent_id     text        NOT NULL REFERENCES discovery_agents ON DELETE CASCADE,
    node_name    text        NOT NULL,
    connections  jsonb       NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (agent_id, node_name)
);
CREATE INDEX discovery_connections_account_idx ON discovery_connections (account_id, agent_id);
SELECT enable_tenant_isolation('discovery_connections');
