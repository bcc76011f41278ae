-- Alert webhooks of a project, and the outbox of their deliveries.

CREATE TABLE alert_webhooks (
    id                  uuid PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    org_identifier      text        NOT NULL,
    project_identifier  text        NOT NULL,
    name                text        NOT NULL,
    url                 text        NOT NULL,
    secret_ciphertext   bytea       NOT NULL,    -- AES-GCM: 12-byte nonce, then the sealed signing secret
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL,
    UNIQUE (account_id, org_identifier, project_identifier, name),
    FOREIGN KEY (account_id, org_identifier, project_identifier)
        REFERENCES projects (account_id, org_identifier, identifier) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('alert_webhooks');

-- One row per message: its id is the X-ChaosPlane-Delivery header of every attempt. A claim leases the row
-- (claim_token, leased_until); an instance that dies mid-retry leaves a lease that runs out, and another goes on.
CREATE TABLE alert_deliveries (
    id                  uuid PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    webhook_id          uuid        NOT NULL REFERENCES alert_webhooks ON DELETE CASCADE,
    event               text        NOT NULL,
    body                text        NOT NULL,    -- the exact bytes signed and sent
    status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts            integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL,
    claim_token         uuid,
    leased_until        timestamptz,
    last_status_code    integer,
    last_error          text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL,
    delivered_at        timestamptz
);
CREATE INDEX alert_deliveries_webhook_idx ON alert_deliveries (account_id, webhook_id, created_at DESC);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
SELECT enable_tenant_isolation('alert_deliveries');

-- Pending deliveries due now and not leased, across tenants, leased to the caller: another instance skips the rows
-- this one locks, and finds them leased once it committed.
CREATE FUNCTION claim_alert_deliveries(p_now timestamptz, p_lease interval, p_limit integer)
RETURNS TABLE (id uuid, account_id text, claim_token uuid)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE alert_deliveries d SET claim_token = gen_random_uuid(), leased_until = p_now + p_lease
     WHERE d.id IN (SELECT c.id FROM alert_deliveries c
                     WHERE c.status = 'pending' AND c.next_attempt_at <= p_now
                       AND (c.leased_until IS NULL OR c.leased_until <= p_now)
                     ORDER BY c.next_attempt_at LIMIT p_limit
                     FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.account_id, d.claim_token
$$;
REVOKE ALL ON FUNCTION claim_alert_deliveries(timestamptz, interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_alert_deliveries(timestamptz, interval, integer) TO ${app_role};
