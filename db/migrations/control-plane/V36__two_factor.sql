-- Two-factor sign-in for people (TOTP, RFC 6238). A person's secret and recovery codes are theirs whatever account a
-- request runs in, and are needed at sign-in before any tenant is known: the application's role cannot touch these
-- tables at all, only the narrow SECURITY DEFINER functions below, each keyed by the id of the person the session
-- authenticated (never by input).

CREATE TABLE user_two_factor (
    user_id      uuid PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    secret       text        NOT NULL,  -- AES-GCM sealed when a key is configured ('v1:...'), never returned once confirmed
    created_at   timestamptz NOT NULL,
    confirmed_at timestamptz,           -- null while enrolment waits for its first code
    last_step    bigint                 -- the newest 30-second step whose code was used: a code is good once
);
REVOKE ALL ON user_two_factor FROM ${app_role};

CREATE TABLE user_recovery_codes (
    user_id   uuid  NOT NULL REFERENCES users ON DELETE CASCADE,
    code_hash bytea NOT NULL,  -- SHA-256 of the code; the codes are shown once, at confirmation
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
REVOKE ALL ON user_recovery_codes FROM ${app_role};

-- An account may require its admins to sign in with two factors; until they enrol they can do nothing else.
ALTER TABLE accounts ADD COLUMN require_admin_two_factor boolean NOT NULL DEFAULT false;

CREATE FUNCTION two_factor_state(p_user_id uuid)
RETURNS TABLE (secret text, confirmed boolean, last_step bigint, recovery_codes_left integer, required boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT t.secret, t.confirmed_at IS NOT NULL, t.last_step,
           (SELECT count(*)::integer FROM user_recovery_codes r WHERE r.user_id = p_user_id AND r.used_at IS NULL),
           EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.account_id = m.account_id
                    WHERE m.user_id = p_user_id AND m.role = 'admin' AND m.disabled_at IS NULL
                      AND a.require_admin_two_factor)
      FROM (SELECT p_user_id AS user_id) p LEFT JOIN user_two_factor t ON t.user_id = p.user_id
$$;

-- Starts (or restarts) an enrolment; a confirmed secret is never replaced this way.
CREATE FUNCTION two_factor_begin(p_user_id uuid, p_secret text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    INSERT INTO user_two_factor (user_id, secret, created_at) VALUES (p_user_id, p_secret, now())
    ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL
     WHERE user_two_factor.confirmed_at IS NULL
    RETURNING true
$$;

-- Takes a step's code: true only for the first use of a step newer than the last one used (replays fail, on every
-- replica, in one statement).
CREATE FUNCTION two_factor_use_step(p_user_id uuid, p_step bigint) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE user_two_factor SET last_step = p_step
     WHERE user_id = p_user_id AND (last_step IS NULL OR last_step < p_step)
    RETURNING true
$$;

-- Confirms an enrolment with its first code's step and stores the hashes (hex) of fresh recovery codes.
CREATE FUNCTION two_factor_confirm(p_user_id uuid, p_step bigint, p_code_hashes text[]) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    UPDATE user_two_factor SET confirmed_at = now(), last_step = p_step
     WHERE user_id = p_user_id AND confirmed_at IS NULL AND (last_step IS NULL OR last_step < p_step);
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM user_recovery_codes WHERE user_id = p_user_id;
    INSERT INTO user_recovery_codes (user_id, code_hash) SELECT p_user_id, decode(h, 'hex') FROM unnest(p_code_hashes) h;
    RETURN true;
END
$$;

-- Spends a recovery code: true once per code.
CREATE FUNCTION two_factor_use_recovery_code(p_user_id uuid, p_code_hash bytea) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE user_recovery_codes SET used_at = now()
     WHERE user_id = p_user_id AND code_hash = p_code_hash AND used_at IS NULL
    RETURNING true
$$;

CREATE FUNCTION two_factor_remove(p_user_id uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    DELETE FROM user_recovery_codes WHERE user_id = p_user_id;
    DELETE FROM user_two_factor WHERE user_id = p_user_id;
$$;

REVOKE ALL ON FUNCTION two_factor_state(uuid), two_factor_begin(uuid, text), two_factor_use_step(uuid, bigint),
    two_factor_confirm(uuid, bigint, text[]), two_factor_use_recovery_code(uuid, bytea), two_factor_remove(uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION two_factor_state(uuid), two_factor_begin(uuid, text), two_factor_use_step(uuid, bigint),
    two_factor_confirm(uuid, bigint, text[]), two_factor_use_recovery_code(uuid, bytea), two_factor_remove(uuid)
    TO ${app_role};
