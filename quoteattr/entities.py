"""One canonical speaker per person or organisation.

Within an article, :func:`article_entities` groups the name mentions of one speaker
("Russian President Vladimir Putin", "President Putin", "Putin") under the fullest name
used for them ("Vladimir Putin"); titles and roles are kept as aliases, not in the name.
Across articles, :class:`SpeakerRegistry` merges speakers whose names agree, also through
transliteration variants (Zelensky = Zelenskyy = Zelenskiy), without merging different
people who share a surname or a first name.

>>> registry = SpeakerRegistry()
>>> registry.add(Speaker("Volodymyr Zelensky", "person")).name
'Volodymyr Zelensky'
>>> registry.add(Speaker("Volodymyr Zelenskiy", "person")).name
'Volodymyr Zelensky'
>>> melania = registry.add(Speaker("Melania Trump", "person"))
>>> registry.add(Speaker("Donald Trump", "person")) == melania
False
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import attrs
import regex

from quoteattr import lexicon
from quoteattr.model import Document, Gender, Mention, Speaker, SpeakerType

__all__ = ["ArticleEntities", "Entity", "SpeakerRegistry", "article_entities", "fold_name"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_NOT_NAME = regex.compile(r"[^\p{L}\s-]")


@attrs.define
class Entity:
    """A speaker of one article and every mention of them seen so far."""

    name: str
    type: SpeakerType
    aliases: list[str] = attrs.field(factory=list)
    gender: str = ""
    mentions: list[Mention] = attrs.field(factory=list)

    def speaker(self) -> Speaker:
        aliases = tuple(sorted({a for a in self.aliases if a != self.name}))
        return Speaker(self.name, self.type, aliases)


@attrs.define
class ArticleEntities:
    """The speakers of one article, found from its name mentions."""

    entities: list[Entity] = attrs.field(factory=list)
    _by_mention: dict[tuple[int, int], Entity] = attrs.field(factory=dict)
    _by_key: dict[str, Entity] = attrs.field(factory=dict)  # names and aliases
    _by_surname: dict[str, Entity] = attrs.field(factory=dict)  # last word of a person's name
    _all_by_surname: dict[str, list[Entity]] = attrs.field(factory=dict)  # every such person
    # A person known only by a gendered title and a surname that another gender's person
    # holds ("Mr. Clinton" beside Hillary Clinton): found again by such a title only.
    _by_titled: dict[tuple[str, str], Entity] = attrs.field(factory=dict)

    def of(self, mention: Mention) -> Entity | None:
        """The entity a name mention belongs to."""
        return self._by_mention.get((mention.start, mention.end))

    def find(self, name: str) -> Entity | None:
        """The entity with this name or alias (quote marks and case aside)."""
        return self._by_key.get(_key(name))

    def new(self, name: str, type: SpeakerType, gender: Gender = "") -> Entity:
        """A speaker that no name mention introduced ("Ukraine’s chief of staff")."""
        entity = Entity(name, type, [name], gender)
        self.entities.append(entity)
        self._by_key.setdefault(_key(name), entity)
        return entity

    def add(self, mention: Mention) -> Entity:
        display = _display(mention)
        key = _key(display)
        entity = self._match(mention, display, key)
        if entity is None:
            entity = Entity(display, mention.type)
            self.entities.append(entity)
            if " " not in display and mention.gender and key in self._all_by_surname:
                self._by_titled[(key, mention.gender)] = entity
            else:
                self._name_changed(entity, key)
        elif len(display.split()) > len(entity.name.split()) and (
            mention.type == entity.type or entity.type == "unknown"
        ):
            entity.aliases.append(entity.name)
            entity.name = display  # the fullest form used is the canonical name
            self._name_changed(entity, key)
        if entity.type == "unknown" and mention.type != "unknown":
            entity.type = mention.type
            self._name_changed(entity, _key(entity.name))
        entity.gender = entity.gender or mention.gender
        alias = _strip_possessive(mention.text)
        if alias not in entity.aliases:
            entity.aliases.append(alias)
            self._by_key[_key(alias)] = entity
        entity.mentions.append(mention)
        self._by_mention[(mention.start, mention.end)] = entity
        return entity

    def has_surname(self, name: str) -> bool:
        """Is ``name`` the last word of the name of a person (or an unknown) seen so far?"""
        return _key(name) in self._by_surname

    def rename(self, entity: Entity, name: str, type: SpeakerType) -> None:
        """Give ``entity`` a fuller name; the old one stays an alias."""
        entity.aliases.append(entity.name)
        entity.name, entity.type = name, type
        self._name_changed(entity, _key(name))

    def _name_changed(self, entity: Entity, key: str) -> None:
        self._by_key[key] = entity
        if entity.type != "organization":
            surname = _key(entity.name.split()[-1])
            self._by_surname[surname] = entity
            same = self._all_by_surname.setdefault(surname, [])
            if entity not in same:
                same.append(entity)

    def _titled(self, mention: Mention, key: str) -> Entity | None:
        """The person a surname with a gendered title ("Mr. Clinton") stands for: the one
        so called before, or the one the surname stands for unless of the other gender,
        else the last person of that surname and gender (or of no known gender); none
        where all are of the other."""
        written = self._by_key.get(_key(mention.text))
        if written is not None:
            return written
        usual = self._by_key.get(key) or self._by_surname.get(key)
        if usual is not None and _gender(usual) in ("", mention.gender):
            return usual
        titled = self._by_titled.get((key, mention.gender))
        if titled is not None:
            return titled
        same = [e for e in self._all_by_surname[key] if _gender(e) == mention.gender]
        unknown = [e for e in self._all_by_surname[key] if not _gender(e)]
        fitting = same or unknown
        return fitting[-1] if fitting else None

    def _match(self, mention: Mention, display: str, key: str) -> Entity | None:
        """The entity a new mention belongs to: the same name, or for a person a bare
        surname of a full name ("Putin" → "Vladimir Putin") or the reverse."""
        words = display.split()
        if len(words) == 1 and mention.gender and key in self._all_by_surname:
            return self._titled(mention, key)
        if key in self._by_key:
            return self._by_key[key]
        if mention.type == "organization":
            return None
        if len(words) == 1:
            return self._by_surname.get(key)
        earlier = self._by_key.get(_key(words[-1]))
        if earlier is not None and earlier.type != "organization" and len(
            earlier.name.split()
        ) == 1:
            return earlier  # "Putin" first, "Vladimir Putin" later
        return None


def _gender(entity: Entity) -> str:
    """An entity's gender as its titles and pronouns showed it, else as its first name
    does ("Hillary Clinton": female), else unknown."""
    words = entity.name.split()
    return entity.gender or (lexicon.first_names().get(words[0], "") if len(words) > 1 else "")


def article_entities(doc: Document) -> ArticleEntities:
    """Group the name mentions of ``doc`` into entities.

    A bare surname ("Putin") joins the person whose full name ends with it; a place that
    speaks ("Russia said") is an organisation.
    """
    table = ArticleEntities()
    places = lexicon.places()
    for mention in doc.mentions:
        if mention.kind != "name" or not mention.head:
            continue
        written = _strip_possessive(mention.text)
        if (written != _strip_possessive(mention.head) and " " not in written
                and table.has_surname(written)):
            # "Cuban" after "Mark Cuban": the man named before, not the place's adjective
            mention = attrs.evolve(mention, head=written)
        elif mention.type == "unknown" and _strip_possessive(mention.head) in places:
            mention = attrs.evolve(mention, type="organization")
        table.add(mention)
    _expand_acronyms(table, doc.text)
    return table


_ACRONYM = regex.compile(r"\p{Lu}{2,6}")
_RUN_SPLIT = regex.compile(r"[,\s]+")
_CAPITALISED_RUN = regex.compile(
    r"\p{Lu}[\p{L}’'-]*(?:(?:,\s+|\s+(?:and|of|for|on|the|&)\s+|\s+)\p{Lu}[\p{L}’'-]*)+"
)


def _expand_acronyms(table: ArticleEntities, text: str) -> None:
    """"FAA" is "Federal Aviation Administration" where the article spells
    it out: the spelled-out form becomes the name, the acronym an alias."""
    acronyms = [e for e in table.entities if _ACRONYM.fullmatch(e.name)]
    if not acronyms:
        return
    wanted = {e.name for e in acronyms}
    spelled: dict[str, str] = {}
    for run in _CAPITALISED_RUN.finditer(text):
        initials = "".join(w[0] for w in _RUN_SPLIT.split(run.group()) if w[:1].isupper())
        if initials in wanted:
            spelled.setdefault(initials, run.group())
    for entity in acronyms:
        full = spelled.get(entity.name)
        if full is not None and full != entity.name:
            table.rename(entity, full, "organization")

def _display(mention: Mention) -> str:
    return _strip_possessive(mention.head or mention.text)


@lru_cache(maxsize=65536)  # the same few names come back in every article: pure, cached
def _strip_possessive(name: str) -> str:
    name = name.strip()
    return name[:-2] if name.endswith(("’s", "'s")) else name


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return _strip_possessive(name).translate(_APOSTROPHES).casefold()


# --- across articles ----------------------------------------------------------------------

# Transliteration variants of East-Slavic and Arabic names in English news, folded to one
# spelling: Zelenskyy/Zelenskiy/Zelensky, Dmitry/Dmitriy, Serhiy/Sergiy, Mohammed/Muhammad.
_FOLDS = (
    (regex.compile(r"(?:iy|yy|ij|ii|yi|y)\b"), "i"),
    (regex.compile(r"kh"), "h"),
    (regex.compile(r"(?<=[rl])h|(?<=e)h\b"), "g"),  # Serhiy/Sergiy, Oleh/Oleg, Olha/Olga
    (regex.compile(r"(?:ts|tz|cz)"), "c"),
    (regex.compile(r"(?:ya|ia)"), "ia"),
    (regex.compile(r"(?:yu|iu|ju)"), "iu"),
    (regex.compile(r"(?:ye|ie)"), "e"),
    (regex.compile(r"ou"), "u"),
    (regex.compile(r"(?:ph)"), "f"),
    (regex.compile(r"([a-z])\1"), r"\1"),
    (regex.compile(r"(?<=m)[ou]h?am+[ae]d"), "uhamad"),
)


def fold_name(name: str) -> str:
    """A spelling-insensitive key for a name: case, diacritics, apostrophes and common
    transliteration variants folded.

    >>> fold_name("Zelenskyy") == fold_name("Zelenskiy") == fold_name("Zelensky")
    True
    >>> fold_name("Mohammed") == fold_name("Muhammad")
    True
    >>> fold_name("Ukraine’s General Staff") == fold_name("Ukrainian General Staff")
    True
    """
    # "Ukraine’s army" and "Ukrainian army" are one: places and their adjectives fold.
    places = lexicon.places()
    name = " ".join(places.get(_strip_possessive(w), w) for w in name.split())
    text = unicodedata.normalize("NFKD", _strip_possessive(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _NOT_NAME.sub("", text)
    for pattern, replacement in _FOLDS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


@attrs.define
class SpeakerRegistry:
    """Canonical speakers across articles.

    ``add`` returns the registry's speaker for a speaker of one article: an existing one
    when the names agree (after :func:`fold_name`; first names must agree where both are
    given), else a new one. A bare surname joins the one person of that surname only with
    agreeing evidence, a title or role both carry ("President Trump"): a "Kim" in one story
    is not the "Erin Kim" of another, even where that story also called her "Kim" (a
    person's one-word alias is no key across articles), nor the bare "Kim" of a third.
    """

    _speakers: list[Speaker] = attrs.field(factory=list)
    _by_key: dict[tuple[str, str], int] = attrs.field(factory=dict)
    _by_surname: dict[tuple[str, str], list[int]] = attrs.field(factory=dict)

    def __iter__(self) -> Iterator[Speaker]:
        return iter(self._speakers)

    def __len__(self) -> int:
        return len(self._speakers)

    def add(self, speaker: Speaker) -> Speaker:
        if not isinstance(speaker, Speaker):
            raise TypeError(f"speaker must be a Speaker, not {type(speaker).__name__}")
        index = self._find(speaker)
        if index is None:
            index = len(self._speakers)
            self._speakers.append(speaker)
            self._index(speaker, index)
            return speaker
        known = self._speakers[index]
        name = known.name
        if known.type == "person" and len(speaker.name.split()) > len(name.split()):
            name = speaker.name
        aliases = {*known.aliases, *speaker.aliases, known.name, speaker.name} - {name}
        merged = Speaker(name, known.type if known.type != "unknown" else speaker.type,
                         tuple(sorted(aliases)))
        self._speakers[index] = merged
        self._index(merged, index)
        return merged

    def _find(self, speaker: Speaker) -> int | None:
        folded = fold_name(speaker.name)
        kind = "org" if speaker.type == "organization" else "person"
        words = folded.split()
        # A bare name of a person ("Kim") is a surname: the rule below, not the key.
        if (kind, folded) in self._by_key and (speaker.type != "person" or len(words) > 1):
            return self._by_key[(kind, folded)]
        if kind == "org" or not words:
            return None
        same_surname = self._by_surname.get((kind, words[-1]), [])
        if len(words) == 1:
            # A bare surname ("Kim") is not the one "Erin Kim" seen elsewhere unless the
            # two agree on more than the surname: a title or role both carry.
            if len(same_surname) == 1 and _roles_agree(self._speakers[same_surname[0]],
                                                       speaker):
                return same_surname[0]
            return None
        for index in same_surname:
            known = self._speakers[index]
            first = fold_name(known.name).split()
            if len(first) == 1:
                if _roles_agree(known, speaker):
                    return index
            elif _first_names_agree(first[0], words[0]):
                return index
        return None

    def _index(self, speaker: Speaker, index: int) -> None:
        kind = "org" if speaker.type == "organization" else "person"
        words = fold_name(speaker.name).split()
        for name in (speaker.name, *speaker.aliases):
            folded = fold_name(name)
            # A person's one-word alias ("Kim" of "Erin Kim", "Erin") is how one article
            # named them again, no evidence across articles: a bare name from elsewhere
            # goes through the surname rule of ``_find`` instead.
            if folded and (kind == "org" or " " in folded or len(words) <= 1):
                self._by_key.setdefault((kind, folded), index)
        if words and kind == "person":
            bucket = self._by_surname.setdefault((kind, words[-1]), [])
            if index not in bucket:
                bucket.append(index)


def _roles(speaker: Speaker) -> frozenset[str]:
    """The titles and role words that the names of ``speaker`` carry ("President Trump",
    "Sen. Tim Kaine", "spokeswoman Kim"): beside a surname, evidence of who is meant."""
    known = {t.rstrip(".").casefold() for t in lexicon.titles()} | set(lexicon.roles())
    found: set[str] = set()
    for name in (speaker.name, *speaker.aliases):
        found.update(w for w in name.casefold().replace(".", " ").split() if w in known)
    return frozenset(found)


def _roles_agree(known: Speaker, speaker: Speaker) -> bool:
    """Do two speakers that share a surname carry a title or role in common?

    >>> _roles_agree(Speaker("Donald Trump", "person", ("President Donald Trump",)),
    ...              Speaker("Trump", "person", ("President Trump",)))
    True
    >>> _roles_agree(Speaker("Erin Kim", "person", ("Kim",)), Speaker("Kim", "person"))
    False
    """
    return bool(_roles(known) & _roles(speaker))


def _first_names_agree(a: str, b: str) -> bool:
    """Vladimir = Vladimir, V = Vladimir; Donald ≠ Melania."""
    a, b = a.rstrip("."), b.rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
