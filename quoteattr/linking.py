"""Linking the same utterance across articles: normalise → block → score → cluster.

Every quoted utterance becomes a :class:`Unit`: the words of a direct quote, or each
quoted fragment of a partial one (the words the outlet put between marks). Units are
normalised (quote marks, apostrophes, case, punctuation, spaces and diacritics folded), then
compared only with the units that share one of their rarest words (an inverted index, so
the cost grows near-linearly), scored, and joined into clusters.

Relations, as in the index contract: ``exact`` (the same words once normalised), ``partial``
(a fragment of a longer wording, down to one word when the speaker agrees) and ``variant``
(the same remark in other words, e.g. another translation). Two units of different known
speakers never link; a unit whose speaker is unknown may.

>>> a = Unit("ap#q1", "The complete defeat of our enemy along Kursk’s border region "
...          "creates the right conditions for further successes", "Vladimir Putin")
>>> b = Unit("reuters#q8", "The full defeat of the enemy in the Kursk border region creates "
...          "conditions for further successful actions", "Vladimir Putin")
>>> c = Unit("afp#q2", "The Kyiv regime's adventure has completely failed", "Vladimir Putin")
>>> [sorted(u.key for u in cluster.units) for cluster in link([a, b, c])]
[['ap#q1', 'reuters#q8'], ['afp#q2']]
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Literal, NamedTuple

import attrs
import regex
from rapidfuzz import fuzz

from quoteattr import lexicon

__all__ = [
    "Cluster",
    "Linker",
    "Relation",
    "Score",
    "Unit",
    "lexical_score",
    "link",
    "normalise",
]

Relation = Literal["exact", "partial", "variant"]

_QUOTE_MARKS = str.maketrans({c: " " for c in "\"“”„«»‘‚‹›`´"} | {"’": "'", "ʼ": "'"})
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}\s]+")
_STEM = 5  # words are compared on their first letters: defeat/defeated, success/successes
_RAREST = 6  # a unit is looked up by its rarest words only
_POSTING_CAP = 64  # and among the most recent units holding each of them


def normalise(text: str) -> str:
    """Case, quote marks, apostrophes, punctuation, spaces and diacritics folded.

    >>> normalise("“The Kyiv regime’s adventure has completely failed,”")
    'the kyiv regimes adventure has completely failed'
    >>> normalise("Zelenskyy’s  «café»")
    'zelenskyys cafe'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    folded = unicodedata.normalize("NFKD", text.translate(_QUOTE_MARKS))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("'", "")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


@attrs.frozen
class Unit:
    """One quoted utterance to link: ``key`` names it (article, quote, fragment)."""

    key: str
    text: str
    speaker: str | None = None

    @cached_property
    def normal(self) -> str:
        return normalise(self.text)

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(self.normal.split())

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """The content words, cut to their first letters, in order."""
        common = lexicon.common_words()
        return tuple(w[:_STEM] for w in self.words if w not in common)


class Score(NamedTuple):
    """How alike two units are (0–1) and how the shorter relates to the longer."""

    value: float
    relation: Relation


Scorer = Callable[[Unit, Unit], Score | None]


def lexical_score(a: Unit, b: Unit) -> Score | None:
    """The default scorer: content words aligned in order, common words aside.

    ``partial`` when the shorter unit's content words appear, in order, in the longer
    (a fragment); ``variant`` when most content words are shared either way (another
    translation). A fragment of one or two content words links only when both speakers
    are known and agree, and only to the very words ("liberated" is no fragment of
    "liberation").
    """
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return None
    if a.normal == b.normal:
        return Score(1.0, "exact") if a.normal else None
    short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    if not short.stems:
        return None
    if _is_short(short):
        if not (a.speaker and a.speaker == b.speaker):
            return None  # "heroism" alone links only within one speaker's words
        inside = f" {short.normal} " in f" {long.normal} "
        return Score(0.9, "partial") if inside else None
    shared = set(short.stems) & set(long.stems)
    contained = len(shared) / len(set(short.stems))
    # A short wording needs its speaker to agree before it may differ in a word
    # ("liberated from Ukrainian units" in "… liberated from Ukrainian forces").
    needed = 0.8 if len(short.stems) >= 4 or not (a.speaker and a.speaker == b.speaker) else 0.66
    if contained >= needed and len(short.stems) < len(long.stems):
        # Words in order, with small gaps: partial_ratio aligns the shorter in the longer.
        aligned = fuzz.partial_ratio(" ".join(short.stems), " ".join(long.stems)) / 100
        if aligned >= 0.7 or contained == 1.0:
            return Score(min(1.0, 0.5 + contained / 2), "partial")
    dice = 2 * len(shared) / (len(set(short.stems)) + len(set(long.stems)))
    if len(short.stems) >= 4 and dice >= 0.5:
        return Score(dice, "variant")
    return None


