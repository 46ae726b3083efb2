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

import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from itertools import islice
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
    "pair_code",
]

Relation = Literal["exact", "partial", "variant"]

_QUOTE_MARKS = str.maketrans({c: " " for c in "\"“”„«»‘‚‹›`´"} | {"’": "'", "ʼ": "'"})
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}\s]+")
_STEM = 5  # words are compared on their first letters: defeat/defeated, success/successes
_RAREST = 6  # a unit is looked up by its rarest words only
_POSTING_CAP = 64  # and among the most recent units holding each of them
_ALIGN_LIMIT = 200
_CANDIDATES = 16  # and at most this many of those sharing most of them are scored


def normalise(text: str) -> str:
    """Case, quote marks, apostrophes, punctuation, spaces and diacritics folded.

    >>> normalise("“The Kyiv regime’s adventure has completely failed,”")
    'the kyiv regimes adventure has completely failed'
    >>> normalise("Zelenskyy’s  «café»")
    'zelenskyys cafe'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    folded = text.translate(_QUOTE_MARKS)
    if not folded.isascii():  # most text is ASCII, and has no diacritics to fold
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.casefold()
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
        # Interned: a million quotes hold a few thousand distinct words, each stored once.
        return tuple(map(sys.intern, self.normal.split()))

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """The content words, cut to their first letters, in order."""
        common = lexicon.common_words()
        return tuple(sys.intern(w[:_STEM]) for w in self.words if w not in common)


class Score(NamedTuple):
    """How alike two units are (0–1) and how the shorter relates to the longer."""

    value: float
    relation: Relation


Scorer = Callable[[Unit, Unit], Score | None]
PairScores = Mapping[int, Score | None]  # pair_code(earlier, later) → its score, or None
_UNSCORED = Score(-1.0, "exact")  # a pair that a PairScores table does not hold


def pair_code(earlier: int, later: int) -> int:
    """One int for the pair of the units added at positions ``earlier`` and ``later``.

    >>> pair_code(3, 70)
    12884901958
    """
    return earlier << 32 | later


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
    if not (a.normal and b.normal):
        return None
    short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    if _is_short(short) and not (a.speaker and a.speaker == b.speaker):
        return None  # "heroism" alone, even twice, links only within one speaker's words
    if a.normal == b.normal:
        return Score(1.0, "exact")
    if not short.stems:
        return None
    if _is_short(short):
        inside = f" {short.normal} " in f" {long.normal} "
        return Score(0.9, "partial") if inside else None
    shared = set(short.stems) & set(long.stems)
    contained = len(shared) / len(set(short.stems))
    # A short wording needs its speaker to agree before it may differ in a word
    # ("liberated from Ukrainian units" in "… liberated from Ukrainian forces").
    needed = 0.8 if len(short.stems) >= 4 or not (a.speaker and a.speaker == b.speaker) else 0.66
    if contained >= needed and len(short.stems) < len(long.stems):
        # Words in order, with small gaps: partial_ratio aligns the shorter in the longer.
        # Aligning costs the product of the lengths: past _ALIGN_LIMIT words (no quote is
        # that long, only junk) the shared words alone decide.
        aligned = (
            fuzz.partial_ratio(" ".join(short.stems), " ".join(long.stems)) / 100
            if len(long.stems) <= _ALIGN_LIMIT else 0.0
        )
        if aligned >= 0.7 or contained == 1.0:
            return Score(min(1.0, 0.5 + contained / 2), "partial")
    dice = 2 * len(shared) / (len(set(short.stems)) + len(set(long.stems)))
    if len(short.stems) >= 4 and dice >= 0.5:
        return Score(dice, "variant")
    return None


def _is_short(unit: Unit) -> bool:
    """A fragment of one or two content words ("heroism", "completely failed")."""
    return len(unit.stems) <= 2


def _rarest(stems: Iterable[str], frequency: Mapping[str, int]) -> list[str]:
    """The words a unit is looked up by: its rarest so far, ties by the word."""
    return sorted(stems, key=lambda s: (frequency[s], s))[:_RAREST]


def _shared_needed(rarest: Sequence[str], short: bool) -> int:
    """How many of its rarest words a candidate must share (all of a fragment's)."""
    return len(rarest) if short else 2


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
    inverted index on each unit's rarest content words, capped per word, and only the few
    that share most of those words are scored, so that adding a unit costs about the same
    however large the collection is. A cluster holds at most one known speaker: a unit of
    unknown speaker joins the cluster it fits best and never bridges two speakers.

    ``pairs`` holds scores computed beforehand (elsewhere, e.g. on Dask workers by
    :func:`quoteattr.dask.link_units`), by :func:`pair_code` of the positions in the order the
    units are added; a pair it lacks is scored here, and counted in ``unscored``. Scores are a
    pure function of the two units, so the clusters are those of linking without the table.
    """

    scorer: Scorer = lexical_score
    score_cutoff: float = 0.5
    pairs: PairScores | None = None
    unscored: int = 0  # pairs scored here although a ``pairs`` table was given
    _units: list[Unit] = attrs.field(factory=list)
    _parent: list[int] = attrs.field(factory=list)
    _voice: list[str | None] = attrs.field(factory=list)  # a cluster's speaker, at its root
    _exact: dict[str, int] = attrs.field(factory=dict)
    _exact_of: dict[tuple[str, str], int] = attrs.field(factory=dict)  # by speaker
    _postings: defaultdict[str, list[int]] = attrs.field(
        factory=lambda: defaultdict(list))
    _frequency: defaultdict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    _loose: defaultdict[tuple[str, str], dict[int, None]] = attrs.field(  # fragments, by speaker
        factory=lambda: defaultdict(dict))

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
        self._voice.append(unit.speaker or None)
        normal = unit.normal
        speaker = unit.speaker or None
        short = _is_short(unit)
        if not normal or (short and speaker is None):
            return  # a fragment of unknown speaker links to nothing, not even its copy
        # An exact copy joins at once: first a copy of the same speaker, then, for a
        # longer wording, any copy (the union refuses it when the speakers differ).
        for same in (self._exact_of.get((normal, speaker)) if speaker else None,
                     None if short else self._exact.get(normal)):
            if same is not None and self._union(same, index):
                return
        if not short:
            self._exact.setdefault(normal, index)
        if speaker:
            self._exact_of.setdefault((normal, speaker), index)
        stems = dict.fromkeys(unit.stems)  # in order, so that ties break the same every run
        frequency = self._frequency
        for stem in stems:
            frequency[stem] += 1
        rarest = _rarest(stems, frequency)
        # Candidates share most of the rarest words (all of a fragment's). Fragments that
        # have no wording yet are looked up apart, by speaker, since they share fewer.
        shared: Counter[int] = Counter()
        for stem in rarest:
            shared.update(self._postings[stem][-_POSTING_CAP:])
        need = _shared_needed(rarest, short)
        candidates: list[int] = []
        for other, count in shared.most_common():
            if count < need:
                break
            candidates.append(other)
        if speaker and not short:
            loose = self._loose
            for stem in stems:
                waiting = loose.get((speaker, stem))
                if waiting:
                    candidates += islice(reversed(waiting), _POSTING_CAP)
        matches: list[tuple[float, int]] = []
        scored = 0
        units, voice = self._units, self._voice
        for other in candidates:
            # A cluster's speaker is that of any of its units whose speaker is known.
            theirs = units[other].speaker or voice[self._find(other)]
            if speaker and theirs and theirs != speaker:
                continue
            scored += 1
            if scored > _CANDIDATES:
                break
            score = self._score(other, index)
            if score is not None and score.value >= self.score_cutoff:
                matches.append((score.value, other))
        # Best first: a unit of unknown speaker joins the cluster it fits best, and a
        # fragment joins that one wording only ("liberated" must not merge two remarks).
        matches.sort(key=lambda match: -match[0])
        linked = False
        for _, other in matches[:1] if short else matches:
            if self._union(other, index):
                linked = True
                if _is_short(units[other]):
                    self._release(other)
        if short:
            if not linked and speaker:  # (an unknown speaker's fragment returned above)
                for stem in stems:
                    self._loose[(speaker, stem)][index] = None
            return  # a fragment is found through the wordings, not the other way
        for stem in stems:
            self._postings[stem].append(index)

    def _score(self, other: int, index: int) -> Score | None:
        if self.pairs is not None:
            found = self.pairs.get(pair_code(other, index), _UNSCORED)
            if found is not _UNSCORED:
                return found
            self.unscored += 1
        return self.scorer(self._units[other], self._units[index])

    def _release(self, fragment: int) -> None:
        """A fragment has found its wording: it is no longer a candidate."""
        unit = self._units[fragment]
        for stem in set(unit.stems):
            waiting = self._loose.get((unit.speaker or "", stem))  # only known speakers wait
            if waiting is not None:
                waiting.pop(fragment, None)

    def _find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, a: int, b: int) -> bool:
        """Join the clusters of ``a`` and ``b`` unless their known speakers differ."""
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return True
        va, vb = self._voice[ra], self._voice[rb]
        if va and vb and va != vb:
            return False
        root, child = min(ra, rb), max(ra, rb)
        self._parent[child] = root
        self._voice[root] = va or vb
        return True

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
