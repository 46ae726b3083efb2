"""Linking the same utterance across articles: normalise → select candidates → score → cluster.

Every utterance becomes one or more :class:`Unit` records: the words of a direct quote, each
quoted fragment of a partial one, the reported content around those fragments, an indirect
quote, and the pieces of an interrupted quote joined into one. Units of one utterance of one
article share ``utterance`` and always end in one cluster. Units are normalised (quote marks,
apostrophes, case, punctuation, spaces and diacritics folded), compared only with the
candidates :class:`Candidates` selects (an inverted index, so the cost grows near-linearly),
scored, and joined into clusters.

Relations, as in the index contract: ``exact`` (the same words once normalised), ``partial``
(a fragment of a longer wording), ``variant`` (the same remark in other words, e.g. another
translation) and ``paraphrase`` (the remark reported in indirect speech). Speakers are
evidence, not a veto: near-identical wording (six content words or more, in order) links
whatever the speakers; a weaker likeness needs them to agree where both are known (the
same speaker, or two of one body: ``Unit.body``), and a report of one firm speaker's quoted
remark links at a lower bar. The same talking point more than a week apart is another
occasion unless its wording is verbatim.

>>> a = Unit("ap#q1", "The complete defeat of our enemy along Kursk’s border region "
...          "creates the right conditions for further successes", "Vladimir Putin")
>>> b = Unit("reuters#q8", "The full defeat of the enemy in the Kursk border region creates "
...          "conditions for further successful actions", "Vladimir Putin")
>>> c = Unit("afp#q2", "The Kyiv regime's adventure has completely failed", "Vladimir Putin")
>>> [sorted(u.key for u in cluster.units) for cluster in link([a, b, c])]
[['ap#q1', 'reuters#q8'], ['afp#q2']]
"""

from __future__ import annotations

import datetime
import gc
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from itertools import chain, islice, pairwise
from operator import itemgetter
from typing import Literal, NamedTuple

import attrs
import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from quoteattr import lexicon

__all__ = [
    "RELATIONS",
    "Attributed",
    "Candidates",
    "Cluster",
    "Linker",
    "Relation",
    "Score",
    "Unit",
    "UnitKind",
    "admit",
    "attributions",
    "lexical_score",
    "link",
    "near_identical",
    "normalise",
    "pair_code",
    "score_pair",
]

Relation = Literal["exact", "partial", "variant", "paraphrase"]
RELATIONS: tuple[Relation, ...] = ("exact", "partial", "variant", "paraphrase")
UnitKind = Literal["quoted", "reported"]
_UNIT_KINDS = ("quoted", "reported")

_APOSTROPHES = ("’", "ʼ", "'")  # dropped: "regime’s" and "regime's" are one word
# Quote marks and other punctuation become spaces; combining marks stay until diacritics
# are folded.
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}\p{M}\s]+")
_STEM = 5  # words are compared on their first letters: defeat/defeated, success/successes
_RAREST = 6  # a unit is looked up by its rarest words only
_POSTING_CAP = 64  # and among the most recent units holding each of them
_SPEAKER_CAP = 256  # a speaker's units under one word: only a speaker quoted on end reaches it
_PAIR_KEYS = 3  # a unit is looked up by this many of its rarest pairs of neighbouring words
_LOOSE = 1  # candidates sharing one pair only, where an attribution is missing or doubtful
_ALIGN_LIMIT = 200
_SHARED_NEEDED = 2
_CANDIDATES = 12  # and at most this many of those sharing most of them are scored
_NEAR_IDENTICAL = 6  # content words in order that link whatever the speakers
_OCCASION_DAYS = 7  # further apart, the same talking point is another occasion
_STEM_OF: dict[str, str] = {}  # each word's stem ("" for a common word), as found
_STEM_CACHE = 1_000_000  # words kept in it
_REPORTS_ALIKE = 0.7  # the share of content words two reports must have in common
_FIRM = 0.5  # an attribution weighing less is evidence for a speaker, never a veto
_COUNT = itemgetter(1)
_VOICE_SHARE = 0.4  # of a report's content words, in a wording of the same voice
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}’'-]*")
_BEFORE_WORD = " \t\n\"'“”‘’«»()—–-"  # what may stand between a sentence's end and its word


