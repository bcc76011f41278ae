-- Lists at a million runs: each list reads its page as a range of one index, in the list's own order, from the
-- tenant and project filter on, so that the first page and a keyset (cursor) page cost a few index pages however many
-- rows the account holds.
--
-- An experiment list is one project's experiments, newest first, with the id to break ties (and to carry the cursor).
CREATE INDEX experiments_project_recent_idx
    ON experiments (account_id, org_identifier, project_identifier, created_at DESC, id DESC);

-- An event list filtered by project (the dashboard's, and the API's with organizationIdentifier/projectIdentifier).
-- Account-wide lists scan the primary key (account_id, occurred_at, id) backwards. An index on the partitioned
-- table is made on every partition, present and future.
CREATE INDEX events_project_recent_idx
    ON events (account_id, org_identifier, project_identifier, occurred_at DESC, id DESC);

-- An experiment's runs use experiment_runs_experiment_idx (account_id, experiment_id, run_sequence DESC) from V2.
