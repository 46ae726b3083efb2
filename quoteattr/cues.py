"""The cue stage: every reporting event of a document, found once.

A *cue* is the word or words that report speech: "said", "told", "according to", "went
on to say". Cue patterns are data (``lexicon/cue_patterns.json``), token patterns in the
spirit of spaCy's ``Matcher``: each has an id, says how its cue reports (``bare``: with or
without "that"; ``that``: only with "that" or a quote; ``after``: only after what it
reports; ``frame``: only around a quoted fragment; ``according``), and lists one dict per
token, over the token's ``TEXT``, ``LOWER`` or ``SHAPE`` (a value, or a list of values any of
which will do) or a lexicon ``CLASS``
(``verb:bare``, ``verb:that``, ``verb:after``, ``verb:frame`` from
``lexicon/reporting_verbs.txt``; ``communication:say``, ``communication:manner``,
``communication:frame`` from the verbs of communication of WordNet,
``lexicon/communication_verbs.txt``). :class:`CueMatcher` is compiled once and run once
over a document's tokens.

Around each cue the stage then reads, from the token layer, who reports (the subject:
"Peskov said", "said Gov. Serhiy Lysak", "Ilse Brandt, who said", a parse's ``nsubj``),
what is reported (the content of reported speech: "said *the talks would resume*",
"*the village was liberated*, the ministry said", "according to X, *…*"; a parse's
``ccomp``) and to whom ("told *reporters*"), and makes one :class:`~quoteattr.model.Cue`
record per reporting event. Quote detection and attribution read these records; neither
looks for cue words again.

>>> from quoteattr.annotate import get_annotator
>>> from quoteattr.model import Article
>>> doc = get_annotator().annotate(Article("a", "Mayor Ilse Varga told reporters the bridge "
...                                         "would reopen. “Soon,” she added."))
>>> for c in find_cues(doc):
...     print(c.text, c.pattern, c.subject.text, [s.text for s in c.content],
...           c.addressee and c.addressee.text)
told verb-that Mayor Ilse Varga ['the bridge would reopen'] reporters
added verb-that she [] None
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from itertools import compress, takewhile
from operator import itemgetter
from typing import Any, NamedTuple

import regex

from quoteattr import lexicon
from quoteattr.lexicon import sources
from quoteattr.marks import MARKS, Piece, link_lines, quote_pieces
from quoteattr.model import Cue, Document, Mention, Sentence, Span, SpeakerType, word_shape
from quoteattr.syntax import Tree

__all__ = ["CueForm", "CueMatcher", "CuePattern", "default_matcher", "find_cues",
           "load_patterns", "parsed_subject"]

_REPORTS = ("bare", "that", "after", "frame", "according")
_TOKEN_KEYS = frozenset({"TEXT", "LOWER", "SHAPE", "CLASS"})


class CuePattern(NamedTuple):
    """A cue pattern: ``tokens`` holds one dict of conditions per token."""

    id: str
    reports: str
    tokens: tuple[Mapping[str, str | list[str]], ...]
    lemma: str = ""
    quoted: bool = False
    subject: str = ""  # a word list the noun before the cue must be in ("documents")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CuePattern:
        """A pattern from its dict form; a ValueError says what is wrong with it.

        >>> CuePattern.from_dict({"id": "according-to", "reports": "according",
        ...                       "pattern": [{"LOWER": "according"}, {"LOWER": "to"}]}).id
        'according-to'
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"a cue pattern must be a dict, not {type(data).__name__}")
        missing = {"id", "reports", "pattern"} - data.keys()
        if missing:
            raise ValueError(f"cue pattern {data.get('id', '?')!r} lacks {sorted(missing)}")
        if data["reports"] not in _REPORTS:
            raise ValueError(f"cue pattern {data['id']!r}: reports must be one of "
                             f"{', '.join(_REPORTS)}, not {data['reports']!r}")
        tokens = tuple(data["pattern"])
        if not tokens or not all(isinstance(t, Mapping) and t and t.keys() <= _TOKEN_KEYS
                                 for t in tokens):
            raise ValueError(f"cue pattern {data['id']!r}: each token is a dict over "
                             f"{', '.join(sorted(_TOKEN_KEYS))}")
        for token in tokens:
            if "CLASS" in token and token["CLASS"] not in _word_classes():
                raise ValueError(f"cue pattern {data['id']!r}: unknown CLASS "
                                 f"{token['CLASS']!r}; known: {', '.join(_word_classes())}")
        subject = str(data.get("subject", ""))
        if subject and subject not in _SUBJECT_LISTS:
            raise ValueError(f"cue pattern {data['id']!r}: unknown subject list {subject!r}; "
                             f"known: {', '.join(_SUBJECT_LISTS)}")
        return cls(str(data["id"]), str(data["reports"]), tokens, str(data.get("lemma", "")),
                   bool(data.get("quoted", False)), subject)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "reports": self.reports,
                                "pattern": [dict(t) for t in self.tokens]}
        if self.lemma:
            data["lemma"] = self.lemma
        if self.quoted:
            data["quoted"] = True
        if self.subject:
            data["subject"] = self.subject
        return data


# The word lists a pattern's ``subject`` may name: "a new poll finds", "records show".
_SUBJECT_LISTS = {"documents": lexicon.documents}


class CueForm(NamedTuple):
    """A cue found in a document: where it ends, its lemma, how it reports, whether its
    word is also a noun ("claim", "statement"), and the pattern that found it."""

    end: int
    lemma: str
    reports: str
    noun_like: bool
    pattern: str
    quoted: bool = False  # reports only quoted words (the open class of verbs)


@cache
def _word_classes() -> dict[str, dict[str, lexicon.VerbForm]]:
    """The lexicon classes a pattern may name, each a table of word forms."""
    classes: dict[str, dict[str, lexicon.VerbForm]] = {f"verb:{r}": {} for r in _REPORTS[:4]}
    for form, verb in lexicon.reporting_verbs().items():
        classes[f"verb:{verb.reports}"][form] = verb
    # The open class: WordNet's verbs of communication and manner of speaking. A verb that
    # says what was said reports with "that" or a quote; one that only tells how (grumble,
    # bark) reports after what it attributes; one that takes the words as its object frames.
    for name in ("communication:say", "communication:manner", "communication:frame"):
        classes[name] = {}
    topics = lexicon.topic_verbs()
    for word, entry in sources.communication_verbs().items():
        if " " in word or entry.lemma in topics:
            continue  # particle verbs ("point out") need a pattern of their own
        tag = "say" if "say" in entry.tags else "manner" if "manner" in entry.tags else "frame"
        reports = {"say": "that", "manner": "after", "frame": "frame"}[tag]
        classes[f"communication:{tag}"][word] = lexicon.VerbForm(entry.lemma, reports,
                                                                 entry.noun_like)
    return classes


def load_patterns(source: str | None = None) -> list[CuePattern]:
    """Cue patterns from a JSON file (a list of pattern dicts); the built-in ones by default.

    >>> [p.id for p in load_patterns()][:2]
    ['verb-bare', 'verb-that']
    """
    if source is None:
        raw = resources.files("quoteattr.lexicon").joinpath("cue_patterns.json").read_text(
            encoding="utf-8")
        name = "cue_patterns.json"
    else:
        with open(source, encoding="utf-8") as f:
            raw, name = f.read(), source
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"{name}, line {error.lineno}: {error.msg}") from None
    if not isinstance(data, list):
        raise ValueError(f"{name}: a list of cue patterns was expected")
    return [CuePattern.from_dict(item) for item in data]


class CueMatcher:
    """Cue patterns compiled for one pass over a document's tokens.

    >>> matcher = CueMatcher([])
    >>> matcher.add(CuePattern("went-on", "bare", ({"LOWER": "went"}, {"LOWER": "on"},
    ...                                            {"LOWER": "to"}, {"LOWER": "say"}), "say"))
    >>> from quoteattr.annotate import get_annotator
    >>> from quoteattr.model import Article
    >>> doc = get_annotator().annotate(Article("a", "He went on to say it was over."))
    >>> matcher.match(doc)[3]
    CueForm(end=17, lemma='say', reports='bare', noun_like=False, pattern='went-on', quoted=False)
    """

    def __init__(self, patterns: Iterable[CuePattern]) -> None:
        self._patterns: dict[str, CuePattern] = {}
        self._index: _Index | None = None
        for pattern in patterns:
            self.add(pattern)

    @property
    def patterns(self) -> list[CuePattern]:
        return list(self._patterns.values())

    def add(self, pattern: CuePattern) -> None:
        """Add a pattern, or replace the one with its id."""
        if not isinstance(pattern, CuePattern):
            raise TypeError(f"pattern must be a CuePattern, not {type(pattern).__name__}")
        self._patterns[pattern.id] = pattern
        self._index = None

    def remove(self, pattern_id: str) -> None:
        """Drop the pattern with this id; a KeyError lists the ids there are."""
        if pattern_id not in self._patterns:
            raise KeyError(f"no cue pattern {pattern_id!r}; there are: "
                           f"{', '.join(self._patterns)}")
        del self._patterns[pattern_id]
        self._index = None

    def match(self, doc: Document) -> dict[int, CueForm]:
        """Every cue of ``doc``, by the character offset where it starts; where patterns
        overlap, the longest match wins, then the first pattern."""
        if self._index is None:
            self._index = _Index(self._patterns.values())
        index = self._index
        words = doc.words(0, len(doc.text))
        found: dict[int, CueForm] = {}
        covered = 0  # the end of the last match: its words start no cue of their own
        plain = index.plain if not index.anywhere else None
        if plain is None:
            at: Iterable[int] = range(len(words))
        else:
            # Only the few words that can start a pattern are visited: the distinct words
            # are collected and tested once each, in C loops over the article.
            texts = list(map(itemgetter(0), words))
            starting = index.starts & set(texts)
            at = [i for i, word in enumerate(texts) if word in starting]
        for i in at:
            word, start, _ = words[i]
            if start < covered:
                continue
            candidates: list[CuePattern] | None
            if plain is None:
                candidates = index.candidates(word)
            else:
                candidates = plain.get(word)  # most words: one look-up, no match
                if word[:1].isupper():
                    lowered = plain.get(word.lower())  # "Said Mayor Ann Ruiz: …"
                    if lowered:
                        candidates = index.candidates(word) if candidates else lowered
                if not candidates:
                    continue
            best: CueForm | None = None
            capital = word[:1].isupper() and (_opens_sentence(doc, words, i)
                                              or _capital_cue(words, i))
            for pattern in candidates:
                verb = _fits(pattern.tokens[0], word, capital)
                if verb is None or i + len(pattern.tokens) > len(words):
                    continue
                if any(_fits(spec, words[i + k][0], False) is None
                       for k, spec in enumerate(pattern.tokens[1:], 1)):
                    continue
                if pattern.subject and not _noun_before(doc, words, i, pattern.subject):
                    continue
                end = words[i + len(pattern.tokens) - 1][2]
                if best is None or end > best.end:
                    lemma = pattern.lemma or (verb.lemma if verb is not _PLAIN else word.lower())
                    best = CueForm(end, lemma, pattern.reports,
                                   verb.noun_like and len(pattern.tokens) == 1, pattern.id,
                                   pattern.quoted)
            if best is not None:
                found[start] = best
                covered = best.end
        return found


class _Index:
    """The patterns by what their first token can be, so that a token is checked only
    against the few patterns that may start at it (one dictionary look-up a word)."""

    def __init__(self, patterns: Iterable[CuePattern]) -> None:
        self.by_word: dict[str, list[tuple[int, CuePattern]]] = {}
        self.anywhere: list[tuple[int, CuePattern]] = []
        for order, pattern in enumerate(patterns):
            first = pattern.tokens[0]
            words: set[str] = set()
            if "CLASS" in first:
                table = _word_classes()[str(first["CLASS"])]
                words = set(table) | {w.lower() for w in table}
            elif "TEXT" in first or "LOWER" in first:
                wanted = first.get("TEXT", first.get("LOWER", ""))
                values = [wanted] if isinstance(wanted, str) else list(wanted)
                words = set(values) | {v.lower() for v in values} | {v.title() for v in values}
            else:
                self.anywhere.append((order, pattern))
                continue
            for word in words:
                self.by_word.setdefault(word, []).append((order, pattern))
        self.none: list[CuePattern] = [pattern for _, pattern in self.anywhere]
        self.plain = {word: [pattern for _, pattern in found]
                      for word, found in self.by_word.items()}
        # what a word that may start a pattern looks like in text: as listed, or opening a
        # sentence or a headline ("Said Mayor Ann Ruiz: …", "SAYS")
        self.starts = frozenset({form for word in self.plain
                                 for form in (word, word.capitalize(), word.upper())})

    def candidates(self, text: str) -> list[CuePattern]:
        """The patterns that may start at the word ``text``, in the order they were added."""
        lower = text.lower()
        if lower == text and not self.anywhere:
            return self.plain.get(text, self.none)  # most words: one look-up
        found = self.by_word.get(text, []) + self.anywhere
        if lower != text:
            found += self.by_word.get(lower, [])
        return [pattern for _, pattern in sorted(dict(found).items())]


