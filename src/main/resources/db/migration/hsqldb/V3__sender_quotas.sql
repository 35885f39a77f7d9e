-- A pool of sending mailboxes (--from a,b,c or --sender-pool FILE): each mailbox's quota is counted here, in the
-- database every instance shares, so that instances together never send from one mailbox faster than its rate or
-- more than its daily limit.

-- Which mailbox sent each message the audit trail records; null for messages recorded before there were pools,
-- which count against every mailbox's daily limit.
ALTER TABLE AUDIT_EVENT ADD COLUMN SENDER VARCHAR(320);
CREATE INDEX AUDIT_EVENT_BY_SENDER ON AUDIT_EVENT (ACTION, SENDER, OCCURRED_AT);

-- One row per sending mailbox (its bare address in lower case): the time its next message may go at its rate.
-- Instances take turns on a mailbox by updating its row in a transaction; a message's time is given before it goes.
CREATE CACHED TABLE SENDER_QUOTA (
    SENDER      VARCHAR(320) PRIMARY KEY,
    NEXT_SLOT   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The messages a running step may still send in its next chunk, held against a mailbox's daily limit from the
-- chunk boundary until the next one: HOLDER is the step's job execution, EXPIRES_AT lets a crashed instance's
-- hold go.
CREATE CACHED TABLE SENDER_HOLD (
    HOLDER      VARCHAR(64)  NOT NULL,
    SENDER      VARCHAR(320) NOT NULL,
    MESSAGES    INTEGER      NOT NULL,
    EXPIRES_AT  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (HOLDER, SENDER)
);
