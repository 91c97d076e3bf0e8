"""Reader for the EU financial sanctions files (FSF consolidated list, XML).

``<export generationDate=...>`` (namespace ``http://eu.europa.ec/fpi/fsd/export``) holds one
``<sanctionEntity>`` per listed party; ``subjectType code`` ``person`` → ``Person``,
``enterprise`` → ``Organization``. Mapping to FollowTheMoney properties:

- ``nameAlias wholeName`` (else first/middle/last joined): the first strong one → ``name``,
  other strong ones → ``alias``, ``strong="false"`` → ``weakAlias``;
- ``birthdate``: ``birthdate`` attribute, else the partial date from year/month/day;
- ``citizenship countryIso2Code`` → ``nationality`` (``00`` = unknown is left out);
  ``address`` → ``address`` and ``country``; ``identification number`` → ``idNumber``
  (an identification or remark naming an IMO number → ``imoNumber``);
- ``regulation programme`` → ``program``; ``designationDate`` → ``listingDate``;
  ``remark`` → ``notes``.

Ids are ``eu_fsf:<logicalId>``; a logicalId that appears twice is merged into one entity.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from wakewatch.errors import FormatError
from wakewatch.sanctions._listfile import IMO_RE, Props, iso_date, partial_date, to_date
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.source import ListInfo, file_sha256
from wakewatch.sanctions.textfile import read_bytes

__all__ = ["read", "sniff"]

DATASET = "eu_fsf"
FORMAT = "eu_xml"
NS = "{http://eu.europa.ec/fpi/fsd/export}"
_SCHEMA = {"person": "Person", "enterprise": "Organization"}


def sniff(head: bytes) -> bool:
    """True when the first bytes look like an EU FSF export."""
    return b"http://eu.europa.ec/fpi/fsd/export" in head[:4096]


def _whole_name(alias: ET.Element) -> str:
    whole = (alias.get("wholeName") or "").strip()
    if whole:
        return whole
    parts = (alias.get(k, "") for k in ("firstName", "middleName", "lastName"))
    return " ".join(p.strip() for p in parts if p.strip())


def _country(elem: ET.Element) -> str | None:
    code = (elem.get("countryIso2Code") or "").strip().upper()
    if len(code) == 2 and code != "00":
        return code
    return None


def _fill(props: Props, schema: list[str], elem: ET.Element) -> None:
    subject = elem.find(f"{NS}subjectType")
    code = subject.get("code", "") if subject is not None else ""
    schema.append(_SCHEMA.get(code, "LegalEntity"))
    for alias in elem.iterfind(f"{NS}nameAlias"):
        name = _whole_name(alias)
        if alias.get("strong", "true") == "false":
            props.add("weakAlias", name)
        elif props.first("name") is None:
            props.add("name", name)
        elif not props.has("name", name):
            props.add("alias", name)
    for dob in elem.iterfind(f"{NS}birthdate"):
        props.add("birthDate", iso_date(dob.get("birthdate")) or partial_date(
            dob.get("year", ""), dob.get("monthOfYear", ""), dob.get("dayOfMonth", "")))
    for cit in elem.iterfind(f"{NS}citizenship"):
        props.add("nationality", _country(cit))
    for addr in elem.iterfind(f"{NS}address"):
        parts = [addr.get(k, "").strip() for k in ("street", "poBox", "zipCode", "city",
                                                    "region", "place", "countryDescription")]
        props.add("address", ", ".join(p for p in parts if p))
        props.add("country", _country(addr))
    for ident in elem.iterfind(f"{NS}identification"):
        number = ident.get("number", "").strip()
        kind = f"{ident.get('identificationTypeCode', '')} " \
               f"{ident.get('identificationTypeDescription', '')}"
        if "imo" in kind.lower() and number.isdigit() and len(number) == 7:
            props.add("imoNumber", number)
        else:
            props.add("idNumber", number)
    for reg in elem.iterfind(f"{NS}regulation"):
        props.add("program", reg.get("programme"))
    props.add("listingDate", iso_date(elem.get("designationDate")))
    for remark in elem.iter(f"{NS}remark"):
        text = remark.text or ""
        props.add("notes", text)
        for imo in IMO_RE.findall(text):
            props.add("imoNumber", imo)


def read(path: Path) -> tuple[ListInfo, list[Entity]]:
    """Read an EU FSF XML export (``.xml`` or ``.xml.gz``); FormatError when corrupt."""
    data = read_bytes(path, "EU financial sanctions XML")
    if not sniff(data[:4096]):
        raise FormatError(f"{path}: not an EU financial sanctions XML export "
                          "(no fpi/fsd/export namespace)", path=path)
    collected: dict[str, tuple[Props, list[str]]] = {}
    published = None
    try:
        for event, elem in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                if elem.tag == f"{NS}export":
                    published = to_date(elem.get("generationDate"))
                continue
            if elem.tag == f"{NS}sanctionEntity":
                key = elem.get("logicalId") or elem.get("euReferenceNumber")
                if not key:
                    raise FormatError(f"{path}: sanctionEntity without logicalId", path=path)
                props, schema = collected.setdefault(key, (Props(), []))
                _fill(props, schema, elem)
                elem.clear()
    except ET.ParseError as exc:
        line, col = exc.position
        raise FormatError(f"{path}: malformed or truncated EU sanctions XML at line {line}, "
                          f"column {col}", path=path) from exc
    entities = [Entity(id=f"{DATASET}:{key}", schema=schema[0], dataset=DATASET,
                       properties=props.frozen())
                for key, (props, schema) in collected.items()]
    info = ListInfo(dataset=DATASET, published=published, path=str(path),
                    sha256=file_sha256(path), format=FORMAT)
    return info, entities
