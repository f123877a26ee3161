-- prepdeck schema, version 1: decks, the documents they were imported from, cards with
-- their SM-2 state, and the review log. Dates are local calendar days as YYYY-MM-DD;
-- timestamps are RFC 3339 with the user's offset.

CREATE TABLE decks (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    -- Lower-cased name: deck lookup is case-insensitive and names are unique that way.
    name_key        TEXT NOT NULL UNIQUE,
    interview_date  TEXT,
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    deck_id      INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    path         TEXT NOT NULL,
    -- FNV-1a of the bytes, to tell an unchanged document at a glance.
    content_hash TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    UNIQUE (deck_id, path)
) STRICT;

CREATE TABLE cards (
    id              INTEGER PRIMARY KEY,
    deck_id         INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    document_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    -- Stable identity for exports (Anki's GUID column) and backups.
    guid            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('question', 'talking-point', 'ask', 'skill-map', 'topic')),
    section         TEXT NOT NULL DEFAULT '',
    -- The item's own text as the document states it, and its folded form for matching.
    item_text       TEXT NOT NULL,
    match_key       TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    context         TEXT NOT NULL DEFAULT '',
    front           TEXT NOT NULL,
    back            TEXT NOT NULL DEFAULT '',
    -- The user's own words: never written by an import.
    answer          TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0,
    -- SM-2 state.
    ease            REAL NOT NULL DEFAULT 2.5 CHECK (ease >= 1.3),
    interval_days   INTEGER NOT NULL DEFAULT 0 CHECK (interval_days >= 0),
    repetitions     INTEGER NOT NULL DEFAULT 0 CHECK (repetitions >= 0),
    lapses          INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    due             TEXT,
    -- The last schedule-setting review: its day and grade (readiness is computed from them).
    last_reviewed   TEXT,
    last_grade      INTEGER CHECK (last_grade BETWEEN 0 AND 5),
    -- The day of the card's first review of any kind: new-card quotas count by it.
    first_reviewed  TEXT,
    review_count    INTEGER NOT NULL DEFAULT 0,
    suspended       INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    retired_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE INDEX cards_by_deck ON cards (deck_id, kind, position);
CREATE INDEX cards_by_due ON cards (due) WHERE due IS NOT NULL AND suspended = 0 AND retired_at IS NULL;
CREATE INDEX cards_by_document ON cards (document_id);

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    card_id         INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    reviewed_at     TEXT NOT NULL,
    review_day      TEXT NOT NULL,
    grade           INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
    -- 'review' sets the schedule; 'practice' (session repeats, cramming) does not.
    effect          TEXT NOT NULL CHECK (effect IN ('review', 'practice')),
    -- Which command gave the grade: review, drill, grade, mock.
    origin          TEXT NOT NULL,
    duration_ms     INTEGER CHECK (duration_ms >= 0),
    -- The card's schedule before and after, so a grade can be undone and checked.
    ease_before     REAL NOT NULL,
    interval_before INTEGER NOT NULL,
    reps_before     INTEGER NOT NULL,
    lapses_before   INTEGER NOT NULL,
    due_before      TEXT,
    last_reviewed_before TEXT,
    last_grade_before    INTEGER,
    first_reviewed_before TEXT,
    ease_after      REAL NOT NULL,
    interval_after  INTEGER NOT NULL,
    reps_after      INTEGER NOT NULL,
    due_after       TEXT
) STRICT;

CREATE INDEX reviews_by_card ON reviews (card_id, id);
CREATE INDEX reviews_by_day ON reviews (review_day);
