"""Realistic vessel identities for simulated traffic, drawn from a seeded ``random.Random``.

Every function takes the generator it draws from and nothing else random, so the same seed
gives the same identities. The rules follow what real AIS shows (../shared/domain/
maritime-anchors.md):

* MMSI ``MIDxxxxxx`` with a MID the ITU allocated to the flag (:mod:`wakewatch.identity.mid`),
  never a default such as ``273000000``;
* IMO numbers of seven digits with a valid check digit (:mod:`wakewatch.identity.imo`), and
  :func:`invalid_imo` for a forged one that fails it;
* names in the style of the flag ("OCEAN GLORY", "HAI XING 17", "CHON MA SAN"), call signs
  in the flag's ITU prefix block, ship types 70–79 (cargo) and 80–89 (tanker), dimensions
  and draught ranges that fit the hull;
* destinations written the way crews key them in (:func:`destination_text`): "PT SAID",
  "EG PSD", "ALEXANDRIA>>", "FOR ORDERS".
"""

from __future__ import annotations

import gzip
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from wakewatch.identity.imo import imo_check_digit, imo_check_digit_ok
from wakewatch.identity.mid import flag_table, is_default_mmsi

ShipKind = Literal["cargo", "tanker"]

__all__ = [
    "PORTS",
    "Port",
    "ShipKind",
    "VesselIdentity",
    "callsign",
    "destination_text",
    "dimensions",
    "draught_range",
    "imo_number",
    "invalid_imo",
    "mids_of",
    "mmsi_for_flag",
    "ship_name",
    "ship_type",
    "vessel_identity",
]


# --- MMSI and IMO ----------------------------------------------------------------------------

def mids_of(iso2: str) -> list[int]:
    """The MIDs the ITU allocated to the flag ``iso2`` (e.g. ``"PA"`` → 351 ... 373)."""
    mids = sorted(f.mid for f in flag_table().values() if f.iso2 == iso2.upper())
    if not mids:
        raise ValueError(f"no MID is allocated to flag {iso2!r}")
    return mids


def mmsi_for_flag(iso2: str, rng: random.Random) -> int:
    """A ship-station MMSI (``MIDxxxxxx``) whose MID belongs to ``iso2``; never a default
    (``MID000000``) or placeholder value."""
    mid = rng.choice(mids_of(iso2))
    while True:
        mmsi = mid * 1_000_000 + rng.randrange(1, 1_000_000)
        if not is_default_mmsi(mmsi):
            return mmsi


@lru_cache(maxsize=1)
def listed_imos() -> frozenset[int]:
    """Every 7-digit number written after "IMO" in the sanctions lists bundled with the demo
    (``wakewatch/data/lists``): honest simulated ships never draw one, so a sanctions hit in
    a scenario is always one the scenario meant (about 1 ship in 300 would collide)."""
    found: set[int] = set()
    for item in (files("wakewatch.data") / "lists").iterdir():
        if item.name.endswith(".gz"):
            text = gzip.decompress(item.read_bytes()).decode("latin-1")
            found.update(int(m) for m in re.findall(r"IMO[^0-9]{0,12}(\d{7})", text))
    return frozenset(found)


def imo_number(rng: random.Random) -> int:
    """A 7-digit IMO number with a valid check digit, in the ranges of ships afloat today
    (mostly 9xxxxxx, some 8xxxxxx, a few 7xxxxxx), never one on the bundled sanctions lists
    (:func:`listed_imos`)."""
    while True:
        first = rng.choices((7, 8, 9), weights=(1, 4, 15))[0]
        six = first * 100_000 + rng.randrange(100_000)
        imo = six * 10 + imo_check_digit(six)
        if imo not in listed_imos():
            return imo


def invalid_imo(imo: int, rng: random.Random) -> int:
    """``imo`` with its check digit replaced by a different digit: fails the check."""
    six = imo // 10
    good = imo_check_digit(six)
    bad = rng.choice([d for d in range(10) if d != good])
    out = six * 10 + bad
    assert not imo_check_digit_ok(out)
    return out


