-- People join an account only through an invitation they accept: an admin invites an e-mail address with a role,
-- the answer shows a one-time link once, and the person behind the link sets their own password (a new person) or
-- signs in and accepts (a known one). Nothing else attaches a person to an account or sets their password.

CREATE TABLE invitations (
    id                 uuid PRIMARY KEY,
    account_id         text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    email              text        NOT NULL,
    role               text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    org_identifier     text,
    project_identifier text,
    token_hash         bytea       NOT NULL,  -- SHA-256 of the link's token; the token is shown once, never stored
    invited_by         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    accepted_at        timestamptz,
    accepted_by        uuid        REFERENCES users ON DELETE SET NULL,
    revoked_at         timestamptz,
    CHECK (project_identifier IS NULL OR org_identifier IS NOT NULL)
);
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_account_idx ON invitations (account_id, created_at DESC);
SELECT enable_tenant_isolation('invitations');

-- The link is opened before its account is known: the one door finds an invitation by the hash of its token only.
CREATE FUNCTION invitation_by_token_hash(p_token_hash bytea)
RETURNS TABLE (id uuid, account_id text, account_name text, email text, role text, org_identifier text,
               project_identifier text, expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT i.id, i.account_id, a.name, i.email, i.role, i.org_identifier, i.project_identifier, i.expires_at,
           i.accepted_at, i.revoked_at
      FROM invitations i JOIN accounts a ON a.account_id = i.account_id
     WHERE i.token_hash = p_token_hash
$$;
REVOKE ALL ON FUNCTION invitation_by_token_hash(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invitation_by_token_hash(bytea) TO ${app_role};

-- A web session remembers the generation of its person's credentials it was signed in with; changing the password
-- moves it on, which ends every other session of that person on their next request, on every replica.
ALTER TABLE users ADD COLUMN session_generation integer NOT NULL DEFAULT 0;

-- Checked on every request of a session before its tenant is known (and whatever row-level security users gets):
-- whether the person may still sign in, and the generation their sessions must carry.
CREATE FUNCTION user_session_state(p_user_id uuid)
RETURNS TABLE (disabled boolean, session_generation integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT u.disabled, u.session_generation FROM users u WHERE u.id = p_user_id
$$;
REVOKE ALL ON FUNCTION user_session_state(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_session_state(uuid) TO ${app_role};

-- An admin may disable a person in their account: the person keeps their memberships (to be enabled again) but
-- they grant nothing, and the keys the person made in the account are revoked.
ALTER TABLE memberships ADD COLUMN disabled_at timestamptz;

CREATE OR REPLACE FUNCTION memberships_of_user(p_user_id uuid)
RETURNS TABLE (account_id text, account_name text, plan text, org_identifier text, project_identifier text,
               role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT m.account_id, a.name, a.plan, m.org_identifier, m.project_identifier, m.role
      FROM memberships m JOIN accounts a ON a.account_id = m.account_id
     WHERE m.user_id = p_user_id AND m.disabled_at IS NULL
     ORDER BY a.created_at, m.account_id
$$;

-- API keys live at most this long in each account (a key asked for without an end gets this one); keys made
-- before had no end, and get a year from now.
ALTER TABLE accounts ADD COLUMN api_key_max_lifetime_days integer NOT NULL DEFAULT 365
    CHECK (api_key_max_lifetime_days BETWEEN 1 AND 3650);
UPDATE api_keys SET expires_at = now() + interval '365 days' WHERE expires_at IS NULL AND revoked_at IS NULL;
