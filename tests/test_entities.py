"""Tests for canonical speakers: within an article (`article_entities`) and across
articles (`SpeakerRegistry`, `fold_name`)."""

from __future__ import annotations

import pytest

import quoteattr
from quoteattr.annotate import get_annotator
from quoteattr.articles import parse_article
from quoteattr.entities import SpeakerRegistry, article_entities, fold_name
from quoteattr.model import Speaker


def _person(name: str) -> Speaker:
    return Speaker(name, "person")


def _organisation(name: str) -> Speaker:
    return Speaker(name, "organization")


def _registry(*speakers: Speaker) -> tuple[SpeakerRegistry, list[Speaker]]:
    registry = SpeakerRegistry()
    return registry, [registry.add(s) for s in speakers]


# --- fold_name ----------------------------------------------------------------------------

SAME_FOLD = [
    pytest.param("Zelensky", "Zelenskyy", id="y-yy"),
    pytest.param("Zelensky", "Zelenskiy", id="y-iy"),
    pytest.param("Volodymyr Zelenskyy", "Volodymyr Zelenskiy", id="full-name"),
    pytest.param("Dmitry Peskov", "Dmitriy Peskov", id="y-iy-first-name"),
    pytest.param("Mohammed", "Muhammad", id="mohammed"),
    pytest.param("Yuriy", "Yuri", id="yu-iy"),
    pytest.param("Podolyak", "Podoliak", id="ya-ia"),
    pytest.param("Serhiy Lysak", "Serhii Lysak", id="iy-ii"),
    # The module's own note names Serhiy/Sergiy among the variants it folds.
    pytest.param("Serhiy Lysak", "Sergiy Lysak", id="h-g"),
    pytest.param("Khodorkovsky", "Hodorkovsky", id="kh-h"),
    pytest.param("Zelénska", "Zelenska", id="diacritics"),
    pytest.param("PUTIN", "Putin", id="case"),
    pytest.param("Peskov’s", "Peskov", id="possessive-curly"),
    pytest.param("Peskov's", "Peskov", id="possessive-straight"),
    pytest.param("  Vladimir   Putin ", "Vladimir Putin", id="blanks"),
]


@pytest.mark.parametrize(("a", "b"), SAME_FOLD)
def test_fold_name_same(a: str, b: str) -> None:
    assert fold_name(a) == fold_name(b)


