-- Topology: a project's components and dependencies, the overrides people set on them, and one revision per change.
-- Discovery (and an import) writes the components and edges; overrides are kept apart so that they survive
-- rediscovery, and a read applies them over what was found.

CREATE TABLE topology_components (
    account_id          text             NOT NULL,
    org_identifier      text             NOT NULL,
    project_identifier  text             NOT NULL,
    component_id        text             NOT NULL,
    name                text             NOT NULL,
    type                text             NOT NULL,
    replicas            integer          NOT NULL CHECK (replicas >= 1),
    utilization         double precision CHECK (utilization >= 0),
    health              text             NOT NULL DEFAULT 'healthy',
    failover            boolean          NOT NULL DEFAULT false,
    circuit_breaker     boolean          NOT NULL DEFAULT false,
    autoscaling         boolean          NOT NULL DEFAULT false,
    PRIMARY KEY (account_id, org_identifier, project_identifier, component_id),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('topology_components');

CREATE TABLE topology_edges (
    account_id          text             NOT NULL,
    org_identifier      text             NOT NULL,
    project_identifier  text             NOT NULL,
    source_id           text             NOT NULL,
    target_id           text             NOT NULL,
    dependency_type     text             NOT NULL DEFAULT 'hard' CHECK (dependency_type IN ('hard', 'soft', 'async')),
    weight              double precision NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 1),
    PRIMARY KEY (account_id, org_identifier, project_identifier, source_id, target_id),
    FOREIGN KEY (account_id, org_identifier, project_identifier, source_id)
        REFERENCES topology_components (account_id, org_identifier, project_identifier, component_id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, org_identifier, project_identifier, target_id)
        REFERENCES topology_components (account_id, org_identifier, project_identifier, component_id) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('topology_edges');

-- What people decided about a component, whether or not discovery sees it now; null: as discovered.
CREATE TABLE topology_component_overrides (
    account_id          text             NOT NULL,
    org_identifier      text             NOT NULL,
    project_identifier  text             NOT NULL,
    component_id        text             NOT NULL,
    type                text,
    utilization         double precision CHECK (utilization >= 0),
    failover            boolean,
    circuit_breaker     boolean,
    autoscaling         boolean,
    updated_by          text             NOT NULL,
    updated_at          timestamptz      NOT NULL,
    PRIMARY KEY (account_id, org_identifier, project_identifier, component_id),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('topology_component_overrides');

CREATE TABLE topology_edge_overrides (
    account_id          text             NOT NULL,
    org_identifier      text             NOT NULL,
    project_identifier  text             NOT NULL,
    source_id           text             NOT NULL,
    target_id           text             NOT NULL,
    dependency_type     text             NOT NULL CHECK (dependency_type IN ('hard', 'soft', 'async')),
    updated_by          text             NOT NULL,
    updated_at          timestamptz      NOT NULL,
    PRIMARY KEY (account_id, org_identifier, project_identifier, source_id, target_id),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('topology_edge_overrides');

-- One row per change of the effective topology: its score then, and the whole graph for later comparison.
CREATE TABLE topology_revisions (
    account_id          text             NOT NULL,
    org_identifier      text             NOT NULL,
    project_identifier  text             NOT NULL,
    revision            integer          NOT NULL CHECK (revision >= 1),
    created_at          timestamptz      NOT NULL,
    created_by          text             NOT NULL,
    origin              text             NOT NULL CHECK (origin IN ('import', 'demo', 'discovery')),
    resilience_score    double precision NOT NULL,
    total_components    integer          NOT NULL,
    total_edges         integer          NOT NULL,
    spof_count          integer          NOT NULL,
    document            jsonb            NOT NULL,
    PRIMARY KEY (account_id, org_identifier, project_identifier, revision),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('topology_revisions');
