-- Issue 12: the letter is the act; review and sign-off (审核/签发, Art. 45); 保密审查 (Art. 14–16); attachment withdrawal.

-- The token of the form a letter was issued from, unique per request, so that a double submit, the back button or a
-- second tab never numbers a second letter for the same draft.
CREATE TABLE letter_form_tokens (
    request_id VARCHAR(36) NOT NULL,
    form_token VARCHAR(100) NOT NULL,
    letter_id  VARCHAR(36) NOT NULL REFERENCES letters (id),
    CONSTRAINT pk_letter_form_tokens PRIMARY KEY (request_id, form_token)
);

-- A draft submitted for review: frozen (content, facts and privacy review as they will be issued); the reviewers' steps
-- and the confidentiality checklist are recorded with it; approved at the last step it is issued by the request's
-- workflow, which marks it issued in the same transaction.
CREATE TABLE letter_drafts (
    id             VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id     VARCHAR(36) NOT NULL,
    agency_code    NVARCHAR(64) NOT NULL,
    letter_type    INT NOT NULL,
    outcome        INT NULL,
    title          NVARCHAR(400) NOT NULL,
    addressee      NVARCHAR(400) NOT NULL,
    content        NVARCHAR(MAX) NOT NULL,
    form           NVARCHAR(MAX) NOT NULL,
    facts          NVARCHAR(MAX) NOT NULL,
    privacy_review NVARCHAR(MAX) NOT NULL,
    markings       NVARCHAR(MAX) NOT NULL,
    [plan]         NVARCHAR(400) NOT NULL,
    steps_done     INT NOT NULL,
    reviews        NVARCHAR(MAX) NOT NULL,
    status         VARCHAR(32) NOT NULL,
    drafted_by     NVARCHAR(100) NOT NULL,
    submitted_at   DATETIME2 NOT NULL,
    updated_at     DATETIME2 NOT NULL,
    letter_id      VARCHAR(36) NULL
);
CREATE INDEX ix_letter_drafts_request ON letter_drafts (request_id);
CREATE INDEX ix_letter_drafts_waiting ON letter_drafts (agency_code, status);

-- Per agency: which letters need review and how (none | single | double), whether an adverse reply also needs a legal
-- adviser's review, and the agency's own restriction markings (one per line) added to the built-in ones.
CREATE TABLE review_settings (
    agency_code          NVARCHAR(64) NOT NULL PRIMARY KEY,
    reply_review         VARCHAR(32) NOT NULL,
    other_letters_review VARCHAR(32) NOT NULL,
    legal_review_adverse INT NOT NULL,
    extra_markings       NVARCHAR(MAX) NOT NULL
);

-- A wrong attachment withdrawn before any issued letter used it: kept, marked withdrawn, with who, when and why.
CREATE TABLE attachment_withdrawals (
    attachment_id VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id    VARCHAR(36) NOT NULL,
    reason        NVARCHAR(400) NOT NULL,
    withdrawn_by  NVARCHAR(100) NOT NULL,
    withdrawn_at  DATETIME2 NOT NULL
);
