"""OFAC SDN legacy XML (``sdn.xml``, namespace ``http://tempuri.org/sdnList.xsd``).

Each ``sdnEntry`` gives ``uid``, ``firstName`` / ``lastName``, ``sdnType`` (Individual,
Entity, Vessel, Aircraft), ``programList``, ``idList`` (``idType`` / ``idNumber``: OFAC files
IMO numbers as ``Vessel Registration Identification`` ``IMO 1234567`` and MMSIs as ``MMSI``),
``akaList`` (``type`` a.k.a. / f.k.a. / n.k.a., ``category`` strong / weak),
``addressList``, ``nationalityList``, ``citizenshipList``, ``dateOfBirthList``,
``vesselInfo`` (``callSign``, ``vesselType``, ``vesselFlag``, ``vesselOwner``, ``tonnage``,
``grossRegisteredTonnage``) and ``remarks`` (parsed like the CSV's, see
:mod:`wakewatch.sanctions.remarks`). Schemas follow :mod:`wakewatch.sanctions.ofac_csv`
(Individual -> Person, Vessel -> Vessel, Entity -> Company or Organization by the name's
company form; aircraft skipped). Names: ``firstName lastName``; weak a.k.a.s ->
``weakAlias``. ``published`` is ``publshInformation/Publish_Date`` (MM/DD/YYYY).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

from wakewatch.errors import FormatError
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.ofac_csv import DATASET, schema_for
from wakewatch.sanctions.remarks import country_code, parse_dob, parse_remarks
from wakewatch.sanctions.source import ListInfo, file_sha256
from wakewatch.sanctions.textfile import read_bytes

__all__ = ["read"]

_AKA_PROP = {"a.k.a.": "alias", "n.k.a.": "alias", "f.k.a.": "previousName"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(node: ET.Element, name: str) -> str:
    for child in node:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _children(node: ET.Element, list_name: str) -> list[ET.Element]:
    for child in node:
        if _local(child.tag) == list_name:
            return list(child)
    return []


def _full_name(node: ET.Element) -> str:
    return " ".join(v for v in (_text(node, "firstName"), _text(node, "lastName")) if v)


def _published(root: ET.Element) -> date | None:
    for child in root:
        if _local(child.tag) == "publshInformation":
            raw = _text(child, "Publish_Date")
            try:
                return datetime.strptime(raw, "%m/%d/%Y").date() if raw else None
            except ValueError:
                return None
    return None


def _entity(entry: ET.Element) -> Entity | None:
    name = _full_name(entry)
    schema = schema_for(_text(entry, "sdnType"), name)
    if schema is None or not name:
        return None
    props: dict[str, list[str]] = {"name": [name]}

    def add(prop: str, *values: str | None) -> None:
        for value in values:
            if value and value not in props.setdefault(prop, []):
                props[prop].append(value)

    add("program", *(p.text.strip() for p in _children(entry, "programList") if p.text))
    add("position", _text(entry, "title"))
    for aka in _children(entry, "akaList"):
        weak = _text(aka, "category").lower() == "weak"
        prop = "weakAlias" if weak else _AKA_PROP.get(_text(aka, "type").lower(), "alias")
        add(prop, _full_name(aka))
    for ident in _children(entry, "idList"):
        kind, number = _text(ident, "idType").lower(), _text(ident, "idNumber")
        if kind.startswith("vessel registration identification"):
            hit = re.search(r"\d{7}", number)
            add("imoNumber", hit.group(0) if hit else None)
        elif kind == "mmsi":
            add("mmsi", number)
        else:
            add("idNumber", number)
    for addr in _children(entry, "addressList"):
        parts = [_text(addr, k) for k in ("address1", "address2", "address3", "city",
                                           "stateOrProvince", "postalCode", "country")]
        add("address", ", ".join(p for p in parts if p))
        country = _text(addr, "country")
        add("country", country_code(country) if country else None)
    for item in _children(entry, "nationalityList"):
        add("nationality", country_code(_text(item, "country")))
    for item in _children(entry, "citizenshipList"):
        add("citizenship", country_code(_text(item, "country")))
    for item in _children(entry, "dateOfBirthList"):
        add("birthDate", parse_dob(_text(item, "dateOfBirth")))
    for child in entry:
        if _local(child.tag) == "vesselInfo":
            add("callSign", _text(child, "callSign"))
            add("type", _text(child, "vesselType"))
            flag = _text(child, "vesselFlag")
            add("flag", country_code(flag) if flag else None)
            add("owner", _text(child, "vesselOwner"))
            add("tonnage", _text(child, "tonnage"))
            add("grossRegisteredTonnage", _text(child, "grossRegisteredTonnage"))
    remarks = _text(entry, "remarks")
    for prop, values in parse_remarks(remarks).items():
        add(prop, *values)
    add("notes", remarks)
    return Entity(id=f"{DATASET}:{_text(entry, 'uid')}", schema=schema, dataset=DATASET,
                  properties={k: tuple(v) for k, v in props.items() if v})


def read(path: Path) -> tuple[ListInfo, list[Entity]]:
    """Read an OFAC ``sdn.xml`` into entities."""
    try:
        root = ET.fromstring(read_bytes(path))
    except ET.ParseError as exc:
        raise FormatError(f"{path}: damaged or truncated XML ({exc})", path=path) from exc
    if _local(root.tag) != "sdnList":
        raise FormatError(f"{path}: not an OFAC sdn.xml (root <{_local(root.tag)}>)",
                          path=path)
    entities = [e for e in (_entity(x) for x in root if _local(x.tag) == "sdnEntry") if e]
    info = ListInfo(dataset=DATASET, published=_published(root), path=str(path),
                    sha256=file_sha256(path), format="ofac_xml")
    return info, entities
