-- prepdeck schema, version 5: FSRS beside SM-2.
--
-- A deck's scheduler, 'sm2' or 'fsrs'; NULL follows the database's default (settings).
ALTER TABLE decks ADD COLUMN scheduler TEXT CHECK (scheduler IN ('sm2', 'fsrs'));

-- Settings for the whole database: the default scheduler ('scheduler'), FSRS's fitted
-- parameters ('fsrs_parameters', a JSON array), its desired retention
-- ('desired_retention'), and when and from how many reviews the parameters were fitted.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- Each card's memory as FSRS models it after its last review of any kind: stability
-- (days until recall falls to 90%), difficulty (1-10) and the day of that review. Derived
-- from the review log, kept by every grade whatever the deck's scheduler; NULL for a card
-- never reviewed, or one whose history predates this version (prepdeck then estimates it
-- from SM-2 until `prepdeck scheduler` or `prepdeck optimize` replays the log).
ALTER TABLE cards ADD COLUMN stability REAL CHECK (stability > 0);
ALTER TABLE cards ADD COLUMN difficulty REAL CHECK (difficulty BETWEEN 1 AND 10);
ALTER TABLE cards ADD COLUMN memory_day TEXT;

-- The memory before each grade, so that a grade can be undone.
ALTER TABLE reviews ADD COLUMN stability_before REAL;
ALTER TABLE reviews ADD COLUMN difficulty_before REAL;
ALTER TABLE reviews ADD COLUMN memory_day_before TEXT;
