#!/usr/bin/env python3
"""prepdeck beside Anki's own library, workload by workload. Run by hand, never in CI.

Runs the whole-process benchmark (benches/whole_process.rs) with its data kept, then
measures Anki's Python library (anki==26.9.3) in-process on the same cards, and prints
one table: each workload's prepdeck figure (whole process), Anki's, their ratio and the
target. See benches/README.md for what each row compares and why.

    python3 benches/anki_compare.py                                # 10k and 100k cards
    python3 benches/anki_compare.py --sizes 10000,100000,1000000 --runs 5
    python3 benches/anki_compare.py --from /tmp/prepdeck-bench      # Anki's side again

Anki's library is installed into a virtual environment of its own (~/anki-venv, or
$PREPDECK_ANKI_VENV; made on first use; nothing of it is kept in this repository), and
the script runs itself again
with that environment's Python. Each Anki measurement runs in a fresh child process, so
that its peak memory (the child's largest resident set, Python and Anki's Rust core
included) is that operation's alone. Times are taken around the library call only:
starting Python and opening the collection are not counted on Anki's side, while
prepdeck's figures are whole processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANKI_VERSION = "26.9.3"
VENV = Path(os.environ.get("PREPDECK_ANKI_VENV", Path.home() / "anki-venv"))
# The day the benchmark's history leads up to (its PREPDECK_NOW).
BENCH_TODAY = dt.date(2026, 6, 1)
# The words the benchmark searches for (SEARCH in whole_process.rs).
SEARCH = "shard roadm 17"


def ensure_anki() -> None:
    """Runs this script again under the virtual environment's Python, making it first."""
    if os.environ.get("PREPDECK_ANKI_CHILD") or Path(sys.prefix).resolve() == VENV.resolve():
        return
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"making {VENV} with anki=={ANKI_VERSION} (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"anki=={ANKI_VERSION}"], check=True)
    os.execv(str(python), [str(python), *sys.argv])


# ---------------------------------------------------------------------------------------
# Child processes: one Anki operation each, printing its times and its peak memory.


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def open_collection(path: str):
    from anki.collection import Collection

    return Collection(path)


def csv_import(col, text: str) -> int:
    from anki.import_export_pb2 import ImportCsvRequest

    metadata = col.get_csv_metadata(text, None)
    log = col.import_csv(ImportCsvRequest(path=text, metadata=metadata))
    return len(log.log.new) + len(log.log.updated) + len(log.log.duplicate)


def child_import(text: str, runs: int, expected: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            col = open_collection(os.path.join(folder, "collection.anki2"))
            started = time.perf_counter()
            added = csv_import(col, text)
            times.append(time.perf_counter() - started)
            col.close()
            assert added == expected, f"Anki imported {added} notes of {expected}"
    return times


def child_reimport(path: str, text: str, runs: int, expected: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            copy = os.path.join(folder, "collection.anki2")
            shutil.copy(path, copy)
            col = open_collection(copy)
            started = time.perf_counter()
            seen = csv_import(col, text)
            times.append(time.perf_counter() - started)
            col.close()
            assert seen == expected, f"Anki saw {seen} notes of {expected}"
    return times


def child_timed_calls(path: str, runs: int, call) -> list[float]:
    """Opens the collection afresh for each run and times `call(col, run)`."""
    times = []
    for run in range(runs):
        col = open_collection(path)
        started = time.perf_counter()
        call(col, run)
        times.append(time.perf_counter() - started)
        col.close()
    return times


def first_card(col, _run) -> None:
    queued = col.sched.get_queued_cards()
    assert queued.cards, "Anki has no card to show"


def graphs(col, _run) -> None:
    col._backend.graphs(search="deck:prepdeck", days=365)


def deck_list(col, _run) -> None:
    col.sched.deck_due_tree()


def search(col, _run) -> None:
    col.find_cards(SEARCH, order=True)


def grade(col, run) -> None:
    from anki.scheduler_pb2 import CardAnswer

    ids = col.find_cards("deck:prepdeck is:review")
    card = col.get_card(ids[(run * 9_973) % len(ids)])
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))