_PLAIN = lexicon.VerbForm("", "", False)


def _fits(spec: Mapping[str, str | list[str]], text: str,
         sentence_start: bool) -> lexicon.VerbForm | None:
    """Does the word ``text`` meet the conditions of ``spec``? The lexicon entry it matched,
    if any (``_PLAIN`` where none was asked for); ``None`` where it does not fit."""
    if "TEXT" in spec and not _among(text, spec["TEXT"]):
        return None
    if "LOWER" in spec and not _among(text.lower(), spec["LOWER"]):
        return None
    if "SHAPE" in spec and not _among(word_shape(text), spec["SHAPE"]):
        return None
    if "CLASS" in spec:
        table = _word_classes()[str(spec["CLASS"])]
        # A cue opens its sentence with a capital ("Said Mayor Ilse Varga: …").
        found = table.get(text) or (table.get(text.lower()) if sentence_start else None)
        return found
    return _PLAIN


def _among(value: str, wanted: str | Sequence[str]) -> bool:
    """A condition is one value or a list of values, any of which will do."""
    return value == wanted if isinstance(wanted, str) else value in wanted


def _opens_sentence(doc: Document, words: Sequence[tuple[str, int, int]], i: int) -> bool:
    """Is word ``i`` the first word of its sentence?"""
    sentence = doc.sentence_at(words[i][1])
    return words[i][1] >= sentence.start and (i == 0 or words[i - 1][1] < sentence.start)


def _noun_before(doc: Document, words: Sequence[tuple[str, int, int]], i: int,
                 listed: str) -> bool:
    """Is a noun of the word list ``listed`` the head of the subject before word ``i``:
    right before it, or before an adverb, an auxiliary or a short phrase of place or time
    ("A poll in June showed", "Polls also show")?"""
    nouns = _SUBJECT_LISTS[listed]()
    sentence = doc.sentence_at(words[i][1])
    for k in range(i - 1, max(-1, i - 7), -1):
        word = words[k][0].lower()
        if words[k][1] < sentence.start or not word[:1].isalnum():
            return False
        if _listed(word, nouns):
            return True
    return False


def _listed(word: str, nouns: frozenset[str]) -> bool:
    """Is the lower-case ``word``, or its singular, one of ``nouns`` ("polls": "poll")?"""
    return word in nouns or (word.endswith("s") and word[:-1] in nouns)


def _share(word: str) -> bool:
    """Does the lower-case ``word`` give a share of those asked ("72", "percent", "half")?"""
    return word[:1].isdigit() or word in _SHARE_WORDS


def _capital_cue(words: Sequence[tuple[str, int, int]], i: int) -> bool:
    """May a capitalised word inside a sentence be a cue: a past form after a name's
    apposition or a quote ("Ann Ruiz, head of the club, Tweeted on Friday")? (Not in a
    headline: its capitals are no sign, and its subjects are not read reliably.)"""
    return i > 0 and words[i][0].endswith("ed") and words[i - 1][0] in _BEFORE_CAPITAL_CUE


_BEFORE_CAPITAL_CUE = frozenset({",", ")", "”", '"', "''"})


@cache
def default_matcher() -> CueMatcher:
    """The matcher of the built-in patterns (made once)."""
    return CueMatcher(load_patterns())


class _Reader:
    """What the functions of this stage read: the document, its parse and its cues."""

    def __init__(self, doc: Document, tree: Tree | None, verbs: Mapping[int, CueForm],
                 pieces: Sequence[Piece] = ()) -> None:
        self.doc = doc
        self.text = doc.text
        self.tree = tree
        self.verbs = verbs
        self._quoted = [(p.start, p.end) for p in pieces]

    def quoted(self, at: int) -> bool:
        """Is character ``at`` inside quote marks?"""
        i = bisect.bisect_right(self._quoted, (at, len(self.text))) - 1
        return i >= 0 and self._quoted[i][0] <= at < self._quoted[i][1]

    def words(self, start: int, end: int) -> list[tuple[str, int, int]]:
        return self.doc.words(start, end)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return self.doc.mentions_in(start, end)

    def sentence(self, at: int) -> Sentence:
        return self.doc.sentence_at(at)


def find_cues(doc: Document, pieces: Sequence[Piece] | None = None, *,
              matcher: CueMatcher | None = None) -> tuple[Cue, ...]:
    """Every reporting event of ``doc`` in text order, with its subject, content and
    addressee. ``pieces`` are the document's quoted stretches (found when not given): a
    cue that reports only with a quote ("praised their “heroism”") needs them."""
    if not isinstance(doc, Document):
        raise TypeError(f"doc must be a Document, not {type(doc).__name__}")
    pieces = quote_pieces(doc) if pieces is None else pieces
    verbs = (matcher or default_matcher()).match(doc)
    if not verbs:
        return ()
    text = doc.text
    reader = _Reader(doc, Tree.of(doc), verbs, pieces)
    links = link_lines(doc)
    opening = [p.open_at for p in pieces]
    according = sorted(at for at, form in verbs.items() if form.reports == "according")
    contents: dict[int, list[Span]] = {}
    seen: set[int] = set()
    for start in verbs:
        index = doc.sentence_index(start)
        if index in seen or not doc.sentences:
            continue
        seen.add(index)
        sentence = doc.sentences[index]
        if sentence.paragraph in links:
            continue
        # (a cue in quote marks is the quoted speaker's word, and the parse may run its
        # content out of the quote: "“It does say that on page four,” Ilves agreed")
        parsed = ([r for r in _parsed_reports(text, verbs, reader.tree, sentence)
                   if not reader.quoted(r.cue.start)] if reader.tree is not None
                  and not _within_sentence(according, sentence) else [])
        quoted = opening[bisect.bisect_left(opening, sentence.start):
                         bisect.bisect_left(opening, sentence.end)]
        for report in parsed or _unparsed_reports(reader, sentence, quoted):
            contents.setdefault(report.cue.start, []).append(
                Span(text[report.start:report.end], report.start, report.end))
    cues = []
    marks = sorted({p.open_at for p in pieces} | {p.close_at for p in pieces})
    for start, form in verbs.items():
        if doc.sentences and doc.sentences[doc.sentence_index(start)].paragraph in links:
            continue
        content = tuple(contents.get(start, ()))
        if not content and not _near(marks, start):
            continue  # it reports nothing, and attributes no quote: not read further
        word = text[start:form.end]
        previous = _previous_word(doc, start)
        if not content and (_noun_here(verbs, start, previous) or previous[:1].isdigit()
                            or (previous.lower() in _NO_EVENT_BEFORE and not (
                                # (but "were chanting" is an event; "is calling" names)
                                word.endswith("ing") and form.reports != "frame"))):
            # "the report", "his statement", "a May 16, 2012 email": a noun; "is said to":
            # no event
            continue
        cue = Span(word, start, form.end)
        subject = _subject_of(reader, cue)
        if subject is not None:
            subject = _poll_opening(reader, subject) or subject
        cues.append(Cue(word, start, form.end, form.pattern, form.lemma, form.reports,
                        subject=None if subject is None else _span(text, *subject),
                        content=content, addressee=_addressee(doc, form, cue),
                        relative=None if subject is None else (
                            _parsed_relative(reader.tree, cue) if reader.tree is not None
                            else None) or _relative(doc, subject, cue)))
    return tuple(cues)


def _unparsed_reports(reader: _Reader, sentence: Sentence,
                      quoted: Sequence[int]) -> list[_Report]:
    """The reports the rules read in a sentence; where the text was parsed (and the parse
    showed no content), not one whose content holds the subject the parse gives its verb
    ("“…!” Kowalczyk, the head of the club, posted": "Kowalczyk" is no content)."""
    reports = _reports(reader.doc, reader.verbs, sentence, quoted)
    if reader.tree is None:
        return reports
    kept = []
    for report in reports:
        subject = parsed_subject(reader.tree, report.cue)
        if subject is None or not (subject[0] < report.end and report.start < subject[1]):
            kept.append(report)
    return kept


def _within_sentence(positions: Sequence[int], sentence: Sentence) -> bool:
    """Is one of the sorted ``positions`` in the sentence? (Of "according to" cues: its
    source then speaks for all of the sentence, "According to Reyes, Lena Sommer said the
    port …", as the rules read it.)"""
    i = bisect.bisect_left(positions, sentence.start)
    return i < len(positions) and positions[i] < sentence.end


def _near(marks: list[int], at: int) -> bool:
    """Is a quote mark within reach of a cue at ``at`` (an attribution's length)?"""
    i = bisect.bisect_left(marks, at - _REACH)
    return i < len(marks) and marks[i] <= at + _REACH


# A cue after these reports no event: "is said to", "was told", "declined to comment".
_NO_EVENT_BEFORE = frozenset("is are was were be been being to".split())


def _relative(doc: Document, subject: tuple[int, int], cue: Span) -> Span | None:
    """The relative pronoun between a subject and its cue: "Ilse Brandt, who later said"."""
    between = doc.words(subject[1], cue.start)
    if [w[0] for w in between] == ["who"]:
        return Span(*between[0])  # "the voters who said"
    for k in range(len(between) - 1, 0, -1):
        if between[k][0] in ("who", "which") and between[k - 1][0] == ",":
            if len(between) - k > 4 or between[-1][0] == ",":
                return None  # a clause of its own ("Ann Lee, who was there, told …")
            return Span(*between[k])
    return None


def _parsed_relative(tree: Tree, cue: Span) -> Span | None:
    """The relative pronoun the parse gives as the subject of a cue in a relative clause:
    "voters *who* said …", "the paper, *which* reported …"."""
    verb = tree.at(cue.start)
    if verb is None or tree.tokens[verb].deprel != "acl:relcl":
        return None
    before = [s for s in tree.dependents(verb, "nsubj") if s < verb]
    if before and tree.tokens[before[-1]].lemma.lower() in _RELATIVES:
        # (the nearest: in "which he argued" the relative is the content's subject)
        token = tree.tokens[before[-1]]
        return Span(token.text, token.start, token.end)
    return None


_RELATIVES = ("who", "which", "that")


def _previous_word(doc: Document, at: int) -> str:
    """The word before ``at`` in its sentence, or the determiner before a hyphenated
    modifier ("a wake-up call": "a"), which shows the word at ``at`` a noun."""
    sentence = doc.sentence_at(at)
    words = doc.words(max(sentence.start, at - 40), at)
    if not words:
        return ""
    if (len(words) > 1 and "-" in words[-1][0].strip("-")
            and words[-2][0].lower() in _DETERMINERS):
        return words[-2][0]
    return words[-1][0]


def _addressee(doc: Document, form: CueForm, cue: Span) -> Span | None:
    """Whom a "told" was told to: "told *reporters*", "told *the Globe* that …"."""
    if form.lemma != "tell":
        return None
    sentence = doc.sentence_at(cue.start)
    words = doc.words(cue.end, min(sentence.end, cue.end + 120))
    rest = _skip_addressee(words, 0)
    if rest == 0:
        return None
    return _span(doc.text, words[0][1], words[rest - 1][2])


def _span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


# --- reported speech ------------------------------------------------------------

_WORD_ONLY = regex.compile(r"[\p{L}\p{N}]+")


# A reporting verb right after these is no report ("is said to", "to say", "that said").
_NOT_SUBJECT = lexicon.word_class("not_subject")


_MIN_CONTENT_WORDS = 3


# Not part of reported content: "that" opening it, and punctuation at its edges.
_OUTSIDE_CONTENT = frozenset({"mark", "punct"})


_MAX_ATTRIBUTION_WORDS = 16


class _Report(NamedTuple):
    """Reported content in one sentence and the cue that introduces it."""

    start: int
    end: int
    cue: Span


_Word = tuple[str, int, int]


def _reports(doc: Document, verbs: Mapping[int, CueForm], sentence: Sentence,
             quoted: Sequence[int]) -> list[_Report]:
    """Reported content in one sentence, found from its reporting cues."""
    text = doc.text
    words = doc.words(sentence.start, sentence.end)
    if not words:
        return []
    start = _skip_dateline(text, words)
    end = _content_end(text, sentence.start, sentence.end)
    according = _according_to(text, words, start, end) or _aside_report(
        verbs, words, start, end)
    found = [according] if according else _long_enough(
        text, _cue_after(text, verbs, words, start, end))
    before = _long_enough(text, _cue_before(text, verbs, words, end, quoted))
    if not found:
        return before
    # "A, he said, adding that B": a cue after the attribution reports on its own.
    last = max(max(r.end, r.cue.end) for r in found)
    # (and "X said A, which Y said B": X's report before the relative clause)
    first = min(min(r.start, r.cue.start) for r in found)
    return found + [r for r in before if (r.cue.start >= last and r.start >= last)
                    or r.end <= first]