def normalise(text: str) -> str:
    """Case, quote marks, apostrophes, punctuation, spaces and diacritics folded.

    >>> normalise("“The Kyiv regime’s adventure has completely failed,”")
    'the kyiv regimes adventure has completely failed'
    >>> normalise("Zelenskyy’s  «café»")
    'zelenskyys cafe'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "")
    folded = _NOT_WORD.sub(" ", text)
    if not folded.isascii():  # quote marks gone, most text is ASCII: no diacritics to fold
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).replace("'", "")
        folded = _NOT_WORD.sub(" ", folded)  # what folding made punctuation ("½" → "1⁄2")
    return " ".join(folded.casefold().split())


def _check_kind(instance: object, attribute: object, value: str) -> None:
    if value not in _UNIT_KINDS:
        raise ValueError(f"kind must be one of {', '.join(_UNIT_KINDS)}, not {value!r}")


def _check_weight(instance: object, attribute: object, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"weight must be a number from 0 to 1, not {value!r}")


@attrs.frozen
class Unit:
    """One wording to link: ``key`` names it (article, quote, fragment).

    ``kind`` is ``quoted`` for words an outlet put between quote marks and ``reported`` for
    reported speech (an indirect quote, the content around a partial quote's fragments).
    ``utterance`` is shared by the units of one utterance of one article, which always end
    in one cluster (empty: the unit stands alone). ``article`` and ``date`` (``YYYY-MM-DD``)
    say where and when it was published; ``weight`` is the confidence of its speaker: one
    weighing less than 0.5 is doubtful (:func:`admit`), counted for the cluster's speaker but
    never vetoing a link with another speaker. ``body`` is the body that the speaker is or
    speaks for, where it is known ("Ukraine's General Staff", "Ukraine's chief of staff" and
    "the Ukrainian army" are one, ``ukraine military``): two speakers of one body agree.
    """

    key: str
    text: str
    speaker: str | None = None
    kind: UnitKind = attrs.field(default="quoted", validator=_check_kind)
    utterance: str = ""
    article: str = ""
    date: str | None = None
    weight: float = attrs.field(default=1.0, validator=_check_weight)
    body: str | None = None

    @cached_property
    def normal(self) -> str:
        return normalise(self.text)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.normal.split())

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """The content words, cut to their first letters, in order."""
        stem_of = _STEM_OF
        if len(stem_of) > _STEM_CACHE:
            stem_of.clear()
        stems = []
        for word in self.normal.split():
            stem = stem_of.get(word)
            if stem is None:
                # Interned: a million quotes hold a few thousand distinct stems, each stored
                # once; "" for a common word.
                stem = stem_of[word] = (
                    "" if word in lexicon.common_words() else sys.intern(word[:_STEM]))
            if stem:
                stems.append(stem)
        return tuple(stems)

    @cached_property
    def stem_set(self) -> frozenset[str]:
        return frozenset(self.stems)

    @cached_property
    def names(self) -> frozenset[str]:
        """The stems of the names the words hold, other than countries, capitals and their
        adjectives (the parties of most stories): "Kursk", "Belgorod", "Gornal". A word is a
        name where it is capitalised and does not open a sentence."""
        places = lexicon.places()
        found: set[str] = set()
        text, end, last = self.text, 0, "."  # the text opens like a sentence
        for match in _WORD.finditer(text):
            word = match.group()
            gap = text[end:match.start()].strip(_BEFORE_WORD)
            opening = (gap or last)[-1] in ".!?:;"
            end, last = match.end(), word
            bare = word.removesuffix("’s").removesuffix("'s")
            if opening or not word[0].isupper() or bare in places or word == "I":
                continue
            found.update(Unit("", bare).stems)
        return frozenset(found)

    @cached_property
    def firm_speaker(self) -> str:
        """The speaker where the attribution is firm enough to veto a link, else ``""``."""
        return self.speaker if self.speaker and self.weight >= _FIRM else ""

    @cached_property
    def day(self) -> int | None:
        """``date`` as a day number, or None where it is missing or no date."""
        try:
            return datetime.date.fromisoformat(self.date).toordinal() if self.date else None
        except ValueError:
            return None


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
    translation); ``paraphrase`` for the same where one of them is reported speech. A
    fragment of one or two content words must be the very words ("liberated" is no fragment
    of "liberation"). Who said them is weighed by :func:`admit`, not here.
    """
    if not (a.normal and b.normal):
        return None
    if a.normal == b.normal:
        return Score(1.0, "exact")
    short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    if not short.stems:
        return None
    reported = a.kind == "reported" or b.kind == "reported"
    if _is_short(short):
        inside = f" {short.normal} " in f" {long.normal} "
        return Score(0.9, "partial") if inside else None
    short_set, long_set = short.stem_set, long.stem_set
    shared = len(short_set & long_set)
    if not shared:
        return None
    contained = shared / len(short_set)
    # A short wording needs its speaker to agree before it may differ in a word
    # ("liberated from Ukrainian units" in "… liberated from Ukrainian forces").
    agree = _agree(a, b)
    needed = 0.8 if len(short.stems) >= 4 or not agree else 0.66
    if contained >= needed and len(short.stems) < len(long.stems) and (
        # Words in order, with small gaps: partial_ratio aligns the shorter in the longer.
        # Aligning costs the product of the lengths: past _ALIGN_LIMIT words (no quote is
        # that long, only junk) the shared words alone decide.
        contained == 1.0 or (len(long.stems) <= _ALIGN_LIMIT and fuzz.partial_ratio(
            " ".join(short.stems), " ".join(long.stems)) >= 70)
    ):
        value = min(1.0, 0.5 + contained / 2)
        return Score(value, "paraphrase" if reported else "partial")
    dice = 2 * shared / (len(short_set) + len(long_set))
    # Two reports, both in writers' words, share the story's topic words (its people, its
    # subject) whatever was said: they need most of their words in common.
    both_reported = a.kind == "reported" and b.kind == "reported"
    if len(short.stems) >= 4 and dice >= (_REPORTS_ALIKE if both_reported else 0.5):
        return Score(dice, "paraphrase" if reported else "variant")
    if reported and agree and a.firm_speaker and b.firm_speaker and (
            _one_voice_report(a, b, shared) or _one_voice_report(b, a, shared)):
        return Score(0.5 + contained / 4, "paraphrase")
    return None


def _one_voice_report(report: Unit, quote: Unit, shared: int) -> bool:
    """Is ``report`` the same remark as the quoted words ``quote``, as one firm speaker's
    wordings may be with less in common (``shared`` content words): two or more, and either
    0.4 of the report's or a pair of neighbouring words that are no names ("completely
    failed"); the names the report holds ("Kursk", not "Belgorod") must be in the quote.
    A report names what it is about: another place is another remark. (Two reports, both
    in the writers' words, still need most of their words in common.)"""
    if shared < 2 or (report.kind, quote.kind) != ("reported", "quoted") or not (
            report.names <= quote.names):
        return False
    if shared >= _VOICE_SHARE * len(report.stem_set):
        return True
    names = report.names
    pairs = {p for p in pairwise(report.stems) if not (p[0] in names or p[1] in names)}
    return bool(pairs) and not pairs.isdisjoint(pairwise(quote.stems))


def _agree(a: Unit, b: Unit) -> bool:
    """Are both speakers known and one: the same speaker, or two of the same body?"""
    return bool(a.speaker and (a.speaker == b.speaker or (a.body and a.body == b.body)))


def near_identical(a: Unit, b: Unit) -> bool:
    """Six content words or more in the same order, hardly any word of the shorter and few
    of the longer missing: the same words, whoever an outlet credits with them. (A remark
    quoted inside a longer one — relayed words — is not near-identical to it.)

    >>> near_identical(Unit("a", "Statements by the enemy leadership are nothing more than "
    ...                          "propaganda tricks", "Ukraine's chief of staff"),
    ...                Unit("b", "statements by the enemy leadership are nothing more than "
    ...                          "propaganda tricks, it said", "the Ukrainian army"))
    True
    """
    short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    if len(short.stems) < _NEAR_IDENTICAL:
        return False
    if len(long.stems) > _ALIGN_LIMIT:
        return short.normal in long.normal
    common = LCSseq.similarity(short.stems, long.stems)
    return common >= max(_NEAR_IDENTICAL, 0.8 * len(short.stems), 0.75 * len(long.stems))


def admit(a: Unit, b: Unit, score: Score | None) -> Score | None:
    """What the evidence beside the words makes of a scorer's ``score`` for ``a`` and ``b``:
    the linker's policy, whatever the scorer.

    - near-identical wording (:func:`near_identical`) stands whoever said it;
    - otherwise two firm speakers (see :class:`Unit`'s ``weight``) must agree; a piece of
      reported speech needs the same known speaker on both sides, or a doubtful one and
      nearly all its content words shared; a fragment of one or two content words needs
      the same known speaker;
    - more than a week apart, only verbatim wording is one remark: the same talking point
      on another day is another occasion.
    """
    if score is None:
        return None
    agree = _agree(a, b)
    firm_a, firm_b = a.firm_speaker, b.firm_speaker
    refused = (
        (firm_a and firm_b and firm_a != firm_b and not agree)
        or (not agree and (_is_short(a) or _is_short(b)))
        or ((a.kind == "reported" or b.kind == "reported") and not agree
            and not (a.speaker and b.speaker and _shares_most(a, b)))
        or (score.relation != "exact" and a.day is not None and b.day is not None
            and abs(a.day - b.day) > _OCCASION_DAYS)
    )
    return score if not refused or near_identical(a, b) else None


def _shares_most(a: Unit, b: Unit) -> bool:
    """Are most content words of the shorter of ``a`` and ``b`` in the longer?"""
    short, long = (a, b) if len(a.stem_set) <= len(b.stem_set) else (b, a)
    return bool(short.stem_set) and len(short.stem_set & long.stem_set) >= 0.8 * len(
        short.stem_set)


def score_pair(scorer: Scorer, a: Unit, b: Unit) -> Score | None:
    """``scorer``'s score of a candidate pair, as :func:`admit` leaves it: what both the
    :class:`Linker` and :mod:`quoteattr.dask` compute for a pair."""
    return admit(a, b, scorer(a, b))


def _is_short(unit: Unit) -> bool:
    """A fragment of one or two content words ("heroism", "completely failed")."""
    return len(unit.stems) <= 2


def _rarest(stems: Sequence[str], frequency: Mapping[str, int]) -> list[str]:
    """The words a unit is looked up by: its rarest so far, ties in their order."""
    return sorted(stems, key=frequency.__getitem__)[:_RAREST]


def _shared_needed(rarest: Sequence[str], short: bool) -> int:
    """How many of its rarest words one of the same speaker's units must share to be a
    candidate: all of a fragment's; one for a wording (another translation, a paraphrase
    may share few words), the candidates that share most coming first."""
    return len(rarest) if short else _SHARED_NEEDED


def _add_last(lists: list[list[int]], positions: list[int] | None, most: int) -> None:
    """Add the last ``most`` of ``positions`` to ``lists`` (without copying a short list)."""
    if positions:
        lists.append(positions if len(positions) <= most else positions[-most:])


def _most_common(lists: list[list[int]]) -> list[tuple[int, int]]:
    """The positions of ``lists`` with how many hold each, most first, ties in the order
    they first appear (as ``Counter.most_common``), counted at once."""
    if not lists:
        return []
    return sorted(Counter(chain.from_iterable(lists)).items(), key=_COUNT, reverse=True)


@attrs.define
class Candidates:
    """Which earlier units a new unit is scored against: the one candidate selection of
    linking, used by :class:`Linker` and by :mod:`quoteattr.dask` alike.

    A unit is looked up (``add`` returns the positions, most promising first) through

    - its exact copy: the first earlier unit of the same normal form (and speaker, for a
      fragment); a copy of the same speaker stands for the unit, which is not posted;
    - the same speaker's (or body's) wordings that share two of its rarest content words
      (all of a fragment's), and, for a wording, the same speaker's fragments inside it;
    - whoever's wordings that share two of its three rarest pairs of neighbouring content
      words that earlier units hold, so that near-identical wording is found whatever the
      speakers (one pair, for one candidate, where either unit has no firm speaker).

    The units of one utterance (``Unit.utterance``) are never each other's candidates.

    Lists are indexed by speaker, where the units of one remark are few whatever the order
    they arrive in; only the lists of pairs of words, which hold anyone's units, are capped
    to their most recent units. The selection depends on the units alone, never on what was
    linked.

    >>> found = Candidates()
    >>> found.add(Unit("a", "The Kyiv regime's adventure has completely failed", "Putin"))
    (None, [])
    >>> found.add(Unit("b", "the regime's adventure has completely failed", "Putin"))
    (None, [0])
    """

    _count: int = 0
    _frequency: defaultdict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    _exact: dict[str, int] = attrs.field(factory=dict)
    _exact_of: dict[tuple[str, str], int] = attrs.field(factory=dict)  # by speaker
    # A speaker's postings by stem, in a small dict of their own: a million units make
    # millions of postings, and a speaker's few are read together.
    _by_speaker: dict[str, dict[str, list[int]]] = attrs.field(factory=dict)
    _fragments: dict[str, dict[str, list[int]]] = attrs.field(factory=dict)
    _by_pair: dict[tuple[str, str], list[int]] = attrs.field(factory=dict)
    _utterance_of: list[str] = attrs.field(factory=list)  # each position's utterance
    _unsure: bytearray = attrs.field(factory=bytearray)  # 1 where no firm speaker
    _siblings: Counter[str] = attrs.field(factory=Counter)  # units of each utterance so far

    def add(self, unit: Unit) -> tuple[int | None, list[int]]:
        """``(copy, candidates)`` for the next unit: the position of an exact copy before it
        (or None), and the other positions to score it against, best first."""
        index = self._count
        self._count += 1
        normal = unit.normal
        speaker = unit.speaker or ""
        self._unsure.append(not unit.firm_speaker)
        # The units of one utterance are joined anyway: none is another's candidate, and
        # none takes a candidate's place.
        utterance = unit.utterance
        self._utterance_of.append(utterance)
        siblings = 0
        if utterance:
            siblings = self._siblings[utterance]
            self._siblings[utterance] += 1
        short = _is_short(unit)
        if not normal or (short and not speaker):
            return None, []  # a fragment of unknown speaker links to nothing
        if speaker and (normal, speaker) in self._exact_of:
            return self._exact_of[(normal, speaker)], []  # the same speaker's copy stands for it
        same = None if short else self._exact.get(normal)
        if same is not None and not speaker:
            return same, []  # a copy of unknown speaker: the copy stands for it
        if not short:
            self._exact.setdefault(normal, index)
        if speaker:
            self._exact_of.setdefault((normal, speaker), index)
        stems = tuple(dict.fromkeys(unit.stems))  # in order: ties break the same every run
        frequency = self._frequency
        for stem in stems:
            frequency[stem] += 1
        rarest = _rarest(stems, frequency)
        # A speaker's lists are those of their body where it is known: its name, its
        # country's possessive and its role phrase say one thing ("Ukraine's military").
        voice = unit.body or speaker if speaker else ""
        said = self._by_speaker.get(voice) if voice else None
        waiting = self._fragments.get(voice) if voice else None
        lists: list[list[int]] = []
        for stem in rarest:
            if said:
                _add_last(lists, said.get(stem), _SPEAKER_CAP)
            if short and waiting:  # and the same speaker's other fragments, holding its words
                _add_last(lists, waiting.get(stem), _POSTING_CAP)
        shared = _most_common(lists)
        need = _shared_needed(rarest, short)
        # The copy is joined apart: it takes no place among the candidates.
        found: dict[int, None] = {} if same is None else {same: None}
        limit = len(found) + _CANDIDATES + siblings
        for other, count in shared[:limit]:
            if count < need:
                break
            found[other] = None
        if waiting and not short:
            for stem in stems:
                if len(found) >= limit:
                    break
                inside = waiting.get(stem)
                if inside:
                    found.update(dict.fromkeys(islice(reversed(inside), _POSTING_CAP)))
        pairs = dict.fromkeys(pairwise(unit.stems))  # neighbouring content words
        postings = self._by_pair
        held = {} if short else dict(zip(pairs, map(postings.get, pairs), strict=True))
        if held and len(found) < limit:
            # The rarest pairs that some earlier unit holds: a pair no unit holds finds nothing.
            rare = sorted((len(holders), n, holders) for n, holders in enumerate(held.values())
                          if holders)
            lists = []
            for _, _, rarer in rare[:_PAIR_KEYS]:
                _add_last(lists, rarer, _POSTING_CAP)
            # Whoever said them, the words must share more than one pair (near-identical
            # wording shares most of them), or one pair where either attribution is missing
            # or doubtful, as a speaker's lists cannot find them.
            unsure = self._unsure
            loose = _LOOSE
            for other, count in _most_common(lists):
                if count < 2:
                    if not loose:
                        break  # the rest share one pair each: none may be taken
                    if not (unsure[index] or unsure[other]):
                        continue
                    loose -= 1
                found[other] = None
                if len(found) >= limit:
                    break
        if same is not None:
            del found[same]
        if siblings:
            of = self._utterance_of
            chosen = list(islice((o for o in found if of[o] != utterance), _CANDIDATES))
        else:
            chosen = list(islice(found, _CANDIDATES))
        if short:
            if voice:
                _post(self._fragments, voice, stems, index)
            return same, chosen
        if voice:
            _post(self._by_speaker, voice, stems, index)
        for pair, holders in held.items():
            if holders:
                holders.append(index)
            else:
                postings[pair] = [index]
        return same, chosen


def _post(by_speaker: dict[str, dict[str, list[int]]], speaker: str, stems: Iterable[str],
          index: int) -> None:
    """Post position ``index`` under each of ``stems`` of ``speaker``."""
    mine = by_speaker.get(speaker)
    if mine is None:
        mine = by_speaker[speaker] = {}
    for stem in stems:
        lists = mine.get(stem)
        if lists is None:
            mine[stem] = [index]
        else:
            lists.append(index)


@attrs.frozen
class Attributed:
    """A speaker the members of a cluster were attributed to: the summed confidence of
    those attributions (one per article) and the number of articles."""

    speaker: str
    weight: float
    articles: int


@attrs.frozen
class Cluster:
    """Units that are one utterance; ``text`` is its fullest quoted wording.

    ``attributions`` are the speakers its members were attributed to, the one with the
    most weight first: that is the cluster's ``speaker``; the others are kept.
    """

    id: str
    units: tuple[Unit, ...]
    relations: tuple[Relation, ...]  # of each unit to ``text``
    attributions: tuple[Attributed, ...] = ()

    @property
    def text(self) -> str:
        return self.units[0].text

    @property
    def speaker(self) -> str | None:
        return self.attributions[0].speaker if self.attributions else None

    @property
    def also_attributed(self) -> tuple[Attributed, ...]:
        """The speakers other articles credit with the same utterance."""
        return self.attributions[1:]


@attrs.define
class Linker:
    """Incremental linking: add units as articles arrive; clusters grow and merge.

    Candidates come from :class:`Candidates`; each pair is scored by ``scorer`` and judged by
    :func:`admit`. A cluster's speaker is the one with the most weight among its members'
    attributions: a pair whose wording is not near-identical never joins two clusters whose
    speakers differ, so that a unit of unknown speaker does not bridge two speakers, while
    near-identical wording joins them (and the other attribution is kept).

    ``pairs`` holds scores computed beforehand (elsewhere, e.g. on Dask workers by
    :func:`quoteattr.dask.link_units`), by :func:`pair_code` of the positions in the order the
    units are added; a pair it lacks is scored here, and counted in ``unscored``. Scores are a
    pure function of the two units, so the clusters are those of linking without the table.
    ``scored`` (when ``record`` is true) keeps the score of every candidate pair, scored here
    or looked up (an exact copy joins without a scorer and is not among them).
    """

    scorer: Scorer = lexical_score
    score_cutoff: float = 0.5
    pairs: PairScores | None = None
    record: bool = False
    unscored: int = 0  # pairs scored here although a ``pairs`` table was given
    scored: dict[int, Score | None] = attrs.field(factory=dict)
    _units: list[Unit] = attrs.field(factory=list)
    _parent: list[int] = attrs.field(factory=list)
    # At a cluster's root, once it has more than one unit (a unit alone votes for itself).
    _votes: list[dict[str, float] | None] = attrs.field(factory=list)
    _utterances: dict[str, int] = attrs.field(factory=dict)
    _placed: set[int] = attrs.field(factory=set)  # fragments and unknown speakers, joined
    _candidates: Candidates = attrs.field(factory=Candidates)
    _body_of: dict[str, str] = attrs.field(factory=dict)  # speaker → body, where known

    def __len__(self) -> int:
        return len(self._units)

    def add(self, units: Iterable[Unit]) -> None:
        with _no_cycle_collection():
            for unit in units:
                if not isinstance(unit, Unit):
                    raise TypeError(f"units must hold Unit records, not {type(unit).__name__}")
                self._add(unit)

    def _add(self, unit: Unit) -> None:
        index = len(self._units)
        self._units.append(unit)
        self._parent.append(index)
        # Only a firm attribution votes for the cluster's speaker when clusters merge.
        firm = unit.firm_speaker
        self._votes.append(None)
        if firm and unit.body:
            self._body_of[firm] = unit.body
        if unit.utterance:
            sibling = self._utterances.setdefault(unit.utterance, index)
            if sibling != index:
                self._union(sibling, index, sibling=True)
        copy, candidates = self._candidates.add(unit)
        short = len(unit.stems) <= 2  # _is_short, for every unit
        # An exact copy joins with no scorer asked; the candidates are scored all the same
        # (as on Dask).
        if copy is not None and admit(self._units[copy], unit, Score(1.0, "exact")):
            self._union(copy, index)
        matches: list[tuple[float, int]] = []
        cutoff = self.score_cutoff
        if self.pairs is None and not self.record:  # as _score does, with fewer calls
            scorer, units = self.scorer, self._units
            for other in candidates:
                earlier = units[other]
                score = admit(earlier, unit, scorer(earlier, unit))
                if score is not None and score.value >= cutoff:
                    matches.append((score.value, other))
        else:
            for other in candidates:
                score = self._score(other, index)
                if score is not None and score.value >= cutoff:
                    matches.append((score.value, other))
        # Best first: a unit of unknown speaker joins the cluster it fits best, and a
        # fragment joins that one wording only ("liberated" must not merge two remarks).
        # A fragment that found its wording is taken: no later wording takes it again.
        matches.sort(key=lambda match: -match[0])
        placed = self._placed
        if short:
            for _, other in matches:
                if other not in placed and self._union(other, index):
                    placed.add(index)
                    if _is_short(self._units[other]):
                        placed.add(other)
                    break
            return
        # A wording of unknown speaker, like a fragment, joins the one cluster it fits best
        # unless the words are near-identical: it must not bridge remarks that merely share
        # words, neither when it arrives nor when later wordings find it.
        units = self._units
        joined = False
        for _, other in matches:
            if (other in placed or (joined and not unit.speaker)) and not near_identical(
                    units[other], unit):
                continue
            if self._union(other, index):
                joined = True
                if _is_short(units[other]) or not units[other].speaker:
                    placed.add(other)
        if joined and not unit.speaker:
            placed.add(index)

    def _score(self, other: int, index: int) -> Score | None:
        code = pair_code(other, index)
        if self.pairs is not None:
            found = self.pairs.get(code, _UNSCORED)
            if found is not _UNSCORED:
                if self.record:
                    self.scored[code] = found
                return found
            self.unscored += 1
        score = score_pair(self.scorer, self._units[other], self._units[index])
        if self.record:
            self.scored[code] = score
        return score

    def _find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, a: int, b: int, *, sibling: bool = False) -> bool:
        """Join the clusters of ``a`` and ``b`` unless their speakers differ and the pair
        is neither one utterance (``sibling``) nor near-identical wording."""
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return True
        va, vb = self._votes[ra] or self._own_vote(ra), self._votes[rb] or self._own_vote(rb)
        if va and vb and not sibling:
            leader_a, leader_b = _leader(va), _leader(vb)
            body = self._body_of.get(leader_a)
            if leader_a != leader_b and not (body and body == self._body_of.get(leader_b)) and (
                    not near_identical(self._units[a], self._units[b])):
                return False
        root, child = min(ra, rb), max(ra, rb)
        self._parent[child] = root
        if va and vb:
            small, big = (va, vb) if len(va) < len(vb) else (vb, va)
            for speaker, weight in small.items():
                big[speaker] = big.get(speaker, 0.0) + weight
            self._votes[root] = big
        else:
            self._votes[root] = va or vb
        self._votes[child] = None
        return True

    def _own_vote(self, i: int) -> dict[str, float] | None:
        """The vote of unit ``i`` alone: a firm attribution only."""
        unit = self._units[i]
        firm = unit.firm_speaker
        return {firm: unit.weight} if firm else None

    def clusters(self) -> list[Cluster]:
        """Every cluster, in the order of its first unit; ids ``c1``, ``c2``, …"""
        with _no_cycle_collection():
            groups: dict[int, list[int]] = defaultdict(list)
            for i in range(len(self._units)):
                groups[self._find(i)].append(i)
            result = []
            for number, root in enumerate(sorted(groups), 1):
                members = [self._units[i] for i in groups[root]]
                result.append(_cluster(f"c{number}", members))
            return result


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Linking keeps millions of small lists, dicts and tuples and makes no reference
    cycles: the cyclic collector would only scan them again and again (a fifth of the time
    at 300,000 units), so it is off while units are linked."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _leader(votes: Mapping[str, float]) -> str:
    return max(votes.items(), key=lambda item: (item[1], item[0]))[0]


