"""Loading declaration files (CSV with a header row, or JSON lines) into the store.

Every data line ends in exactly one outcome, as at ingest (:mod:`wakewatch.ingest.outcomes`):

* ``accepted`` — a valid record (:func:`wakewatch.declarations.schema.validate`) whose
  ``declaration_id`` is new;
* ``duplicate`` — its ``declaration_id`` is already stored, or seen earlier in the same
  file, with the same content (a given id with *different* content is rejected);
* ``rejected`` — kept verbatim in ``declaration_rejects`` with a one-line reason.

Blank lines are not records. A file that is not CSV/JSONL (binary, not UTF-8), a CSV whose
header lacks the required columns, or a file with no record is refused whole with one clear
line (:class:`~wakewatch.errors.FormatError`); nothing is loaded. A file is loaded in one
transaction; loading the same bytes again adds nothing (``declaration_files``). Files are
small (one line per shipment), so records are validated one by one in Python.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from wakewatch.declarations.schema import (
    RECORD_SCHEMA,
    REQUIRED_COLUMNS,
    canonical_field,
    validate,
)
from wakewatch.errors import FormatError
from wakewatch.ingest.sources import check_exists, file_sha256, looks_binary, open_binary
from wakewatch.store.db import Store
from wakewatch.store.declarations import file_loaded, known_ids, write_file

__all__ = ["LoadReport", "load_declarations", "parse_declarations"]


@dataclass
class LoadReport:
    path: str
    sha256: str
    format: str
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    skipped: bool = False   # the same file was loaded before: nothing added

    @property
    def lines(self) -> int:
        return self.accepted + self.duplicate + self.rejected


@dataclass
class Parsed:
    format: str
    rows: list[tuple[int, str, dict[str, Any] | None, str | None]]
    """(line_no, raw line, canonical raw record or None, reason when unusable)."""


def _read_text(path: Path) -> str:
    with open_binary(path) as f:
        data = f.read()
    if looks_binary(data[:65536]):
        raise FormatError(f"{path}: not a declarations file (binary content; expected CSV "
                          "with a header row or JSON lines)", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})",
                          path=path) from None


def parse_declarations(path: Path) -> Parsed:
    """Split a file into raw records (canonical field names), one per non-blank line."""
    text = _read_text(path)
    lines = text.splitlines()
    first = next((s.strip() for s in lines if s.strip()), None)
    if first is None:
        raise FormatError(f"{path}: empty file, no declarations", path=path)
    if first.startswith("{"):
        return Parsed("jsonl", [_json_row(i, s) for i, s in enumerate(lines, 1) if s.strip()])
    return _csv(path, text, lines)


def _json_row(line_no: int, line: str) -> tuple[int, str, dict[str, Any] | None, str | None]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return line_no, line, None, f"not JSON ({exc.msg})"
    if not isinstance(obj, dict):
        return line_no, line, None, "not a JSON object"
    return line_no, line, {canonical_field(str(k)): v for k, v in obj.items()}, None


def _csv(path: Path, text: str, lines: list[str]
         ) -> Parsed:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    rows: list[tuple[int, str, dict[str, Any] | None, str | None]] = []
    for fields in reader:
        line_no = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header = [canonical_field(h) for h in fields]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if "vessel_imo" not in header and "vessel_mmsi" not in header:
                missing.insert(0, "vessel_imo or vessel_mmsi")
            if missing:
                raise FormatError(
                    f"{path}: not a declarations CSV: header lacks {', '.join(missing)} "
                    f"(first line: {lines[0][:60]!r})", path=path)
            continue
        raw = lines[line_no - 1] if line_no - 1 < len(lines) else ",".join(fields)
        if len(fields) != len(header):
            rows.append((line_no, raw, None,
                         f"{len(fields)} fields, the header has {len(header)}"))
            continue
        rows.append((line_no, raw, dict(zip(header, fields, strict=True)), None))
    if header is None:
        raise FormatError(f"{path}: empty file, no declarations", path=path)
    return Parsed("csv", rows)


def load_declarations(store: Store, path: Path) -> LoadReport:
    """Load one declarations file into ``store`` (one transaction) and account every line."""
    check_exists(path)
    sha = file_sha256(path)
    parsed = parse_declarations(path)
    report = LoadReport(str(path), sha, parsed.format)
    before = file_loaded(store, sha)
    if before is not None:
        report.accepted, report.duplicate, report.rejected = before
        report.skipped = True
        return report
    seen = known_ids(store)
    accepted: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for line_no, raw, record, reason in parsed.rows:
        rec: dict[str, Any] | None = None
        if record is not None:
            try:
                rec = validate(record)
            except ValueError as exc:
                reason = str(exc)
        if rec is not None:
            known = seen.get(rec["declaration_id"])
            if known is None:
                seen[rec["declaration_id"]] = rec["content_sha1"]
                accepted.append({**rec, "file_sha256": sha, "line_no": line_no})
                continue
            if known == rec["content_sha1"]:
                report.duplicate += 1
                continue
            reason = (f"declaration_id {rec['declaration_id']!r} already loaded with "
                      "different content")
        rejects.append({"file_sha256": sha, "source": str(path), "line_no": line_no,
                        "reason": reason or "unusable record", "raw": raw})
    schema = {**RECORD_SCHEMA, "file_sha256": pl.String, "line_no": pl.Int64}
    records = pl.DataFrame(accepted, schema=schema)
    reject_frame = pl.DataFrame(rejects, schema={
        "file_sha256": pl.String, "source": pl.String, "line_no": pl.Int64,
        "reason": pl.String, "raw": pl.String})
    write_file(store, sha=sha, path=str(path), fmt=parsed.format, records=records,
               rejects=reject_frame, duplicate=report.duplicate)
    report.accepted, report.rejected = records.height, reject_frame.height
    return report