def _aside_report(verbs: Mapping[int, CueForm], words: list[_Word], start: int,
                  end: int) -> _Report | None:
    """"The port, Lee said, will close on Monday", "The decision, she said in a statement,
    was final": an attribution set off by commas inside what was said. The content is the
    sentence, the attribution within it, as with "according to". (``start`` and ``end``:
    where the sentence's words begin and its content ends, in characters.)"""
    first = next((k for k, w in enumerate(words) if w[1] >= start), len(words))
    commas = [k for k in range(first, min(len(words), first + 20)) if words[k][0] == ","]
    if len(commas) < 2 or commas[1] + 1 >= len(words) or words[commas[1] + 1][1] >= end:
        return None
    head, clause = words[first:commas[0]], words[commas[0] + 1:commas[1]]
    if not head or len(head) > 10 or any(w[0] in _PUNCTUATION for w in head + clause) or (
            head[0][0].lower() in _ADVERBIAL_STARTS | _OPENERS | _SUBORDINATORS
            | _PREPOSITIONS):
        return None  # ("In Halden, Lee said, …", "But, she said, …": a setting, no content)
    verb = next((k for k, w in enumerate(clause) if _is_cue(verbs, w[1], "frame")
                 and not verbs[w[1]].noun_like and not w[0].endswith("ing")), None)
    if verb is None or not 1 <= verb <= 5 or any(
            w[0].lower() in _NOT_IN_ASIDE for w in clause[:verb]):
        # a subject of a few words, no relative or subordinate clause ("…, which he said,
        # …", "…, as the paper reported, …", "…, if you read …, …")
        return None
    setting = clause[verb + 1:]
    if setting and not (setting[0][0].lower() in _PREPOSITIONS | _TIME_OPENERS - {"that"}
                        or _CALENDAR.fullmatch(setting[0][0])):
        return None  # ("The port, Lee said the mayor agreed, …": a clause of its own)
    tail = words[commas[1] + 1][0]
    if tail in _PUNCTUATION or tail.lower() in _SUBORDINATORS | {"but", "and", "or", "so"} or (
            tail.endswith("ing") and tail.islower()):
        return None  # ("A, he said, but B", "A, he said, adding that B": another clause)
    word, word_start, word_end = clause[verb]
    return _Report(head[0][1], end, Span(word, word_start, word_end))


def _parsed_reports(text: str, verbs: Mapping[int, CueForm], tree: Tree,
                    sentence: Sentence) -> list[_Report]:
    """Reported content read off a dependency parse: the clausal complement of a reporting
    verb ("X said *that A*", "told Y *A*"), or the clause the verb follows ("*A*, X said").

    Empty when the parse shows none, and the rules read the sentence instead.
    """
    tokens = tree.tokens
    reports: list[_Report] = []
    for i in range(bisect.bisect_left(tree.starts, sentence.start),
                   bisect.bisect_left(tree.starts, sentence.end)):
        token = tokens[i]
        if token.upos not in ("VERB", "") or not _is_cue(verbs, token.start, ""):
            continue
        if _aside(tree, i):
            continue
        cue = Span(token.text, token.start, token.end)
        for clause in tree.dependents(i, "ccomp"):
            start, end = tree.span(clause, leave_out=_OUTSIDE_CONTENT, contiguous=False)
            reports.append(_Report(start, end, cue))
        head = tree.head(i)
        if tree.relation(i) == "parataxis" and head is not None and tokens[head].start < cue.start:
            # "A, the ministry said": the content runs up to the attribution clause.
            attribution = set(tree.subtree(i))
            clause_start = min(tokens[n].start for n in attribution)
            before = [n for n in tree.subtree(head, leave_out=_OUTSIDE_CONTENT)
                      if n not in attribution and tokens[n].end <= clause_start]
            if before:
                reports.append(_Report(min(tokens[n].start for n in before),
                                       max(tokens[n].end for n in before), cue))
        elif tree.relation(i) == "parataxis" and head is not None:
            # "A, the ministry said, B": the clause the attribution interrupts, both sides
            attribution = _attribution_clause(tree, i)
            around = [n for n in tree.subtree(head, leave_out=_OUTSIDE_CONTENT)
                      if n not in attribution]
            if any(tokens[n].end <= cue.start for n in around):
                reports.append(_Report(min(tokens[n].start for n in around),
                                       max(tokens[n].end for n in around), cue))
    return _long_enough(text, reports)


def _aside(tree: Tree, verb: int) -> bool:
    """Is the verb an aside with "that" for its subject and a comma after it ("That said,
    most workers say …")? The clause the parse hangs from it is the sentence's own."""
    return (0 < verb < len(tree.tokens) - 1 and tree.tokens[verb + 1].text == ","
            and tree.tokens[verb - 1].lemma.lower() in ("that", "this")
            and tree.dependents(verb, "nsubj", "nsubj:pass") == [verb - 1])


def _attribution_clause(tree: Tree, verb: int) -> set[int]:
    """The tokens of the attribution clause of a reporting verb: its subtree, less a subject
    before it where the verb is inverted and has one after it ("The difference with
    Reyes, said Sommer and others, would be obvious": the parse may hang the content's
    subject from "said")."""
    nodes = set(tree.subtree(verb))
    subjects = tree.dependents(verb, "nsubj")
    if verb > 0 and tree.tokens[verb - 1].text in _INVERTING and any(s > verb for s in subjects):
        for subject in subjects:
            if subject < verb:
                nodes -= set(tree.subtree(subject))
    return nodes


def _long_enough(text: str, reports: list[_Report]) -> list[_Report]:
    """Reports whose content has words enough, and more than a time ("replied 20 seconds
    later": no content)."""
    return [r for r in reports if _word_count(text, r.start, r.end) >= _MIN_CONTENT_WORDS
            and not all(w.isdigit() or w.lower() in _TIME_WORDS
                        for w in _WORD_ONLY.findall(text, r.start, r.end))]


def _skip_dateline(text: str, words: list[_Word]) -> int:
    """Where the sentence starts after a dateline such as "KYIV –", or one that names its
    agency in parentheses ("Washington (AFP) –", "PARIS, Aug 31 (Reuters) -")."""
    for i, (word, _, _) in enumerate(words[:_DATELINE_WORDS]):
        if word in {"–", "—", "-", "―"} and i > 0:
            if i + 1 < len(words) and (
                    (i < 6 and all(w[0].isupper() or not w[0].isalpha() for w in words[:i]))
                    or words[i - 1][0] == ")"):
                return words[i + 1][1]
            break
    return words[0][1]


_ACCORDING_TO = regex.compile(r"(?i)(?<![\p{L}\p{N}])according\s+to(?![\p{L}\p{N}])")


_DATELINE_WORDS = 10


def _according_to(text: str, words: list[_Word], start: int, end: int) -> _Report | None:
    if _ACCORDING_TO.search(text, words[0][1], words[-1][2]) is None:
        return None  # most sentences: one scan, no word lowered
    lowered = [w[0].lower() for w in words]
    for i in range(len(words) - 1):
        if lowered[i] != "according" or lowered[i + 1] != "to":
            continue
        cue = Span(text[words[i][1]:words[i + 1][2]], words[i][1], words[i + 1][2])
        if words[i][1] == start:  # "According to X, CONTENT."
            comma = next((j for j in range(i + 2, len(words)) if words[j][0] == ","), None)
            if comma is None or comma + 1 >= len(words) or words[comma + 1][1] >= end:
                return None  # (no words after the source: "according to Putin, .")
            return _Report(words[comma + 1][1], end, cue)
        if words[i - 1][0] == ",":
            comma = next((j for j in range(i + 2, len(words)) if words[j][0] == ","), None)
            if comma is not None and len(words) - comma > _MIN_CONTENT_WORDS:
                following = words[comma + 1][0]
                if following.islower() and following not in _DETERMINERS | _PRONOUNS:
                    # "The village, according to the Kremlin, was liberated": the content
                    # runs around the attribution
                    return _Report(start, end, cue)
                # "On Saturday, according to the Kremlin, the village was liberated."
                return _Report(words[comma + 1][1], end, cue)
            return _Report(start, words[i - 1][1], cue)  # "CONTENT, according to X."
    return None


def _cue_after(text: str, verbs: Mapping[int, CueForm], words: list[_Word], start: int,
               end: int) -> list[_Report]:
    """"CONTENT, X said." / "CONTENT,” said X on Saturday." / "“Q,” Putin told Gerasimov."

    A parenthetical attribution reports on both sides: "A, he said, but B."
    """
    texts = list(map(itemgetter(0), words))
    # Only a comma or a closing mark can split off an attribution: those are visited, from
    # the right, and the clause after each runs to the next comma.
    commas = [j for j, word in enumerate(texts) if word == ","]
    splits = [j for j in range(len(words) - 2, 0, -1) if texts[j] in _SPLITS]
    for split in splits:
        mark = texts[split]
        after_quote = mark in _CLOSING and texts[split - 1] in {",", "?", "!"}
        if mark != "," and not after_quote:
            continue
        # The attribution clause runs from the split to the next comma.
        following_comma = bisect.bisect_right(commas, split)
        clause_end = commas[following_comma] if following_comma < len(commas) else len(words)
        clause = words[split + 1:clause_end]
        if clause and clause[0][0] in _OPENING:
            continue  # “A,” Putin told Gerasimov, “B.”: the attribution is further left
        # (not a noun: in "…, the report said" the cue is "said")
        cue_at = next((j for j, w in enumerate(clause[:10]) if w[1] in verbs
                       and _is_cue(verbs, w[1], "frame")
                       and not (j > 0 and verbs[w[1]].noun_like
                                and (clause[j - 1][0].lower() in _DETERMINERS
                                     or clause[j - 1][0].endswith(("’s", "'s"))))),
            None)
        if cue_at is None or clause[cue_at][0].endswith("ing"):
            # Look further left past an apposition (", Valery Gerasimov.") or a participle
            # or relative clause (", admitting …", ", who is leading the “Activate” …";
            # ", saying …" introduces content: see _cue_before).
            if mark == "," and (len(clause) <= 6 or clause[0][0].endswith("ing")
                                or clause[0][0] in {"who", "which", "where", "whose"}
                                or clause[0][0] in _TRAILING
                                or _apposition(clause)
                                # ("…, Lee said, because …", "…, Lee said, after the
                                # meeting on Friday.": a reason, a setting)
                                or (clause[0][0] in _GIVEN_REASONS | _PREPOSITIONS
                                    | _SUBORDINATORS
                                    and _attribution_before(verbs, words, commas, split))):
                continue  # (", but one person ran …": a clause of its own, read on)
            return []
        if any(w[0] in _OPENING or w[0] in _CLOSING for w in clause):
            return []  # an attribution clause holds no quote: "X had admitted “…”"
        if cue_at == 1 and clause[0][0] in {"who", "which"}:
            continue  # (", said Ilse Varga, who notes that …": a report of its own)
        form = verbs[clause[cue_at][1]]
        if form.quoted and not after_quote:
            return []  # "Brown, the governor, hinted at it": the open class attributes quotes
        trailing = clause[cue_at + 1:]
        if trailing and (
            trailing[0][0].lower() in _PRONOUNS | _COMPLEMENT_STARTS
            or (trailing[0][0].lower() in _DETERMINERS and len(trailing) >= 5
                and form.lemma != "tell" and not (cue_at == 0 and _role_subject(trailing)))
        ):
            return []  # "…, Smith said he is confident …" reports what follows
        if cue_at == 0:  # "…, said Gov Serhiy Lysak." / "…, said a senior official."
            named = clause[1:]
            spoken = [w for w in named if w[0] not in _PUNCTUATION]
            # (a quote's own attribution, "“A,” Butz, 49, told the paper.", is read with it)
            quoted = any(w[0] in _OPENING or w[0] in _CLOSING for w in words[:split])
            # (and "told X" with no content of its own: "…, told reporters on Monday.")
            told = form.lemma == "tell" and len(spoken) <= 4 and not any(
                w[0].lower() in _COMPLEMENT_STARTS for w in spoken)
            stop = bool(spoken) and spoken[0][0].lower() in _AFTER_SUBJECT_STOPS | _PREPOSITIONS
            if stop or (not quoted and (not spoken or told)):
                # "“A,” Ilse Varga, the mayor, said of the plan", "A, Lee, who chairs the
                # board, said.", "A, Lee, the mayor, told reporters": not inverted (whom
                # something was told never spoke it); the subject is the name before its
                # appositions, and the content ends there
                subject_split = _apposed_subject(words, split)
                if subject_split is None:
                    return []
                split = subject_split
                after_quote = words[split][0] in _CLOSING
            # "…, told reporters": whom something was told never spoke it (no "told X" is
            # inverted), and the subject stands before.
            elif form.lemma == "tell" or not named or len(named) > 10 or not _names_someone(
                    [w[0] for w in named]) or _clause_follows(named):
                return []
        else:
            subject = [w[0] for w in clause[:cue_at] if w[0] not in lexicon.auxiliaries()]
            if not _subject_like(subject) or (form.noun_like and not _verb_reading(
                    clause[cue_at - 1][0], trailing[0][0] if trailing else "")):
                return []
            if (cue_at > 1 and clause[0][0] == "which" and trailing
                    and trailing[0][0].lower() not in _NOT_CONTENT_START):
                # "the rules, which officials said would take effect in May, …": the
                # relative clause says it, of what "which" stands for
                tail = end if clause_end == len(words) else words[clause_end][1]
                return [_Report(trailing[0][1], tail, Span(*clause[cue_at]))]
        limit = _MAX_ATTRIBUTION_WORDS * (2 if after_quote else 1)
        if len(words) - split - 1 > limit and clause_end == len(words):
            return []
        if "that" in texts[1:split] and any(
                w[0] == "that" and j > 0 and _is_cue(verbs, words[j - 1][1], "")
                for j, w in enumerate(words[:split])):
            return []  # "X announced that A, a claim Y denied": X's report, read leftwards
        content_end = words[split][2] if after_quote else words[split][1]
        if after_quote and any(words[j][0] in _CLOSING and words[j - 1][0] == ","
                               and _attributed_here(verbs, words, j + 1, split)
                               for j in range(max(1, split - _REACH_WORDS), split)):
            return []  # "“A,” Lee said, “B,” she added": each quote has its attribution
        if not after_quote and (words[0][0].lower() in _ADVERBIAL_STARTS or _questioned(words)
                                ) and not any(w[0] == "," for w in words[:split]):
            # "At the hearing, the judge proposed …", "Asked if she would resign, Lee said
            # no.": no content, a setting or the question put
            return []
        cue = Span(clause[cue_at][0], clause[cue_at][1], clause[cue_at][2])
        reports = [_Report(start, content_end, cue)]
        rest = [w[0].lower() for w in words[clause_end + 1:]]
        # "…, he said, but B" / "…, he said, it was …"; not an apposition to the speaker
        # ("…, said Ilse Varga, an adviser …", "…, said Lisa Harris, Liberal MLA for …")
        if (rest and len(trailing) <= 3
                and (rest[0] in _TRAILING | _GIVEN_REASONS | {"though", "although", "yet", "so"}
                     or rest[0] in _PRONOUNS - {"who"}
                     or (rest[0] == "the" and not lexicon.role_headed(rest)))):
            reports.append(_Report(words[clause_end + 1][1], end, cue))  # "…, he said, but B."
        return reports
    return []


