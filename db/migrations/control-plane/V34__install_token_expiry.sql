-- Install tokens expire (chaosplane.agents.install-token-lifetime, 24 h by default): when each one was issued.
-- Tokens issued before this migration count from the infrastructure's creation or its last key reset.
ALTER TABLE infrastructures ADD COLUMN install_token_issued_at timestamptz NOT NULL DEFAULT now();
UPDATE infrastructures SET install_token_issued_at = greatest(created_at, coalesce(access_key_rotated_at, created_at));

-- The credentials look-up answers the issue time too; its result type changes, so it is made anew.
DROP FUNCTION infrastructure_credentials(uuid);
CREATE FUNCTION infrastructure_credentials(p_id uuid)
RETURNS TABLE (account_id text, type text, access_key_hash bytea, install_token_hash bytea,
               install_token_used_at timestamptz, install_token_issued_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT account_id, type, access_key_hash, install_token_hash, install_token_used_at, install_token_issued_at
      FROM infrastructures WHERE id = p_id
$$;
REVOKE ALL ON FUNCTION infrastructure_credentials(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION infrastructure_credentials(uuid) TO ${app_role};
