-- prepdeck schema, version 3: cards keep the item, not its composed texts; each review
-- names its deck; each deck's reviews per day are kept by triggers on the log.
--
-- Version 2 databases come in more than one shape: these changes were first made by
-- editing 0001 after 0002 had landed, so a database made before that edit has the cards
-- and reviews of the original 0001 and no deck_days, and one made after it has today's
-- tables. This step rebuilds cards, reviews and deck_days from the columns every shape
-- has, keeping every id (mock_answers points at cards and reviews by id), so any of
-- them ends with the same schema as a new database.
--
-- The runner turns foreign keys off around this step (with them on, dropping cards would
-- delete every row that points to it) and runs foreign_key_check before committing.
-- Tables are moved aside by copying, not by ALTER TABLE ... RENAME: a rename rewrites
-- the stored CREATE statement (a quoted name), so a migrated database would differ in
-- its schema text from a new one.

CREATE TABLE migrating_cards AS SELECT
    id, deck_id, document_id, guid, kind, section, item_text, detail, context, answer, position,
    ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed, review_count,
    suspended, retired_at, created_at, updated_at
FROM cards;

CREATE TABLE migrating_reviews AS SELECT
    id, card_id, reviewed_at, review_day, grade, effect, origin, duration_ms, ease_before,
    interval_before, reps_before, lapses_before, due_before, last_reviewed_before, last_grade_before,
    first_reviewed_before, ease_after, interval_after, reps_after, due_after
FROM reviews;

-- Their indexes and the triggers on reviews go with them, whichever shape made them.
DROP TABLE reviews;
DROP TABLE cards;
DROP TABLE IF EXISTS deck_days;

CREATE TABLE cards (
    id              INTEGER PRIMARY KEY,
    deck_id         INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    document_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    -- Stable identity for exports (Anki's GUID column) and backups.
    guid            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('question', 'talking-point', 'ask', 'skill-map', 'topic')),
    section         TEXT NOT NULL DEFAULT '',
    -- The item as the document states it: its own text (the question, the talking
    -- point, their requirement), a skill-map item's skill and talking point, and notes
    -- (nested bullets, source links). A card's front and back are composed from these
    -- when it is read, so they are not stored twice.
    item_text       TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    context         TEXT NOT NULL DEFAULT '',
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

-- Listing a deck in document order.
CREATE INDEX cards_by_deck ON cards (deck_id, position);
-- The daily queue: due cards by day, new cards per deck in document order, and the cards
-- first seen today (they count against today's new-card quota).
CREATE INDEX cards_due ON cards (due, deck_id, position) WHERE due IS NOT NULL AND suspended = 0 AND retired_at IS NULL;
CREATE INDEX cards_new ON cards (deck_id, position) WHERE last_reviewed IS NULL AND suspended = 0 AND retired_at IS NULL;
CREATE INDEX cards_first_seen ON cards (first_reviewed) WHERE first_reviewed IS NOT NULL;

INSERT INTO cards (
    id, deck_id, document_id, guid, kind, section, item_text, detail, context, answer, position,
    ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed, review_count,
    suspended, retired_at, created_at, updated_at
)
SELECT
    id, deck_id, document_id, guid, kind, section, item_text, detail, context, answer, position,
    ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed, review_count,
    suspended, retired_at, created_at, updated_at
FROM migrating_cards ORDER BY id;

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    card_id         INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    -- The card's deck, kept here so per-deck history is read without touching cards.
    deck_id         INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
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

-- A review's deck is its card's (a card never changes deck).
INSERT INTO reviews (
    id, card_id, deck_id, reviewed_at, review_day, grade, effect, origin, duration_ms, ease_before,
    interval_before, reps_before, lapses_before, due_before, last_reviewed_before, last_grade_before,
    first_reviewed_before, ease_after, interval_after, reps_after, due_after
)
SELECT
    r.id, r.card_id, (SELECT c.deck_id FROM cards c WHERE c.id = r.card_id), r.reviewed_at, r.review_day,
    r.grade, r.effect, r.origin, r.duration_ms, r.ease_before, r.interval_before, r.reps_before, r.lapses_before,
    r.due_before, r.last_reviewed_before, r.last_grade_before, r.first_reviewed_before, r.ease_after,
    r.interval_after, r.reps_after, r.due_after
FROM migrating_reviews r ORDER BY r.id;

-- Each deck's reviews per day, kept by triggers on the log: stats read a month of these
-- rows instead of a million log rows.
CREATE TABLE deck_days (
    deck_id       INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    day           TEXT NOT NULL,
    reviews       INTEGER NOT NULL,
    -- Graded 3 or more.
    passed        INTEGER NOT NULL,
    -- Reviews that recorded how long the answer took, and their total.
    timed         INTEGER NOT NULL,
    milliseconds  INTEGER NOT NULL,
    PRIMARY KEY (deck_id, day)
) STRICT, WITHOUT ROWID;

CREATE INDEX deck_days_by_day ON deck_days (day);

-- The totals the triggers below would have kept, counted from the log once; the triggers
-- are created after this so the copied log is not counted twice.
INSERT INTO deck_days (deck_id, day, reviews, passed, timed, milliseconds)
SELECT deck_id, review_day, count(*), sum(grade >= 3), sum(duration_ms IS NOT NULL), sum(coalesce(duration_ms, 0))
FROM reviews GROUP BY deck_id, review_day;

CREATE TRIGGER deck_days_count AFTER INSERT ON reviews BEGIN
    INSERT INTO deck_days (deck_id, day, reviews, passed, timed, milliseconds)
    VALUES (NEW.deck_id, NEW.review_day, 1, NEW.grade >= 3, NEW.duration_ms IS NOT NULL, coalesce(NEW.duration_ms, 0))
    ON CONFLICT (deck_id, day) DO UPDATE SET
        reviews = reviews + 1,
        passed = passed + (NEW.grade >= 3),
        timed = timed + (NEW.duration_ms IS NOT NULL),
        milliseconds = milliseconds + coalesce(NEW.duration_ms, 0);
END;

CREATE TRIGGER deck_days_uncount AFTER DELETE ON reviews BEGIN
    UPDATE deck_days SET
        reviews = reviews - 1,
        passed = passed - (OLD.grade >= 3),
        timed = timed - (OLD.duration_ms IS NOT NULL),
        milliseconds = milliseconds - coalesce(OLD.duration_ms, 0)
    WHERE deck_id = OLD.deck_id AND day = OLD.review_day;
    DELETE FROM deck_days WHERE deck_id = OLD.deck_id AND day = OLD.review_day AND reviews <= 0;
END;

DROP TABLE migrating_reviews;
DROP TABLE migrating_cards;
