-- prepdeck schema, version 7: the story bank. A story is a prepared answer kept once and
-- linked to any number of question cards in any decks; a linked card's back shows it.

CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    -- Stable identity across backups and machines.
    guid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    -- Lower-cased name: story names are unique in any case, and looked up that way.
    name_key    TEXT NOT NULL UNIQUE,
    body        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE story_links (
    story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    card_id    INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    linked_at  TEXT NOT NULL,
    PRIMARY KEY (story_id, card_id)
) STRICT, WITHOUT ROWID;

-- A card's stories, read with the card.
CREATE INDEX story_links_by_card ON story_links (card_id);
