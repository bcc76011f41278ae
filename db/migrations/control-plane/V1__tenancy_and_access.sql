-- Tenancy, people and API keys.
--
-- The application connects as ${app_role}, a role that does not own these tables, so row-level security
-- applies to it; migrations run as the owner, which the policies do not bind, so that the few
-- SECURITY DEFINER functions at the end can look across tenants. Every tenant-owned row carries account_id, and the policy
-- compares it with the transaction-local setting app.account_id (set by the application at the start of
-- every transaction). The sub-select makes PostgreSQL evaluate current_setting once per query, not per row.

DO $$
BEGIN
    CREATE ROLE ${app_role} LOGIN;
EXCEPTION WHEN duplicate_object THEN
    NULL; -- roles are cluster-wide: another database of this server created it already
END
$$;

GRANT USAGE ON SCHEMA public TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app_role};

CREATE FUNCTION enable_tenant_isolation(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s '
                   'USING (account_id = (SELECT current_setting(''app.account_id'', true))) '
                   'WITH CHECK (account_id = (SELECT current_setting(''app.account_id'', true)))', tbl);
END
$$;
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass) FROM PUBLIC;

CREATE TABLE accounts (
    account_id  text PRIMARY KEY,          -- Harness accountIdentifier
    name        text        NOT NULL,
    plan        text        NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'basic', 'pro', 'enterprise')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
SELECT enable_tenant_isolation('accounts');

CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    account_id  text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    identifier  text        NOT NULL,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, identifier)
);
SELECT enable_tenant_isolation('organizations');

CREATE TABLE projects (
    id             uuid PRIMARY KEY,
    account_id     text        NOT NULL,
    org_identifier text        NOT NULL,
    identifier     text        NOT NULL,
    name           text        NOT NULL,
    description    text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, org_identifier, identifier),
    FOREIGN KEY (account_id, org_identifier) REFERENCES organizations (account_id, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('projects');

CREATE TABLE environments (
    id                 uuid PRIMARY KEY,
    account_id         text        NOT NULL,
    org_identifier     text        NOT NULL,
    project_identifier text        NOT NULL,
    identifier         text        NOT NULL,
    name               text        NOT NULL,
    description        text        NOT NULL DEFAULT '',
    type               text        NOT NULL CHECK (type IN ('Production', 'PreProduction')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, org_identifier, project_identifier, identifier),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('environments');

-- People are global (one person may belong to several accounts); what they may do lives in memberships.
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text        NOT NULL,
    display_name   text        NOT NULL,
    password_hash  text        NOT NULL,
    platform_admin boolean     NOT NULL DEFAULT false,
    disabled       boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
    id                 uuid PRIMARY KEY,
    account_id         text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    user_id            uuid        NOT NULL REFERENCES users ON DELETE CASCADE,
    org_identifier     text,                -- null: the whole account
    project_identifier text,                -- null: the whole organization
    role               text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (project_identifier IS NULL OR org_identifier IS NOT NULL)
);
CREATE UNIQUE INDEX memberships_scope_key
    ON memberships (account_id, user_id, coalesce(org_identifier, ''), coalesce(project_identifier, ''));
CREATE INDEX memberships_user_idx ON memberships (user_id);
SELECT enable_tenant_isolation('memberships');

CREATE TABLE api_keys (
    id                 uuid PRIMARY KEY,
    account_id         text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    name               text        NOT NULL,
    description        text        NOT NULL DEFAULT '',
    role               text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    org_identifier     text,
    project_identifier text,
    key_prefix         text        NOT NULL,  -- the first characters, shown in lists so people can tell keys apart
    secret_hash        bytea       NOT NULL,  -- SHA-256 of the whole key; the key itself is shown once and never stored
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz,
    revoked_at         timestamptz,
    revoked_by         text,
    last_used_at       timestamptz,
    CHECK (project_identifier IS NULL OR org_identifier IS NOT NULL)
);
CREATE UNIQUE INDEX api_keys_secret_hash_key ON api_keys (secret_hash);
CREATE INDEX api_keys_account_idx ON api_keys (account_id, created_at DESC);
SELECT enable_tenant_isolation('api_keys');

CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    account_id  text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL DEFAULT '',
    outcome     text        NOT NULL DEFAULT 'success',
    details     jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (account_id, id)
);
CREATE INDEX audit_events_recent_idx ON audit_events (account_id, occurred_at DESC);
SELECT enable_tenant_isolation('audit_events');

-- Rate-limit buckets (Bucket4j's state), keyed by API key or user: shared by all replicas, not tenant data.
CREATE TABLE rate_limit_buckets (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);

-- The narrow doors through the tenant wall, for look-ups made before the tenant is known.

-- An API key by the hash of its secret.
CREATE FUNCTION api_key_by_secret_hash(p_secret_hash bytea)
RETURNS TABLE (id uuid, account_id text, name text, role text, org_identifier text, project_identifier text,
               key_prefix text, expires_at timestamptz, revoked_at timestamptz, plan text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT k.id, k.account_id, k.name, k.role, k.org_identifier, k.project_identifier, k.key_prefix,
           k.expires_at, k.revoked_at, a.plan
      FROM api_keys k JOIN accounts a ON a.account_id = k.account_id
     WHERE k.secret_hash = p_secret_hash
$$;

-- Last-use times of many keys in one statement, flushed in batches rather than written per request.
CREATE FUNCTION record_api_key_use(p_ids uuid[], p_used_at timestamptz[])
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE api_keys k
       SET last_used_at = greatest(k.last_used_at, u.used_at)
      FROM unnest(p_ids, p_used_at) AS u(id, used_at)
     WHERE k.id = u.id
$$;

-- The accounts a person belongs to, with their grants, for log-in and the account switcher.
CREATE FUNCTION memberships_of_user(p_user_id uuid)
RETURNS TABLE (account_id text, account_name text, plan text, org_identifier text, project_identifier text,
               role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT m.account_id, a.name, a.plan, m.org_identifier, m.project_identifier, m.role
      FROM memberships m JOIN accounts a ON a.account_id = m.account_id
     WHERE m.user_id = p_user_id
     ORDER BY a.created_at, m.account_id
$$;

REVOKE ALL ON FUNCTION api_key_by_secret_hash(bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION record_api_key_use(uuid[], timestamptz[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION memberships_of_user(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_by_secret_hash(bytea) TO ${app_role};
GRANT EXECUTE ON FUNCTION record_api_key_use(uuid[], timestamptz[]) TO ${app_role};
GRANT EXECUTE ON FUNCTION memberships_of_user(uuid) TO ${app_role};

-- Whether an account identifier is taken, by any account.
CREATE FUNCTION account_identifier_taken(p_account_id text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT EXISTS (SELECT 1 FROM accounts WHERE account_id = p_account_id)
$$;
REVOKE ALL ON FUNCTION account_identifier_taken(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION account_identifier_taken(text) TO ${app_role};
