"""Word lists kept as data: reporting verbs, titles, roles, organisations, places.

Each list is a ``.txt`` file beside this module; ``#`` starts a comment.
The loaders are cached, so a list is read once per process.

>>> reporting_verbs()["said"].lemma
'say'
>>> titles()["Mrs."]
'female'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

__all__ = [
    "VerbForm",
    "abbreviations",
    "auxiliaries",
    "common_words",
    "cue_nouns",
    "documents",
    "first_names",
    "group_heads",
    "is_role",
    "nonnames",
    "org_roles",
    "organizations",
    "places",
    "pronouns",
    "reporting_verbs",
    "role_headed",
    "roles",
    "scare_cues",
    "titles",
    "topic_verbs",
    "word_class",
    "word_classes",
]


def _lines(name: str) -> list[str]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    rows = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [row for row in rows if row]


def _word_set(name: str) -> frozenset[str]:
    """Every word of a list whose rows hold several words each."""
    return frozenset(word for row in _lines(name) for word in row.split())


def _gendered(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _lines(name):
        word, _, gender = row.partition(":")
        table[word] = gender
    return table


class VerbForm(NamedTuple):
    """One inflected form of a reporting verb."""

    lemma: str
    reports: str  # "bare", "that", "after" or "frame": see reporting_verbs.txt
    noun_like: bool  # also a noun or an adjective: "the claim", "state media"


@cache
def reporting_verbs() -> dict[str, VerbForm]:
    """Every inflected form of a reporting verb.

    >>> reporting_verbs()["denied"]
    VerbForm(lemma='deny', reports='that', noun_like=False)
    """
    forms: dict[str, VerbForm] = {}
    section = "bare"
    for row in _lines("reporting_verbs.txt"):
        if row.startswith("["):
            section = row.strip("[]")
            continue
        lemma, *_ = (word.rstrip("~") for word in row.split())
        for form in row.split():
            forms[form.rstrip("~")] = VerbForm(lemma, section, form.endswith("~"))
    return forms


@cache
def cue_nouns() -> frozenset[str]:
    return frozenset(_lines("cue_nouns.txt"))


@cache
def documents() -> frozenset[str]:
    """Documents and media that speak for their issuer ("the lawsuit", "a poll"), singular
    and plural, with the cue nouns ("the statement")."""
    words = {word for row in _lines("documents.txt") for word in row.split()}
    words |= {word + "s" for word in words if not word.endswith("s")}
    return frozenset(words) | cue_nouns()


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """The classes of function words the rules read (``word_classes.txt``), by name."""
    classes: dict[str, set[str]] = {}
    name = ""
    for row in _lines("word_classes.txt"):
        if row.startswith("["):
            name = row.strip("[]")
            classes[name] = set()
        elif name:
            classes[name].update(row.split())
    return {key: frozenset(words) for key, words in classes.items()}


def word_class(name: str) -> frozenset[str]:
    """One class of function words; a KeyError lists the classes there are.

    >>> sorted(word_class("subject_pronouns"))
    ['he', 'i', 'it', 'she', 'they', 'we', 'who', 'you']
    """
    classes = word_classes()
    if name not in classes:
        raise KeyError(f"no word class {name!r}; there are: {', '.join(sorted(classes))}")
    return classes[name]


@cache
def group_heads() -> frozenset[str]:
    """Nouns that stand for a company or an institution ("the utility", "the carrier")."""
    return _word_set("group_heads.txt")


@cache
def topic_verbs() -> frozenset[str]:
    """Lemmas of verbs of communication whose object is a topic ("discuss", "hold talks")."""
    return _word_set("topic_verbs.txt")


@cache
def titles() -> dict[str, str]:
    """Titles that stand before a name, mapped to the gender they show ('' if none)."""
    return _gendered("titles.txt")


@cache
def roles() -> dict[str, str]:
    """Role nouns (lower case), mapped to the gender they show ('' if none)."""
    return _gendered("roles.txt")


@cache
def org_roles() -> frozenset[str]:
    """Role nouns that stand for an organisation ("the ministry", "the campaign")."""
    return _word_set("org_roles.txt")


@lru_cache(maxsize=65536)  # asked of the same words again and again, by every stage
def is_role(word: str) -> bool:
    """A role word, singular or plural, of a person or an organisation ("officials",
    "agencies", "the ministry"); ``word`` in lower case.

    >>> is_role("spokeswoman"), is_role("agencies"), is_role("bridge")
    (True, True, False)
    """
    known, groups = roles(), org_roles()
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else ""
    return any(w in known or w in groups for w in (word, singular) if w)


_PREPOSITIONS = frozenset("in on at for of from with by to during after before".split())


def role_headed(words: Sequence[str]) -> bool:
    """Is the phrase ``words`` (lower-case words, punctuation aside) headed by a role or a
    document noun: "a senior official", "two officials in the room", "the statement" — and
    not content ("residents still want …") nor a circumstance ("in a radio interview")?

    >>> role_headed("two officials in the room".split()), role_headed("in an interview".split())
    (True, False)
    """
    words = [word for word in words if word[:1].isalpha()]
    if not words or words[0] in _PREPOSITIONS:
        return False
    nouns, known = cue_nouns(), roles()
    for i, word in enumerate(words):
        if word in known or word in nouns or (
                word.endswith("s") and (word[:-1] in known or word[:-3] + "y" in known)):
            return i + 1 == len(words) or words[i + 1] in _PREPOSITIONS
    return False


@cache
def organizations() -> frozenset[str]:
    return frozenset(_lines("organizations.txt"))


_PLACE_KINDS = frozenset({"country", "capital", "us_state"})


@cache
def places() -> dict[str, str]:
    """Place names and their adjectives, each mapped to the place name: the hand list
    (``places.txt``) and the countries, capitals and US states of the GeoNames gazetteer
    (``places_gazetteer.txt``) that are no given names. Other cities are left out: many of
    their names are also surnames or given names ("Lincoln", "Florence"), and typed as places
    they cost more speakers than they gain.

    >>> places()["Ukrainian"], places()["Nairobi"], "Austin" in places()
    ('Ukraine', 'Nairobi', False)
    """
    from quoteattr.lexicon import sources

    table: dict[str, str] = {}
    given = first_names()
    for place in sources.places_gazetteer().values():
        if place.kind not in _PLACE_KINDS or place.name in given:
            continue  # ("Jordan", "Stanley", "Victoria" are first names too)
        table[place.name] = place.name
        if place.adjective:
            table.setdefault(place.adjective, place.name)
    for row in _lines("places.txt"):
        name, _, adjective = (part.strip() for part in row.partition("|"))
        table[name] = name
        if adjective:
            table[adjective] = name
    return table


@cache
def pronouns() -> dict[str, tuple[str, str]]:
    """Subject pronouns mapped to (type, gender)."""
    table: dict[str, tuple[str, str]] = {}
    for row in _lines("pronouns.txt"):
        word, kind, gender = row.split(":")
        table[word] = (kind, gender)
    return table


@cache
def abbreviations() -> frozenset[str]:
    return _word_set("abbreviations.txt")


@cache
def nonnames() -> frozenset[str]:
    """Capitalised words that never start a name (sentence-initial function words, dates)."""
    return _word_set("nonnames.txt")


@cache
def scare_cues() -> frozenset[str]:
    """Words before a quoted phrase that make it a name or a term, not speech."""
    return frozenset(_lines("scare_cues.txt"))


@cache
def common_words() -> frozenset[str]:
    """Common English words, which weigh little when wordings are compared."""
    return _word_set("common_words.txt")


@cache
def auxiliaries() -> frozenset[str]:
    """Words that may stand between a subject and its reporting verb ("has also said")."""
    return _word_set("auxiliaries.txt")


@cache
def first_names() -> dict[str, str]:
    """First names (title case), mapped to the gender they mostly show ('' if neither)."""
    return _gendered("first_names.txt")