def child_export(path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            copy = os.path.join(folder, "collection.anki2")
            shutil.copy(path, copy)
            col = open_collection(copy)
            started = time.perf_counter()
            col.export_collection_package(os.path.join(folder, "backup.colpkg"), include_media=False, legacy=False)
            times.append(time.perf_counter() - started)
    return times


def child_restore(package: str, runs: int) -> list[float]:
    from anki._backend import RustBackend

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            backend = RustBackend()
            started = time.perf_counter()
            backend.import_collection_package(
                col_path=os.path.join(folder, "collection.anki2"),
                backup_path=package,
                media_folder=os.path.join(folder, "media"),
                media_db=os.path.join(folder, "media.db"),
            )
            times.append(time.perf_counter() - started)
    return times


def run_child(args: list[str]) -> None:
    op, rest = args[0], args[1:]
    if op == "import":
        times = child_import(rest[0], int(rest[1]), int(rest[2]))
    elif op == "reimport":
        times = child_reimport(rest[0], rest[1], int(rest[2]), int(rest[3]))
    elif op == "export":
        times = child_export(rest[0], int(rest[1]))
    elif op == "restore":
        times = child_restore(rest[0], int(rest[1]))
    else:
        call = {"first-card": first_card, "stats": graphs, "decks": deck_list, "search": search, "grade": grade}[op]
        times = child_timed_calls(rest[0], int(rest[1]), call)
    print(json.dumps({"ms": [t * 1000 for t in times], "peak_kb": peak_kb()}))


def measure(*args: object) -> dict:
    """Runs one Anki operation in a child process."""
    env = dict(os.environ, PREPDECK_ANKI_CHILD="1")
    done = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"Anki's {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------
# Collections made from the benchmark's cards (not timed).


def export_text(binary: str, kept: Path) -> Path:
    text = kept / "anki.txt"
    if not text.exists():
        subprocess.run(
            [binary, "--db", kept / "bench.db", "export", "--format", "anki", "--all-decks", "-o", text],
            check=True,
            capture_output=True,
        )
    return text


def make_fresh(text: Path, path: Path) -> None:
    col = open_collection(str(path))
    csv_import(col, str(text))
    col.decks.set_current(col.decks.id_for_name("prepdeck"))
    col.close()


def anki_day(day: str, today: int) -> int:
    return today + (dt.date.fromisoformat(day) - BENCH_TODAY).days


def make_history(kept: Path, fresh: Path, path: Path) -> tuple[int, int]:
    """The fresh collection with prepdeck's schedules and review log, prepdeck's benchmark
    day mapped onto Anki's today (written with sqlite3 into the closed collection: through
    Anki's own calls a million rows take minutes). Returns (cards due, log rows)."""
    shutil.copy(fresh, path)
    col = open_collection(str(path))
    today = col.sched.today
    col.close()
    now_ms = int(time.time() * 1000)
    day_ms = 86_400_000
    anki = sqlite3.connect(path)
    card_of = dict(anki.execute("select n.guid, c.id from cards c join notes n on n.id = c.nid"))
    bench = sqlite3.connect(kept / "bench.db")
    rows = []
    id_of: dict[int, int] = {}
    for pid, guid, ease, ivl, reps, lapses, due in bench.execute(
        "select id, guid, ease, interval_days, repetitions, lapses, due from cards"
    ):
        cid = card_of[f"prepdeck-{guid}"]
        id_of[pid] = cid
        if due is not None:
            rows.append((anki_day(due, today), max(ivl, 1), int(round(ease * 1000)), reps, lapses, cid))
    anki.executemany(
        "update cards set type = 2, queue = 2, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ? where id = ?", rows
    )
    # SM-2 grades 0-5 as Anki's buttons: below 3 is Again, then Hard, Good, Easy.
    button = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
    log = []
    for rid, pid, day, grade_, ms, ivl_before, ivl_after, ease_after in bench.execute(
        "select id, card_id, review_day, grade, duration_ms, interval_before, interval_after, ease_after from reviews"
    ):
        days_ago = (BENCH_TODAY - dt.date.fromisoformat(day)).days
        # Unique ids (Anki's are milliseconds): the day, plus the review's own number.
        stamp = now_ms - (days_ago + 1) * day_ms + rid
        kind = 0 if ivl_before == 0 else 1
        log.append(
            (stamp, id_of[pid], button[grade_], ivl_after, ivl_before, int(round(ease_after * 1000)), ms or 0, kind)
        )
    anki.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?, ?, -1, ?, ?, ?, ?, ?, ?)",
        log,
    )
    due = anki.execute("select count() from cards where queue = 2 and due <= ?", (today,)).fetchone()[0]
    anki.commit()
    anki.close()
    return due, len(log)


