-- Row-level security without gaps (issue 12).
--
-- 1. The events partitions. A policy on a partitioned table binds queries through that table only: a partition
--    named directly is a table of its own, and the application role could read and write every tenant's events
--    there. Each partition now has the tenant policy too and is revoked from the application role (queries through
--    `events` need no privilege on its partitions), and ensure_event_partitions does the same for every partition
--    it makes later.
-- 2. users. People are global, but a tenant's transaction sees only the people who are members of that tenant
--    (memberships has its own policy). Sign-in and the first start look people up before any tenant is known,
--    through two narrow SECURITY DEFINER doors: by e-mail, and whether anyone exists at all.

CREATE FUNCTION wall_off_partition(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = 'tenant_isolation') THEN
        PERFORM enable_tenant_isolation(tbl);
    END IF;
    EXECUTE format('REVOKE ALL ON %s FROM ${app_role}', tbl);
END
$$;
REVOKE ALL ON FUNCTION wall_off_partition(regclass) FROM PUBLIC;

SELECT wall_off_partition(inhrelid::regclass) FROM pg_inherits WHERE inhparent = 'events'::regclass;

CREATE OR REPLACE FUNCTION ensure_event_partitions(p_months_ahead integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    month_start date;
    partition_name text;
BEGIN
    FOR i IN 0 .. p_months_ahead LOOP
        month_start := (date_trunc('month', now()) + make_interval(months => i))::date;
        partition_name := 'events_' || to_char(month_start, 'YYYY_MM');
        IF to_regclass(partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           partition_name, month_start, (month_start + interval '1 month')::date);
            PERFORM wall_off_partition(partition_name::regclass);
        END IF;
    END LOOP;
END
$$;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_of_tenant ON users
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
-- A person is created before their first membership exists.
CREATE POLICY new_person ON users FOR INSERT WITH CHECK (true);

CREATE FUNCTION user_by_email(p_email text) RETURNS SETOF users
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT * FROM users WHERE lower(email) = lower(p_email)
$$;
CREATE FUNCTION any_user_exists() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT EXISTS (SELECT 1 FROM users)
$$;
REVOKE ALL ON FUNCTION user_by_email(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION any_user_exists() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_by_email(text) TO ${app_role};
GRANT EXECUTE ON FUNCTION any_user_exists() TO ${app_role};