_PREPOSITIONS = lexicon.word_class("prepositions")
_QUESTION_PARTICIPLES = lexicon.word_class("question_participles")
_GIVEN_REASONS = lexicon.word_class("given_reasons")


def _questioned(words: list[_Word]) -> bool:
    """Does the sentence open with the question put to a speaker ("Asked about …", "When
    pressed, …")?"""
    lowered = [w[0].lower() for w in words[:2]]
    if lowered[:1] in (["when"], ["if"]):
        lowered = lowered[1:]
    return bool(lowered) and lowered[0] in _QUESTION_PARTICIPLES


def _attribution_before(verbs: Mapping[int, CueForm], words: list[_Word], commas: list[int],
                        split: int) -> bool:
    """Is the stretch between the comma before ``split`` and ``split`` a short attribution
    ("…, Lee said, …", "…, many economists say, …")?"""
    k = bisect.bisect_left(commas, split)
    left = commas[k - 1] if k > 0 else -1
    return 1 < split - left <= 5 and any(_is_cue(verbs, w[1], "frame")
                                          for w in words[left + 1:split])


def _attributed_here(verbs: Mapping[int, CueForm], words: list[_Word], at: int,
                     stop: int) -> bool:
    """Does an attribution of its own open at word ``at`` (before ``stop``): a name or a
    pronoun of up to three words, then a reporting verb ("Lee said", "she told")?"""
    k = at
    while k < min(stop, at + 3) and (words[k][0][:1].isupper()
                                     or words[k][0].lower() in _PRONOUNS):
        k += 1
    return at < k < stop and _is_cue(verbs, words[k][1], "") and not verbs[words[k][1]].noun_like


def _apposed_subject(words: list[_Word], split: int) -> int | None:
    """The separator before a subject and its appositions that end at ``split`` ("A, Ilse
    Varga, the mayor, said of …" → the comma after A; "“A,” Ilse Varga, …" → the closing
    mark): the leftmost of a run of short phrases that opens with a capitalised word."""
    found = None
    right = split
    for k in range(split - 1, max(0, split - _MAX_ATTRIBUTION_WORDS * 2), -1):
        word = words[k][0]
        closes = word in _CLOSING and words[k - 1][0] in {",", "?", "!"}
        if word != "," and not closes:
            if word in _OPENING or word in _CLOSING:
                break
            continue
        phrase = words[k + 1:right]
        if not phrase or len(phrase) > 10:
            break
        if phrase[0][0][:1].isupper() or (found is not None and _description(phrase)):
            found = k  # (and a description before the name: "A, the chair, Ann Lee, said")
        if closes:
            break
        right = k
    if found is not None:
        # "…, as one of them, Lisa Lerer, reported": a subordinate clause attributes
        # nothing before it
        before = next((j for j in range(found - 1, max(-1, found - 8), -1)
                       if words[j][0] in {",", ";", ":"} or words[j][0] in MARKS), -1)
        if before + 1 < found and words[before + 1][0].lower() in _SUBORDINATORS | {"as"}:
            return None
    return found


def _apposition(clause: list[_Word]) -> bool:
    """Is the clause an apposition to the name before it, with no verb of its own ("…,
    said Ilse Varga, a senior analyst at Halden Bank.")?"""
    lowered = [w[0].lower() for w in clause]
    roles = lexicon.roles()
    return ((lowered[0] in _DETERMINERS or lowered[0] in roles or clause[0][0][:1].isupper())
            and not any(word in lexicon.auxiliaries() for word in lowered)
            # (a role of two words: "executive director of …")
            and (lexicon.role_headed(lowered) or lexicon.role_headed(lowered[1:])))


def _clause_follows(named: list[_Word]) -> bool:
    """Do the capitalised words after a verb go on with a verb of their own ("…, said
    Obama failed to …"): the start of its content, not an inverted subject?"""
    if not named[0][0][:1].isupper():
        return False
    lowered = [w[0] for w in named if not w[0][:1].isupper()]
    rest = lowered[0] if lowered else None
    if rest in {"and", "&"} and len(lowered) > 1 and (
            lowered[1] in lexicon.auxiliaries() or lowered[1].endswith("ed")):
        rest = lowered[1]  # past the names a conjunction joins: "…, said Norway and Sweden have"
    return (rest is not None and rest.isalpha() and rest.islower()
            and rest not in _AFTER_SUBJECT_STOPS | _PREPOSITIONS | _TRAILING
            and rest not in ("who", "which", "whose") and not _group_or_role(rest))


def _role_subject(words: list[_Word]) -> bool:
    """Are the words after an inverted verb a role of a named body, with no verb of their
    own ("…, said a spokesperson for the Halden Harbour Trust"), not content ("…, said the
    plan would fail", "…, wrote a host of new songs for the album")?"""
    lowered = [w[0].lower() for w in words]
    return (lexicon.role_headed(lowered) and any(w[0][:1].isupper() for w in words[2:])
            and not any(word in lexicon.auxiliaries() for word in lowered))


def _names_someone(words: Sequence[str]) -> bool:
    """Do the words after an inverted verb name a speaker: a name ("Gov Serhiy Lysak") or
    a role or document ("a senior official", "the statement")?"""
    return any(word[:1].isupper() for word in words) or lexicon.role_headed(words)


def _cue_before(text: str, verbs: Mapping[int, CueForm], words: list[_Word], end: int,
                quoted: Sequence[int]) -> list[_Report]:
    """"X said (that) CONTENT." / "…, saying (that) CONTENT." / "X denied that CONTENT."

    Several cues in one sentence split it: the content of one ends where the clause of
    the next begins ("X announced that A, a claim Y denied, saying that B"). A verb that
    needs "that" (or only frames a quote) reports without it when the content holds one of
    the ``quoted`` stretches (opening marks at those positions).
    """
    # (clause start, content start, cue, whether it needs a quote, where it must end)
    found: list[tuple[int, int, Span, bool, int]] = []
    # (the words that are cues, picked out by C loops: most words of a sentence are none)
    for i in compress(range(len(words)), map(verbs.__contains__, map(itemgetter(1), words))):
        word, word_start, _ = words[i]
        form = verbs[word_start]
        if form.reports == "according" or (
                form.reports == "frame" and not quoted):
            continue
        previous = words[i - 1][0] if i else ""
        last = i  # the last word of a cue of several ("went on to say")
        while last + 1 < len(words) and words[last + 1][1] < form.end:
            last += 1
        following = words[last + 1][0] if last + 1 < len(words) else ""
        if previous.endswith(("’s", "'s")):
            continue  # "Kursk's claimed recapture": no verb follows a possessive
        if previous.lower().endswith(("n't", "n’t")):
            continue  # "He won't say what he'll do": speech denied is no report
        opening = False  # "Noting that A, Reyes urged …": the content ends at the comma
        if word.endswith("ing"):
            # ", saying …"; "… the vote is “still open,” noting that …"; "with the
            # chief of staff praising their “heroism”"
            after_comma = previous in (",", "by") or (  # (also "responded by saying …")
                previous in _CLOSING and i > 1 and words[i - 2][0] == ",")
            opening = i == 0 and following == "that"
            # "…, before adding that …", "while insisting in a letter that …"
            led = previous.lower() in _PARTICIPLE_LEADS and following.lower() in _LED_THAT
            progressive = previous.lower() in _BE  # "marchers were chanting …"
            # "released a statement (on Monday) saying …", "sent an email to staff saying …"
            documented = any(_listed(w[0].lower(), _SAYING_NOUNS)
                             for w in words[max(0, i - 4):i])
            # "Lee was quoted (by the paper) as saying …" (the subject spoke; of "the paper
            # quoted Lee as saying …" the rules cannot yet tell whom a later "he" means)
            quoted_as = previous.lower() == "as" and any(
                words[k][0].lower() in ("quoted", "cited") and words[k - 1][0].lower() in _BE
                for k in range(max(1, i - 8), i - 1))
            if not (after_comma or opening or led or progressive or documented or quoted_as or (
                    form.reports == "frame" and quoted)):
                continue
        elif i == 1 and previous.lower() == "having":
            # "Having announced that A, Judge Ruiz proceeded …": a perfect participle opens
            # the sentence, as "Noting that A, …" does
            if following != "that":
                continue
            opening = True
        elif previous != "," and (
            # (")" may close a parenthesis after the subject: "Sen. Ann Lee (D-Ore.) said")
            # ("to say" is no report, but in "the officials we talked to said" "to" ends a
            # relative clause: only a verb's base form follows an infinitive's "to")
            i == 0 or (previous.lower() in _NOT_SUBJECT
                       and not (previous.lower() == "to" and _inflected(word)))
            # (a dash may close an apposition: "Ann Ruiz — the port's chief — said")
            or (previous in _PUNCTUATION - {")"}
                and not (previous in _DASHES and _dashed_apposition(words[max(0, i - 40):i])))
            or (form.noun_like and not _verb_reading(previous, following))
        ):
            continue
        # Positions, not slices, keep a sentence with many cues linear.
        rest = _skip_addressee(words, last + 1) if form.lemma == "tell" else last + 1
        # "that" after a preposition is no complementizer ("worked on that bridge"), nor
        # after an object ("opened a bridge that replaced …", "posted small
        # profits but are hopeful that …"): only what the verb reports follows its "that".
        that = next((j for j in range(rest, min(rest + 10, len(words)))
                     if words[j][0] == "that"
                     and words[j - 1][0].lower() not in _NOT_CONTENT_START), None)
        if (that is not None and form.lemma != "tell" and rest < len(words)
                and words[rest][0].lower() in _OBJECT_STARTS
                and words[that - 1][0].lower() not in lexicon.cue_nouns()):
            that = None  # (but "added the caveat that …": the noun's content is reported)
        content = _skip_setting(words, _skip_commas(words, rest))
        if that is not None and not any(
            words[j][0] in {",", ".", ";", "“", '"'} for j in range(rest, that)
        ):
            content = that + 1
        elif content < len(words) and words[content][0] in _OPENING:
            pass  # "… had admitted “there is some uncertainty” …"
        elif form.reports == "bare" or (form.lemma == "tell" and rest > last + 1):
            if content >= len(words) or words[content][0].lower() in _NOT_CONTENT_START:
                continue
            if (words[content][0].endswith("ly") and words[content][0].islower() and (
                    content + 1 >= len(words)
                    or words[content + 1][0].lower() in _NOT_CONTENT_START | _PREPOSITIONS
                    or words[content + 1][0] in _PUNCTUATION)):
                continue  # "said pleasantly into the phone", "said softly.": a manner
        elif (content < len(words) and _quoted_within(quoted, words[content][1], end)
              and words[content][0].lower() not in _NOT_CONTENT_START):
            pass  # "acknowledged … is “difficult”", "praised the “heroism” of …"
        else:
            continue
        if content >= len(words) or words[content][0] in _PUNCTUATION - _OPENING:
            continue
        first = words[content][0]
        if _is_cue(verbs, words[content][1], "frame") and first.endswith("ing"):
            continue  # "said, adding that …": the next cue introduces the content
        clause_start = words[i - 1][1] if previous == "," else _subject_start(words, i, verbs)
        needs_quote = form.quoted or (
            form.reports != "bare" and that is None and form.lemma != "tell")
        cue = Span(text[word_start:form.end], word_start, form.end)
        limit = _first_clause_end(words, content, end) if opening else end
        if any(words[k][0] in ("who", "which") and words[k - 1][0] == ","
               for k in range(max(1, i - 3), i)):
            limit = _relative_clause_end(words, content, limit)
        # (the subject's next deed is no part of what was said: "… saying the comments “are
        # not facts,” and invited him")
        deed = None if form.reports == "frame" else next(
            (j for j in range(content + 2, min(len(words) - 1, content + _REACH_WORDS))
             if words[j][0] == "and" and words[j - 1][0] in _CLOSING | {","}
             and words[j + 1][0].endswith("ed") and words[j + 1][0].islower()), None)
        if deed is not None:
            limit = min(limit, words[deed - 1][2] if words[deed - 1][0] in _CLOSING
                        else words[deed - 1][1])
        if any(words[j][0] == ":" and words[j + 1][0] in _OPENING
               for j in range(content + 1, min(len(words) - 1, content + 12))):
            # "Lee recalled being there: “It was terrible.”": the quote after the colon is
            # what the verb reports, a direct quote of its own; the words before, its frame
            continue
        found.append((clause_start, words[content][1], cue, needs_quote, limit))
    reports = []
    starts = [w[1] for w in words] if len(found) > 1 else []
    nested = {n + 1 for n in range(len(found) - 1)
              if _poll_share(words, starts, found[n], found[n + 1])}
    for n, (_, content_start, cue, needs_quote, limit) in enumerate(found):
        if n in nested:
            continue  # (what a poll's respondents said is the poll's finding: see below)
        content_end = limit
        after = n + 1
        while after in nested:
            after += 1  # "A poll showed that 72 percent said A": the poll's content runs on
        if after < len(found) and not _nested(found[after], content_start):
            content_end = min(limit, found[after][0])
        if needs_quote and not _quoted_within(quoted, content_start, content_end):
            continue  # "praised the officers’ contribution, saying …": no quote of its own
        if content_end > content_start:
            reports.append(_Report(content_start, _rstrip_punctuation(text, content_start,
                                                                      content_end), cue))
    return reports


