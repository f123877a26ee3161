-- prepdeck schema, version 9: material beyond company profiles, cards in the user's own
-- words, tags, full-text search, and a daily study budget.

-- Tags on cards, from imports (Anki, CSV) and by hand. A card carries a tag once, in any
-- case: `Systems` and `systems` are one tag, kept as first written.
CREATE TABLE card_tags (
    card_id  INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    tag      TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) BETWEEN 1 AND 200),
    PRIMARY KEY (card_id, tag)
) STRICT, WITHOUT ROWID;

-- Listing a tag's cards, and counting each tag's.
CREATE INDEX card_tags_by_tag ON card_tags (tag, card_id);

-- The user's own front and back for a card (`prepdeck edit`): shown instead of the texts
-- composed from its document, never written by an import. NULL: the document's text.
ALTER TABLE cards ADD COLUMN own_front TEXT;
ALTER TABLE cards ADD COLUMN own_back TEXT;

-- 1 for a card added by hand (`prepdeck add`): no document holds it, so no import
-- retires or changes it.
ALTER TABLE cards ADD COLUMN by_hand INTEGER NOT NULL DEFAULT 0 CHECK (by_hand IN (0, 1));

-- A deck's daily study budget in minutes (`interview DECK DATE --minutes N`); NULL
-- follows the config file's `daily_minutes`, or no budget.
ALTER TABLE decks ADD COLUMN daily_minutes INTEGER CHECK (daily_minutes BETWEEN 1 AND 1440);

-- Full-text search (`cards --search`) over what each card says: its item or the user's
-- own front, the document's back or the user's own back, the user's answer, and the
-- document's context and section. Contentless (the words live in `cards`), with deletes
-- so that the triggers below keep it in step whatever code writes a card.
CREATE VIRTUAL TABLE card_words USING fts5(
    front, back, answer, context,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER card_words_added AFTER INSERT ON cards BEGIN
    INSERT INTO card_words (rowid, front, back, answer, context)
    VALUES (
        NEW.id,
        NEW.item_text || ' ' || coalesce(NEW.own_front, ''),
        NEW.detail || ' ' || coalesce(NEW.own_back, ''),
        NEW.answer,
        NEW.context || ' ' || NEW.section
    );
END;

CREATE TRIGGER card_words_changed AFTER UPDATE OF item_text, detail, answer, context, section, own_front, own_back
ON cards BEGIN
    DELETE FROM card_words WHERE rowid = OLD.id;
    INSERT INTO card_words (rowid, front, back, answer, context)
    VALUES (
        NEW.id,
        NEW.item_text || ' ' || coalesce(NEW.own_front, ''),
        NEW.detail || ' ' || coalesce(NEW.own_back, ''),
        NEW.answer,
        NEW.context || ' ' || NEW.section
    );
END;

CREATE TRIGGER card_words_removed AFTER DELETE ON cards BEGIN
    DELETE FROM card_words WHERE rowid = OLD.id;
END;

-- Stories' names and texts: a card matches through the stories linked to it.
CREATE VIRTUAL TABLE story_words USING fts5(
    name, body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER story_words_added AFTER INSERT ON stories BEGIN
    INSERT INTO story_words (rowid, name, body) VALUES (NEW.id, NEW.name, NEW.body);
END;

CREATE TRIGGER story_words_changed AFTER UPDATE OF name, body ON stories BEGIN
    DELETE FROM story_words WHERE rowid = OLD.id;
    INSERT INTO story_words (rowid, name, body) VALUES (NEW.id, NEW.name, NEW.body);
END;

CREATE TRIGGER story_words_removed AFTER DELETE ON stories BEGIN
    DELETE FROM story_words WHERE rowid = OLD.id;
END;

-- The words of the cards and stories already here.
INSERT INTO card_words (rowid, front, back, answer, context)
SELECT id, item_text, detail, answer, context || ' ' || section FROM cards;

INSERT INTO story_words (rowid, name, body) SELECT id, name, body FROM stories;
