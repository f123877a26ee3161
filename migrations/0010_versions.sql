-- prepdeck schema, version 10: two machines, one history (SPEC §7).
--
-- Every value the user edits (an answer, an own front or back, suspension, a tag, a story,
-- a story's link, a deck's name, interview date, budget and scheduler, the settings) is a
-- register, and each change of it a version: its value (JSON text; NULL for a clear or a
-- removal, a tombstone), when it was made (UTC, to the millisecond, so text order is time
-- order) and the machine that made it. A register shows its winning version: the greatest
-- by time, then machine, then value. Merging a backup is the union of the two sets of
-- versions, so merges in any order give the same values, and a removal stays removed.
CREATE TABLE versions (
    subject     TEXT NOT NULL,
    key         TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT,
    changed_at  TEXT NOT NULL,
    machine     TEXT NOT NULL,
    PRIMARY KEY (subject, key, field, changed_at, machine)
) STRICT, WITHOUT ROWID;

-- This database's machine: a random name made once; every version made here carries it.
INSERT OR IGNORE INTO settings (key, value) VALUES ('machine', lower(hex(randomblob(8))));

-- A deck's identity across machines, as a card's guid is: given to every deck, the ones
-- here and every one made later by whatever writes it.
ALTER TABLE decks ADD COLUMN guid TEXT NOT NULL DEFAULT '';
UPDATE decks SET guid = lower(hex(randomblob(10)));
CREATE UNIQUE INDEX decks_by_guid ON decks (guid);
CREATE TRIGGER decks_given_guid AFTER INSERT ON decks WHEN NEW.guid = '' BEGIN
    UPDATE decks SET guid = lower(hex(randomblob(10))) WHERE id = NEW.id;
END;

-- Guids found to name one card, deck or story (the same document imported on two
-- machines, matched by text): every guid is read as the smallest of those it is linked
-- to. A set that only grows, carried in backups.
CREATE TABLE aliases (
    alias      TEXT NOT NULL,
    canonical  TEXT NOT NULL,
    PRIMARY KEY (alias, canonical)
) STRICT, WITHOUT ROWID;

-- When a card's text as its document gives it (section, item, detail, context, place,
-- retirement) last changed; NULL: when it was made. A merge keeps the later of two.
ALTER TABLE cards ADD COLUMN content_at TEXT;
CREATE TRIGGER cards_content_changed AFTER UPDATE OF section, item_text, detail, context, position, retired_at ON cards
WHEN NEW.by_hand = 0 AND NEW.content_at IS OLD.content_at
    AND (OLD.section IS NOT NEW.section OR OLD.item_text IS NOT NEW.item_text OR OLD.detail IS NOT NEW.detail
        OR OLD.context IS NOT NEW.context OR OLD.position IS NOT NEW.position
        OR OLD.retired_at IS NOT NEW.retired_at)
BEGIN
    UPDATE cards SET content_at = NEW.updated_at WHERE id = NEW.id;
END;

-- The values already set here become this machine's versions, dated when their rows last
-- changed (or now, for values whose rows keep no time), so a database from before this
-- version takes part in merges, and an older backup never undoes what it holds.
CREATE TEMP VIEW migrating_machine AS SELECT value AS machine FROM settings WHERE key = 'machine';

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'card', guid, 'answer', json_quote(trim(answer, ' ' || char(9) || char(10) || char(13))),
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM cards WHERE trim(answer, ' ' || char(9) || char(10) || char(13)) != '';

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'card', guid, 'front', json_quote(own_front),
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM cards WHERE own_front IS NOT NULL AND by_hand = 0;

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'card', guid, 'back', json_quote(own_back),
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM cards WHERE own_back IS NOT NULL AND by_hand = 0;

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'card', guid, 'suspended', 'true',
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM cards WHERE suspended = 1;

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'tag', c.guid || char(9) || lower(t.tag), 'present', json_quote(t.tag),
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', c.updated_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM card_tags t JOIN cards c ON c.id = t.card_id;

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'story', guid, field, value,
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM (
    SELECT guid, 'present' AS field, 'true' AS value, created_at AS at FROM stories
    UNION ALL SELECT guid, 'name', json_quote(name), updated_at FROM stories
    UNION ALL SELECT guid, 'body', json_quote(trim(body, ' ' || char(9) || char(10) || char(13))), updated_at FROM stories
        WHERE trim(body, ' ' || char(9) || char(10) || char(13)) != ''
);

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'link', s.guid || char(9) || c.guid, 'present', 'true',
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', l.linked_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM story_links l JOIN stories s ON s.id = l.story_id JOIN cards c ON c.id = l.card_id;

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'deck', guid, 'name', json_quote(name),
    coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (SELECT machine FROM migrating_machine)
FROM decks;

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'deck', guid, field, value, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT machine FROM migrating_machine)
FROM (
    SELECT guid, 'interview' AS field, json_quote(interview_date) AS value FROM decks WHERE interview_date IS NOT NULL
    UNION ALL SELECT guid, 'daily_minutes', CAST(daily_minutes AS TEXT) FROM decks WHERE daily_minutes IS NOT NULL
    UNION ALL SELECT guid, 'scheduler', json_quote(scheduler) FROM decks WHERE scheduler IS NOT NULL
);

INSERT INTO versions (subject, key, field, value, changed_at, machine)
SELECT 'settings', '', field, value, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT machine FROM migrating_machine)
FROM (
    SELECT 'scheduler' AS field, json_quote(value) AS value FROM settings WHERE key = 'scheduler'
    UNION ALL SELECT 'desired_retention', value FROM settings WHERE key = 'desired_retention'
    UNION ALL SELECT 'fsrs_parameters', json_object(
            'parameters', json(value),
            'fitted_on', (SELECT value FROM settings WHERE key = 'fsrs_fitted_on'),
            'fitted_from', (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'fsrs_fitted_from'))
        FROM settings WHERE key = 'fsrs_parameters'
);

DROP VIEW migrating_machine;
