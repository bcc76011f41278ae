-- What discovery (Kubernetes labels such as team, app.kubernetes.io/part-of, topology.kubernetes.io/region, and the
-- node's provider) or a topology import says about a component beyond the graph. Kept with what was found, not with
-- the overrides: rediscovery replaces them, while a team set by a person (component_teams) still wins in the cost
-- attribution. A JSON object of string values; the table already has row-level security (V25).
ALTER TABLE topology_components
    ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(labels) = 'object');
