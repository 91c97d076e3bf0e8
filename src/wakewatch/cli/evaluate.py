"""``wakewatch evaluate --truth FILE [--events FILE]``: precision and recall per event kind.

Reads the truth (e.g. a simulator's ``truth.jsonl``) and the detected events (the
``--format jsonl`` shape of ``wakewatch detect``), matches them (:mod:`wakewatch.evaluate`)
and prints one row per kind plus ``all``: a table, or one JSON object per kind. Undefined
ratios (0/0) are "–" in the table and ``null`` in JSON. A bad file is one line on stderr
and exit code 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from wakewatch.cli.settings import resolve_settings
from wakewatch.errors import InputError
from wakewatch.evaluate import PARAMS, Event, KindScore, read_events_jsonl, score_events

_TABLE_WIDTH_CHARS = 120  # when stdout is not a terminal (pipes, files, tests)


def parse_settings(settings: tuple[str, ...]) -> dict[str, float]:
    """``NAME=VALUE`` overrides of the evaluate parameters, checked and typed."""
    resolved, _ = resolve_settings(PARAMS, settings)
    if resolved["time_tolerance_s"] < 0:
        raise InputError("--set time_tolerance_s: must be >= 0")
    return {k: float(v) for k, v in resolved.items()}


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _table(rows: list[KindScore], tolerance_s: float) -> Table:
    table = Table(title=f"evaluation: time tolerance {tolerance_s:g} s", title_justify="left")
    table.add_column("kind", no_wrap=True)
    for name in ("truth", "detected", "matched", "missed", "false pos.", "precision",
                 "recall", "F1"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in rows:
        table.add_row(r.kind, str(r.truth), str(r.detected), str(r.matched), str(r.missed),
                      str(r.false_positives), _cell(r.precision), _cell(r.recall),
                      _cell(r.f1), end_section=r is rows[-2] if len(rows) > 1 else False)
    return table


def _json_row(r: KindScore, tolerance_s: float) -> dict[str, object]:
    return {"kind": r.kind, "truth": r.truth, "detected": r.detected, "matched": r.matched,
            "missed": r.missed, "false_positives": r.false_positives,
            "precision": r.precision, "recall": r.recall, "f1": r.f1,
            "time_tolerance_s": tolerance_s}


def _detect_now(obj: Any, truth: list[Event]) -> tuple[list[Event], list[Event]]:
    from wakewatch.detect import DETECTABLE_KINDS, run_detection
    from wakewatch.detect.load import load_inputs
    from wakewatch.identity.vessels import store_is_empty

    store = obj.open_store(read_only=True)
    try:
        if store_is_empty(store):
            raise InputError(f"{store.path or 'the database'} holds no AIS reports: ingest "
                             "the scenario's positions.nmea first, or pass --events FILE")
        inputs = load_inputs(store)
    finally:
        store.close()
    left_out = sorted({e.kind for e in truth} - set(DETECTABLE_KINDS))
    if left_out:
        click.echo(f"evaluate: no detector yet for {', '.join(left_out)}: left out", err=True)
    return run_detection(inputs), [e for e in truth if e.kind in DETECTABLE_KINDS]


@click.command("evaluate")
@click.option("--truth", "truth_path", required=True, metavar="FILE",
              type=click.Path(path_type=Path, dir_okay=False),
              help="Ground-truth events, JSON lines (e.g. a simulator's truth.jsonl).")
@click.option("--events", "events_path", metavar="FILE", default=None,
              type=click.Path(path_type=Path, dir_okay=False),
              help="Detected events, JSON lines (`wakewatch detect --format jsonl`). "
              "Without it the detectors run on the store (--db) now.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="Output: a table, or one JSON object per kind.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override an evaluate parameter (see docs/parameters.md), e.g. "
              "--set time_tolerance_s=7200.")
@click.pass_obj
def evaluate(obj: Any, truth_path: Path, events_path: Path | None, fmt: str,
             settings: tuple[str, ...]) -> None:
    """Precision, recall and F1 of detected events against ground truth, per event kind.

    A detection matches a truth event of the same kind and vessel (either order for
    encounter pairs) whose time interval overlaps it within the tolerance, and the same
    port when both give one; each truth event matches at most one detection (greedy, best
    overlap first), so a duplicate detection is a false positive. Precision of a kind with
    no detections, and recall of a kind with no truth, are undefined: "–" / null.

    Without --events the detectors run on the store now (as `wakewatch detect` would,
    without storing), and truth kinds no detector emits yet are left out (said on stderr).
    """
    params = parse_settings(settings)
    truth = read_events_jsonl(truth_path)
    if events_path is not None:
        detected = read_events_jsonl(events_path)
    else:
        detected, truth = _detect_now(obj, truth)
    rows = score_events(truth, detected, params)
    tolerance_s = params["time_tolerance_s"]
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(_json_row(r, tolerance_s)) + "\n")
    else:
        width = None if sys.stdout.isatty() else _TABLE_WIDTH_CHARS
        Console(file=sys.stdout, width=width, highlight=False, soft_wrap=False).print(
            _table(rows, tolerance_s))
