-- Analysis: a team per component (an override the cost attribution groups by), the account's industry for peer
-- benchmarks (opt-in), and the peer distributions a job computes from aggregates only.

CREATE TABLE component_teams (
    account_id          text        NOT NULL,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    component_id        text        NOT NULL,
    team                text        NOT NULL,
    updated_by          text        NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (account_id, org_identifier, project_identifier, component_id),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('component_teams');

CREATE TABLE account_benchmark_settings (
    account_id          text        PRIMARY KEY REFERENCES accounts ON DELETE CASCADE,
    industry            text        NOT NULL,
    opt_in              boolean     NOT NULL DEFAULT false,
    updated_by          text        NOT NULL,
    updated_at          timestamptz NOT NULL
);
SELECT enable_tenant_isolation('account_benchmark_settings');

-- Percentiles per industry and metric across the accounts that opted in; no account column, by design. Only the
-- job writes it, every tenant reads it.
CREATE TABLE benchmark_peer_aggregates (
    industry            text             NOT NULL,
    metric              text             NOT NULL CHECK (metric IN ('resilience_score', 'spof_share', 'run_pass_rate',
                                                                    'mttr_minutes')),
    contributors        integer          NOT NULL CHECK (contributors >= 5),
    p10                 double precision NOT NULL,
    p25                 double precision NOT NULL,
    p50                 double precision NOT NULL,
    p75                 double precision NOT NULL,
    p90                 double precision NOT NULL,
    computed_at         timestamptz      NOT NULL,
    PRIMARY KEY (industry, metric)
);

-- The one read across tenants: each opted-in account's figures are computed inside and only percentiles of at least
-- five accounts (or p_min_accounts, if higher) leave it. Per account: the mean over its projects of the latest
-- revision's score and SPOF share; its pass rate over 90 days (Completed without a failed fault, against those plus
-- Failed or with a failed fault); its mean minutes from a failed run's end to the next passing run of the same
-- experiment.
CREATE FUNCTION benchmark_peer_distributions(p_min_accounts integer, p_now timestamptz)
RETURNS TABLE (industry text, metric text, contributors integer,
               p10 double precision, p25 double precision, p50 double precision, p75 double precision,
               p90 double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    WITH members AS (
        SELECT account_id, industry FROM account_benchmark_settings WHERE opt_in
    ), latest AS (
        SELECT DISTINCT ON (r.account_id, r.org_identifier, r.project_identifier)
               r.account_id, r.resilience_score, r.spof_count, r.total_components
          FROM topology_revisions r JOIN members m USING (account_id)
         ORDER BY r.account_id, r.org_identifier, r.project_identifier, r.revision DESC
    ), finished AS (
        SELECT r.account_id, r.experiment_id, r.finished_at,
               (r.phase = 'Completed' AND r.faults_failed = 0) AS passed
          FROM experiment_runs r JOIN members m USING (account_id)
         WHERE r.finished_at IS NOT NULL AND r.finished_at > p_now - interval '90 days'
           AND (r.phase = 'Failed' OR r.phase = 'Completed')
    ), recoveries AS (
        SELECT f.account_id,
               (SELECT EXTRACT(EPOCH FROM (min(p.finished_at) - f.finished_at)) / 60
                  FROM finished p
                 WHERE p.account_id = f.account_id AND p.experiment_id = f.experiment_id AND p.passed
                   AND p.finished_at > f.finished_at) AS minutes
          FROM finished f WHERE NOT f.passed
    ), per_account AS (
        SELECT m.industry, 'resilience_score' AS metric, avg(l.resilience_score)::double precision AS value
          FROM members m JOIN latest l USING (account_id) GROUP BY m.account_id, m.industry
        UNION ALL
        SELECT m.industry, 'spof_share', avg(l.spof_count::double precision / l.total_components)
          FROM members m JOIN latest l USING (account_id) WHERE l.total_components > 0
         GROUP BY m.account_id, m.industry
        UNION ALL
        SELECT m.industry, 'run_pass_rate', avg(CASE WHEN f.passed THEN 1.0 ELSE 0.0 END)::double precision
          FROM members m JOIN finished f USING (account_id) GROUP BY m.account_id, m.industry
        UNION ALL
        SELECT m.industry, 'mttr_minutes', avg(r.minutes)::double precision
          FROM members m JOIN recoveries r USING (account_id) WHERE r.minutes IS NOT NULL
         GROUP BY m.account_id, m.industry
    )
    SELECT industry, metric, count(*)::integer,
           percentile_cont(0.10) WITHIN GROUP (ORDER BY value),
           percentile_cont(0.25) WITHIN GROUP (ORDER BY value),
           percentile_cont(0.50) WITHIN GROUP (ORDER BY value),
           percentile_cont(0.75) WITHIN GROUP (ORDER BY value),
           percentile_cont(0.90) WITHIN GROUP (ORDER BY value)
      FROM per_account
     GROUP BY industry, metric
    HAVING count(*) >= GREATEST(p_min_accounts, 5)
$$;
REVOKE ALL ON FUNCTION benchmark_peer_distributions(integer, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION benchmark_peer_distributions(integer, timestamptz) TO ${app_role};
