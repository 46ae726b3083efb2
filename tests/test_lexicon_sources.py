"""The word lists derived from public data (quoteattr/lexicon/sources.py)."""

from __future__ import annotations

import collections
import importlib.util
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from quoteattr.lexicon import reporting_verbs
from quoteattr.lexicon import sources as lex

LISTS = ("communication_verbs.txt", "places_gazetteer.txt", "first_names_gender.txt",
         "org_suffixes.txt", "org_names.txt", "group_nouns.txt")


@pytest.mark.parametrize("name", LISTS)
def test_every_list_says_its_source_licence_and_derivation(name: str) -> None:
    text = resources.files("quoteattr.lexicon").joinpath(name).read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "Source:" in header
    assert "licen" in header.lower()
    assert "# Counts:" in header
    if name != "org_names.txt":
        assert "tools/build_lexicon.py" in header


@pytest.mark.parametrize("name", LISTS)
def test_sources_md_gives_the_lists_current_size(name: str) -> None:
    files = resources.files("quoteattr.lexicon")
    counts = next(line for line in files.joinpath(name).read_text(encoding="utf-8").splitlines()
                  if line.startswith("# Counts:"))
    first = int(counts.split()[2])
    row = next(line for line in files.joinpath("SOURCES.md").read_text(
        encoding="utf-8").splitlines() if line.startswith(f"| `{name}`"))
    assert f"{first:,}" in row


@pytest.mark.parametrize("name", LISTS)
def test_no_row_is_repeated(name: str) -> None:
    rows = [row for _, row in lex._rows(name)]
    assert len(rows) == len(set(rows))


# --------------------------------------------------------------------------- verbs


def test_communication_verbs_are_broad() -> None:
    verbs = lex.communication_verbs()
    lemmas = {verb.lemma for verb in verbs.values()}
    assert 300 <= len(lemmas) <= 800
    assert sum(1 for lemma in lemmas
               if "manner" in next(v.tags for v in verbs.values() if v.lemma == lemma)) >= 50


@pytest.mark.parametrize(("form", "lemma", "tags"), [
    ("said", "say", {"say"}),
    ("says", "say", {"say"}),
    ("told", "tell", {"say"}),
    ("claimed", "claim", {"say"}),
    ("insisted", "insist", {"say"}),
    ("warned", "warn", {"say"}),
    ("quipped", "quip", {"say"}),
    ("grumbled", "grumble", {"say", "manner"}),
    ("muttered", "mutter", {"say", "manner"}),
    ("whispered", "whisper", {"say", "manner"}),
    ("snapped", "snap", {"say", "manner"}),
    ("barked", "bark", {"say", "manner"}),
    ("shouted", "shout", {"say", "manner"}),
    ("called", "call", {"frame"}),
    ("praised", "praise", {"frame"}),
    ("accused", "accuse", {"frame"}),
    ("described", "describe", {"say", "frame"}),
    ("urged", "urge", {"say", "frame"}),
    ("pointed out", "point out", {"say"}),
])
def test_known_verbs_have_their_class(form: str, lemma: str, tags: set[str]) -> None:
    verb = lex.communication_verbs()[form]
    assert verb.lemma == lemma
    assert verb.tags == tags


@pytest.mark.parametrize(("lemma", "forms"), [
    ("say", ["says", "said", "saying"]),
    ("tell", ["tells", "told", "telling"]),
    ("speak", ["speaks", "spoke", "spoken", "speaking"]),
    ("write", ["writes", "wrote", "written", "writing"]),
    ("deny", ["denies", "denied", "denying"]),
    ("quip", ["quips", "quipped", "quipping"]),
    ("testify", ["testifies", "testified", "testifying"]),
    ("label", ["labels", "labeled", "labelled", "labeling", "labelling"]),
])
def test_irregular_and_spelling_changes_are_right(lemma: str, forms: list[str]) -> None:
    verbs = lex.communication_verbs()
    for form in forms:
        assert verbs[form].lemma == lemma, form


@pytest.mark.parametrize("junk", [
    "run", "ran", "sign", "signed", "show", "showed", "give", "gave", "read", "carry",
    "nodded", "cheered", "booed", "issued", "released", "filed", "sang", "laid", "lay",
    "occured", "meowed",
])
def test_non_speech_verbs_and_misspellings_are_absent(junk: str) -> None:
    assert junk not in lex.communication_verbs()


def test_noun_like_forms_are_marked() -> None:
    verbs = lex.communication_verbs()
    assert verbs["claims"].noun_like and verbs["alleged"].noun_like
    assert not verbs["said"].noun_like and not verbs["says"].noun_like
    assert not verbs["alleges"].noun_like  # not the noun "alley"


def test_the_hand_list_of_reporting_verbs_is_covered() -> None:
    mine = {verb.lemma for verb in lex.communication_verbs().values()}
    theirs = {verb.lemma for verb in reporting_verbs().values()}
    assert theirs - mine <= {"point"}  # kept here as "point out"


