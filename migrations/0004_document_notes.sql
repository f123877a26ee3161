-- prepdeck schema, version 4: a document's notes, the sections that are not cards but
-- belong on its prep sheet (the keywords to emphasize, the company's mission and values),
-- as the document words them. An import rewrites a document's notes whole.

CREATE TABLE document_notes (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    -- Place among the document's note entries, in document order.
    position     INTEGER NOT NULL,
    topic        TEXT NOT NULL CHECK (topic IN ('keywords', 'values')),
    heading      TEXT NOT NULL,
    depth        INTEGER NOT NULL CHECK (depth >= 0),
    entry        TEXT NOT NULL,
    PRIMARY KEY (document_id, position)
) STRICT;
