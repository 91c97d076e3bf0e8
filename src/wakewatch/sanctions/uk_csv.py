"""Reader for the UK HM Treasury (OFSI) consolidated list, ConList CSV.

Line 1 is ``Last Updated,DD/MM/YYYY``; line 2 the header; then one row per name variant,
grouped by ``Group ID`` into one entity. ``Group Type`` ``Individual`` → ``Person``,
``Entity`` → ``Organization``, ``Ship`` → ``Vessel``. Mapping to FollowTheMoney properties:

- the name is ``Name 1``..``Name 5`` then ``Name 6`` (the surname, or the whole name of an
  entity or ship); the ``Prime Alias`` row gives ``name``, other rows ``alias``, rows whose
  ``Alias Quality`` is ``Low`` give ``weakAlias``; ``Name Non-Latin Script`` → ``alias``;
- ``DOB`` ``DD/MM/YYYY`` with ``00`` for unknown parts → ISO partial (``00/04/1984`` →
  ``1984-04``); ``Nationality`` → ``nationality``, ``Country`` → ``country``, addresses →
  ``address``, passport / national id numbers → ``idNumber``;
- ``Regime`` → ``program``, ``Listed On`` → ``listingDate``, ``Other Information`` → ``notes``;
- ship columns when the file has them: ``IMO number`` → ``imoNumber``, ``Current believed
  flag of ship`` → ``flag``, ``Previous flags`` → ``pastFlags``, ``Type of ship`` → ``type``,
  ``Tonnage of ship`` → ``tonnage``, ``Current owner/operator (s)`` → ``owner``; IMO
  numbers quoted in ``Other Information`` are extracted too.

Ids are ``gb_hmt_sanctions:<Group ID>``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from wakewatch.errors import FormatError
from wakewatch.sanctions._listfile import IMO_RE, Props, partial_date
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.source import ListInfo, file_sha256
from wakewatch.sanctions.textfile import read_bytes

__all__ = ["read", "sniff"]

DATASET = "gb_hmt_sanctions"
FORMAT = "uk_csv"
_SCHEMA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_REQUIRED = ("Name 6", "Group Type", "Group ID")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")
_SHIP = {"IMO number": "imoNumber", "Current believed flag of ship": "flag",
         "Previous flags": "pastFlags", "Type of ship": "type", "Tonnage of ship": "tonnage",
         "Current owner/operator (s)": "owner"}


def sniff(head: bytes) -> bool:
    """True when the first bytes look like a ConList CSV."""
    text = head[:4096].removeprefix(b"\xef\xbb\xbf")
    return text.startswith(b"Last Updated,") or b"Name 6,Name 1,Name 2" in text


def _dmy(text: str) -> str | None:
    match = _DMY.match(text.strip())
    if not match:
        return None
    day, month, year = match.groups()
    return partial_date(year, month, day if int(month) else "")


def _split_values(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*(?:\(\d+\)|;|\|)\s*", text) if p.strip()]


def _add_row(props: Props, row: dict[str, str]) -> None:
    parts = [row.get(f"Name {i}", "") for i in (1, 2, 3, 4, 5, 6)]
    name = " ".join(p.strip() for p in parts if p.strip())
    alias_type = row.get("Alias Type", "").strip().lower()
    if row.get("Alias Quality", "").strip().lower() == "low":
        props.add("weakAlias", name)
    elif alias_type == "prime alias" and props.first("name") is None:
        props.add("name", name)
    elif alias_type in ("fka", "f.k.a.", "previous name"):
        props.add("previousName", name)
    elif not props.has("name", name):
        props.add("alias", name)
    props.add("alias", row.get("Name Non-Latin Script"))
    props.add("birthDate", _dmy(row.get("DOB", "")))
    props.add("nationality", row.get("Nationality"))
    props.add("country", row.get("Country"))
    address = [row.get(f"Address {i}", "").strip() for i in range(1, 7)]
    address += [row.get("Post/Zip Code", "").strip(), row.get("Country", "").strip()]
    if any(address[:6]):
        props.add("address", ", ".join(a for a in address if a))
    props.add("idNumber", row.get("Passport Number"))
    props.add("idNumber", row.get("National Identification Number"))
    props.add("program", row.get("Regime"))
    props.add("listingDate", _dmy(row.get("Listed On", "")))
    notes = row.get("Other Information", "")
    props.add("notes", notes)
    for imo in IMO_RE.findall(notes):
        props.add("imoNumber", imo)
    for column, prop in _SHIP.items():
        value = row.get(column, "")
        for item in _split_values(value) if prop == "pastFlags" else [value]:
            if prop == "imoNumber":
                item = "".join(ch for ch in item if ch.isdigit())
            props.add(prop, item)


def read(path: Path) -> tuple[ListInfo, list[Entity]]:
    """Read a ConList CSV (``.csv`` or ``.csv.gz``); FormatError when corrupt."""
    data = read_bytes(path, "UK ConList CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict")
    rows = csv.reader(io.StringIO(text, newline=""))
    published: date | None = None
    try:
        first = next(rows, [])
        if first[:1] == ["Last Updated"] and len(first) > 1:
            iso = _dmy(first[1])
            published = date.fromisoformat(iso) if iso and len(iso) == 10 else None
            header = next(rows, [])
        else:
            header = first
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise FormatError(f"{path}: not a UK ConList CSV (no column {missing[0]!r})",
                              path=path)
        groups: dict[str, tuple[Props, str]] = {}
        for values in rows:
            if not any(values):
                continue
            if len(values) != len(header):
                raise FormatError(f"{path}: line {rows.line_num}: {len(values)} fields, "
                                  f"expected {len(header)} (truncated or malformed)", path=path)
            row = dict(zip(header, values, strict=True))
            group, kind = row["Group ID"].strip(), row["Group Type"].strip().lower()
            if not group or kind not in _SCHEMA:
                raise FormatError(f"{path}: line {rows.line_num}: bad Group ID / Group Type "
                                  f"{group!r} / {kind!r}", path=path)
            props, _ = groups.setdefault(group, (Props(), _SCHEMA[kind]))
            _add_row(props, row)
    except csv.Error as exc:
        raise FormatError(f"{path}: line {rows.line_num}: malformed CSV ({exc})",
                          path=path) from exc
    entities = []
    for group, (props, schema) in groups.items():
        frozen = props.frozen()
        if "name" not in frozen:  # no Prime Alias row: the first variant is the name
            key = "alias" if frozen.get("alias") else "weakAlias"
            names = frozen.pop(key, ())
            if not names:
                raise FormatError(f"{path}: Group ID {group} has no name", path=path)
            frozen["name"] = names[:1]
            if names[1:]:
                frozen[key] = names[1:]
        entities.append(Entity(id=f"{DATASET}:{group}", schema=schema, dataset=DATASET,
                               properties=frozen))
    info = ListInfo(dataset=DATASET, published=published, path=str(path),
                    sha256=file_sha256(path), format=FORMAT)
    return info, entities
