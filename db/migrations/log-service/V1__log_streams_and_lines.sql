-- Execution log streams (seed 001, "Log Management") and their lines.

-- One row per stream. created_day places all of a stream's lines in one partition of log_lines, so that the
-- unique key (stream, pos) can hold across the partitioned table and retention removes whole days at once.
CREATE TABLE log_streams (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  text        NOT NULL,
    stream_key  text        NOT NULL,
    created_day date        NOT NULL,
    created_at  timestamptz NOT NULL,
    closed_at   timestamptz,
    CONSTRAINT log_streams_account_key UNIQUE (account_id, stream_key)
);

CREATE INDEX log_streams_created_day ON log_streams (created_day);

-- Append-only; one partition per day of stream creation, made ahead of time by the service and dropped by its
-- retention job. No foreign key to log_streams: it would cost a look-up per line and block dropping partitions.
CREATE TABLE log_lines (
    day       date        NOT NULL,
    stream_id bigint      NOT NULL,
    pos       bigint      NOT NULL,
    level     text,
    message   text        NOT NULL,
    logged_at timestamptz,
    args      jsonb,
    CONSTRAINT log_lines_stream_pos PRIMARY KEY (stream_id, pos, day)
) PARTITION BY RANGE (day);
