"""The actor table: packaged data, time-dependent codes, lookups and user extension files."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

import pycountry
import pytest

from chancery.nlp.actors import ActorTable, Alias, normalize

#: pycountry entries that are dependent territories, not states: deliberately no actors.
#: pycountry territories that are not actors (Western Sahara, ESH, is: the contract codes it)
TERRITORIES = set(
    re.findall(
        "[A-Z]{3}",
        "ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM FLK FRO GGY GIB GLP GRL "
        "GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN "
        "SJM SPM SXM TCA TKL UMI VGB VIR WLF",
    )
)
#: Aliases that really are shared by two states, and the state that wins (documented in
#: ACTORS.md): "Congo" and "Congolese" are the DRC in news; "Dominican" is usually the Republic.
SHARED = {"congo": "COD", "congolese": "COD", "dominican": "DOM"}
TALIBAN_TAKEOVER = date(2021, 8, 15)


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable.default()


#: code -> texts that must resolve to it today (None: must not resolve at all).
EXPECTED: dict[str | None, tuple[str, ...]] = {
    "RUS": (
        "Russia",
        "Russian Federation",
        "Russian",
        "Moscow",
        "Russia's",
        "Russia’s",
        "the Kremlin",
        "Kremlin",
        "Vladimir Putin",
    ),
    "AFG": (
        "Afghanistan",
        "Afghan",
        "Kabul",
        "Islamic Republic of Afghanistan",
        "Islamic Emirate of Afghanistan",
    ),
    "USA": (
        "U.S.",
        "US",
        "U.S",
        "USA",
        "America",
        "United States",
        "the United States",
        "American",
        "Washington",
        "State Department",
        "the White House",
    ),
    "ARE": ("UAE", "U.A.E.", "Emirati", "United Arab Emirates", "Abu Dhabi"),
    "GBR": ("UK", "U.K.", "Britain", "British", "London", "Downing Street"),
    "IRN": ("Iran", "Islamic Republic of Iran", "Iranian", "Tehran"),
    "BOL": ("Bolivia", "Bolivian", "La Paz"),
    "PSE": ("Palestine", "State of Palestine", "Palestinian", "Palestinian Authority", "Ramallah"),
    "TWN": ("Taiwan", "Taiwanese", "Taipei", "Republic of China"),
    "CHN": ("People's Republic of China", "PRC", "Beijing", "Chinese", "Xi Jinping"),
    "XKX": ("Kosovo", "Kosovar", "Pristina"),
    "SOL": ("Somaliland", "Hargeisa"),
    "CYN": ("Northern Cyprus",),
    "VAT": ("Vatican", "Holy See"),
    "COG": ("Republic of Congo", "Congo Republic", "Brazzaville"),
    "COD": (
        "Congo", "Congolese", "DRC", "DR Congo", "Kinshasa", "Democratic Republic of the Congo",
    ),
    "NER": ("Niger", "Nigerien"),
    "NGA": ("Nigeria", "Nigerian"),
    "DMA": ("Dominica",),
    "GEO": ("Georgia",),
    "TUR": ("Turkey", "Türkiye", "Turkiye", "Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    "CIV": ("Ivory Coast", "Côte d'Ivoire"),
    "CZE": ("Czechia", "Czech Republic"),
    "UKR": ("Kyiv", "Kiev"),
    "COL": ("Bogota", "Bogotá"),
    "FRA": ("Élysée", "Elysee"),
    "MMR": ("Burma",),
    "SWZ": ("Swaziland",),
    "SUN": ("Soviet Union", "Soviet", "USSR"),
    "DDR": ("East Germany",),
    "UN": (
        "United Nations",
        "the UN",
        "U.N.",
        "UN Security Council",
        "Security Council",
        "the world body",
    ),
    "EU": ("European Union",),
    "NATO": ("NATO", "Nato"),
    "AU": ("African Union",),
    "ASEAN": ("ASEAN",),
    "SCO": ("Shanghai Cooperation Organization",),
    "ARAB_LEAGUE": ("Arab League", "League of Arab States"),
    "G7": ("Group of Seven",),
    "BRICS": ("BRICS",),
    "GCC": ("Gulf Cooperation Council",),
    "NSA:ISIS": ("Islamic State", "Daesh", "ISIL"),
    "NSA:ISIS-K": ("ISIS-K", "Islamic State Khorasan", "ISKP"),
    "NSA:HAMAS": ("Hamas",),
    "NSA:HEZBOLLAH": ("Hezbollah",),
    "NSA:HOUTHIS": ("Houthi rebels", "Ansar Allah"),
    "NSA:WAGNER": ("Wagner Group", "Wagner group"),
    "NSA:RSF": ("Rapid Support Forces",),
    "NSA:HTS": ("Hayat Tahrir al-Sham",),
    "NSA:TTP": ("Pakistani Taliban", "Tehreek-e-Taliban Pakistan"),
    None: ("Islamist group", "the bloc", "the junta", "Erdogan", "us", "foreign minister"),
}


@pytest.mark.parametrize(
    ("text", "code"), [(text, code) for code, texts in EXPECTED.items() for text in texts]
)
def test_resolves(table: ActorTable, text: str, code: str | None) -> None:
    assert table.resolve(text) == code


@pytest.mark.parametrize(
    "text", ["Taliban", "the Taliban's", "Islamic Emirate", "Taliban government", "Taliban regime"]
)
def test_taliban_are_afghanistan_from_2021_08_15(table: ActorTable, text: str) -> None:
    assert table.resolve(text, date(2021, 8, 14)) == "NSA:TALIBAN"
    assert table.resolve(text, TALIBAN_TAKEOVER) == "AFG"
    assert table.resolve(text, date(2021, 8, 16)) == "AFG"
    assert table.resolve(text) == "AFG"


def test_people_resolve_within_their_terms(table: ActorTable) -> None:
    assert table.resolve("Joe Biden", date(2022, 1, 1)) == "USA"
    assert table.resolve("Joe Biden", date(2025, 6, 1)) is None
    assert table.resolve("Donald Trump", date(2019, 1, 1)) == "USA"
    assert table.resolve("Donald Trump", date(2023, 1, 1)) is None
    assert table.resolve("Donald Trump", date(2025, 1, 20)) == "USA"
    assert table.resolve("Amir Khan Muttaqi", date(2021, 9, 7)) == "AFG"
    assert table.resolve("Amir Khan Muttaqi", date(2021, 8, 1)) is None  # linked by title then


def test_each_person_has_one_code(table: ActorTable) -> None:
    """Callers reuse a person's surname for the rest of an article: it must stay unambiguous."""
    codes: dict[str, set[str | None]] = defaultdict(set)
    for alias in table.aliases():
        if alias.kind == "person":
            codes[alias.text].add(alias.code)
    assert codes and all(len(c) == 1 for c in codes.values())
    assert table.resolve("Recep Tayyip Erdoğan") == table.resolve("Recep Tayyip Erdogan") == "TUR"