def _poll_opening(context: _Reader, subject: tuple[int, int]) -> tuple[int, int] | None:
    """The poll of an opening "In a poll by the Halden Times, 28 percent said …": a share
    of those asked speaks for the poll that asked them."""
    if not any(_share(w[0].lower()) for w in context.words(*subject)):
        return None
    sentence = context.sentence(subject[0])
    if subject[0] - sentence.start > _REACH:
        return None  # (an opening of a few words only: the cost stays flat)
    opening = context.words(sentence.start, subject[0])
    if len(opening) < 3 or opening[0][0].lower() != "in" or opening[-1][0] != ",":
        return None
    documents = lexicon.documents()
    if not any(_listed(w[0].lower(), documents) for w in opening[1:4]):
        return None
    return opening[1][1], opening[-2][2]


def _poll_share(words: list[_Word], starts: list[int], outer: tuple[int, int, Span, bool, int],
                inner: tuple[int, int, Span, bool, int]) -> bool:
    """Does the inner cue report a share of those a poll asked, inside what the poll showed
    ("A June poll showed that 72 percent of voters said …")? Its words are the poll's.
    (A few words before each cue are read: ``starts`` are the words' offsets.)"""
    def before(start: int, end: int) -> list[str]:
        last = bisect.bisect_left(starts, end)
        first = max(bisect.bisect_left(starts, start), last - _POLL_WORDS)
        return [w[0].lower() for w in words[first:last]]

    subject = before(outer[0], outer[2].start)
    shares = before(outer[1], inner[2].start)
    documents = lexicon.documents()
    return any(_listed(w, documents) for w in subject) and any(map(_share, shares))


_POLL_WORDS = 8  # how far before a cue its poll or its share is looked for
_SHARE_WORDS = lexicon.word_class("share_words")


_CLOSING = frozenset({"”", '"', "’", "»", "''", "'"})


_SPLITS = _CLOSING | {","}  # where an attribution clause after the content may begin


_OPENING = frozenset({"“", '"', "‘", "«", "„", "''", "``", "'"})


_ADDRESSEES = lexicon.word_class("addressees")


_PUNCTUATION = frozenset(",.;:!?()[]—–-“”\"'‘’«»") | {"''", "``"}


_NOT_IN_SUBJECT = lexicon.word_class("not_in_subject")


_TRAILING = lexicon.word_class("trailing_conjunctions")


_ING_PREPOSITIONS = lexicon.word_class("ing_prepositions")


_ASIDES = lexicon.word_class("asides")


# After a reporting verb these open its complement, not a circumstance: "complained about
# what they called", "asked whether …" — the clause is no attribution of what precedes it.
_COMPLEMENT_STARTS = lexicon.word_class("complement_starts")


_OBJECT_STARTS = lexicon.word_class("object_starts")


# A sentence opening that is only a setting, not reported content: "In its ruling, …".
_ADVERBIAL_STARTS = lexicon.word_class("adverbial_starts")


_PRONOUNS = lexicon.word_class("subject_pronouns")


_DETERMINERS = lexicon.word_class("determiners")


_NOT_CONTENT_START = lexicon.word_class("not_content_start")


def _first_clause_end(words: list[_Word], start: int, end: int) -> int:
    """Where the clause that opens at word ``start`` ends: at its first comma, or after
    the quote mark that follows it ("Warning that “the storm is not over,” the mayor …")."""
    for j in range(start, len(words)):
        if words[j][0] == ",":
            closes = j + 1 < len(words) and words[j + 1][0] in _CLOSING
            return words[j + 1][2] if closes else words[j][1]
    return end


def _relative_clause_end(words: list[_Word], start: int, end: int) -> int:
    """Where a report in a relative clause set off by commas ends: "Ilse Brandt, who said
    the port would close, left" — at the comma the main clause goes on after (a verb, not
    a list's next noun phrase)."""
    auxiliaries = lexicon.auxiliaries()
    for j in range(start, min(len(words) - 1, start + _REACH_WORDS)):
        following = words[j + 1][0]
        if words[j][0] == "," and following.isalpha() and following.islower() and (
                following not in _DETERMINERS | _PRONOUNS | _PREPOSITIONS
                | {"and", "or", "but"}) and any(
                    w[0] in auxiliaries or w[0].endswith("ed") for w in words[start:j]):
            # (a clause of its own before the comma, not "the two men, and X, must …")
            return min(end, words[j][1])
    return end


def _nested(report: tuple[int, int, Span, bool, int], content_start: int) -> bool:
    """Does ``report`` (clause start, content start, cue, …) open the content that starts at
    ``content_start``, its subject first: "Lee said the mayor had told her the port would
    close" (the mayor's report is inside Lee's)?"""
    clause_start, _, cue, _, _ = report
    return clause_start == content_start and cue.start > clause_start


def _subject_start(words: list[_Word], cue: int, verbs: Mapping[int, CueForm]) -> int:
    """Where the clause of the verb at ``cue`` begins: after the comma, conjunction or
    quote mark before its subject ("…, and Gerasimov said …"), or after the reporting verb
    whose content it opens ("Lee said the mayor had told her …")."""
    i = cue
    while i > 0 and cue - i < 8 and words[i - 1][0] not in _CLAUSE_BREAKS and not (
            words[i - 1][1] in verbs and not verbs[words[i - 1][1]].noun_like):
        i -= 1
        if words[i][0].lower() in _SUBORDINATORS:
            break  # "… was closed after the army said …": the subordinator opens the clause
    if i < cue and words[i][0] == "that" and i > 0 and words[i - 1][1] in verbs:
        i += 1  # ("Ruiz said that a commission had estimated …": "that" is Ruiz's)
    return words[i][1]


_CLAUSE_BREAKS = frozenset({",", ";", ":", "“", "”", '"', "‘", "’", "'"}) | lexicon.word_class(
    "clause_break_words")


def _is_cue(verbs: Mapping[int, CueForm], at: int, excluded: str) -> bool:
    """Is there a verb cue at ``at`` that does not report as ``excluded`` does?"""
    form = verbs.get(at)
    return form is not None and form.reports not in (excluded, "according")


def _verb_reading(previous: str, following: str) -> bool:
    """Is a word that is also a noun ("claims", "state") a verb here?"""
    if previous.lower() in _PRONOUNS:
        return True
    if (previous.islower() and previous.endswith("s") and not previous.endswith("ss")
            and previous not in _DETERMINERS):  # (not "his claim", "this statement")
        return True  # "researchers say", "officials claim"
    if (previous.lower() in _DETERMINERS or previous.endswith(("’s", "'s", "s’", "s'"))
            or previous in lexicon.places()):
        return False  # "the claim", "Russia's claim", "Russian claims"
    return following.lower() in _PRONOUNS | _DETERMINERS | {"that"}


def _skip_setting(words: list[_Word], at: int) -> int:
    """Past the time or the setting of a report, right after its verb, to what was said:
    "said (late) on Monday the port …", "said Tuesday it …", "said last week they …", "said
    in an interview the port …". Where no clause follows, ``at`` itself."""
    start = at
    if at >= len(words) or not (words[at][0].lower() in _SETTING_OPENERS
                                or _CALENDAR.fullmatch(words[at][0])):
        return at  # (most reports: no setting to skip)
    for _ in range(2):  # "said in a statement on Monday the port …"
        first = at
        lowered = [w[0].lower() for w in words[at:at + 7]]
        if lowered[:1] in (["late"], ["early"]):
            at += 1
            lowered = lowered[1:]
        if len(lowered) > 1 and lowered[0] in _TIME_OPENERS - {"that"} and (
                lowered[1] in _TIME_ENDS or _CALENDAR.fullmatch(words[at + 1][0])):
            at += 2  # "on Monday", "last week"
        elif len(lowered) > 1 and lowered[0] == "in" and (
                _CALENDAR.fullmatch(words[at + 1][0]) or _YEAR.fullmatch(lowered[1])):
            at += 2  # "in July", "in 2019"
        elif lowered and _CALENDAR.fullmatch(words[at][0]):
            at += 1  # "Monday"
        elif len(lowered) > 2 and lowered[0] in _SETTING_STARTS and lowered[1] in _DETERMINERS:
            # "in an interview", "at a news conference": lower-case words up to a pronoun or
            # a determiner that opens the content (not "in an interview with X", "during
            # the interview in Macau": a setting that goes on)
            end = next((k for k in range(2, len(lowered))
                        if not (lowered[k].isalpha() and words[at + k][0].islower())
                        or lowered[k] in _CLAUSE_OPENERS | _PREPOSITIONS), len(lowered))
            if 2 < end < len(lowered) and lowered[end] in _CLAUSE_OPENERS | {"on"}:
                at += end  # (and a time after it: "in a statement on Monday the …")
        if at > first and at < len(words) and (words[at][0].lower() in _TIME_ENDS or (
                words[at][0].isdigit() and not words[at - 1][0].endswith("day"))):
            at += 1  # "on Monday night", "on March 3" (not "said Monday 54 people …")
        if at == first:
            break
    opens = at < len(words) and (words[at][0].lower() in _CLAUSE_OPENERS
                                 or words[at][0][:1].isupper() or words[at][0][:1].isdigit())
    return at if at > start and opens else start


# What a participle after it reports for: "a statement saying …", "a letter arguing …"
_SAYING_NOUNS = lexicon.cue_nouns() | lexicon.word_class("saying_nouns")
_YEAR = regex.compile(r"(?:1[89]|20)\d\d")
_SETTING_STARTS = lexicon.word_class("setting_starts")
_CLAUSE_OPENERS = lexicon.word_class("clause_openers")


def _skip_addressee(words: list[_Word], at: int) -> int:
    """After "told": skip "reporters", "him", "the Globe" to what was told."""
    if at < len(words) and words[at][0].lower() in _ADDRESSEES:
        return at + 1
    start = at + 1 if at < len(words) and words[at][0] == "the" else at
    named = start
    while named < min(len(words), start + 4) and words[named][0][:1].isupper():
        named += 1
    if named > start and named < len(words) and (
        words[named][0].lower() in _PRONOUNS | _DETERMINERS or words[named][0][:1].isupper()
    ):
        return named
    if named > start and named < len(words) and words[named][0] == ",":
        # "told the Halden Times, a local paper, that …": past the apposition to "that"
        closing = next((k for k in range(named + 1, min(len(words), named + 8))
                        if words[k][0] == ","), None)
        if closing is not None and closing + 1 < len(words) and words[closing + 1][0] == "that":
            return closing + 1
    # "told investigators he …", "told the court that …", "told the council the port …": a
    # plural or a noun after "the", and then a subject pronoun, a determiner or "that"
    if start < len(words) and words[start][0].isalpha() and words[start][0].islower() and (
            start > at or words[start][0].endswith("s")) and start + 1 < len(words) and (
            words[start + 1][0].lower() in (_PRONOUNS - {"who", "it"}) | {"that"}
            or words[start + 1][0].lower() in _DETERMINERS - {"that"}):
        return start + 1
    return at


