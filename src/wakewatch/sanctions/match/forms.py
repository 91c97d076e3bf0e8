"""Company legal forms, vessel prefixes, name particles and generic words.

Legal forms ("OOO", "LLC", "Co., Ltd", "GmbH", ...) say little about *which* company is
meant: "OOO Sovfracht" and "Sovfracht LLC" are the same firm written by a Russian and an
English clerk. They are removed from the compared tokens and kept as a *form class*
(:data:`FORM_CLASSES`): ``llc`` (limited liability: OOO, TOO, LLC, Ltd, Limited, GmbH, SARL,
Sp. z o.o., ...), ``jsc`` (joint-stock: AO, OAO, ZAO, PAO, JSC, PJSC, CJSC, AG, SA, PLC,
Inc, Corporation, ...), ``company`` (Co., Company, Firm), ``state`` (FGUP, GUP, SUE, state
unitary), ``group`` (Group, Holding), ``nonprofit`` (ANO, NKO, NGO, foundation). Disjoint
classes on both sides cost a factor (see :mod:`.names`), a missing one nothing.

Vessel prefixes (M/V, MV, MT, SS, FV, ...) are dropped from vessel names only: "MV WAN HENG
11" is "WAN HENG 11". Generic words ("trading", "shipping", "international", ...) stay but
weigh less in the token alignment: two companies sharing only "Trading" are not a match.
Person titles (Mr, Dr, General, Sheikh, ...) are dropped from person names.

Sources: the GLEIF entity legal forms list (ISO 20275) for the form spellings, OFAC/UN list
usage for the Russian abbreviations, and the US maritime advisory (2020) for vessel
prefixes — collected by hand; the tables are small on purpose.
"""

from __future__ import annotations

__all__ = [
    "FORM_CLASSES",
    "GENERIC_WORDS",
    "PERSON_TITLES",
    "STOP_WORDS",
    "VESSEL_PREFIXES",
    "form_class",
]

#: Multi-token forms first (matched on the token sequence), then single tokens.
_FORMS: dict[str, tuple[str, ...]] = {
    "llc": (
        "ooo", "too", "tov", "llc", "ltd", "limited", "gmbh", "sarl", "srl", "bv", "b v",
        "sp z o o", "spzoo", "l l c", "pte ltd", "pvt ltd", "private limited", "pty ltd",
        "limited liability company", "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostiu", "fze", "fzco", "fzc", "fz llc",
        "llp", "lp", "kft", "doo", "d o o", "sro", "s r o", "eood", "ood", "mchj", "mchs",
        "xk", "общество с ограниченной ответственностью", "ооо", "тов", "тоо",
        "gesellschaft mit beschrankter haftung", "societatea cu raspundere limitata",
        "sociedad de responsabilidad limitada", "societe a responsabilite limitee",
        "spolka z ograniczona odpowiedzialnoscia", "co ltd", "company limited",
        "tovarystvo z obmezhenoiu vidpovidalnistiu", "l t d", "l p", "l l p", "s a r l",
        "s r l",
    ),
    "jsc": (
        "ao", "oao", "zao", "pao", "jsc", "pjsc", "cjsc", "ojsc", "ag", "sa", "s a", "nv",
        "n v", "plc", "inc", "incorporated", "corp", "corporation", "kabushiki kaisha",
        "kk", "spa", "s p a", "ab", "asa", "as", "oyj", "jsco", "joint stock company",
        "open joint stock company", "closed joint stock company", "public joint stock company",
        "aktsionernoe obshchestvo", "aktsionernoye obshchestvo", "ао", "оао", "зао", "пао",
        "aktiengesellschaft", "societe anonyme", "sociedad anonima", "societa per azioni",
        "naamloze vennootschap", "public limited company", "joint stock co", "p l c", "a g",
        "s p a",
        "акционерное общество", "публичное акционерное общество",
    ),
    "company": ("co", "company", "firm", "cie", "compagnie", "kompaniya", "компания"),
    "state": (
        "fgup", "gup", "sue", "mup", "fsue", "state unitary enterprise",
        "federal state unitary enterprise", "фгуп", "гуп", "муп",
    ),
    "group": ("group", "holding", "holdings", "grupp", "gruppa", "группа", "холдинг"),
    "nonprofit": (
        "ano", "nko", "ngo", "foundation", "fond", "autonomous non profit organization",
        "autonomous non commercial organization", "ано", "нко", "фонд",
    ),
}

#: form text (tokens joined by one space) -> class.
FORM_CLASSES: dict[str, str] = {
    text: cls for cls, texts in _FORMS.items() for text in texts
}

VESSEL_PREFIXES: frozenset[str] = frozenset(
    {"mv", "m v", "mt", "m t", "ss", "s s", "fv", "f v", "mts", "msv", "m s", "ms", "sv",
     "rv", "my", "lpg", "lng", "tb", "tug"}
)

PERSON_TITLES: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "general", "gen", "colonel", "col",
     "major", "captain", "capt", "admiral", "sheikh", "shaykh", "sheik", "haji", "hajji",
     "mullah", "maulana", "mawlawi", "imam", "emir", "president", "minister"}
)

#: Words that occur in many unrelated company names: kept, but weighted down.
GENERIC_WORDS: frozenset[str] = frozenset(
    {"trading", "trade", "shipping", "ship", "maritime", "marine", "international",
     "intl", "global", "industrial", "industry", "industries", "development", "investment",
     "investments", "services", "service", "management", "logistics", "import", "export",
     "general", "enterprise", "enterprises", "technology", "technologies", "tech", "bank",
     "commercial", "corporation", "foreign", "national", "navigation", "petroleum", "oil",
     "energy", "resources", "construction", "engineering", "partners", "associates",
     "capital", "finance", "financial", "system", "systems", "solutions", "center",
     "centre", "korea", "korean", "russia", "russian", "china", "chinese", "iran",
     "hong", "kong", "shanghai", "dalian", "pyongyang", "moscow", "east", "west",
     "north", "south", "new", "united", "state", "federal", "tanker", "line", "lines"}
)

#: Connecting words ignored everywhere ("Bank of Korea" = "Korea Bank" for alignment).
STOP_WORDS: frozenset[str] = frozenset({"of", "the", "and", "for", "und", "et"})


def form_class(text: str) -> str | None:
    """The form class of a (folded, space-joined) token sequence, else ``None``."""
    return FORM_CLASSES.get(text)
