#!/usr/bin/env python3
"""prepdeck beside Anki's own library at 100k cards. Run by hand, never in CI.

Runs the whole-process benchmark (benches/whole_process.rs) at 100,000 cards, keeping its
database, then measures Anki's library in-process on the same cards:

* import: prepdeck's `import` of the 100 generated profiles into a new database (whole
  process, cold), against Anki importing the same cards' text into a new collection
  through its text/CSV import (`get_csv_metadata` + `import_csv`). The text is prepdeck's
  own `export --format anki` of those cards (deck, GUID, front, back and tags columns), so
  both sides parse a text file and write 100,000 cards in 100 decks: this is the import a
  user moving between the two would run. Anki's note-by-note API (`add_notes`) is timed
  too, for reference only: it skips parsing.
* first card: prepdeck's `due --json` (whole process: start-up, opening the database,
  building today's whole queue and printing it) against Anki's `get_queued_cards()` on a
  freshly opened collection holding the same cards with the same schedule and the same
  ~1M review log rows (Anki's v3 scheduler builds the day's whole queue there, over the
  parent deck of the 100 decks). Opening the collection is not counted on Anki's side
  (it is printed separately); prepdeck's figure includes its whole process.

Setup (Anki's code and packages are never committed):

    python3 -m venv ~/anki-venv && ~/anki-venv/bin/pip install anki
    ~/anki-venv/bin/python benches/anki_compare.py --runs 9

`--from FILE` reads a saved output of `cargo bench --bench whole_process -- 100000 --keep`
(stdout and stderr) instead of running it, so Anki's side can be re-measured alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "prepdeck"
# The day the benchmark's history leads up to (its PREPDECK_NOW).
BENCH_TODAY = dt.date(2026, 6, 1)


def spread(seconds: list[float]) -> tuple[float, float, float]:
    """Median, minimum and maximum, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return statistics.median(ms), min(ms), max(ms)


def show(ms: tuple[float, float, float]) -> str:
    median, low, high = ms
    return f"{median:9.2f} ms ({low:.2f}–{high:.2f})"


def run_prepdeck_bench(runs: int) -> str:
    command = ["cargo", "bench", "--bench", "whole_process", "--", "100000", "--runs", str(runs), "--keep"]
    print("running:", " ".join(command), file=sys.stderr)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def prepdeck_figures(output: str) -> tuple[Path, dict[str, tuple[float, float, float]]]:
    kept = re.search(r"\(keeping (\S+)\)", output)
    if not kept:
        sys.exit("the benchmark output names no kept folder: run it with --keep")
    figures = {}
    for what in ["import (cold)", "due --json"]:
        line = re.search(
            rf"100000\s+{re.escape(what)}\s+([\d.]+)ms\s+\(([\d.]+)[–-]([\d.]+)\)", output
        )
        if not line:
            sys.exit(f"no 100000-card line for {what!r} in the benchmark output")
        figures[what] = tuple(float(x) for x in line.groups())
    return Path(kept.group(1)), figures


def export_anki_text(kept: Path) -> Path:
    text = kept / "anki.txt"
    if not text.exists():
        subprocess.run(
            [BIN, "--db", kept / "bench.db", "export", "--format", "anki", "--all-decks", "-o", text],
            check=True,
            capture_output=True,
        )
    return text


def csv_import(col, text: Path) -> int:
    metadata = col.get_csv_metadata(str(text), None)
    from anki.import_export_pb2 import ImportCsvRequest

    log = col.import_csv(ImportCsvRequest(path=str(text), metadata=metadata))
    return len(log.log.new)


def time_csv_import(text: Path, runs: int) -> list[float]:
    from anki.collection import Collection

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            col = Collection(os.path.join(folder, "collection.anki2"))
            started = time.perf_counter()
            added = csv_import(col, text)
            times.append(time.perf_counter() - started)
            col.close()
            assert added == 100_000, f"Anki imported {added} notes"
    return times


def read_export(text: Path) -> list[tuple[str, str, str, str]]:
    """(deck, guid, front, back) of each row of prepdeck's Anki export (no field in the
    generated profiles is quoted)."""
    rows = []
    for line in text.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        deck, guid, front, back, _tags = line.split("\t")
        rows.append((deck, guid, front, back))
    return rows


def time_add_notes(text: Path, runs: int) -> list[float]:
    from anki.collection import AddNoteRequest, Collection

    rows = read_export(text)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            col = Collection(os.path.join(folder, "collection.anki2"))
            started = time.perf_counter()
            basic = col.models.by_name("Basic")
            decks: dict[str, int] = {}
            requests = []
            for deck, guid, front, back in rows:
                if deck not in decks:
                    decks[deck] = col.decks.id(deck)
                note = col.new_note(basic)
                note.guid = guid
                note.fields[0] = front
                note.fields[1] = back
                requests.append(AddNoteRequest(note=note, deck_id=decks[deck]))
            col.add_notes(requests)
            times.append(time.perf_counter() - started)
            assert col.card_count() == 100_000
            col.close()
    return times


