-- prepdeck schema, version 11: what a session, a search and an import read is kept where
-- it is read in order, so that showing a few cards never reads every card.

-- New cards by kind, in document order: the queue reads the first few of each kind of a
-- deck straight from here (a LIMIT per kind) instead of numbering every new card of the
-- deck. It also counts a deck's new cards, as `cards_new` did.
CREATE INDEX cards_new_by_kind ON cards (deck_id, kind, position, id)
WHERE last_reviewed IS NULL AND suspended = 0 AND retired_at IS NULL;

DROP INDEX cards_new;

-- Each card's cue (see src/domain/cue.rs), kept as its places are (0008): NULL when not
-- worked out yet, '' when the card has none. A cue depends on every active item of its
-- deck and on the deck's name, so a change to any of them marks the deck
-- (decks.cues_stale, set by the triggers below whatever code made the change); prepdeck
-- works out a marked deck's cues again before its change commits, and works them out as
-- they are read until then. An import writes a new deck's cards with their cues.
ALTER TABLE cards ADD COLUMN cue TEXT;

ALTER TABLE decks ADD COLUMN cues_stale INTEGER NOT NULL DEFAULT 0 CHECK (cues_stale IN (0, 1));

-- Every deck here already has cards whose cues are not kept yet.
UPDATE decks SET cues_stale = 1;

CREATE TRIGGER cards_cue_added AFTER INSERT ON cards
WHEN NEW.retired_at IS NULL AND NEW.cue IS NULL
BEGIN
    UPDATE decks SET cues_stale = 1 WHERE id = NEW.deck_id AND cues_stale = 0;
END;

CREATE TRIGGER cards_cue_changed AFTER UPDATE OF deck_id, kind, item_text, position, retired_at ON cards
WHEN OLD.deck_id IS NOT NEW.deck_id OR OLD.kind IS NOT NEW.kind OR OLD.item_text IS NOT NEW.item_text
    OR OLD.position IS NOT NEW.position OR (OLD.retired_at IS NULL) IS NOT (NEW.retired_at IS NULL)
BEGIN
    UPDATE decks SET cues_stale = 1 WHERE id IN (OLD.deck_id, NEW.deck_id) AND cues_stale = 0;
END;

CREATE TRIGGER cards_cue_removed AFTER DELETE ON cards
WHEN OLD.retired_at IS NULL
BEGIN
    UPDATE decks SET cues_stale = 1 WHERE id = OLD.deck_id AND cues_stale = 0;
END;

CREATE TRIGGER decks_cue_renamed AFTER UPDATE OF name ON decks
WHEN OLD.name IS NOT NEW.name
BEGIN
    UPDATE decks SET cues_stale = 1 WHERE id = NEW.id;
END;

-- The search index (card_words, 0009) no longer takes each card's words as the card is
-- written: tokenizing every card of a large import, one savepoint at a time, cost more
-- than writing the cards. A written card is listed here instead (whatever code wrote it),
-- and its words are indexed in bulk before the next search reads the index. `fresh` is 1
-- for a card whose words were never indexed (nothing to take out first).
CREATE TABLE card_words_pending (
    card_id  INTEGER PRIMARY KEY,
    fresh    INTEGER NOT NULL CHECK (fresh IN (0, 1))
) STRICT;

DROP TRIGGER card_words_added;
DROP TRIGGER card_words_changed;
DROP TRIGGER card_words_removed;

CREATE TRIGGER card_words_added AFTER INSERT ON cards BEGIN
    INSERT INTO card_words_pending (card_id, fresh) VALUES (NEW.id, 1)
    ON CONFLICT (card_id) DO UPDATE SET fresh = 0;
END;

CREATE TRIGGER card_words_changed AFTER UPDATE OF item_text, detail, answer, context, section, own_front, own_back
ON cards
WHEN OLD.item_text IS NOT NEW.item_text OR OLD.detail IS NOT NEW.detail OR OLD.answer IS NOT NEW.answer
    OR OLD.context IS NOT NEW.context OR OLD.section IS NOT NEW.section OR OLD.own_front IS NOT NEW.own_front
    OR OLD.own_back IS NOT NEW.own_back
BEGIN
    INSERT INTO card_words_pending (card_id, fresh) VALUES (NEW.id, 0)
    ON CONFLICT (card_id) DO NOTHING;
END;

CREATE TRIGGER card_words_removed AFTER DELETE ON cards BEGIN
    DELETE FROM card_words WHERE rowid = OLD.id
        AND NOT EXISTS (SELECT 1 FROM card_words_pending WHERE card_id = OLD.id AND fresh = 1);
    DELETE FROM card_words_pending WHERE card_id = OLD.id;
END;

-- What every file of a folder import looks up, found through an index rather than by
-- reading every document or deck (with thousands of files, once per file): a document by
-- its path, and whether any deck is marked for renumbering or for its cues.
CREATE INDEX documents_by_path ON documents (path);
CREATE INDEX decks_lists_stale ON decks (id) WHERE lists_stale;
CREATE INDEX decks_cues_stale ON decks (id) WHERE cues_stale;
