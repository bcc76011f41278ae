-- Badge tokens: read-only, revocable credentials that open only a project's badges (GET /badge/{type}.svg?token=),
-- made to be pasted into READMEs. They are stored as well as hashed so that GET /api/badge-markdown can write the
-- snippets again; a badge token opens nothing but the figures the badges show.
CREATE TABLE badge_tokens (
    id                 uuid PRIMARY KEY,
    account_id         text        NOT NULL,
    org_identifier     text        NOT NULL,
    project_identifier text        NOT NULL,
    token              text        NOT NULL,
    token_hash         bytea       NOT NULL,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    revoked_at         timestamptz,
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
CREATE UNIQUE INDEX badge_tokens_token_hash_key ON badge_tokens (token_hash);
CREATE INDEX badge_tokens_project_idx ON badge_tokens (account_id, org_identifier, project_identifier, created_at DESC);
SELECT enable_tenant_isolation('badge_tokens');

-- A badge is fetched by an image request that carries no account: the one door finds a token by its hash only.
CREATE FUNCTION badge_token_by_hash(p_token_hash bytea)
RETURNS TABLE (id uuid, account_id text, org_identifier text, project_identifier text, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT t.id, t.account_id, t.org_identifier, t.project_identifier, t.revoked_at
      FROM badge_tokens t
     WHERE t.token_hash = p_token_hash
$$;
REVOKE ALL ON FUNCTION badge_token_by_hash(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION badge_token_by_hash(bytea) TO ${app_role};