def test_acronyms_need_capitals_but_names_do_not(table: ActorTable) -> None:
    assert table.resolve("us") is None  # the pronoun
    assert table.resolve("united states") == "USA"
    assert Alias("US", "USA", "short").case_sensitive
    assert not Alias("Nato", "NATO", "igo").case_sensitive


def test_kinds_filter(table: ActorTable) -> None:
    assert table.resolve("Moscow", kinds={"capital"}) == "RUS"
    assert table.resolve("Moscow", kinds={"name", "short"}) is None
    assert table.resolve("Taliban", date(2020, 1, 1), kinds={"government"}) is None
    assert table.resolve("Taliban", date(2020, 1, 1), kinds={"nsa"}) == "NSA:TALIBAN"


def test_titles_are_aliases_without_a_code(table: ActorTable) -> None:
    titles = {a.text for a in table.aliases() if a.kind == "title"}
    assert {"foreign minister", "acting foreign minister", "ambassador", "embassy"} <= titles
    assert all(a.code is None for a in table.aliases() if a.kind == "title")
    assert table.resolve("foreign minister") is None
    assert [a.kind for a in table.candidates("Foreign Ministry")] == ["title"]


def test_candidates_ignore_dates(table: ActorTable) -> None:
    assert {a.code for a in table.candidates("Taliban")} == {"AFG", "NSA:TALIBAN"}


def test_candidates_kept_per_text_are_the_same_and_a_fresh_list() -> None:
    """The answers kept per text equal a fresh lookup, whatever the caller does with them."""
    table = ActorTable.default()
    fresh = ActorTable.from_files()
    for text in ("Russia", "the Kremlin's", "Bogota", "U.S.", "us", "US", "Atlantis"):
        first = table.candidates(text)
        first.clear()
        assert table.candidates(text) == fresh._candidates(text)


def test_info_name_and_codes(table: ActorTable) -> None:
    assert table.info("RUS").name == "Russia"
    assert table.info("NSA:TALIBAN").category == "nsa"
    assert table.info("UN").category == "igo"
    assert table.info("SUN").category == "historic"
    assert table.info("XXX") is None
    assert table.name("AFG") == "Afghanistan"
    assert table.name("NOPE") == "NOPE"
    assert {"UN", "EU", "NATO", "AU", "ASEAN", "SCO", "OIC", "ARAB_LEAGUE", "G7", "BRICS"} <= set(
        table.codes("igo")
    )


