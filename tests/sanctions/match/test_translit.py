"""Script detection, transliteration schemes and token keys."""

from __future__ import annotations

import pytest

from wakewatch.sanctions.match.korean import has_hangul, romanize
from wakewatch.sanctions.match.normalize import canon, fold, loose, numberize, skeleton
from wakewatch.sanctions.match.scripts import scripts_of
from wakewatch.sanctions.match.translit import latin_variants


def test_scripts() -> None:
    assert scripts_of("Kim Jong Un") == {"Latin"}
    assert scripts_of("Chŏng") == {"Latin"}
    assert scripts_of("김정은") == {"Hangul"}
    assert scripts_of("习近平") == {"Han"}
    assert scripts_of("Путин") == {"Cyrillic"}
    assert scripts_of("أسامة") == {"Arabic"}
    assert scripts_of("Ελληνικά") == {"Other"}
    assert scripts_of("123 -") == frozenset()


def test_korean_schemes() -> None:
    assert has_hangul("김정은") and not has_hangul("Kim")
    assert romanize("김정은", "ko-mr").split() == ["kim", "jong", "un"]
    assert romanize("김정은", "ko-rr").split() == ["gim", "jeong", "eun"]
    assert romanize("리철남", "ko-mr").split() == ["ri", "chol", "nam"]
    assert romanize("박봉주", "ko-rr").split() == ["bak", "bong", "ju"]
    with pytest.raises(ValueError):
        romanize("김", "ko-xx")


def test_latin_variants() -> None:
    assert latin_variants("Kim Jong Un") == (("latin", "Kim Jong Un"),)
    schemes = dict(latin_variants("习近平"))
    assert schemes["zh-py"].split() == ["xi", "jin", "ping"]
    assert schemes["zh-wg"].split() == ["hsi", "chin", "ping"]
    assert dict(latin_variants("Владимир Путин"))["ru"] == "Vladimir Putin"
    assert dict(latin_variants("السيسي"))["ar"].split()[0] == "al"


def test_fold() -> None:
    assert fold("KIM, So'ng-hun") == "kim song hun"
    assert fold("M/V WAN HENG11") == "m v wan heng 11"
    assert fold("Erdoğan") == "erdogan"
    assert fold("Ig0r Sech1n") == "igor sechin"


@pytest.mark.parametrize(
    "spellings",
    [
        ("dmitriy", "dmitry", "dmitrii", "dmitrij"),
        ("sergeyev", "sergeev"),
        ("yevgeny", "evgeniy"),
        ("hsi", "xi"),
    ],
)
def test_canon_merges_romanisations(spellings: tuple[str, ...]) -> None:
    assert len({canon(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    "spellings",
    [
        ("ri", "li", "yi", "rhee", "lee"),
        ("pak", "park", "bak"),
        ("jong", "jeong", "chong", "cheong"),
        ("chol", "cheol", "chul"),
        ("choe", "choi"),
        ("kim", "gim"),
        ("sung", "seong", "song"),
        ("tse", "ze"),
    ],
)
def test_loose_merges_korean_and_wade_giles(spellings: tuple[str, ...]) -> None:
    assert len({loose(s) for s in spellings}) == 1


def test_skeleton_of_unvocalised_arabic() -> None:
    assert skeleton("muhammad") == skeleton("mohammed") == skeleton("mhmd") == "mhmd"
    assert skeleton("ladin") == skeleton("laden") == skeleton("ldn")
    assert skeleton("usama") == skeleton("smh")


def test_numberize() -> None:
    assert numberize(["brigade", "forty", "four"], roman=True) == ["brigade", "44"]
    assert numberize(["1", "st", "bank"], roman=True) == ["1", "bank"]
    assert numberize(["fund", "iii"], roman=True) == ["fund", "3"]
    assert numberize(["xi", "jinping"], roman=False) == ["xi", "jinping"]