# --- names and call signs ----------------------------------------------------------------

_EN_FIRST = ("OCEAN", "SEA", "GOLDEN", "SILVER", "STAR", "PACIFIC", "ORIENT", "GRAND", "BLUE",
             "NEW", "ROYAL", "EASTERN", "GLOBAL", "NORTHERN", "CRYSTAL", "LUCKY", "HAPPY",
             "BRIGHT", "AMBER", "JADE")
_EN_SECOND = ("GLORY", "PRIDE", "SPIRIT", "FORTUNE", "WAVE", "PEARL", "DAWN", "HARMONY",
              "VENTURE", "TRADER", "CARRIER", "EXPRESS", "HOPE", "WIND", "LIGHT", "ACE",
              "LEADER", "PROSPERITY", "UNITY", "VOYAGER")
_CN_SYLL = ("HAI", "XING", "HUA", "DA", "FU", "SHUN", "AN", "JIN", "YUAN", "TONG", "MING",
            "CHANG", "XIN", "HONG", "LONG", "FENG", "YANG", "KANG", "TAI", "ZHOU")
_KP_WORDS = ("CHON MA SAN", "RYE SONG GANG", "KUM UN SAN", "PAEK MA", "SAM JONG",
             "NAM SAN", "YU JONG", "CHONG RIM", "KWANG MYONG", "SONG BONG", "JI SONG",
             "MYONG RYU", "PO THONG GANG", "HWANG GUM SAN", "RA NAM")
_RU_FIRST = ("KAPITAN", "AKADEMIK", "ADMIRAL", "GENERAL", "INZHENER")
_RU_SURNAME = ("IVANOV", "SOKOLOV", "MAKAROV", "KRYLOV", "BELOV", "ORLOV", "VOLKOV",
               "LEBEDEV", "MOROZOV", "ZAITSEV")
_RU_SINGLE = ("ANGARA", "MARIA", "MAIA", "AMUR", "BAIKAL", "SAKHALIN", "KAMCHATKA", "NEVA",
              "LENA", "ZEYA", "URAL", "SVIR", "ONEGA", "SELENGA")


def ship_name(iso2: str, rng: random.Random) -> str:
    """A ship-like name in the style of the flag (at most 20 characters, AIS-safe)."""
    flag = iso2.upper()
    if flag in ("CN", "HK") and rng.random() < 0.8:
        name = f"{rng.choice(_CN_SYLL)} {rng.choice(_CN_SYLL)}"
        if rng.random() < 0.6:
            name += f" {rng.randrange(1, 99)}"
    elif flag == "KP":
        name = rng.choice(_KP_WORDS)
        if rng.random() < 0.5:
            name += f" {rng.randrange(1, 9)}"
    elif flag == "RU" and rng.random() < 0.8:
        if rng.random() < 0.5:
            name = f"{rng.choice(_RU_FIRST)} {rng.choice(_RU_SURNAME)}"
        else:
            name = rng.choice(_RU_SINGLE)
            if rng.random() < 0.3:
                name += f"-{rng.randrange(1, 9)}"
    else:
        name = f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_SECOND)}"
        if rng.random() < 0.2:
            name += f" {rng.choice(('I', 'II', 'III', 'V', '7', '8'))}"
    return name[:20].rstrip()


