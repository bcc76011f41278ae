-- A signed-in person reads and changes their own row in any tenant or in none: the policy on users shows a tenant's
-- transaction only that tenant's members, and a person removed from every account still signs in and may change
-- their password. The caller's id comes from the authenticated session, never from input.
CREATE FUNCTION own_person(p_user_id uuid) RETURNS SETOF users
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT * FROM users WHERE id = p_user_id
$$;
REVOKE ALL ON FUNCTION own_person(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION own_person(uuid) TO ${app_role};

CREATE FUNCTION change_own_password(p_user_id uuid, p_password_hash text) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE users SET password_hash = p_password_hash, session_generation = session_generation + 1
     WHERE id = p_user_id
    RETURNING session_generation
$$;
REVOKE ALL ON FUNCTION change_own_password(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION change_own_password(uuid, text) TO ${app_role};