DIFFERENT_FOLD = [
    pytest.param("Donald Trump", "Melania Trump", id="first-names"),
    pytest.param("Zelensky", "Zelenska", id="husband-wife"),
    pytest.param("Olena Zelenska", "Volodymyr Zelensky", id="husband-wife-full"),
    pytest.param("Putin", "Peskov", id="surnames"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_FOLD)
def test_fold_name_different(a: str, b: str) -> None:
    assert fold_name(a) != fold_name(b)


FOLDS = [
    pytest.param("Zelenskyy", "zelenski", id="zelenskyy"),
    pytest.param("Volodymyr Zelenskiy’s", "volodymyr zelenski", id="possessive"),
    pytest.param("Vladimir Putin", "vladimir putin", id="plain"),
    pytest.param("", "", id="empty"),
]


@pytest.mark.parametrize(("name", "folded"), FOLDS)
def test_fold_name(name: str, folded: str) -> None:
    assert fold_name(name) == folded


# --- SpeakerRegistry ----------------------------------------------------------------------

ZELENSKY = [
    pytest.param(["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy"],
                 id="full-names"),
    pytest.param(["Zelensky", "Zelenskyy", "Zelenskiy"], id="surnames"),
    pytest.param(["Volodymyr Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelenskiy"],
                 id="full-then-surnames"),
    pytest.param(["Zelenskiy", "Volodymyr Zelenskyy", "Zelensky"], id="surname-first"),
]


def _president(name: str) -> Speaker:
    """A person whose article also calls them "President …": evidence beside the name."""
    return Speaker(name, "person", (f"President {name.split()[-1]}",))


@pytest.mark.parametrize("names", ZELENSKY)
def test_registry_merges_transliterations(names: list[str]) -> None:
    registry, speakers = _registry(*map(_president, names))
    assert len(registry) == 1
    [speaker] = registry
    assert speaker == speakers[-1]
    fullest = max(names, key=lambda n: len(n.split()))
    assert len(speaker.name.split()) == len(fullest.split())
    assert set(names) <= {speaker.name, *speaker.aliases}


def test_registry_keeps_first_names_apart() -> None:
    registry, (donald, melania) = _registry(_person("Donald Trump"), _person("Melania Trump"))
    assert len(registry) == 2
    assert donald.name == "Donald Trump"
    assert melania.name == "Melania Trump"


def test_registry_keeps_husband_and_wife_apart() -> None:
    registry, _ = _registry(_person("Volodymyr Zelensky"), _person("Olena Zelenska"))
    assert len(registry) == 2


@pytest.mark.parametrize("order", ["full-first", "surname-first"])
def test_registry_surname_joins_the_one_person_with_a_title_in_common(order: str) -> None:
    names = ["Donald Trump", "Trump"] if order == "full-first" else ["Trump", "Donald Trump"]
    registry, speakers = _registry(*map(_president, names))
    assert len(registry) == 1
    assert speakers[-1].name == "Donald Trump"
    assert "Trump" in speakers[-1].aliases


BARE_SURNAMES = [
    pytest.param([_person("Erin Kim"), _person("Kim")], id="full-then-bare"),
    pytest.param([_person("Kim"), _person("Erin Kim")], id="bare-then-full"),
    pytest.param([Speaker("Erin Kim", "person", ("spokeswoman Erin Kim",)),
                  Speaker("Kim", "person", ("President Kim",))], id="other-roles"),
    pytest.param([_person("Volodymyr Zelensky"), _person("Zelenskyy")], id="transliterated"),
]


@pytest.mark.parametrize("speakers", BARE_SURNAMES)
def test_registry_bare_surname_without_evidence_stays_apart(speakers: list[Speaker]) -> None:
    """A "Kim" in one story is not "Erin Kim" in another without agreeing evidence."""
    registry, _ = _registry(*speakers)
    assert len(registry) == 2


def test_registry_surname_shared_by_two_stays_apart() -> None:
    registry, (donald, melania, trump) = _registry(
        _person("Donald Trump"), _person("Melania Trump"), _person("Trump")
    )
    assert trump.name == "Trump"
    assert trump not in (donald, melania)
    assert len(registry) == 3
    assert [s.name for s in registry] == ["Donald Trump", "Melania Trump", "Trump"]


def test_registry_initial_agrees_with_first_name() -> None:
    registry, (_, speaker) = _registry(_person("Vladimir Putin"), _person("V. Putin"))
    assert len(registry) == 1
    assert speaker.name == "Vladimir Putin"


ORGANISATIONS_MERGED = [
    pytest.param("Kremlin", "kremlin", id="case"),
    pytest.param("Russia's Defence Ministry", "Russia’s Defence Ministry", id="apostrophe"),
    pytest.param("White House", "White  House", id="blanks"),
]


@pytest.mark.parametrize(("a", "b"), ORGANISATIONS_MERGED)
def test_registry_organisations_merge_by_folded_name(a: str, b: str) -> None:
    registry, (first, second) = _registry(_organisation(a), _organisation(b))
    assert len(registry) == 1
    assert second.name == first.name == a
    assert second.type == "organization"


ORGANISATIONS_APART = [
    pytest.param("White House", "House", id="last-word"),
    pytest.param("General Staff", "Ukraine's General Staff", id="owner"),
    pytest.param("Russia's Defence Ministry", "Ukraine's Defence Ministry", id="country"),
    pytest.param("Kremlin", "Kremlin press service", id="longer"),
]


@pytest.mark.parametrize(("a", "b"), ORGANISATIONS_APART)
def test_registry_organisations_no_partial_match(a: str, b: str) -> None:
    registry, _ = _registry(_organisation(a), _organisation(b))
    assert len(registry) == 2


def test_registry_person_and_organisation_apart() -> None:
    registry, _ = _registry(_organisation("Trump Organization"), _person("Trump"))
    assert len(registry) == 2


def test_registry_rejects_a_name() -> None:
    with pytest.raises(TypeError, match="Speaker"):
        SpeakerRegistry().add("Vladimir Putin")  # type: ignore[arg-type]


# --- article_entities ---------------------------------------------------------------------


def _entities(text: str) -> list[tuple[str, str, list[str]]]:
    doc = get_annotator("rules").annotate(parse_article(text, "test"))
    return [(e.name, e.type, sorted(set(e.aliases))) for e in article_entities(doc).entities]


PUTIN_ALIASES = ["President Putin", "Putin", "Russian President Vladimir Putin"]

ARTICLE_ENTITIES = [
    pytest.param(
        "Russian President Vladimir Putin met Gerasimov on Saturday. President Putin said the "
        "war was over. Putin left.",
        ("Vladimir Putin", "person", PUTIN_ALIASES),
        id="full-first",
    ),
    pytest.param(
        "Putin spoke first. Later, Russian President Vladimir Putin met Gerasimov. "
        "President Putin left.",
        ("Vladimir Putin", "person", PUTIN_ALIASES),
        id="surname-first",
    ),
]


@pytest.mark.parametrize(("text", "putin"), ARTICLE_ENTITIES)
def test_article_entities_group_one_speaker(text: str,
                                            putin: tuple[str, str, list[str]]) -> None:
    entities = _entities(text)
    assert putin in entities
    assert [e for e in entities if "Putin" in e[0]] == [putin]


def test_article_entities_keep_first_names_apart() -> None:
    names = [e[0] for e in _entities(
        "US President Donald Trump and first lady Melania Trump arrived in Rome."
    )]
    assert "Donald Trump" in names
    assert "Melania Trump" in names


def test_acronym_takes_the_name_the_article_spells_out() -> None:
    text = (
        "The airline received a letter from the Federal Aviation Administration. "
        "FAA said the review was not over."
    )
    (quote,) = quoteattr.extract(text)
    assert quote.attribution is not None
    assert quote.attribution.speaker.name == "Federal Aviation Administration"
    assert quote.attribution.speaker.type == "organization"
    assert "FAA" in quote.attribution.speaker.aliases
    assert quote.attribution.mention is not None and quote.attribution.mention.text == "FAA"


def test_acronym_without_a_spelled_out_form_stays() -> None:
    (quote,) = quoteattr.extract("NATO said the review was not over.")
    assert quote.attribution is not None and quote.attribution.speaker.name == "NATO"