def _skip_commas(words: list[_Word], at: int) -> int:
    while at < len(words) and words[at][0] in {",", ":"}:
        at += 1
    return at


def _quoted_within(quoted: Sequence[int], start: int, end: int) -> bool:
    """Does a quote open in [start, end)? (``quoted`` is sorted.)"""
    i = bisect.bisect_left(quoted, start)
    return i < len(quoted) and quoted[i] < end


def _rstrip_punctuation(text: str, start: int, end: int) -> int:
    """Drop what joins a content to the clause after it: "…, and said"."""
    while True:
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
            end -= 1
        last = text.rfind(" ", start, end) + 1
        if end - last > 0 and text[max(start, last):end] in _TRAILING:
            end = max(start, last)
            continue
        return end


def _subject_like(subject: list[str]) -> bool:
    """Could these words be the subject of a reporting verb in an attribution?"""
    if not subject or len(subject) > 10:
        return False
    if subject[-1].lower() in _NOT_SUBJECT or subject[0].lower() in _NOT_CONTENT_START:
        return False
    if len(subject) > 1 and subject[-1] in {"and", "but", "or"} and subject[-2].islower():
        return False  # "Ann Ruiz shook her head and said": a clause of its own, no subject
    if any(w.islower() and ((w.endswith("ing") and w not in _ING_PREPOSITIONS)
                            or w in _NOT_IN_SUBJECT) for w in subject):
        return False  # "pushing back against Russian claims that …" (not "on duty during …")
    return all(w not in {".", ";", ":", "“", "”", '"'} for w in subject)


def _content_end(text: str, start: int, end: int) -> int:
    """The sentence end without its final full stop (the content of a report)."""
    while end > start and (text[end - 1] in ".!?…" or text[end - 1].isspace()):
        end -= 1
    return end


def _word_count(text: str, start: int, end: int) -> int:
    return len(_WORD_ONLY.findall(text, start, end))


# --- the subject of a cue -------------------------------------------------------

_CALENDAR = regex.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Yesterday|Today|Tonight"
)


# Where a subject phrase ends when read leftwards from its verb.
_SUBJECT_STOPS = lexicon.word_class("subject_stops")


# Where a subject phrase ends when read rightwards from an inverted verb ("said X in …").
_AFTER_SUBJECT_STOPS = lexicon.word_class("after_subject_stops")


# Words before a role that leave it a role: "the former sergeant-at-arms", "some experts".
_MODIFIERS = lexicon.word_class("modifiers")


# How many words a rule reads from a cue (a sentence of many cues stays linear)
_REACH_WORDS = 60

# How far (in characters) a cue and its subject may lie apart: far enough for any
# attribution, and it keeps a sentence of a million characters linear.
_REACH = 200


def _subject_of(context: _Reader, cue: Span, own_content: bool = True) -> tuple[int, int] | None:
    """The words that name who spoke: before the verb, after it when inverted, or the
    sentence's subject for a participle ("…, saying") or a second verb ("and said")."""
    text = context.text
    sentence = context.sentence(cue.start)
    if cue.text.lower() == "according to":
        return _phrase_after(context, cue.end, sentence.end)
    owner = _owner_of_claim(context, cue) if own_content else None
    if owner is not None:
        return owner
    if context.tree is not None:
        parsed = parsed_subject(context.tree, cue)
        # (a subject in quote marks is a misparse: the rules read the words instead)
        if parsed is not None and not context.quoted(parsed[0]):
            return _whole_names(context, parsed)
    before = context.words(max(sentence.start, cue.start - _REACH), cue.start)
    # ("marchers were chanting": a verb in the progressive, no participle)
    progressive = (bool(before) and before[-1][0].lower() in _BE
                   and cue.text.split()[0].endswith("ing"))
    if progressive:
        before.pop()
    while before and (before[-1][0] in lexicon.auxiliaries() or (
            # "He memorably promised", "… and generally agree": an adverb after a name, a
            # pronoun or a conjunction
            len(before) > 1 and before[-1][0].islower() and before[-1][0].endswith("ly")
            and (before[-2][0][:1].isupper() or before[-2][0] in lexicon.auxiliaries()
                 or before[-2][0].lower() in _PRONOUNS | {"and", "but"}))):
        before.pop()  # (and "has publicly derided")
    dashed = _dashed_apposition(before)
    if dashed is not None:
        # "Ann Ruiz -- whose husband signed the act -- has derided …": the name before
        name = _name_at_end(context, dashed, ("person", "organization", "unknown"))
        return (name.start, name.end) if name is not None else _phrase_before(context, dashed)
    if (len(before) > 2 and before[-2][0].lower() in _TIME_OPENERS
            and (before[-1][0].lower() in _TIME_ENDS or _CALENDAR.fullmatch(before[-1][0]))
            and (before[-3][0][:1].isalnum() or before[-3][0] == ")")):
        # "Rep. Ann Lee (D-Md.) last month joked": a time between the subject and its verb
        del before[-2:]
    participle = cue.text.split()[0].endswith("ing") and not progressive  # ("pointing out")
    if len(before) == 1 and before[0][0].lower() == "having":
        # "Having announced that A, Judge Ruiz proceeded …": a perfect participle opens the
        # sentence; the subject is that of the clause it leads to
        return _subject_after_clause(context, sentence, cue.end)
    if before and before[-1][0].lower() in _BE:
        # "Rubio was asked by the moderator whether …": the speaker is the agent, if any
        after = context.words(cue.end, min(sentence.end, cue.end + 80))[:6]
        by = next((k for k, w in enumerate(after) if w[0] == "by"), None)
        return None if by is None else _phrase_after(context, after[by][2], sentence.end)
    led = participle and bool(before) and before[-1][0].lower() in _PARTICIPLE_LEADS
    if led:
        before.pop()  # "X replied before adding that …": the subject of "replied"
    if (participle and before and before[-1][0] != "," and not led
            and _absolute(before)):
        return _phrase_before(context, before)  # "with the chief … praising their “heroism”"
    if participle and before and before[-1][0] != "," and not led:
        # "The town released a statement Wednesday saying …", "responded by saying …": the
        # subject of the sentence
        return _main_subject(context, sentence, cue.start)
    if participle and not before:
        # "Citing the storm as “a wake-up call,” Reyes urged …": the subject of the clause
        # the participle's clause leads to
        return _subject_after_clause(context, sentence, cue.end)
    if participle or (before and before[-1][0] in {"and", "but"}):
        # "Gerasimov said, adding that …", "Ukraine denied …, saying …": the subject of
        # the verb before; else the subject that opens the sentence.
        # (the verb before must be of the same clause: "X admitted that A, but said B")
        clause = before[:-2] if len(before) > 1 and before[-2][0] == "," else before[:-1]
        for word, start, stop in reversed(clause if not participle else before):
            if word == "," and not participle:
                break
            form = context.verbs.get(start)
            # (not a verb that reports only a quote: "he had not read the plan, but called
            # it …" is the subject's, and "read" the word of a sign)
            if (form is not None and not form.noun_like and not word.endswith("ing")
                    and (participle or form.reports != "after")):
                return _subject_of(context, Span(word, start, stop), own_content=False)
        return _main_subject(context, sentence, cue.start)
    if not before or before[-1][0] in {",", "—", "–"} | MARKS:
        if before and before[-1][0] == "," and not _quote_ends_at(text, before):
            left = _appositive_name(context, before[:-1]) or _apposition_subject(
                context, before[:-1])
            if left is not None:
                return left
            form = context.verbs.get(cue.start)
            told = form is not None and form.lemma == "tell"
            if told or not _names_follow(context, cue.end, sentence.end) or _clause_follows(
                    context.words(cue.end, min(sentence.end, cue.end + _REACH))):
                # "The Ukrainian military, in a statement …, said its forces …"; and
                # whom something was told never spoke it ("…, told Chinese-language media")
                return _main_subject(context, sentence, cue.start)
        return _phrase_after(context, cue.end, sentence.end)
    relative = next((k for k in range(len(before) - 1, max(0, len(before) - 6), -1)
                     if before[k][0] in ("who", "which") and before[k - 1][0] == ","), None)
    if relative is not None:
        inside = before[relative + 1:]
        if inside and (inside[0][0][:1].isupper() or inside[0][0].lower() in _DETERMINERS
                       or any(w[0].lower() in _BE for w in inside)
                       # "the plans, which officials said …", "…, which he said …"
                       or inside[0][0].lower() in _PRONOUNS - {"who"}
                       or _group_or_role(inside[-1][0].lower())):
            # ("…, which is why executives there indicate …": a clause of its own)
            # "the inn, which President Obama on Friday declared …": the relative word is
            # the object, and the clause has a subject of its own
            return _phrase_before(context, inside)
        # "Ilse Varga, now the council leader, who in 2020 said …": whom "who" stands for
        head = before[:relative - 1]
        wanted: tuple[SpeakerType, ...] = (
            ("person", "unknown") if before[relative][0] == "who" else ("organization",))
        name = _name_at_end(context, head, wanted)
        if name is not None:
            return name.start, name.end  # "… thanked Ilse Brandt, who said"
        if head and head[-1][0].islower() and _group_or_role(head[-1][0]):
            # "… a lecture from the Ukrainian president, who said": the role before "who"
            return _noun_phrase_before(head)
        return _apposition_subject(context, head) or _phrase_before(context, head)
    contact = _contact_clause(before)
    if contact is not None:
        # "the officials we talked to said …", "a man I met at the rally said …": a relative
        # clause with no relative word runs up to the verb; its noun is the subject
        head = before[:contact]
        name = _name_at_end(context, head, ("person", "organization", "unknown"))
        return (name.start, name.end) if name is not None else _noun_phrase_before(head)
    restrictive = _restrictive_who(before)
    if restrictive is not None:
        # "the voters who said …", "an actor who promises …", "two officials who spoke on
        # condition of anonymity said …": whom "who" stands for, the noun phrase before it
        head = before[:restrictive]
        name = _name_at_end(context, head, ("person", "unknown"))
        return (name.start, name.end) if name is not None else _noun_phrase_before(head)
    return _phrase_before(context, before)


_DASHES = frozenset({"-", "—", "–", "―"})


def _dashed_apposition(before: list[tuple[str, int, int]]) -> list[tuple[str, int, int]] | None:
    """The words before an apposition set off by dashes that ends right before a verb
    ("Ann Ruiz -- whose husband signed the act -- has derided"), if there is one."""
    if len(before) < 3 or before[-1][0] not in _DASHES:
        return None
    k = len(before) - 2 if before[-2][0] == "-" else len(before) - 1
    for j in range(k - 1, max(0, k - _RELATIVE_WORDS * 2), -1):
        if before[j][0] in _DASHES:
            opening = j - 1 if j > 0 and before[j - 1][0] == "-" else j
            return before[:opening] if opening > 0 and j + 1 < k else None
        if before[j][0] in MARKS or before[j][0] in {";", ":"}:
            return None
    return None


def _restrictive_who(before: list[tuple[str, int, int]]) -> int | None:
    """Where the "who" of a restrictive relative clause stands that runs up to the verb
    ("voters who said", "two officials who spoke on condition of anonymity said"), if it
    does; not where the clause has a subject of its own ("the man who Ilse Varga said …")."""
    if before and before[-1][0].lower() in _PRONOUNS - {"who"}:
        return None  # "… supporters who will believe anything he says"
    for k in range(len(before) - 1, max(0, len(before) - _RELATIVE_WORDS) - 1, -1):
        word = before[k][0]
        if word in {",", ";", ":", "(", ")", "—", "–"} or word in MARKS:
            return None
        if word == "who" and k > 0 and before[k - 1][0][:1].isalnum():
            following = before[k + 1][0] if k + 1 < len(before) else ""
            own_subject = following[:1].isupper() or following.lower() in _PRONOUNS | _DETERMINERS
            if own_subject:
                return None
            if before[k - 1][0] == "and":  # "a resident who … and who did not want to be named"
                return _restrictive_who(before[:k - 1]) or k
            return k
    return None


_RELATIVE_WORDS = 12  # how long a relative clause between a subject and its verb may run


def _inflected(word: str) -> bool:
    """Is ``word`` a reporting verb's form other than its base form ("said", "told")?"""
    verb = lexicon.reporting_verbs().get(word.lower())
    return verb is not None and verb.lemma != word.lower()


