"""Uploads: ``POST /api/lists`` (a sanctions list file → ``wakewatch lists load``) and
``POST /api/ingest`` (an NMEA / AIS CSV / Parquet file → ``wakewatch ingest``).

Both need the write token (:mod:`wakewatch.api.auth`). The file is sent either as the raw
request body (``Content-Type: application/octet-stream``, name in ``?filename=``; streamed
to disk) or as ``multipart/form-data`` with one file field (parsed with the standard
library's MIME parser, held in memory, so keep those small). The upload is written to a
temporary directory under its (sanitised) file name — list formats are recognised partly by
name — and removed afterwards. Over :data:`~wakewatch.api.settings.MAX_UPLOAD_BYTES` is 413;
an unreadable file is the loader's one-line error as 400.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from wakewatch.api.deps import StoreAccess
from wakewatch.api.settings import ApiSettings
from wakewatch.sanctions.load import load_lists
from wakewatch.store.load import ingest_path

__all__ = ["router"]

router = APIRouter(tags=["uploads"])

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_name(name: str | None, default: str) -> str:
    base = Path((name or "").replace("\\", "/")).name
    base = _SAFE.sub("_", base).lstrip(".")
    return base[:120] or default


async def _receive(request: Request, folder: Path, default: str) -> Path:
    settings: ApiSettings = request.app.state.settings
    limit = settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"upload too large: {int(declared):,} bytes "
                                 f"(at most {limit:,})")
    ctype = request.headers.get("content-type", "")
    raw = folder / "upload.bin"
    size = 0
    with raw.open("wb") as out:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"upload too large (at most {limit:,} bytes)")
            out.write(chunk)
    if size == 0:
        raise HTTPException(400, "empty upload: send the file as the request body "
                                 "(--data-binary @FILE) or as multipart form data")
    if ctype.lower().startswith("multipart/form-data"):
        return _from_multipart(raw, ctype, folder, default)
    target = folder / _safe_name(request.query_params.get("filename"), default)
    raw.rename(target)
    return target


def _from_multipart(raw: Path, ctype: str, folder: Path, default: str) -> Path:
    head = f"Content-Type: {ctype}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        head + raw.read_bytes())
    if not msg.is_multipart():
        raise HTTPException(400, "multipart body without parts (boundary missing?)")
    for part in msg.iter_parts():
        filename = part.get_filename()
        if filename is None:
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            raise HTTPException(400, f"uploaded file {filename!r} is empty")
        target = folder / _safe_name(filename, default)
        target.write_bytes(payload)
        raw.unlink()
        return target
    raise HTTPException(400, "multipart body has no file field")


def _load_list(acc: StoreAccess, path: Path) -> list[dict[str, Any]]:
    with acc.writer() as store:
        done = load_lists(store, [path])
    return [{"dataset": d.info.dataset, "format": d.info.format,
             "published": d.info.published.isoformat() if d.info.published else None,
             "counts": d.counts} for d in done]


def _ingest(acc: StoreAccess, path: Path) -> dict[str, Any]:
    with acc.writer() as store:
        report = ingest_path(store, path)
    return {"file": path.name, "sha256": report.sha256, "format": report.format,
            "skipped": report.skipped, "counts": dict(report.counts),
            "positions": report.positions, "statics": report.statics}


@router.post("/api/lists", summary="Upload and load a sanctions list", status_code=201)
async def upload_list(request: Request) -> dict[str, Any]:
    """Load one list file (OFAC SDN CSV/XML, UN XML, EU XML, UK CSV, FtM JSON lines);
    it replaces the older version of the same list."""
    with tempfile.TemporaryDirectory(prefix="wakewatch-upload-") as tmp:
        path = await _receive(request, Path(tmp), "list.dat")
        loaded = await run_in_threadpool(_load_list, request.app.state.access, path)
    return {"loaded": loaded}


@router.post("/api/ingest", summary="Upload and ingest an AIS file", status_code=201)
async def upload_ais(request: Request) -> dict[str, Any]:
    """Ingest one NMEA log, AIS CSV or Parquet file (every line accounted for)."""
    with tempfile.TemporaryDirectory(prefix="wakewatch-upload-") as tmp:
        path = await _receive(request, Path(tmp), "upload.nmea")
        return await run_in_threadpool(_ingest, request.app.state.access, path)
