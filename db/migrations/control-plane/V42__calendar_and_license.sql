-- Seed 002's chaos calendar: what a schedule made from the calendar was given beyond its test, and the tokens
-- calendar apps read the iCal feed with. The account's license dates for seed 004's license.

CREATE TABLE calendar_schedules (
    test_id             uuid PRIMARY KEY REFERENCES scheduled_tests ON DELETE CASCADE,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    title               text        NOT NULL,    -- the name as given; the test's name is its slug
    description         text        NOT NULL DEFAULT '',
    scenario_ids        jsonb       NOT NULL DEFAULT '[]',
    target_components   jsonb       NOT NULL DEFAULT '[]',
    scheduled_time      timestamptz NOT NULL,
    recurrence          text        CHECK (recurrence IN ('daily', 'weekly', 'monthly'))
);
SELECT enable_tenant_isolation('calendar_schedules');

-- The plan's paid period and trial; null: perpetual, not trialing.
ALTER TABLE accounts ADD COLUMN plan_expires_at timestamptz, ADD COLUMN trial_ends_at timestamptz;
