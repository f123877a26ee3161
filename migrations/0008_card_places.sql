-- prepdeck schema, version 8: a card keeps its place in its list, and kinds are checked
-- by comparisons.
--
-- A talking point's or question to ask's place is its number among the cards of its
-- deck, document, kind and section that are not retired, in document order (position,
-- then id), and how many those are: its front shows both. They were numbered over every
-- deck in scope whenever cards were read; now each card keeps them (list_number of
-- list_size; NULL for other kinds and for retired cards). A change to where cards sit
-- marks their deck (decks.lists_stale, set by the triggers below, whatever code made the
-- change); prepdeck renumbers marked decks before the change commits, and numbers a
-- marked deck's cards as they are read until then.
--
-- The cards table is rebuilt because of its kind CHECK: SQLite builds a temporary index
-- for an IN list of more than two values inside a CHECK for every row written, which cost
-- about as much as the rest of an imported row. The same rule is written as comparisons.
-- As in 0003, the table is copied aside rather than renamed (a rename rewrites the stored
-- CREATE statement) and every id is kept; the runner turns foreign keys off around this
-- step and checks them before committing.

CREATE TABLE migrating_cards AS SELECT
    id, deck_id, document_id, guid, kind, section, item_text, detail, context, answer, position,
    ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed, review_count,
    suspended, retired_at, created_at, updated_at, stability, difficulty, memory_day
FROM cards;

-- Its indexes go with it.
DROP TABLE cards;

CREATE TABLE cards (
    id              INTEGER PRIMARY KEY,
    deck_id         INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    document_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    -- Stable identity for exports (Anki's GUID column) and backups.
    guid            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (
        kind = 'question' OR kind = 'talking-point' OR kind = 'ask' OR kind = 'skill-map' OR kind = 'topic'
    ),
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
    updated_at      TEXT NOT NULL,
    -- FSRS memory after the last review of any kind (see 0005).
    stability       REAL CHECK (stability > 0),
    difficulty      REAL CHECK (difficulty BETWEEN 1 AND 10),
    memory_day      TEXT,
    -- The card's place in its list (see above).
    list_number     INTEGER CHECK (list_number >= 1),
    list_size       INTEGER CHECK (list_size >= list_number)
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
    suspended, retired_at, created_at, updated_at, stability, difficulty, memory_day, list_number, list_size
)
SELECT
    m.id, m.deck_id, m.document_id, m.guid, m.kind, m.section, m.item_text, m.detail, m.context, m.answer,
    m.position, m.ease, m.interval_days, m.repetitions, m.lapses, m.due, m.last_reviewed, m.last_grade,
    m.first_reviewed, m.review_count, m.suspended, m.retired_at, m.created_at, m.updated_at, m.stability,
    m.difficulty, m.memory_day, p.number, p.size
FROM migrating_cards m LEFT JOIN (
    SELECT id,
        row_number() OVER list AS number,
        count(*) OVER (PARTITION BY deck_id, document_id, kind, section) AS size
    FROM migrating_cards
    WHERE retired_at IS NULL AND kind IN ('talking-point', 'ask')
    WINDOW list AS (PARTITION BY deck_id, document_id, kind, section ORDER BY position, id)
) p ON p.id = m.id
ORDER BY m.id;

DROP TABLE migrating_cards;

-- 1 while a change to the deck's cards has not been renumbered.
ALTER TABLE decks ADD COLUMN lists_stale INTEGER NOT NULL DEFAULT 0 CHECK (lists_stale IN (0, 1));

-- A card placed in a list. A writer that sets the place itself (an import numbering the
-- cards of a new deck as it writes them) answers for the places of that whole deck.
CREATE TRIGGER cards_listed AFTER INSERT ON cards
WHEN NEW.list_number IS NULL AND NEW.retired_at IS NULL AND NEW.kind IN ('talking-point', 'ask')
BEGIN
    UPDATE decks SET lists_stale = 1 WHERE id = NEW.deck_id AND lists_stale = 0;
END;

-- A card moved, retired or brought back.
CREATE TRIGGER cards_moved AFTER UPDATE OF deck_id, document_id, kind, section, position, retired_at ON cards
WHEN (OLD.kind IN ('talking-point', 'ask') OR NEW.kind IN ('talking-point', 'ask'))
    AND (OLD.deck_id IS NOT NEW.deck_id OR OLD.document_id IS NOT NEW.document_id OR OLD.kind IS NOT NEW.kind
        OR OLD.section IS NOT NEW.section OR OLD.position IS NOT NEW.position
        OR (OLD.retired_at IS NULL) IS NOT (NEW.retired_at IS NULL))
BEGIN
    UPDATE decks SET lists_stale = 1 WHERE id IN (OLD.deck_id, NEW.deck_id) AND lists_stale = 0;
END;

-- A card removed from its list.
CREATE TRIGGER cards_unlisted AFTER DELETE ON cards
WHEN OLD.retired_at IS NULL AND OLD.kind IN ('talking-point', 'ask')
BEGIN
    UPDATE decks SET lists_stale = 1 WHERE id = OLD.deck_id AND lists_stale = 0;
END;
