"""OFAC SDN legacy CSV: ``sdn.csv`` alone or with its ``add.csv`` / ``alt.csv`` /
``sdn_comments.csv`` companions.

Format (OFAC "legacy" CSV, no header, Latin-1, null written ``-0-``, last byte 0x1A):

    sdn.csv           ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
                      Tonnage, GRT, Vess_flag, Vess_owner, Remarks
    add.csv           ent_num, add_num, Address, City/State/Postal, Country, Add_remarks
    alt.csv           ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks
    sdn_comments.csv  ent_num, Remarks_Extended (the rest of a remarks text cut in sdn.csv)

Companions are found beside ``sdn.csv`` by name: the last ``sdn`` in the file name replaced
by ``add``, ``alt`` and ``sdn_comments`` (``sdn.csv`` -> ``add.csv``;
``ofac_2021-07-07_sdn.csv.gz`` -> ``ofac_2021-07-07_add.csv.gz``). Any may be absent.

Schemas: ``vessel`` -> Vessel, ``individual`` -> Person, an empty type (a legal person) ->
Company when the name carries a company form (LLC, LTD, CO., S.A., OOO, JSC, GMBH, INC ...),
else Organization (a ministry, an armed group, a bank without form). ``aircraft`` rows are
skipped: FollowTheMoney's Airplane is not one of wakewatch's screened schemas.

Published date: the CSV does not state one; it is taken from an ISO date (YYYY-MM-DD) in the
file name when there is one, else ``None``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from wakewatch.errors import FormatError
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.remarks import country_code, parse_remarks
from wakewatch.sanctions.source import ListInfo, file_sha256
from wakewatch.sanctions.textfile import read_bytes

__all__ = ["DATASET", "companion_paths", "read", "schema_for"]

DATASET = "us_ofac_sdn"
NULL = "-0-"
_COMPANY_FORM = re.compile(
    r"\b(LLC|L\.L\.C|LTD|LIMITED|CO|COMPANY|CORP|CORPORATION|INC|S\.?A|S\.?A\.?S|S\.?R\.?L|"
    r"SRL|SPA|S\.P\.A|GMBH|AG|B\.?V|N\.?V|OOO|OAO|ZAO|PAO|AO|JSC|OJSC|CJSC|PJSC|PLC|FZE|"
    r"FZCO|FZC|LLP|LP|PTE|SDN BHD|BHD|A\.?S|KG|DMCC|SAL|SARL|EIRL|C\.?A|S\.? DE R\.?L)\b\.?",
    re.IGNORECASE)
_ALT_PROP = {"aka": "alias", "nka": "alias", "fka": "previousName"}


def companion_paths(sdn: Path) -> dict[str, Path]:
    """The add/alt/comments files that would sit beside ``sdn`` (existing or not)."""
    name = sdn.name
    at = name.lower().rfind("sdn")
    if at < 0:
        return {}
    return {kind: sdn.with_name(name[:at] + kind + name[at + 3:])
            for kind in ("add", "alt", "sdn_comments")}


def _rows(path: Path, width: int) -> Iterator[list[str]]:
    """Rows of an OFAC legacy CSV with ``width`` columns, nulls as ``""``."""
    text = read_bytes(path).decode("latin-1").rstrip("\x1a")
    if text and not text.endswith("\n"):
        raise FormatError(f"{path}: truncated OFAC CSV (the last line is cut)", path=path)
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if not row:
                continue
            if len(row) != width or not row[0].strip().isdigit():
                raise FormatError(
                    f"{path}: line {reader.line_num}: {len(row)} fields, expected {width} "
                    "(not an OFAC legacy CSV, or a damaged one)", path=path)
            yield ["" if v.strip() == NULL else v.strip() for v in row]
    except csv.Error as exc:
        raise FormatError(f"{path}: line {reader.line_num}: {exc}", path=path) from exc


def _published(path: Path) -> date | None:
    hit = re.search(r"(\d{4})-(\d{2})-(\d{2})", path.name)
    if not hit:
        return None
    try:
        return date(int(hit.group(1)), int(hit.group(2)), int(hit.group(3)))
    except ValueError:
        return None


def schema_for(sdn_type: str, name: str) -> str | None:
    kind = sdn_type.lower()
    if kind == "vessel":
        return "Vessel"
    if kind == "individual":
        return "Person"
    if kind == "aircraft":
        return None
    return "Company" if _COMPANY_FORM.search(name) else "Organization"


def _add(props: dict[str, list[str]], prop: str, *values: str | None) -> None:
    for value in values:
        if value and value not in props.setdefault(prop, []):
            props[prop].append(value)


def read(path: Path) -> tuple[ListInfo, list[Entity]]:
    """Read ``sdn.csv`` (and its companions beside it) into entities."""
    comments: dict[str, str] = {}
    addresses: dict[str, list[list[str]]] = {}
    alts: dict[str, list[list[str]]] = {}
    found = {k: p for k, p in companion_paths(path).items() if p.exists() and p != path}
    if "sdn_comments" in found:
        for row in _rows(found["sdn_comments"], 2):
            comments[row[0]] = comments.get(row[0], "") + row[1]
    if "add" in found:
        for row in _rows(found["add"], 6):
            addresses.setdefault(row[0], []).append(row)
    if "alt" in found:
        for row in _rows(found["alt"], 5):
            alts.setdefault(row[0], []).append(row)
    entities: list[Entity] = []
    for (ent, name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, vess_flag,
         owner, remarks) in _rows(path, 12):
        schema = schema_for(sdn_type, name)
        if schema is None or not name:
            continue
        text = (remarks + comments.get(ent, "")).strip()
        props: dict[str, list[str]] = {"name": [name]}
        _add(props, "program", *(p.strip() for p in program.split("] [")))
        if schema == "Vessel":
            _add(props, "callSign", call_sign)
            _add(props, "type", vess_type)
            _add(props, "tonnage", tonnage)
            _add(props, "grossRegisteredTonnage", grt)
            _add(props, "flag", country_code(vess_flag) if vess_flag else None)
            _add(props, "owner", owner)
        else:
            _add(props, "position", title)
        for alt in alts.get(ent, []):
            _add(props, _ALT_PROP.get(alt[2].lower(), "alias"), alt[3])
        for _ent, _num, street, city, country, _rem in addresses.get(ent, []):
            _add(props, "address", ", ".join(v for v in (street, city, country) if v))
            _add(props, "country", country_code(country) if country else None)
        for prop, values in parse_remarks(text).items():
            _add(props, prop, *values)
        _add(props, "notes", text)
        entities.append(Entity(id=f"{DATASET}:{ent}", schema=schema, dataset=DATASET,
                               properties={k: tuple(v) for k, v in props.items() if v}))
    if not entities:
        raise FormatError(f"{path}: no OFAC SDN entries", path=path)
    info = ListInfo(dataset=DATASET, published=_published(path), path=str(path),
                    sha256=file_sha256(path), format="ofac_csv")
    return info, entities