def anki_day(day: str, today: int) -> int:
    return today + (dt.date.fromisoformat(day) - BENCH_TODAY).days


def build_history_collection(kept: Path, text: Path, path: str) -> tuple[int, int]:
    """A collection with prepdeck's cards, their schedules and their review log, with
    prepdeck's benchmark day mapped onto Anki's today. Returns (cards due, log rows).
    The schedules and the log are written with Python's sqlite3 into the closed
    collection (through Anki's own database calls a million rows take minutes)."""
    from anki.collection import Collection

    col = Collection(path)
    csv_import(col, text)
    today = col.sched.today
    col.decks.set_current(col.decks.id_for_name("prepdeck"))
    col.close()

    now_ms = int(time.time() * 1000)
    day_ms = 86_400_000
    anki = sqlite3.connect(path)
    card_of = dict(anki.execute("select n.guid, c.id from cards c join notes n on n.id = c.nid"))
    bench = sqlite3.connect(kept / "bench.db")
    card_rows = []
    id_of: dict[int, int] = {}
    for pid, guid, ease, ivl, reps, lapses, due in bench.execute(
        "select id, guid, ease, interval_days, repetitions, lapses, due from cards"
    ):
        cid = card_of[f"prepdeck-{guid}"]
        id_of[pid] = cid
        if due is None:
            continue
        card_rows.append(
            (anki_day(due, today), max(ivl, 1), int(round(ease * 1000)), reps, lapses, cid)
        )
    anki.executemany(
        "update cards set type = 2, queue = 2, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ? where id = ?",
        card_rows,
    )
    # SM-2 grades 0-5 as Anki's buttons: below 3 is Again, then Hard, Good, Easy.
    button = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
    log = []
    for rid, pid, day, grade, ms, ivl_before, ivl_after, ease_after in bench.execute(
        "select id, card_id, review_day, grade, duration_ms, interval_before, interval_after, ease_after from reviews"
    ):
        days_ago = (BENCH_TODAY - dt.date.fromisoformat(day)).days
        # Unique ids (Anki's are milliseconds): the day, plus the review's own number.
        stamp = now_ms - (days_ago + 1) * day_ms + rid
        kind = 0 if ivl_before == 0 else 1
        log.append(
            (stamp, id_of[pid], button[grade], ivl_after, ivl_before, int(round(ease_after * 1000)), ms or 0, kind)
        )
    anki.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?, ?, -1, ?, ?, ?, ?, ?, ?)",
        log,
    )
    due = anki.execute("select count() from cards where queue = 2 and due <= ?", (today,)).fetchone()[0]
    anki.commit()
    anki.close()
    return due, len(log)


def time_first_card(path: str, runs: int) -> tuple[list[float], list[float], int]:
    from anki.collection import Collection

    first, opening = [], []
    shown = 0
    for _ in range(runs):
        started = time.perf_counter()
        col = Collection(path)
        opened = time.perf_counter()
        queued = col.sched.get_queued_cards()
        done = time.perf_counter()
        assert queued.cards, "Anki has no card to show"
        shown = queued.review_count
        opening.append(opened - started)
        first.append(done - opened)
        col.close()
    return first, opening, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each figure (default 9)")
    parser.add_argument("--from", dest="saved", type=Path, help="a saved whole_process output to read")
    args = parser.parse_args()

    output = args.saved.read_text() if args.saved else run_prepdeck_bench(args.runs)
    print(output.rstrip())
    kept, prepdeck = prepdeck_figures(output)
    text = export_anki_text(kept)

    import anki.buildinfo

    print(f"Anki {anki.buildinfo.version}: median of {args.runs} runs (min–max)", file=sys.stderr)
    anki_import = spread(time_csv_import(text, min(args.runs, 5)))
    add_notes = spread(time_add_notes(text, min(args.runs, 3)))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "history.anki2")
        due, logged = build_history_collection(kept, text, path)
        first, opening, shown = time_first_card(path, args.runs)
    first, opening = spread(first), spread(opening)

    print(f"100,000 cards in 100 decks; {logged:,} review-log rows, {due:,} cards due (Anki counts {shown} to show)")
    print(f"{'':34}{'prepdeck':>30}{'Anki':>30}{'ratio':>8}")
    rows = [
        ("import (cold)", prepdeck["import (cold)"], anki_import),
        ("first card (due --json)", prepdeck["due --json"], first),
    ]
    for what, ours, theirs in rows:
        print(f"{what:34}{show(ours):>30}{show(theirs):>30}{ours[0] / theirs[0]:>7.2f}×")
    print(f"{'Anki add_notes (no parsing)':34}{'':30}{show(add_notes):>30}")
    print(f"{'Anki opening the collection':34}{'':30}{show(opening):>30}")


if __name__ == "__main__":
    main()
