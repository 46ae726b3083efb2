"""Word lists derived from public data: verbs of communication, places, given names with
their gender, organisation suffixes and names, and nouns for unnamed groups.

``tools/build_lexicon.py`` writes the lists (see ``SOURCES.md`` beside this module for
sources and licences); this module only reads them. Each loader is cached, so a list is
read once per process, and a malformed line raises ``ValueError`` naming the file and line.

>>> verb = communication_verbs()["grumbled"]
>>> verb.lemma, sorted(verb.tags), verb.noun_like
('grumble', ['manner', 'say'], False)
>>> places_gazetteer()["France"].adjective, place_adjectives()["French"]
('French', 'France')
>>> name_gender("Priya"), name_gender("Oleksandr"), name_gender("Kim")
('female', 'male', '')
>>> "inc." in org_suffixes().legal, "Energy" in org_suffixes().heads
(True, True)
>>> org_names()["Amnesty International"], "forecasters" in group_nouns()
('ngo', True)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import NamedTuple

__all__ = [
    "CommunicationVerb",
    "OrgSuffixes",
    "Place",
    "communication_verbs",
    "given_names",
    "group_nouns",
    "name_gender",
    "org_names",
    "org_suffixes",
    "place_adjectives",
    "places_gazetteer",
]

VERB_TAGS = frozenset({"say", "manner", "frame"})
PLACE_KINDS = ("country", "capital", "us_state", "city", "ambiguous_city")
GENDERS = frozenset({"male", "female", ""})
ORG_KINDS = frozenset({"media", "company", "international", "ngo", "government", "party",
                       "sport"})


def _rows(name: str, text: str | None = None) -> Iterator[tuple[int, str]]:
    """(line number, content) for each line of the list ``name`` that is not blank once its
    ``#`` comment is cut off; ``text`` stands in for the file (tests)."""
    if text is None:
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        row = line.split("#", 1)[0].strip()
        if row:
            yield number, row


def _broken(name: str, number: int, why: str) -> ValueError:
    return ValueError(f"{name}, line {number}: {why}")


def _sections(name: str, text: str | None, allowed: tuple[str, ...]) -> Iterator[
        tuple[int, str, str]]:
    """(line number, section, row) for a list made of ``[section]`` blocks."""
    section = ""
    for number, row in _rows(name, text):
        if row.startswith("["):
            section = row.strip("[]")
            if section not in allowed:
                raise _broken(name, number, f"unknown section {row!r}; expected one of "
                              + ", ".join(f"[{s}]" for s in allowed))
        elif not section:
            raise _broken(name, number, "a row before the first [section]")
        else:
            yield number, section, row


class CommunicationVerb(NamedTuple):
    """A verb of communication, as found under any of its inflected forms."""

    lemma: str  # "say"; a particle verb is spaced: "point out"
    tags: frozenset[str]  # "say" (introduces speech), "manner", "frame": see the list's header
    noun_like: bool  # this form is also a noun or an adjective: "claims", "alleged"


@cache
def communication_verbs() -> dict[str, CommunicationVerb]:
    """Every form of every verb of communication ("said", "pointed out"), lower case.

    >>> verbs = communication_verbs()
    >>> verbs["quipped"].lemma, sorted(verbs["pointed out"].tags), verbs["claims"].noun_like
    ('quip', ['say'], True)
    """
    return _parse_verbs("communication_verbs.txt")


def _parse_verbs(name: str, text: str | None = None) -> dict[str, CommunicationVerb]:
    forms: dict[str, CommunicationVerb] = {}
    for number, row in _rows(name, text):
        words, bar, tag_text = row.partition("|")
        cells = words.split()
        tags = frozenset(tag.strip() for tag in tag_text.split(",") if tag.strip())
        if not bar or len(cells) != 5 or not tags:
            raise _broken(name, number, "expected 'lemma 3sg past participle -ing | tags'")
        if not tags <= VERB_TAGS:
            raise _broken(name, number, f"unknown tag {', '.join(sorted(tags - VERB_TAGS))}; "
                          "expected " + ", ".join(sorted(VERB_TAGS)))
        lemma = cells[0].rstrip("~").replace("_", " ")
        for cell in cells:
            for form in cell.split("/"):
                key = form.rstrip("~").replace("_", " ")
                noun_like = form.endswith("~") or (
                    key in forms and forms[key].lemma == lemma and forms[key].noun_like)
                forms[key] = CommunicationVerb(lemma, tags, noun_like)
    return forms