@pytest.mark.parametrize(("text", "problem"), [
    ("say says said said saying\n", "expected 'lemma"),
    ("say says said said saying | say,shout\n", "unknown tag shout; expected frame"),
    ("say says said saying | say\n", "expected 'lemma"),
])
def test_a_broken_verb_line_names_file_and_line(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=rf"verbs.txt, line 2: {problem}"):
        lex._parse_verbs("verbs.txt", "# header\n" + text)


def test_verb_variants_and_comments_parse() -> None:
    text = "# c\nlabel labels labeled/labelled labeled/labelled labeling/labelling | frame  # x\n"
    verbs = lex._parse_verbs("v.txt", text)
    assert verbs["labelled"].lemma == verbs["labeling"].lemma == "label"
    assert set(verbs) == {"label", "labels", "labeled", "labelled", "labeling", "labelling"}


# --------------------------------------------------------------------------- places


def test_places_have_every_kind() -> None:
    places = lex.places_gazetteer()
    kinds = {kind: sum(1 for p in places.values() if p.kind == kind) for kind in lex.PLACE_KINDS}
    assert 240 <= kinds["country"] <= 320
    assert kinds["us_state"] >= 48  # Georgia is a country first, Washington a capital
    assert 150 <= kinds["capital"] <= 260
    assert kinds["city"] >= 5000
    assert 50 <= kinds["ambiguous_city"] <= 400


@pytest.mark.parametrize(("name", "kind", "adjective"), [
    ("France", "country", "French"),
    ("Russia", "country", "Russian"),
    ("Ukraine", "country", "Ukrainian"),
    ("United Kingdom", "country", "British"),
    ("Britain", "country", "British"),
    ("Netherlands", "country", "Dutch"),
    ("Zimbabwe", "country", "Zimbabwean"),
    ("Kyiv", "capital", ""),
    ("Washington", "capital", ""),
    ("Ohio", "us_state", ""),
    ("Georgia", "country", "Georgian"),  # the country comes first; the US state too
    ("Shanghai", "city", ""),
    ("Houston", "city", ""),
    ("São Paulo", "city", ""),
    ("Austin", "ambiguous_city", ""),
    ("Jackson", "ambiguous_city", ""),
])
def test_known_places(name: str, kind: str, adjective: str) -> None:
    place = lex.places_gazetteer()[name]
    assert (place.kind, place.adjective) == (kind, adjective)


@pytest.mark.parametrize("junk", [
    "Of", "Police", "Reading", "Mobile", "Orange", "Nice", "Bath", "Male", "Most",
    "Paris 15 Vaugirard", "Marseille 13",
])
def test_word_like_places_are_absent(junk: str) -> None:
    assert junk not in lex.places_gazetteer()


def test_adjectives_map_to_their_place() -> None:
    adjectives = lex.place_adjectives()
    assert adjectives["German"] == "Germany"
    assert adjectives["Ivorian"] == "Ivory Coast"
    assert "Soviet" not in adjectives and "Gallic" not in adjectives


def test_a_place_line_parses_and_a_broken_one_names_its_line() -> None:
    text = "# h\n[country]\nFrance | French\n[ambiguous_city]\nReading  # an English word\n"
    places = lex._parse_places("p.txt", text)
    assert places["France"] == lex.Place("France", "country", "French")
    assert places["Reading"] == lex.Place("Reading", "ambiguous_city", "")
    with pytest.raises(ValueError, match=r"p.txt, line 1: a row before"):
        lex._parse_places("p.txt", "France\n")
    with pytest.raises(ValueError, match=r"p.txt, line 2: unknown section '\[town\]'"):
        lex._parse_places("p.txt", "# h\n[town]\n")
    with pytest.raises(ValueError, match=r"p.txt, line 2: expected 'Name'"):
        lex._parse_places("p.txt", "[city]\nA | B | C\n")


# --------------------------------------------------------------------------- given names


def test_given_names_are_many_and_both_genders() -> None:
    names = lex.given_names()
    assert len(names) >= 10_000
    genders = list(names.values())
    assert genders.count("male") >= 3000 and genders.count("female") >= 3000
    assert genders.count("") >= 1000


@pytest.mark.parametrize(("name", "gender"), [
    ("Priya", "female"), ("Giorgia", "female"), ("Olena", "female"), ("Mary", "female"),
    ("Ivo", "male"), ("Oleksandr", "male"), ("Sung-ho", "male"), ("Tomas", "male"),
    ("Volodymyr", "male"), ("John", "male"), ("Mohammed", "male"), ("José", "male"),
    ("Amara", ""), ("Kim", ""), ("Jean", ""), ("Andrea", ""), ("Alex", "male"),
    ("PRIYA", "female"), ("  Ivo ", "male"),
])
def test_name_gender(name: str, gender: str) -> None:
    assert lex.name_gender(name) == gender


@pytest.mark.parametrize("junk", [
    "The", "And", "Said", "Xyzzy", "", "Q", "General", "Lord", "China", "Paris", "January",
    "de", "Van", "bin", "Jr",
])
def test_words_and_unknown_names_have_no_gender(junk: str) -> None:
    assert lex.name_gender(junk) is None


def test_name_gender_rejects_a_non_string() -> None:
    with pytest.raises(TypeError, match="name must be a str, not int"):
        lex.name_gender(7)  # type: ignore[arg-type]


