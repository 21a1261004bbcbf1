-- Issue 12: the letter is the act; review and sign-off (审核/签发, Art. 45); 保密审查 (Art. 14–16); attachment withdrawal.

-- The token of the form a letter was issued from, unique per request, so that a double submit, the back button or a
-- second tab never numbers a second letter for the same draft.
CREATE TABLE letter_form_tokens (
    request_id VARCHAR(36) NOT NULL,
    form_token VARCHAR(100) NOT NULL,
    letter_id  VARCHAR(36) NOT NULL REFERENCES letters (id),
    PRIMARY KEY (request_id, form_token)
);

-- A draft submitted for review: frozen (content, facts and privacy review as they will be issued); the reviewers' steps
-- and the confidentiality checklist are recorded with it; approved at the last step it is issued by the request's
-- workflow, which marks it issued in the same transaction.
CREATE TABLE letter_drafts (
    id             VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id     VARCHAR(36) NOT NULL,
    agency_code    TEXT NOT NULL,
    letter_type    INTEGER NOT NULL,
    outcome        INTEGER NULL,
    title          TEXT NOT NULL,
    addressee      TEXT NOT NULL,
    content        TEXT NOT NULL,
    form           TEXT NOT NULL,
    facts          TEXT NOT NULL,
    privacy_review TEXT NOT NULL,
    markings       TEXT NOT NULL,
    review_plan    TEXT NOT NULL,
    steps_done     INTEGER NOT NULL,
    reviews        TEXT NOT NULL,
    status         TEXT NOT NULL,
    drafted_by     TEXT NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    letter_id      VARCHAR(36) NULL
);
CREATE INDEX ix_letter_drafts_request ON letter_drafts (request_id);
CREATE INDEX ix_letter_drafts_waiting ON letter_drafts (agency_code, status);

-- Per agency: which letters need review and how (none | single | double), whether an adverse reply also needs a legal
-- adviser's review, and the agency's own restriction markings (one per line) added to the built-in ones.
CREATE TABLE review_settings (
    agency_code          TEXT NOT NULL PRIMARY KEY,
    reply_review         TEXT NOT NULL,
    other_letters_review TEXT NOT NULL,
    legal_review_adverse INTEGER NOT NULL,
    extra_markings       TEXT NOT NULL
);

-- A wrong attachment withdrawn before any issued letter used it: kept, marked withdrawn, with who, when and why.
CREATE TABLE attachment_withdrawals (
    attachment_id VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id    VARCHAR(36) NOT NULL,
    reason        TEXT NOT NULL,
    withdrawn_by  TEXT NOT NULL,
    withdrawn_at  TIMESTAMPTZ NOT NULL
);