def make_package(history: Path, package: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = os.path.join(folder, "collection.anki2")
        shutil.copy(history, copy)
        col = open_collection(copy)
        col.export_collection_package(str(package), include_media=False, legacy=False)


# ---------------------------------------------------------------------------------------
# The comparison.

# (workload, prepdeck command) -> (Anki operation, target ratio of time or None).
ROWS = [
    ("fresh", "import (cold)", "import: import_csv of the same cards", 0.25),
    ("fresh", "import (again, unchanged)", "import_csv of the same file again", 0.25),
    ("fresh", "first card: due --json", "get_queued_cards()", 0.5),
    ("fresh", "first card, interviews ahead", "get_queued_cards()", 0.5),
    ("fresh", "stats --json", "graphs(deck:prepdeck, 365 days)", 0.5),
    ("fresh", "decks --json", "deck_due_tree()", None),
    ("fresh", "cards --search (first, indexes)", f"find_cards({SEARCH!r})", None),
    ("fresh", "cards --search (3 words)", f"find_cards({SEARCH!r})", None),
    ("history", "first card: due --json", "get_queued_cards()", 0.5),
    ("history", "stats --json", "graphs(deck:prepdeck, 365 days)", 0.5),
    ("history", "decks --json", "deck_due_tree()", None),
    ("history", "cards --search (3 words)", f"find_cards({SEARCH!r})", None),
    ("history", "grade CARD good", "answer_card(GOOD)", None),
    ("history", "export --format json (backup)", "export_collection_package()", None),
    ("history", "restore (import backup.json)", "import_collection_package()", 0.25),
    ("folder", "import (cold)", None, None),
    ("folder", "import (again, unchanged)", None, None),
    # Anki syncs through a server (AnkiWeb or its own): no in-process counterpart.
    ("sync", "sync DIR (first machine, first)", None, None),
    ("sync", "sync DIR (second, merges first)", None, None),
    ("sync", "sync DIR (second, nothing new)", None, None),
    ("sync", "sync DIR (first, merges grades)", None, None),
]
MEMORY_TARGET = 0.25


def spread(ms: list[float]) -> tuple[float, float, float]:
    return statistics.median(ms), min(ms), max(ms)


def show(ms: list[float]) -> str:
    median, low, high = spread(ms)
    digits = 1 if median < 1000 else 0
    return f"{median:.{digits}f} ms ({low:.{digits}f}–{high:.{digits}f})"


def anki_figures(binary: str, kept: Path, cards: int, runs: int, have: set[str]) -> dict[tuple[str, str], dict]:
    """Anki's side of the `fresh` and `history` workloads at one size."""
    few = min(runs, 5 if cards < 1_000_000 else 3)
    text = export_text(binary, kept)
    fresh = kept / "fresh.anki2"
    if not fresh.exists():
        make_fresh(text, fresh)
    figures: dict[tuple[str, str], dict] = {}
    print(f"  Anki at {cards:,} cards: import …", file=sys.stderr)
    figures[("fresh", "import (cold)")] = measure("import", text, few, cards)
    figures[("fresh", "import (again, unchanged)")] = measure("reimport", fresh, text, few, cards)
    for command, op in [
        ("first card: due --json", "first-card"),
        ("stats --json", "stats"),
        ("decks --json", "decks"),
        ("cards --search (3 words)", "search"),
    ]:
        figures[("fresh", command)] = measure(op, fresh, runs)
    figures[("fresh", "cards --search (first, indexes)")] = figures[("fresh", "cards --search (3 words)")]
    # Anki has no interview dates: its queue is the same with or without them.
    figures[("fresh", "first card, interviews ahead")] = figures[("fresh", "first card: due --json")]
    if "history" not in have:
        return figures
    history = kept / "history.anki2"
    due, logged = make_history(kept, fresh, history)
    print(f"  Anki history: {logged:,} log rows, {due:,} cards due", file=sys.stderr)
    for command, op in [
        ("first card: due --json", "first-card"),
        ("stats --json", "stats"),
        ("decks --json", "decks"),
        ("cards --search (3 words)", "search"),
        ("grade CARD good", "grade"),
    ]:
        figures[("history", command)] = measure(op, history, runs)
    figures[("history", "export --format json (backup)")] = measure("export", history, few)
    package = kept / "history.colpkg"
    make_package(history, package)
    figures[("history", "restore (import backup.json)")] = measure("restore", package, min(few, 3))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="card counts (default 10000,100000)")
    parser.add_argument("--files", default="1000,10000", help="files of the folder workload")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each figure (default 7)")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/prepdeck-bench"), help="where the data is kept")
    parser.add_argument("--from", dest="saved", action="store_true", help="reuse the kept benchmark run")
    parser.add_argument("--bin", help="the prepdeck binary to measure (the benchmark's own build by default)")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child)
        return

    figures_file = args.keep / "figures.json"
    if not args.saved:
        args.keep.mkdir(parents=True, exist_ok=True)
        command = ["cargo", "bench", "--bench", "whole_process", "--", "--sizes", args.sizes, "--files", args.files]
        command += ["--runs", str(args.runs), "--keep", str(args.keep), "--json", str(figures_file)]
        if args.bin:
            command += ["--bin", args.bin]
        print("running:", " ".join(command), file=sys.stderr)
        subprocess.run(command, cwd=ROOT, check=True, stdout=sys.stderr)
    bench = json.loads(figures_file.read_text())
    ours = {(f["workload"], f["size"], f["command"]): f for f in bench["figures"]}
    have = {f["workload"] for f in bench["figures"]}

    import anki.buildinfo

    theirs: dict[tuple[str, int, str], dict] = {}
    for kept in bench["kept"]:
        if kept["workload"] != "cards":
            continue
        for (workload, command), figure in anki_figures(
            bench["binary"], Path(kept["dir"]), kept["size"], bench["runs"], have
        ).items():
            theirs[(workload, kept["size"], command)] = figure

    print(
        f"\nprepdeck (whole process) beside Anki {anki.buildinfo.version} (in-process): median (fastest–slowest) "
        f"of {bench['runs']} runs; load average {bench['load_average']}\n"
    )
    print("| workload | size | prepdeck | peak | Anki | Anki peak | ÷ Anki | target | memory ÷ Anki |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    sizes = sorted({size for (_, size, _) in ours})
    for workload, command, anki_op, target in ROWS:
        for size in sizes:
            mine = ours.get((workload, size, command))
            if mine is None:
                continue
            other = theirs.get((workload, size, command))
            unit = "files" if workload == "folder" else "cards"
            cells = [f"{workload}: `{command}`", f"{size:,} {unit}", show(mine["ms"]), f"{mine['peak_kb'] / 1024:.0f} MB"]
            if other is None:
                cells += ["— (no such operation)" if anki_op is None else "—", "", "", "", ""]
            else:
                ratio = spread(mine["ms"])[0] / spread(other["ms"])[0]
                memory = mine["peak_kb"] / other["peak_kb"]
                mark = "" if target is None or ratio <= target else " ✗"
                cells += [
                    f"{show(other['ms'])} {anki_op}",
                    f"{other['peak_kb'] / 1024:.0f} MB",
                    f"{ratio:.2f}×{mark}",
                    "" if target is None else f"≤ {target}×",
                    f"{memory:.2f}×{'' if memory <= MEMORY_TARGET else ' ✗'}",
                ]
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_child(sys.argv[2:])
    else:
        ensure_anki()
        main()