# ITU Radio Regulations Appendix 42: call sign series of the flags wakewatch simulates.
_CALLSIGN_PREFIXES: dict[str, tuple[str, ...]] = {
    "KP": ("HM", "P5", "P6", "P7", "P8", "P9"),
    "RU": ("UB", "UC", "UD", "UF", "UG", "UH", "UI"),
    "CN": ("B", "BP", "BQ", "BR", "BS"),
    "HK": ("VR",),
    "KR": ("D7", "D8", "D9", "DS", "DT", "HL"),
    "EG": ("SS", "SU"),
    "SA": ("HZ", "7Z", "8Z"),
    "SY": ("YK", "6C"),
    "PA": ("3E", "3F", "H3", "H8", "H9", "HO", "HP"),
    "LR": ("A8", "D5", "5L", "ELW"),
    "MH": ("V7",),
    "KM": ("D6",),
    "SL": ("9L",),
    "TG": ("5V",),
    "MN": ("JV", "JT"),
    "KH": ("XU",),
    "FJ": ("3D",),
    "MT": ("9H",),
    "CM": ("TJ",),
    "VN": ("3W", "XV"),
    "SG": ("9V", "S6"),
    "GR": ("SV", "SX", "SZ"),
    "TR": ("TC", "TB"),
    "IN": ("AT", "AU", "VT"),
    "JP": ("JD", "JK", "JL", "7J"),
}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def callsign(iso2: str, rng: random.Random) -> str:
    """A call sign in the flag's ITU prefix block (letters then an optional digit, 4–7
    characters); for flags without a listed block, plausible letters and a digit."""
    prefixes = _CALLSIGN_PREFIXES.get(iso2.upper())
    prefix = rng.choice(prefixes) if prefixes else "".join(rng.choices(_LETTERS, k=2))
    body = "".join(rng.choices(_LETTERS, k=max(0, 4 - len(prefix)) + rng.randrange(2)))
    digit = str(rng.randrange(10)) if rng.random() < 0.6 else ""
    return (prefix + body + digit)[:7]


# --- hull ----------------------------------------------------------------------------------

def ship_type(kind: ShipKind, rng: random.Random) -> int:
    """AIS ship type: 70–79 cargo, 80–89 tanker; mostly the plain category code (70 / 80)."""
    base = 70 if kind == "cargo" else 80
    return base if rng.random() < 0.7 else base + rng.randrange(1, 10)


def dimensions(kind: ShipKind, rng: random.Random) -> tuple[int, int, int, int]:
    """(to_bow_m, to_stern_m, to_port_m, to_starboard_m) of a plausible hull; within the
    AIS fields (bow/stern ≤ 511, port/starboard ≤ 63)."""
    length = rng.randrange(80, 200) if kind == "cargo" else rng.randrange(100, 250)
    beam = max(12, round(length / rng.uniform(6.0, 7.5)))
    antenna = rng.uniform(0.70, 0.90)
    to_bow = round(length * antenna)
    to_port = round(beam * rng.uniform(0.35, 0.65))
    return to_bow, length - to_bow, min(to_port, 63), min(beam - to_port, 63)


