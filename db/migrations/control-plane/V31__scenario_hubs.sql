-- The scenario hub (marketplace): hubs an account adds besides the built-in one (a Git repository or an HTTP URL with
-- an index file), the packages last read from each (kept when the hub cannot be reached), and what a project
-- installed, so that installing again updates the same experiments and workflows.
CREATE TABLE marketplace_hubs (
    account_id    text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    identifier    text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('git', 'http')),
    url           text        NOT NULL,
    ref           text,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_read_at  timestamptz,
    last_error    text,
    last_tried_at timestamptz,
    PRIMARY KEY (account_id, identifier)
);
SELECT enable_tenant_isolation('marketplace_hubs');

-- One package as the hub's index declared it: its file as read, and the SHA-256 the index gives for it, which an
-- install checks the file against.
CREATE TABLE marketplace_packages (
    account_id      text NOT NULL,
    hub_identifier  text NOT NULL,
    package_id      text NOT NULL,
    declared_sha256 text NOT NULL,
    content         text NOT NULL,
    PRIMARY KEY (account_id, hub_identifier, package_id),
    FOREIGN KEY (account_id, hub_identifier) REFERENCES marketplace_hubs (account_id, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('marketplace_packages');

CREATE TABLE marketplace_installs (
    account_id         text        NOT NULL,
    org_identifier     text        NOT NULL,
    project_identifier text        NOT NULL,
    package_id         text        NOT NULL,
    hub_identifier     text        NOT NULL,
    version            text        NOT NULL,
    sha256             text        NOT NULL,
    parameters         jsonb       NOT NULL,
    experiments        text[]      NOT NULL,
    workflows          text[]      NOT NULL,
    installed_by       text        NOT NULL,
    installed_at       timestamptz NOT NULL,
    PRIMARY KEY (account_id, org_identifier, project_identifier, package_id),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('marketplace_installs');
