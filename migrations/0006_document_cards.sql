-- prepdeck schema, version 6: which documents hold which cards. One deck may be fed by
-- several documents (an edited copy beside the original, say); a card is held by every
-- document of its deck that has its item, and is retired only when none holds it. A
-- card's `document_id` stays what it was: the document that last gave it its wording.

CREATE TABLE document_cards (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    card_id      INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, card_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX document_cards_by_card ON document_cards (card_id);

-- Until now each card had one document, and a retired card was held by none.
INSERT INTO document_cards (document_id, card_id)
SELECT document_id, id FROM cards WHERE document_id IS NOT NULL AND retired_at IS NULL;