def _contact_clause(before: list[tuple[str, int, int]]) -> int | None:
    """Where a relative clause with no relative word starts that runs up to the verb ("the
    officials *we talked to* said", "several people *I have spoken with* said"): at a
    subject pronoun after a noun, with a verb of its own, in lower case and without a mark
    (not "In Ohio they said", "Later he also said", "The port, he said, …")."""
    for k in range(len(before) - 1, max(0, len(before) - _RELATIVE_WORDS) - 1, -1):
        word = before[k][0]
        pronoun, _, contracted = word.replace("’", "'").partition("'")  # ("I've spoken")
        if not pronoun.isalpha() or (pronoun != "I" and not word.islower()) or (
                contracted and contracted not in ("ve", "d", "ll", "m", "re")):
            return None
        if pronoun.lower() in _CONTACT_PRONOUNS:
            noun = before[k - 1][0] if k > 0 else ""
            clause = [w[0] for w in before[k + 1:]]
            if (not noun.isalpha() or not noun.islower() or noun.endswith("ly")
                    or noun in _NOT_A_CONTACT_NOUN or not clause
                    or clause[0] in _NOT_A_CONTACT_VERB or clause[0].endswith("ly")):
                return None
            return k
    return None


def _noun_phrase_before(words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The noun phrase that ends with ``words``, read leftwards to a preposition other than
    "of" ("among *the 30 percent of voters*"), a stop or a mark, at most a few words."""
    start = len(words)
    while start > 0 and len(words) - start < _NOUN_PHRASE_WORDS:
        word = words[start - 1][0]
        lowered = word.lower()
        if not word[:1].isalnum() or lowered in _SUBJECT_STOPS or (
                lowered in _PREPOSITIONS and lowered != "of"):
            break
        start -= 1
    if start == len(words):
        return None
    return words[start][1], words[-1][2]


_NOUN_PHRASE_WORDS = 6


def _group_or_role(word: str) -> bool:
    """Does the word name people: a role ("officials") or a group ("voters")?"""
    return lexicon.is_role(word) or word in sources.group_nouns()


def _whole_names(context: _Reader, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` widened to the whole of a name it cuts: the parser's tokens split a name
    the rules read as one ("Jody Wilson-Raybould", whose subject is "Raybould")."""
    start, end = span
    for mention in context.mentions_in(max(0, start - 80), end + 80):
        if mention.kind == "name" and mention.start < end and start < mention.end:
            start, end = min(start, mention.start), max(end, mention.end)
    return start, end


def _absolute(before: list[tuple[str, int, int]]) -> bool:
    """Does "with" open the clause before a participle: "with the chief of the General
    Staff praising …"?"""
    for word in reversed(before[-12:]):
        if word[0] in {",", ";", ":"} or word[0] in MARKS:
            return False
        if word[0].lower() == "with":
            return True
    return False


def _appositive_name(context: _Reader,
                     words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The name before a run of appositions: "Butz, 49, told", "Sen. Tom Rix, D-Ohio, a
    panel member, said", "Ms. Samour, 56, who was raised in El Salvador, said"."""
    segments: list[list[tuple[str, int, int]]] = [[]]
    for word in words[-40:]:
        if word[0] == ",":
            segments.append([])
        elif word[0] not in MARKS or segments[-1]:
            segments[-1].append(word)  # (a quote's closing mark opens no segment)
    if len(segments) < 2:
        return None
    for k in range(len(segments) - 1, 0, -1):
        if not _appositive(segments[k]):
            return None
        named = segments[k - 1]
        parenthesis = next((j for j in range(len(named) - 1, 0, -1) if named[j][0] == "("),
                           None) if named and named[-1][0] == ")" else None
        if parenthesis is not None:
            named = named[:parenthesis]  # "Sen. Ann Lee (D-Md.), a panel member, said"
        while named and named[0][0].lower() in _SUBORDINATORS | {"as", "and", "but"}:
            named = named[1:]  # "…, as Ann Lee, contradicting him, said"
        if not named or len(named) > 8 or (k > 1 and _tag(named)):
            continue  # an age or a party tag is no name: read on leftwards
        name = _name_at_end(context, named, ("person", "organization", "unknown"))
        if name is not None and (name.start == named[0][1]
                                 or named[0][0].lower() in ("the", "a", "an")):
            return name.start, name.end
        opening = next((m for m in context.mentions_in(named[0][1], named[-1][2])
                        if m.kind == "name" and m.start == named[0][1]), None)
        if opening is not None and all(w[0][:1].isupper() for w in named
                                       if w[1] >= opening.end):
            # "Yin Myint May, 60, …": a name whose last word was not read as one
            return named[0][1], named[-1][2]
    return None


_PARTY_TAG = regex.compile(r"[DRI]-[\p{Lu}][\p{L}.]*")


def _tag(words: list[tuple[str, int, int]]) -> bool:
    """An age ("49") or a party and state ("D-Ohio", "R-Fla." with its full stop) beside a
    name."""
    words = [w for w in words if w[0] != "."]
    return len(words) == 1 and (words[0][0].isdigit() or bool(_PARTY_TAG.fullmatch(words[0][0])))


def _appositive(words: list[tuple[str, int, int]]) -> bool:
    """Can these words stand beside a name as an apposition: an age ("49"), a party and
    state ("D-Ohio"), a role ("a panel member", "the head of …"), a relative clause
    ("who was raised in …")?"""
    if not words or len(words) > 14:
        return False
    first = words[0][0]
    if _tag(words):
        return True
    if first.lower() in ("who", "whose", "a", "an", "the", "now", "then", "formerly",
                         "himself", "herself", "also", "both", "once", "until", "its"):
        return True
    if first in _ASIDES and (len(words) == 1 or words[1][0][:1].isupper()
                             or words[1][0] in _DETERMINERS):
        return True  # "Ruiz, though, said", "Tomas Reyes, at the Halden Institute, said"
    if len(words) > 1 and first[:1].isupper() and words[1][0] in ("of", "from", "for"):
        return True  # "Republican of New York", "Chairman of the board"
    if first.islower() and first.endswith("ing") and first not in _ING_PREPOSITIONS:
        return True  # "Patricia Smith, delivering the speech, asked …": a participle
    return (first.islower() and lexicon.is_role(first)) or (
        first[:1].isupper() and any(lexicon.is_role(w[0].lower()) for w in words[1:4]))


def parsed_subject(tree: Tree, cue: Span) -> tuple[int, int] | None:
    """The subject the parse gives the verb: its ``nsubj`` ("Putin told Gerasimov", "said
    Mr. Ortiz", "Anna Reyes, a spokeswoman, said"); for a verb with none of its own (",
    saying …", "and added …") that of the verb it hangs from."""
    verb = tree.at(cue.start)
    for hop in range(3):
        if verb is None:
            return None
        # "Ortiz was asked by the host whether …": the agent speaks, and where the
        # verb has none, who asked is not said
        agents = [o for a in tree.dependents(verb, "agent") for o in tree.dependents(a, "pobj")]
        subjects = agents[:1] or _nominal_subjects(tree, verb)
        head = tree.head(verb)
        if hop == 0 and subjects and all(tree.tokens[s].deprel == "nsubj:pass"
                                         for s in subjects):
            return None
        if not subjects and head is not None and _acl_of_root(tree, verb, head):
            subjects = [head]  # "Kowalczyk, the head of the club, posted …": no other verb
        if subjects:
            # Of two subjects, the one after an inverted verb (", said Marek and others,"),
            # else the nearest before it: in “A. Or B,” Ortiz said a parse may take the
            # quote's last words, or the content's subject, for a second subject.
            before = [s for s in subjects if s < verb]
            if len(before) > 1 and tree.tokens[before[-1]].lemma.lower() in _FLOATING:
                before.pop()  # "Port workers — whose union … — both suggested"
            after = [s for s in subjects if s > verb]
            inverted = verb > 0 and tree.tokens[verb - 1].text in _INVERTING
            subject: int | None = (after[0] if inverted and after else
                                   before[-1] if before else subjects[0])
            if inverted and not after:
                # "And the ferry, said Lena Sommer, does not stop": the parse may take the
                # content's subject for the verb's, and the name after the verb for the
                # content's
                subject = _subject_after(tree, verb) or subject
            if tree.tokens[verb].deprel == "acl:relcl" and subject is not None and (
                    tree.tokens[subject].lemma in _RELATIVES):
                # "Ilse Brandt, who said …"; not "the ministry, which he argued seeks …",
                # where "which" is the content's subject and "he" the verb's
                subject = tree.head(verb)
            if subject is None:
                return None
            if tree.tokens[subject].upos != "PROPN":
                # "the head of the port authority, Tomasz Kowalczyk, told": the name
                names = [a for a in tree.dependents(subject, "appos")
                         if tree.tokens[a].upos == "PROPN"]
                subject = names[0] if names else _issuer(tree, subject)
            start, end = tree.span(subject)
            for participle in tree.dependents(subject, "acl"):
                if not tree.children[participle] and tree.tokens[participle].start >= end:
                    end = tree.tokens[participle].end  # "those polled", "voters asked"
            return start, end
        if head is not None and tree.relation(verb) == "pcomp" and tree.relation(head) == "prep":
            verb = _above_phrase(tree, head)  # "Cruz replied, before adding …", "responded
            continue  # by saying …", "In addition to stating …, Ortiz vowed"
        if tree.relation(verb) not in _SUBJECT_SHARED or (
                tree.relation(verb) == "conj" and head is not None
                and not _conjoined(tree, head, verb)):
            return None
        if head is not None and tree.relation(head) == "ccomp" and tree.head(head) is not None:
            head = tree.head(head)  # "X says A is B, but conceded that C": the parse may hang
            # the second verb from the content's
        elif head is not None and tree.tokens[head].deprel == "acl":
            head = _verb_above(tree, head)  # "X rejected the idea that A would be B, saying
            # …": nor from the clause of a noun
        verb = head
    return None


def _verb_above(tree: Tree, node: int) -> int | None:
    """The nearest verb above ``node``'s head (the verb of the noun a clause is about)."""
    for _ in range(6):
        head = tree.head(node)
        if head is None or tree.tokens[head].upos in ("VERB", "AUX"):
            return head
        node = head
    return None


def _conjoined(tree: Tree, head: int, verb: int) -> bool:
    """Does a conjunction ("and", "but") join ``verb`` to the verb before it? Without one the
    parse may have joined two clauses and lost the second's subject ("It was no accident —
    Reyes, a spokesman, told …": the rules read it)."""
    return any(head < c < verb for n in (head, verb) for c in tree.dependents(n, "cc"))


def _nominal_subjects(tree: Tree, verb: int) -> list[int]:
    """The verb's ``nsubj``; where it has none, one the parse hung from its auxiliary
    ("Ortiz, who is by all accounts enjoying it": "who" from "is")."""
    subjects = tree.dependents(verb, "nsubj")
    if subjects:
        return subjects
    return [s for aux in tree.dependents(verb, "aux") for s in tree.dependents(aux, "nsubj")]


def _above_phrase(tree: Tree, preposition: int) -> int | None:
    """The word a prepositional phrase modifies, climbing out of phrases within phrases
    ("*vowed* in addition to stating": "to" hangs from "addition", "In" from "vowed"); none
    after "with", which opens a clause with a subject of its own ("with three in ten
    saying …", read by the rules)."""
    if tree.tokens[preposition].text.lower() in ("with", "without"):
        return None
    node: int | None = preposition
    for _ in range(4):
        head = tree.head(node) if node is not None else None
        if head is None or tree.relation(head) not in ("prep", "pobj") or tree.tokens[
                head].upos in ("VERB", "AUX"):
            return head
        node = head
    return None


# A quantifier the parse may give a verb as a second subject: "The workers both said".
_FLOATING = frozenset({"both", "all", "each"})


def _issuer(tree: Tree, subject: int) -> int:
    """Who issued a document that speaks: "a statement issued by the harbour board said" →
    "the harbour board"; any other subject stays."""
    if tree.tokens[subject].text.lower() not in lexicon.documents():
        return subject
    for clause in tree.dependents(subject, "acl"):
        for agent in tree.dependents(clause, "agent"):
            for issuer in tree.dependents(agent, "pobj"):
                return issuer
    return subject


def _subject_after(tree: Tree, verb: int) -> int | None:
    """The subject of the verb's clausal complement where it opens right after the verb
    and a comma closes it, as an inverted subject's does ("said Lena Sommer, …")."""
    if verb + 1 >= len(tree.tokens):
        return None
    following = tree.tokens[verb + 1].start
    for clause in tree.dependents(verb, "ccomp"):
        for subject in tree.dependents(clause, "nsubj"):
            start, end = tree.span(subject)
            closing = bisect.bisect_left(tree.starts, end)
            if start == following and closing < len(tree.tokens) and (
                    tree.tokens[closing].text == ","):
                return subject
    return None


def _acl_of_root(tree: Tree, verb: int, head: int) -> bool:
    """Is ``verb`` a clause after the noun that roots its sentence, with no agent ("Kowalczyk,
    the head of the club, posted on Sunday" parsed as "Kowalczyk" modified by "posted")? The
    sentence then has no verb but this one, which the noun is the subject of."""
    return (tree.relation(verb) == "acl" and tree.head(head) is None
            and tree.tokens[head].upos in ("PROPN", "NOUN") and head < verb
            and tree.tokens[verb].text.endswith("ed") and not tree.dependents(verb, "agent"))


# What an inverted verb follows: ", said X", "…,” said X"
_INVERTING = frozenset({",", "”", "’", '"', "'", "''", "—", "–"})

# A verb attached by these shares the subject of its head: "…, saying" (advcl), "and added"
# (conj), "went on to say" (xcomp).
_SUBJECT_SHARED = frozenset({"advcl", "conj", "xcomp"})


def _names_follow(context: _Reader, at: int, end: int) -> bool:
    """Does a name (or a role, or a document) follow an inverted verb: "said Gov Lysak"?"""
    words = list(takewhile(lambda word: word not in _PUNCTUATION,
                           (w[0] for w in context.words(at, end)[:8])))
    # A name after articles, modifiers and roles: "said Gov Lysak", "said the Kremlin",
    # "said police Chief Anton Marsh".
    for word in words:
        if word[:1].isupper():
            return True
        if not (word in _MODIFIERS or word in ("the", "a", "an") or lexicon.is_role(word)):
            break
    # A role or a document: "said the statement", "said two officials in the room"; not
    # "said its forces were …" (a possessive opens the content) nor "said parents want …".
    while len(words) > 1 and words[0] in _MODIFIERS | {"the", "a", "an"}:
        words = words[1:]
    return bool(words) and words[0] not in _DETERMINERS and lexicon.role_headed(words)


def _owner_of_claim(context: _Reader, cue: Span) -> tuple[int, int] | None:
    """"Ukraine denied Gerasimov’s assertion that …": the content is Gerasimov's."""
    window = context.text[cue.end:cue.end + 120]
    if "’s " not in window and "'s " not in window:
        return None  # no possessive, no owner: most cues stop here
    words = context.words(cue.end, min(len(context.text), cue.end + 120))
    nouns = lexicon.cue_nouns()
    for i, (word, _, _) in enumerate(words[:8]):
        if word in {"that", ",", "."} or word in MARKS:
            break
        if i > 0 and word.islower() and word.isalpha() and words[i - 1][0][:1].isupper() and (
                not words[i - 1][0].endswith(("’s", "'s"))):
            break  # "said Mexico must rebut Trump’s claims": a clause of its own, no object
        if word.lower() in nouns and i > 0 and words[i - 1][0].endswith(("’s", "'s")):
            following = words[i + 1][0] if i + 1 < len(words) else ""
            if following not in ("that", ",", ".", "") and following not in MARKS:
                return None  # "saying Trump’s comments are …": the noun opens the content
            if following in MARKS and i + 2 < len(words) and words[i + 2][0].islower():
                return None  # "saying Trump’s comments “are …”"
            owner = words[i - 1]
            return owner[1], owner[2] - 2
    return None


def _apposition_subject(context: _Reader,
                        words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """"Valery Gerasimov, Chief of the General Staff …, said": the name before the role;
    "the union’s leader, Jonas Petrauskas, told": the name after it."""
    commas = [i for i, w in enumerate(words) if w[0] == ","]
    if not commas:
        return None
    role = words[commas[-1] + 1:]
    named = words[(commas[-2] + 1) if len(commas) > 1 else 0:commas[-1]]
    roles, titles = lexicon.roles(), lexicon.titles()
    if len(named) > 6:
        # "… after Jonas Berg, the ambassador to Norway, told": the name just before
        name = _name_at_end(context, named)
        if name is not None:
            named = [w for w in named if w[1] >= name.start]
    if (role and role[0][0].lower() in ("who", "which") and 0 < len(named) <= 6
            and context.mentions_in(named[0][1], named[-1][2])):
        return named[0][1], named[-1][2]  # "Ilse Varga, who heads the council, said"
    if (0 < len(role) <= 4 and all(w[0][:1].isupper() for w in role)
            # (a single name too: "Spindler's father, Joseph, says")
            and any(m.kind == "name" and m.type in ("person", "unknown")
                    for m in context.mentions_in(role[0][1], role[-1][2]))
            and (any(lexicon.is_role(w[0]) for w in named if w[0].islower())
                 or _description(named))):
        return role[0][1], role[-1][2]
    if not named or len(named) > 6 or not any(w[0][:1].isupper() for w in named):
        return None
    if not any(w[0].lower() in roles or w[0] in titles for w in role):
        return None
    return named[0][1], named[-1][2]


def _description(words: list[tuple[str, int, int]]) -> bool:
    """Are the words a description of someone, a determiner and a few lower-case words
    ("The harbour master", "the port's new chief engineer")?"""
    return (2 <= len(words) <= 5 and (words[0][0].lower() in ("the", "a", "an")
                                      or words[0][0].endswith(("’s", "'s")))
            and all(w[0].isalpha() and w[0].islower() for w in words[1:]))


def _name_at_end(context: _Reader, words: list[tuple[str, int, int]],
                 types: tuple[SpeakerType, ...] = ("person", "organization", "unknown"),
                 ) -> Mention | None:
    """The name (of one of ``types``) that ends with the last of ``words``."""
    if not words:
        return None
    names = [m for m in context.mentions_in(words[0][1], words[-1][2])
             if m.kind == "name" and m.end == words[-1][2] and m.type in types]
    return names[-1] if names else None


def _quote_ends_at(text: str, words: list[tuple[str, int, int]]) -> bool:
    return len(words) >= 2 and words[-2][0] in MARKS


def _phrase_before(context: _Reader,
                   words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The noun phrase that ends right before a verb, read leftwards (past a parenthesis
    after a name: "Rep. Ann Lee (D-Md.) said")."""
    end = len(words)
    if end and words[-1][0] == ")":
        opened = next((j for j in range(end - 2, max(-1, end - 8), -1) if words[j][0] == "("),
                      None)
        if opened is not None:
            end = opened
    i = end - 1
    while i >= 0:
        word = words[i][0]
        if word.lower() in _SUBJECT_STOPS and i > 0 and words[i - 1][0].lower() in _MODIFIERS_OF:
            i -= 2  # "two people familiar with the matter", "sources close to the mayor"
            continue
        if (word in MARKS or word in {".", ";", ":", "(", ")", ",", "—", "–", "―", "-"}
                or word.lower() in _SUBJECT_STOPS):
            break
        i -= 1
    start = i + 1
    if start >= end:
        return None
    if end - start > 12:
        start = end - 12
    pronoun = next((k for k in range(end - 1, start, -1)
                    if words[k][0].lower() in _PRONOUNS - {"who"}), None)
    if pronoun is not None:
        start = pronoun  # "Recently she announced": the pronoun is the subject
    return words[start][1], words[end - 1][2]


_MODIFIERS_OF = lexicon.word_class("modifiers_of")


def _phrase_after(context: _Reader, at: int, stop: int) -> tuple[int, int] | None:
    """The noun phrase right after an inverted verb: "said Gov Serhiy Lysak in a post"."""
    words = context.words(at, stop)
    if words and words[0][0].lower() in _PRONOUNS - {"who"}:
        return None  # "…, said she was elated": the content's subject, no inversion
    taken: list[tuple[str, int, int]] = []
    for word in words:
        if word[0] in {",", ".", ";", ":", "(", "—", "–"} or word[0] in MARKS:
            break
        if word[0].lower() in _AFTER_SUBJECT_STOPS and taken and not (
                word[0] == "from" and _listed(taken[-1][0].lower(), lexicon.documents())):
            break  # (but "a statement from the Kremlin" names its issuer)
        if _CALENDAR.fullmatch(word[0]) and taken and taken[-1][0].lower() not in _DETERMINERS:
            break  # "said Putin Saturday" (but "according to a February survey")
        taken.append(word)
        if len(taken) >= 10:
            break
    if not taken:
        return None
    return taken[0][1], taken[-1][2]


def _main_subject(context: _Reader, sentence: Sentence, limit: int) -> tuple[int, int] | None:
    """The subject at the head of a sentence: its words up to the first comma, after an
    opening adverbial ("In a statement,") and a conjunction ("But")."""
    words = context.words(sentence.start, min(limit, sentence.start + _REACH))
    if words:
        start = _skip_dateline(context.text, words)  # "Washington (AFP) – Ann Ruiz has …"
        words = [w for w in words if w[1] >= start]
    while words and words[0][0].lower() in {"but", "and", "so", "yet", "however", "still"}:
        words = words[1:]
    comma = next((i for i, w in enumerate(words[:_CLAUSE_WORDS]) if w[0] == ","), None)
    if comma is not None and words and ((comma < 8 and words[comma - 1][0].lower() in _TIME_ENDS)
                                        or words[0][0].lower() in _OPENERS):
        words = words[comma + 1:]  # "In a statement, …", "A few days later, …"
    if words and words[0][0].lower() in _SUBORDINATORS:
        # "In West Miami, where he began his career, he showed …": a clause of its own
        comma = next((i for i, w in enumerate(words[:_CLAUSE_WORDS]) if w[0] == ","), None)
        if comma is not None:
            words = words[comma + 1:]
    return _subject_words(context, words)


def _subject_words(context: _Reader,
                   words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The subject that ``words`` open: up to its verb, a stop or a mark."""
    taken: list[tuple[str, int, int]] = []
    for k, word in enumerate(words[:12]):
        if word[0] in {",", ";", ":", "—", "–"} or word[0] in MARKS:
            break
        if word[0].lower() in _SUBJECT_STOPS and taken:
            break
        if taken and (word[1] in context.verbs or word[0].lower() in lexicon.auxiliaries() or (
                word[0].islower() and len(word[0]) > 4 and word[0].endswith("ed"))):
            break  # the verb: "The town released a statement …", "The senator did give …"
        if (taken and word[0].islower() and word[0] not in _PREPOSITIONS
                and k + 1 < len(words) and words[k + 1][0] in _OBJECT_OPENERS
                and all(w[0][:1].isupper() for w in taken)):
            break  # a name, then its verb and object: "Ann Ruiz shook her head and said"
        taken.append(word)
        if word[0].lower() in lexicon.pronouns():
            break
    if all(w[0].lower() in _DETERMINERS for w in taken):
        return None  # (none, or only "The" before a verb that is a noun: "The bickering …")
    return taken[0][1], taken[-1][2]


def _subject_after_clause(context: _Reader, sentence: Sentence,
                          at: int) -> tuple[int, int] | None:
    """The subject after the first comma from ``at`` that no quote holds."""
    words = context.words(at, sentence.end)
    for k, word in enumerate(words):
        if word[0] == "," and k + 1 < len(words) and words[k + 1][0] in _CLOSING:
            return _subject_words(context, words[k + 2:])  # (“…,” the mayor …)
        if word[0] == "," and not context.quoted(word[1]):
            return _subject_words(context, words[k + 1:])
    return None


_OPENERS = lexicon.word_class("openers")
_OBJECT_OPENERS = lexicon.word_class("object_openers")
# Words that lead a participle reporting what follows it ("…, before adding that …", "after
# saying in a debate that …"), and what may follow the participle there
_PARTICIPLE_LEADS = lexicon.word_class("participle_leads")
_LED_THAT = frozenset("that in on at during".split())
_SUBORDINATORS = frozenset("where when while although though because if after before since "
                           "whereas unless once".split())
# Words no subject of an aside attribution holds ("…, as the paper reported, …")
_NOT_IN_ASIDE = (_SUBORDINATORS | _PREPOSITIONS | {"who", "which", "that", "whose", "as"}) - {
    "of", "for"}
_CLAUSE_WORDS = 20  # how long a subordinate clause before a sentence's subject may run
_BE = frozenset("is are was were be been being".split())
_TIME_ENDS = lexicon.word_class("time_ends")
_TIME_OPENERS = frozenset("last this next that early late on".split())
# What a report's setting may open with ("in an interview", "on Monday", "late on Monday")
_SETTING_OPENERS = _SETTING_STARTS | _TIME_OPENERS - {"that"}
_TIME_WORDS = _TIME_ENDS | frozenset(
    "a an one two three few several seconds minutes hours days weeks months years second "
    "minute hour day later ago earlier".split())

# Who may be the subject of a relative clause with no relative word ("the officials *we*
# talked to"), what is no noun before it ("… and then he also said"), and what opens no
# verb of its own after its pronoun ("he also said", "she then said")
_CONTACT_PRONOUNS = _PRONOUNS - {"it", "who"}
_CONTACT_STOPS = lexicon.word_class("contact_stops")
_NOT_A_CONTACT_NOUN = (_PREPOSITIONS | _DETERMINERS | _SUBORDINATORS | _OPENERS | _PRONOUNS
                       | _BE | _TIME_WORDS | lexicon.auxiliaries() | _CONTACT_STOPS)
_NOT_A_CONTACT_VERB = _OPENERS | _TIME_WORDS | _CONTACT_STOPS


def _noun_here(verbs: Mapping[int, CueForm], at: int, previous: str) -> bool:
    """Is a cue word that is also a noun one here: "the report", "his statement"?"""
    form = verbs.get(at)
    return (form is not None and form.noun_like
            and (previous.lower() in _DETERMINERS or previous.endswith(("’s", "'s"))))