def test_search_ranks_exact_then_prefix_then_substring(table: ActorTable) -> None:
    assert [i.code for i in table.search("Taliban")][:2] == ["AFG", "NSA:TALIBAN"]
    assert table.search("Moscow")[0].code == "RUS"
    assert table.search("palestine")[0].code == "PSE"
    found = [i.code for i in table.search("Congo")]
    assert found[:2] == ["COD", "COG"]
    assert len(found) == len(set(found))
    assert len(table.search("a", limit=5)) == 5
    assert table.search("  ") == []


def test_every_state_has_names_demonym_and_capital(table: ActorTable) -> None:
    states = set(table.codes("state"))
    expected = {c.alpha_3 for c in pycountry.countries} - TERRITORIES
    assert states == expected | {"XKX", "SOL", "CYN"}
    assert len(states) == 200  # 193 UN members, 2 observers, TWN, XKX, SOL, CYN, ESH
    kinds: dict[str, set[str]] = defaultdict(set)
    for alias in table.aliases():
        if alias.code:
            kinds[alias.code].add(alias.kind)
    for code in sorted(states):
        assert {"demonym", "capital"} <= kinds[code], code
        assert table.resolve(table.name(code)) == code, code


def test_every_alias_code_is_registered(table: ActorTable) -> None:
    assert {a.code for a in table.aliases() if a.code} <= set(table.codes())


def test_no_alias_means_two_codes_at_once_except_the_documented_ones(table: ActorTable) -> None:
    by_key: dict[str, list[Alias]] = defaultdict(list)
    for alias in table.aliases():
        if alias.code:
            by_key[normalize(alias.text)].append(alias)
    clashes = set()
    for key, aliases in by_key.items():
        for a, b in combinations(aliases, 2):
            if a.code != b.code and _overlap(a, b):
                clashes.add(key)
    assert clashes == set(SHARED)
    for key, code in SHARED.items():
        assert table.resolve(key) == code


def _overlap(a: Alias, b: Alias) -> bool:
    lo = max(a.valid_from or date.min, b.valid_from or date.min)
    hi = min(a.valid_to or date.max, b.valid_to or date.max)
    return lo < hi


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "# my additions\ncode\talias\tkind\tvalid_from\tvalid_to\tnote\n"
        "GNB\tGuinea\tshort\t\t\tin our sources Guinea is Guinea-Bissau\n"
        "NSA:TEST\tTest Front\tnsa\n"
        "\tfirst secretary\ttitle\n",
        encoding="utf-8",
    )
    names = tmp_path / "names.tsv"
    names.write_text("code\tname\tcategory\nNSA:TEST\tThe Test Front\tnsa\n", encoding="utf-8")
    table = ActorTable.from_files(extra, names)
    assert table.resolve("Guinea") == "GNB"
    assert table.resolve("Test Front") == "NSA:TEST"
    assert table.name("NSA:TEST") == "The Test Front"
    assert table.resolve("Russia") == "RUS"
    assert "first secretary" in {a.text for a in table.aliases() if a.kind == "title"}
    assert ActorTable.default().resolve("Guinea") == "GIN"  # the default is untouched


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("RUS\tMoskva\tcity", "unknown kind"),
        ("RUS\tMoskva", "3 to 6"),
        ("rus\tMoskva\tcapital", "bad code"),
        ("\tMoskva\tcapital", "titles take no code"),
        ("RUS\tMoskva\tcapital\t2021-13-01", "bad date"),
        ("RUS\tMoskva\tcapital\t2022-01-01\t2021-01-01", "not before"),
    ],
)
def test_malformed_user_file_names_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"code\talias\tkind\n# comment\nRUS\tMoskva\tcapital\n{row}\n", "utf-8")
    with pytest.raises(ValueError, match=problem) as info:
        ActorTable.from_files(bad)
    assert f"{bad}, line 4" in str(info.value)


def test_file_without_known_header_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("RUS\tMoskva\tcapital\n", "utf-8")
    with pytest.raises(ValueError, match="line 1: unknown header"):
        ActorTable.from_files(bad)


def test_loading_is_fast() -> None:
    start = time.perf_counter()
    ActorTable.from_files()
    assert time.perf_counter() - start < 0.2


def test_a_former_leader_keeps_the_code_of_their_last_office(table: ActorTable) -> None:
    """ "former dictator Bashar al-Assad" in 2025: no longer Syria's voice, still Syria's
    former ruler; a name never listed stays unknown, and a current leader is no former."""
    after = date(2025, 7, 8)
    assert table.resolve("Bashar al-Assad", after) is None
    assert table.former("Bashar al-Assad", after) == "SYR"
    assert table.former("Nobody Atall", after) is None
    assert table.former("Bashar al-Assad", date(2020, 1, 1)) is None
