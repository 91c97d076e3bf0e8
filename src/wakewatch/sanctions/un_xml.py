"""Reader for the UN Security Council consolidated sanctions list (XML).

``<CONSOLIDATED_LIST dateGenerated=...>`` holds ``<INDIVIDUALS>`` (→ ``Person``) and
``<ENTITIES>`` (→ ``Company`` when the name carries a company form or a trade/shipping/bank
word, else ``Organization``). Mapping to FollowTheMoney properties:

- ``name``: FIRST..FOURTH_NAME joined; ``NAME_ORIGINAL_SCRIPT`` → ``alias``;
- aliases by ``QUALITY``: ``Good`` / ``a.k.a.`` → ``alias``, ``Low`` → ``weakAlias``,
  ``f.k.a.`` → ``previousName``;
- dates of birth: ``DATE`` (ISO) or ``YEAR``; ``BETWEEN`` gives every year FROM..TO;
- ``UN_LIST_TYPE`` → ``program``, ``LISTED_ON`` → ``listingDate``, ``COMMENTS1`` → ``notes``,
  ``NATIONALITY`` → ``nationality``, address countries → ``country``, documents →
  ``idNumber``;
- ``imoNumber``: IMO numbers quoted in names and comments ("IMO number: 5571322"); on the
  UN list these are mostly the IMO company numbers of DPRK ship owners and managers.

Entity ids are ``un_sc_sanctions:<REFERENCE_NUMBER>`` (e.g. ``KPe.001``).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from wakewatch.errors import FormatError
from wakewatch.sanctions._listfile import IMO_RE, Props, iso_date, to_date
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.source import ListInfo, file_sha256
from wakewatch.sanctions.textfile import read_bytes

__all__ = ["read", "sniff"]

DATASET = "un_sc_sanctions"
FORMAT = "un_xml"
_ALIAS_PROP = {"good": "alias", "a.k.a.": "alias", "": "alias", "low": "weakAlias",
               "f.k.a.": "previousName"}
_COMPANY_RE = re.compile(
    r"\b(CO|LTD|LIMITED|CORP|CORPORATION|COMPANY|INC|LLC|JV|PTE|GMBH|SA|BANK|TRADING|"
    r"SHIPPING|ENTERPRISES?|INDUSTR(Y|IES)|GROUP)\b", re.IGNORECASE)


def sniff(head: bytes) -> bool:
    """True when the first bytes look like the UN consolidated list XML."""
    return b"<CONSOLIDATED_LIST" in head[:4096]


def _text(elem: ET.Element | None) -> str:
    return (elem.text or "").strip() if elem is not None else ""


def _dob(props: Props, dob: ET.Element) -> None:
    date_text = iso_date(_text(dob.find("DATE")))
    if date_text:
        props.add("birthDate", date_text)
    year = _text(dob.find("YEAR"))
    if year.isdigit():
        props.add("birthDate", year)
    low, high = _text(dob.find("FROM_YEAR")), _text(dob.find("TO_YEAR"))
    if low.isdigit() and high.isdigit() and 0 <= int(high) - int(low) <= 20:
        for y in range(int(low), int(high) + 1):
            props.add("birthDate", str(y))


def _address(props: Props, addr: ET.Element) -> None:
    parts = [_text(addr.find(tag)) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
    props.add("address", ", ".join(p for p in parts if p))
    props.add("country", _text(addr.find("COUNTRY")))


def _entity(elem: ET.Element, person: bool, path: Path) -> Entity:
    ref = _text(elem.find("REFERENCE_NUMBER")) or _text(elem.find("DATAID"))
    if not ref:
        raise FormatError(f"{path}: {elem.tag} without REFERENCE_NUMBER or DATAID", path=path)
    props = Props()
    name = " ".join(_text(elem.find(t)) for t in
                    ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
    props.add("name", name)
    props.add("alias", _text(elem.find("NAME_ORIGINAL_SCRIPT")))
    for alias in elem.iter("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
        prop = _ALIAS_PROP.get(_text(alias.find("QUALITY")).lower(), "alias")
        props.add(prop, _text(alias.find("ALIAS_NAME")))
    for dob in elem.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        _dob(props, dob)
    for nat in elem.iterfind("NATIONALITY/VALUE"):
        props.add("nationality", _text(nat))
    for addr in elem.iter("INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS"):
        _address(props, addr)
    for doc in elem.iter("INDIVIDUAL_DOCUMENT"):
        props.add("idNumber", _text(doc.find("NUMBER")))
    props.add("program", _text(elem.find("UN_LIST_TYPE")))
    props.add("listingDate", iso_date(_text(elem.find("LISTED_ON"))))
    comments = _text(elem.find("COMMENTS1"))
    props.add("notes", comments)
    for text in (name, comments):
        for imo in IMO_RE.findall(text):
            props.add("imoNumber", imo)
    company = "Company" if _COMPANY_RE.search(name) else "Organization"
    schema = "Person" if person else company
    return Entity(id=f"{DATASET}:{ref}", schema=schema, dataset=DATASET,
                  properties=props.frozen())


def read(path: Path) -> tuple[ListInfo, list[Entity]]:
    """Read a UN consolidated list (``.xml`` or ``.xml.gz``); FormatError when corrupt."""
    data = read_bytes(path, "UN consolidated list XML")
    if not sniff(data[:4096]):
        raise FormatError(f"{path}: not a UN consolidated list XML "
                          "(no <CONSOLIDATED_LIST> root)", path=path)
    entities: dict[str, Entity] = {}
    published = None
    try:
        for event, elem in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                if elem.tag == "CONSOLIDATED_LIST":
                    published = to_date(elem.get("dateGenerated"))
                continue
            if elem.tag in ("INDIVIDUAL", "ENTITY"):
                entity = _entity(elem, elem.tag == "INDIVIDUAL", path)
                if entity.id in entities:
                    raise FormatError(f"{path}: duplicate reference {entity.id}", path=path)
                entities[entity.id] = entity
                elem.clear()
    except ET.ParseError as exc:
        line, col = exc.position
        raise FormatError(f"{path}: malformed or truncated UN list XML at line {line}, "
                          f"column {col}", path=path) from exc
    info = ListInfo(dataset=DATASET, published=published, path=str(path),
                    sha256=file_sha256(path), format=FORMAT)
    return info, list(entities.values())
