-- Fiducia index, schema 1 (docs/indexer.md). Portable SQL: the same file runs
-- on SQLite and PostgreSQL. Token amounts are u128: stored as 39-digit
-- zero-padded decimal TEXT so that text order is numeric order on both.

-- Where the indexer stands: the last block whose events are all stored.
CREATE TABLE cursor (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    genesis TEXT NOT NULL,
    block_number BIGINT NOT NULL,
    block_hash TEXT NOT NULL
);

CREATE TABLE blocks (
    number BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    timestamp_ms BIGINT NOT NULL,
    events BIGINT NOT NULL
);

-- Every decoded event of the Fiducia contracts and pallets.
CREATE TABLE events (
    block_number BIGINT NOT NULL,
    event_index BIGINT NOT NULL,
    block_hash TEXT NOT NULL,
    timestamp_ms BIGINT NOT NULL,
    source TEXT NOT NULL,
    contract TEXT,
    name TEXT NOT NULL,
    loan_id BIGINT,
    product_id BIGINT,
    case_id BIGINT,
    agreement_id BIGINT,
    dispute_id BIGINT,
    data TEXT NOT NULL,
    PRIMARY KEY (block_number, event_index)
);
CREATE INDEX events_by_loan ON events (loan_id, block_number, event_index);
CREATE INDEX events_by_case ON events (case_id, block_number, event_index);

CREATE TABLE loans (
    id BIGINT PRIMARY KEY,
    borrower TEXT NOT NULL,
    amount TEXT NOT NULL,
    term_months BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    grade BIGINT NOT NULL,
    apr_bps BIGINT NOT NULL,
    status TEXT NOT NULL,
    raised TEXT NOT NULL,
    remaining TEXT NOT NULL,
    deadline_ms BIGINT,
    applied_ms BIGINT NOT NULL,
    updated_block BIGINT NOT NULL
);
CREATE INDEX loans_by_grade ON loans (status, grade, id);
CREATE INDEX loans_by_apr ON loans (status, apr_bps, id);
CREATE INDEX loans_by_remaining ON loans (status, remaining, id);
CREATE INDEX loans_by_borrower ON loans (borrower);

CREATE TABLE positions (
    loan_id BIGINT NOT NULL,
    investor TEXT NOT NULL,
    invested TEXT NOT NULL,
    claimed TEXT NOT NULL,
    PRIMARY KEY (loan_id, investor)
);
CREATE INDEX positions_by_investor ON positions (investor, loan_id);

CREATE TABLE products (
    id BIGINT PRIMARY KEY,
    institution TEXT NOT NULL,
    bond TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_block BIGINT NOT NULL
);

CREATE TABLE authorizations (
    product_id BIGINT NOT NULL,
    advisor TEXT NOT NULL,
    status TEXT NOT NULL,
    rights TEXT NOT NULL,
    updated_block BIGINT NOT NULL,
    PRIMARY KEY (product_id, advisor)
);

CREATE TABLE cases (
    id BIGINT PRIMARY KEY,
    product_id BIGINT NOT NULL,
    customer TEXT NOT NULL,
    advisor TEXT NOT NULL,
    status TEXT NOT NULL,
    dispute_deadline_ms BIGINT,
    updated_block BIGINT NOT NULL
);
CREATE INDEX cases_by_customer ON cases (customer);
CREATE INDEX cases_by_advisor ON cases (advisor);

CREATE TABLE agreements (
    id BIGINT PRIMARY KEY,
    case_id BIGINT NOT NULL,
    amount TEXT NOT NULL,
    stake TEXT NOT NULL,
    status TEXT NOT NULL,
    deadline_ms BIGINT NOT NULL,
    updated_block BIGINT NOT NULL
);

CREATE TABLE investment_disputes (
    id BIGINT PRIMARY KEY,
    subject TEXT NOT NULL,
    claimant TEXT NOT NULL,
    accused TEXT NOT NULL,
    status TEXT NOT NULL,
    deadline_ms BIGINT NOT NULL,
    updated_block BIGINT NOT NULL
);

-- An investor's saved search (written by the client, not by the chain).
CREATE TABLE saved_conditions (
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    conditions TEXT NOT NULL,
    PRIMARY KEY (owner, name)
);