def link(units: Sequence[Unit], *, scorer: Scorer = lexical_score,
         score_cutoff: float = 0.5) -> list[Cluster]:
    """Cluster ``units`` (see :class:`Linker`)."""
    linker = Linker(scorer=scorer, score_cutoff=score_cutoff)
    linker.add(units)
    return linker.clusters()


def _cluster(cluster_id: str, members: list[Unit]) -> Cluster:
    """Order members quoted words first, fullest first, and say how each relates to the
    first; weigh the attributions of the members."""
    if len(members) == 1:  # most clusters: nothing to order or weigh
        [unit] = members
        alone = (Attributed(unit.speaker, round(unit.weight, 6), 1),) if unit.speaker else ()
        return Cluster(cluster_id, (unit,), ("exact",), alone)
    members.sort(key=lambda u: (u.kind != "quoted", -len(u.stems), -len(u.words), u.key))
    head = members[0]
    relations: list[Relation] = []
    for unit in members:
        if unit.normal == head.normal:
            relations.append("exact")
        elif unit.kind == "reported" and head.kind == "quoted":
            relations.append("paraphrase")
        elif len(unit.stems) <= 0.75 * len(head.stems) and (
            len(set(unit.stems) & set(head.stems)) >= 0.66 * len(set(unit.stems))
        ):
            relations.append("partial")  # a fragment, maybe with a word changed
        else:
            relations.append("variant")
    return Cluster(cluster_id, tuple(members), tuple(relations), attributions(members))


def attributions(members: Iterable[Unit]) -> tuple[Attributed, ...]:
    """The speakers of ``members``, most weight first: each speaker's weight is the
    confidence of its surest attribution in each article, summed over the articles.

    >>> [(a.speaker, a.weight, a.articles) for a in attributions([
    ...     Unit("a#q1", "", "s1", article="a", weight=0.9),
    ...     Unit("a#q2", "", "s1", article="a", weight=0.5),
    ...     Unit("b#q1", "", "s2", article="b", weight=0.6)])]
    [('s1', 0.9, 1), ('s2', 0.6, 1)]
    """
    best: dict[tuple[str, str], float] = {}
    for unit in members:
        if unit.speaker:
            where = (unit.speaker, unit.article or unit.key)
            best[where] = max(best.get(where, 0.0), unit.weight)
    weight: defaultdict[str, float] = defaultdict(float)
    articles: Counter[str] = Counter()
    for (speaker, _), value in best.items():
        weight[speaker] += value
        articles[speaker] += 1
    order = sorted(weight, key=lambda s: (-weight[s], -articles[s], s))
    return tuple(Attributed(s, round(weight[s], 6), articles[s]) for s in order)