class Place(NamedTuple):
    name: str
    kind: str  # "country", "capital", "us_state", "city" or "ambiguous_city"
    adjective: str  # "French"; '' where the list has none


@cache
def places_gazetteer() -> dict[str, Place]:
    """Place names as written ("New York City"), mapped to their record. An
    ``ambiguous_city`` is also a word or a common given name: a place only in context.

    >>> places_gazetteer()["Shanghai"].kind, places_gazetteer()["Austin"].kind
    ('city', 'ambiguous_city')
    """
    return _parse_places("places_gazetteer.txt")


def _parse_places(name: str, text: str | None = None) -> dict[str, Place]:
    table: dict[str, Place] = {}
    for number, section, row in _sections(name, text, PLACE_KINDS):
        place, _, adjective = (part.strip() for part in row.partition("|"))
        if not place or "|" in adjective:
            raise _broken(name, number, "expected 'Name' or 'Name | Adjective'")
        table.setdefault(place, Place(place, section, adjective))
    return table


@cache
def place_adjectives() -> dict[str, str]:
    """Adjectives of countries, mapped to the first place that has them.

    >>> place_adjectives()["Ukrainian"], place_adjectives()["British"]
    ('Ukraine', 'United Kingdom')
    """
    table: dict[str, str] = {}
    for place in places_gazetteer().values():
        if place.adjective:
            table.setdefault(place.adjective, place.name)
    return table


@cache
def given_names() -> dict[str, str]:
    """Given names, folded (lower case, ASCII), mapped to 'male', 'female' or '' (both)."""
    return _parse_names("first_names_gender.txt")


def _parse_names(name: str, text: str | None = None) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, row in _rows(name, text):
        given, colon, gender = row.partition(":")
        if not colon or not given.strip() or gender.strip() not in GENDERS:
            raise _broken(name, number, "expected 'Name:male', 'Name:female' or 'Name:'")
        table[_fold(given.strip())] = gender.strip()
    return table


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_gender(name: str) -> str | None:
    """The gender a given name mostly shows: 'male', 'female', '' (both), or None if the
    name is not on the list. Case and accents do not matter ("José", "SUNG-HO").

    A preference for choosing between antecedents, never a reason to exclude one.

    >>> name_gender("José"), name_gender("Sung-ho"), name_gender("Xyzzy")
    ('male', 'male', None)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    return given_names().get(_fold(name.strip()))


class OrgSuffixes(NamedTuple):
    legal: frozenset[str]  # legal forms, case-folded: "inc.", "gmbh", "s.p.a."
    heads: frozenset[str]  # head words as written: "Energy", "Ministry", "University"


@cache
def org_suffixes() -> OrgSuffixes:
    """Words that make a capitalised run an organisation when they end it.

    >>> suffixes = org_suffixes()
    >>> "gmbh" in suffixes.legal, "Airlines" in suffixes.heads, "of" in suffixes.legal
    (True, True, False)
    """
    return _parse_suffixes("org_suffixes.txt")


def _parse_suffixes(name: str, text: str | None = None) -> OrgSuffixes:
    legal: set[str] = set()
    heads: set[str] = set()
    for number, section, row in _sections(name, text, ("legal", "head")):
        if section == "head" and not row[:1].isupper():
            raise _broken(name, number, f"a head word must be capitalised, not {row!r}")
        (legal if section == "legal" else heads).add(
            row.casefold() if section == "legal" else row)
    return OrgSuffixes(frozenset(legal), frozenset(heads))


@cache
def org_names() -> dict[str, str]:
    """Well-known organisations, as news names them, mapped to their kind.

    >>> org_names()["Deutsche Bahn"], org_names()["NATO"], org_names()["BBC"]
    ('company', 'international', 'media')
    """
    return _parse_org_names("org_names.txt")


def _parse_org_names(name: str, text: str | None = None) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, row in _rows(name, text):
        org, bar, kind = (part.strip() for part in row.partition("|"))
        if not bar or not org or kind not in ORG_KINDS:
            raise _broken(name, number, "expected 'Name | kind' with kind from "
                          + ", ".join(sorted(ORG_KINDS)))
        table.setdefault(org, kind)
    return table


@cache
def group_nouns() -> frozenset[str]:
    """Nouns for unnamed groups that speak in news, mostly plural, lower case (but "MPs")."""
    return frozenset(row for _, row in _rows("group_nouns.txt"))