def test_a_broken_name_line_names_its_line() -> None:
    assert lex._parse_names("n.txt", "# h\nAda:female\nSam:\n") == {"ada": "female", "sam": ""}
    with pytest.raises(ValueError, match=r"n.txt, line 2: expected 'Name:male'"):
        lex._parse_names("n.txt", "Ada:female\nSam:other\n")
    with pytest.raises(ValueError, match=r"n.txt, line 1: expected"):
        lex._parse_names("n.txt", "Ada female\n")


# --------------------------------------------------------------------------- organisations


@pytest.mark.parametrize("suffix", [
    "inc", "inc.", "corp.", "co.", "ltd", "llc", "plc", "ag", "gmbh", "sa", "nv", "spa",
    "s.p.a.", "ab", "asa", "oy", "kk", "bv", "pty ltd",
])
def test_legal_forms(suffix: str) -> None:
    assert suffix in lex.org_suffixes().legal


@pytest.mark.parametrize("head", [
    "Group", "Holdings", "Bank", "University", "Institute", "Association", "Union", "Party",
    "Ministry", "Agency", "Council", "Commission", "Committee", "Department", "Court",
    "Foundation", "Police", "Service", "Network", "Airlines", "Energy", "Hospital",
])
def test_head_words(head: str) -> None:
    assert head in lex.org_suffixes().heads


@pytest.mark.parametrize("junk", ["as", "da", "pt", "of", "the", "og", "et", "private"])
def test_legal_forms_that_are_words_are_absent(junk: str) -> None:
    assert junk not in lex.org_suffixes().legal


def test_a_head_word_must_be_capitalised() -> None:
    with pytest.raises(ValueError, match=r"s.txt, line 2: a head word must be capitalised"):
        lex._parse_suffixes("s.txt", "[head]\nenergy\n")


@pytest.mark.parametrize(("name", "kind"), [
    ("BBC", "media"), ("Reuters", "media"), ("Google", "company"), ("Microsoft", "company"),
    ("Deutsche Bahn", "company"), ("Amnesty International", "ngo"), ("NATO", "international"),
    ("UN", "international"), ("Pentagon", "government"), ("FIFA", "sport"),
])
def test_org_names(name: str, kind: str) -> None:
    assert lex.org_names()[name] == kind


def test_a_broken_org_line_names_its_line() -> None:
    with pytest.raises(ValueError, match=r"o.txt, line 1: expected 'Name \| kind'"):
        lex._parse_org_names("o.txt", "Acme | bakery\n")


# --------------------------------------------------------------------------- groups


def test_group_nouns() -> None:
    groups = lex.group_nouns()
    assert 300 <= len(groups) <= 1500
    for word in ("forecasters", "residents", "officials", "analysts", "experts",
                 "economists", "witnesses", "police", "prosecutors", "investigators",
                 "critics", "supporters", "protesters", "doctors", "scientists",
                 "researchers", "lawmakers", "voters", "asylum seekers"):
        assert word in groups, word


@pytest.mark.parametrize("junk", [
    "stars", "targets", "babies", "presidents", "popes", "jesus", "men", "whores", "bastards",
    "resident", "official",
])
def test_group_nouns_leave_out_junk_and_singulars(junk: str) -> None:
    assert junk not in lex.group_nouns()


# --------------------------------------------------------------------------- the generator


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "tools" / "build_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_lexicon", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("verb", "forms"), [
    ("speechify", ("speechifies", "speechified", "speechifying")),
    ("guesstimate", ("guesstimates", "guesstimated", "guesstimating")),
    ("kvetch", ("kvetches", "kvetched", "kvetching")),
    ("badmouth", ("badmouths", "badmouthed", "badmouthing")),
    ("reconfirm", ("reconfirms", "reconfirmed", "reconfirming")),
    ("rebut", None),  # one vowel, one consonant: may double
    ("blather", None),
    ("agree", None),
])
def test_the_spelling_rule_answers_only_where_it_is_safe(
        builder: ModuleType, verb: str, forms: tuple[str, str, str] | None) -> None:
    assert builder._regular(verb) == forms


def test_lemminflect_rows_and_variants(builder: ModuleType) -> None:
    inflector = builder.Inflector.__new__(builder.Inflector)
    inflector.table = collections.defaultdict(dict)
    inflector._row("travel,verb,traveled/travelled,,traveling/travelling,travels")
    inflector._row("occur,verb,occurred/occured,,occurring/occuring,occurs")
    inflector._row("official,noun,officials")
    assert inflector.verb("travel") == [
        ["travels"], ["traveled", "travelled"], ["traveled", "travelled"],
        ["traveling", "travelling"]]
    assert inflector.verb("occur") == [["occurs"], ["occurred"], ["occurred"], ["occurring"]]
    assert inflector.verb("lie")[1] == ["lied"]  # the exceptions list, not "lay"
    assert inflector.verb("travel_on")[1] == ["traveled_on", "travelled_on"]
    assert inflector.plural("official") == "officials"
    assert inflector.verb("xyzzy") is None