def _is_short(unit: Unit) -> bool:
    """A fragment of one or two content words ("heroism", "completely failed")."""
    return len(unit.stems) <= 2


@attrs.frozen
class Cluster:
    """Units that are one utterance; ``text`` is its fullest wording."""

    id: str
    units: tuple[Unit, ...]
    relations: tuple[Relation, ...]  # of each unit to ``text``

    @property
    def text(self) -> str:
        return self.units[0].text

    @property
    def speaker(self) -> str | None:
        return next((u.speaker for u in self.units if u.speaker), None)


@attrs.define
class Linker:
    """Incremental linking: add units as articles arrive; clusters grow and merge.

    Exact duplicates join at once through their normal form; other candidates come from an
    inverted index on each unit's rarest content words, capped per word, so that adding a
    unit costs about the same however large the collection is.
    """

    scorer: Scorer = lexical_score
    score_cutoff: float = 0.5
    _units: list[Unit] = attrs.field(factory=list)
    _parent: list[int] = attrs.field(factory=list)
    _exact: dict[str, int] = attrs.field(factory=dict)
    _postings: defaultdict[str, list[int]] = attrs.field(
        factory=lambda: defaultdict(list))
    _frequency: defaultdict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    _attached: defaultdict[int, bool] = attrs.field(factory=lambda: defaultdict(bool))

    def __len__(self) -> int:
        return len(self._units)

    def add(self, units: Iterable[Unit]) -> None:
        for unit in units:
            if not isinstance(unit, Unit):
                raise TypeError(f"units must hold Unit records, not {type(unit).__name__}")
            self._add(unit)

    def _add(self, unit: Unit) -> None:
        index = len(self._units)
        self._units.append(unit)
        self._parent.append(index)
        if not unit.normal:
            return
        same = self._exact.get(unit.normal)
        if same is not None and _same_speaker(self._units[same], unit):
            self._union(same, index)  # an exact copy: nothing else to compare
            return
        self._exact.setdefault(unit.normal, index)
        stems = set(unit.stems)
        for stem in stems:
            self._frequency[stem] += 1
        rarest = sorted(stems, key=lambda s: (self._frequency[s], s))[:_RAREST]
        seen: set[int] = set()
        # A short fragment joins the one wording it fits best and never bridges two
        # clusters: "liberated" must not merge two remarks that both use the word.
        best: tuple[float, int] | None = None
        for stem in rarest:
            for other in self._postings[stem][-_POSTING_CAP:]:
                if other in seen:
                    continue
                seen.add(other)
                candidate = self._units[other]
                if _is_short(candidate) and not _is_short(unit) and self._attached[other]:
                    continue  # a fragment already part of a wording of its own
                score = self.scorer(candidate, unit)
                if score is None or score.value < self.score_cutoff:
                    continue
                if _is_short(unit) or _is_short(candidate):
                    if _is_short(unit) and _is_short(candidate) and score.relation != "exact":
                        continue
                    if _is_short(unit):
                        if best is None or score.value > best[0]:
                            best = (score.value, other)
                        continue
                    self._attached[other] = True
                self._union(other, index)
        if best is not None:
            self._union(best[1], index)
            self._attached[index] = True
        for stem in stems:
            self._postings[stem].append(index)

    def _find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def clusters(self) -> list[Cluster]:
        """Every cluster, in the order of its first unit; ids ``c1``, ``c2``, …"""
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self._units)):
            groups[self._find(i)].append(i)
        result = []
        for number, root in enumerate(sorted(groups), 1):
            members = [self._units[i] for i in groups[root]]
            result.append(_cluster(f"c{number}", members))
        return result


def _same_speaker(a: Unit, b: Unit) -> bool:
    """Speakers agree, or one of them is unknown."""
    return not (a.speaker and b.speaker and a.speaker != b.speaker)


def link(units: Sequence[Unit], *, scorer: Scorer = lexical_score,
         score_cutoff: float = 0.5) -> list[Cluster]:
    """Cluster ``units`` (see :class:`Linker`)."""
    linker = Linker(scorer=scorer, score_cutoff=score_cutoff)
    linker.add(units)
    return linker.clusters()


def _cluster(cluster_id: str, members: list[Unit]) -> Cluster:
    """Order members fullest first and say how each relates to the fullest wording."""
    members.sort(key=lambda u: (-len(u.stems), -len(u.words), u.key))
    head = members[0]
    relations: list[Relation] = []
    for unit in members:
        if unit.normal == head.normal:
            relations.append("exact")
        elif len(unit.stems) <= 0.75 * len(head.stems) and (
            len(set(unit.stems) & set(head.stems)) >= 0.66 * len(set(unit.stems))
        ):
            relations.append("partial")  # a fragment, maybe with a word changed
        else:
            relations.append("variant")
    return Cluster(cluster_id, tuple(members), tuple(relations))