def draught_range(length_m: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """((ballast min, max), (loaded min, max)) in metres, 0.1 m steps, for a hull of
    ``length_m``: the design draught grows with length (about 1/17 of it, 4–17 m)."""
    design = min(17.0, max(4.0, length_m / 17 + 1.0))
    return ((round(0.45 * design, 1), round(0.60 * design, 1)),
            (round(0.85 * design, 1), round(design, 1)))


@dataclass(frozen=True, slots=True)
class VesselIdentity:
    """What one hull broadcasts about itself (any of it may later change or be forged)."""

    mmsi: int
    imo: int
    name: str
    callsign: str
    flag: str            # ISO 3166 alpha-2 of the MMSI's MID
    ship_type: int
    to_bow_m: int
    to_stern_m: int
    to_port_m: int
    to_starboard_m: int
    draught_ballast_m: tuple[float, float]
    draught_loaded_m: tuple[float, float]

    @property
    def length_m(self) -> int:
        return self.to_bow_m + self.to_stern_m


def vessel_identity(iso2: str, rng: random.Random, kind: ShipKind = "cargo"
                    ) -> VesselIdentity:
    """A whole, consistent identity for a vessel of ``kind`` under the flag ``iso2``."""
    flag = iso2.upper()
    mmsi = mmsi_for_flag(flag, rng)
    imo = imo_number(rng)
    name = ship_name(flag, rng)
    call = callsign(flag, rng)
    stype = ship_type(kind, rng)
    bow, stern, port, stbd = dimensions(kind, rng)
    ballast, loaded = draught_range(bow + stern)
    return VesselIdentity(mmsi, imo, name, call, flag, stype, bow, stern, port, stbd,
                          ballast, loaded)


# --- destinations ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Port:
    """A port as crews name it: UN/LOCODE, the usual name, and the short forms seen in AIS."""

    locode: str
    name: str
    short: tuple[str, ...] = ()


PORTS: dict[str, Port] = {p.locode: p for p in (
    Port("EGPSD", "PORT SAID", ("PT SAID", "P SAID", "PORTSAID", "PSD")),
    Port("EGALY", "ALEXANDRIA", ("ALEX", "ALEXANDRIA EGYPT", "ALEXANDRIA OPL")),
    Port("SAJED", "JEDDAH", ("JEDDA", "JIDDAH", "JED")),
    Port("SYLTK", "LATAKIA", ("LATTAKIA", "LATAKIYA", "AL LADHIQIYAH")),
    Port("SYTTS", "TARTUS", ("TARTOUS", "TARTOUS SYRIA")),
    Port("KPNJN", "RAJIN", ("NAJIN", "RASON", "RAJIN DPRK")),
    Port("RUVYP", "VOSTOCHNY", ("VOSTOCHNIY", "VOSTOCHNYY", "PORT VOSTOCHNY")),
    Port("RUNJK", "NAKHODKA", ("NAHODKA", "NAKHODKA RUS")),
    Port("RUVVO", "VLADIVOSTOK", ("VLADIVOSTOK RUS", "VVO", "VLAD")),
    Port("KRPUS", "BUSAN", ("PUSAN", "BUSAN KOREA", "BUSAN ANCH")),
    Port("CNSHA", "SHANGHAI", ("SHANGHAI CHINA", "SHA")),
)}
_BY_NAME: dict[str, Port] = {
    key: p for p in PORTS.values() for key in (p.name, *p.short, p.name.replace(" ", ""))}
_ORDERS = ("FOR ORDERS", "FOR ORDER", "FOR ORDERS", "ORDERS", "TBA")
_AIS_TEXT_OK = set(_LETTERS + "0123456789 !\"#$%&'()*+,-./:;<=>?[\\]^_")


def _find_port(locode_or_name: str) -> Port | None:
    key = " ".join(locode_or_name.upper().split())
    return PORTS.get(key.replace(" ", "")) or _BY_NAME.get(key)


def destination_text(locode_or_name: str, rng: random.Random) -> str:
    """The AIS destination a crew might key in for a port (UN/LOCODE or name), e.g. for
    ``EGPSD``: "PORT SAID", "PT SAID", "PORTSAID", "EGPSD", "EG PSD", "PORT SAID>>",
    ">EG PSD". ``"FOR ORDERS"`` gives one of its variants; an unknown port its name as
    given. Always upper case, AIS 6-bit characters, at most 20 characters, no ``@``."""
    key = " ".join(locode_or_name.upper().split())
    if key in ("FOR ORDERS", "ORDERS", "FOR ORDER"):
        return rng.choice(_ORDERS)
    port = _find_port(key)
    if port is None:
        text = key
    else:
        cc, loc = port.locode[:2], port.locode[2:]
        forms = [port.name, port.name, *port.short, port.locode, f"{cc} {loc}"]
        text = rng.choice(forms)
        decor = rng.random()
        if decor < 0.15:
            text += rng.choice((">>", ">", " >>"))
        elif decor < 0.25:
            text = rng.choice((">", "> ")) + text
    text = "".join(c if c in _AIS_TEXT_OK else " " for c in text)
    return " ".join(text.split())[:20].strip()
