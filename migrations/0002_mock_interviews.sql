-- prepdeck schema, version 2: mock interviews. A run draws questions from one deck and
-- times each spoken answer; the self-grades given at the end are ordinary reviews (origin
-- 'mock'), linked from each answer.

CREATE TABLE mock_runs (
    id             INTEGER PRIMARY KEY,
    deck_id        INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    started_at     TEXT NOT NULL,
    run_day        TEXT NOT NULL,
    seed           INTEGER NOT NULL,
    limit_seconds  INTEGER NOT NULL CHECK (limit_seconds > 0),
    -- 1 once every drawn question was answered and graded.
    completed      INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1))
) STRICT;

CREATE TABLE mock_answers (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES mock_runs(id) ON DELETE CASCADE,
    card_id     INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    elapsed_ms  INTEGER NOT NULL CHECK (elapsed_ms >= 0),
    timed_out   INTEGER NOT NULL CHECK (timed_out IN (0, 1)),
    review_id   INTEGER REFERENCES reviews(id) ON DELETE SET NULL
) STRICT;

CREATE INDEX mock_runs_by_deck ON mock_runs (deck_id);
CREATE INDEX mock_answers_by_run ON mock_answers (run_id);
