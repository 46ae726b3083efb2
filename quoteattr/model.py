"""The records that flow between stages.

Every record that carries ``start``/``end`` holds character offsets into
``Article.text``, the text exactly as read (after decoding), so that
``article.text[record.start:record.end] == record.text``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from operator import itemgetter
from typing import Any, Literal

import attrs

QuoteKind = Literal["direct", "partial", "indirect", "scare"]
SpeakerType = Literal["person", "organization", "unknown"]
MentionKind = Literal["name", "pronoun", "role", "document"]
Gender = Literal["male", "female", ""]

QUOTE_KINDS: tuple[QuoteKind, ...] = ("direct", "partial", "indirect", "scare")


def _offsets(instance: Span | Token, attribute: attrs.Attribute[int], end: int) -> None:
    if not 0 <= instance.start <= end:
        raise ValueError(f"{type(instance).__name__} offsets must satisfy "
                         f"0 <= start <= end, not {instance.start}, {end}")


@attrs.frozen
class Span:
    """A stretch of an article's text; offsets are checked where it is made.

    >>> Span("x", 5, 4)
    Traceback (most recent call last):
    ValueError: Span offsets must satisfy 0 <= start <= end, not 5, 4
    """

    text: str
    start: int
    end: int = attrs.field(validator=_offsets)


@attrs.frozen
class Article:
    """One news article.

    ``body_start``/``body_end`` delimit the article proper inside ``text``: the
    agency header, the `` date …`` line and a closing byline lie outside it but
    stay in ``text``, so offsets never shift.
    """

    id: str
    text: str
    date: str | None = None
    source: str | None = None
    byline: str | None = None
    body_start: int = 0
    body_end: int = attrs.field(default=-1)

    def __attrs_post_init__(self) -> None:
        if self.body_end < 0:
            object.__setattr__(self, "body_end", len(self.text))

    # what the input said of the article, where it did (JSON Lines ``title`` and ``url``)
    title: str | None = None
    url: str | None = None


@attrs.frozen
class Token:
    """A word of the token layer, which the annotator makes once per document and every
    later stage reads.

    ``sentence`` and ``paragraph`` index ``Document.sentences`` and ``Document.paragraphs``.
    A parsing backend adds the lemma, universal part of speech and dependency: ``head`` is
    the index in ``Document.tokens`` of the word it depends on (``None`` for the root of a
    sentence, or where no parse was made) and ``deprel`` the Universal Dependencies relation
    ("nsubj", "ccomp", …); ``ent`` is the entity type a named-entity recogniser gave the word
    ("PERSON", "ORG", …). The rules backend leaves those empty.

    >>> token = Token("McDonald’s", 0, 10)
    >>> token.lower, token.shape
    ('mcdonald’s', 'XxXxxxx’x')
    """

    text: str
    start: int
    end: int = attrs.field(validator=_offsets)
    lemma: str = ""
    upos: str = ""
    head: int | None = None
    deprel: str = ""
    ent: str = ""
    sentence: int = -1
    paragraph: int = -1

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def shape(self) -> str:
        """The word's shape as spaCy writes it: X for a capital, x for a small letter, d
        for a digit, at most four of a kind in a row."""
        return word_shape(self.text)


def word_shape(text: str) -> str:
    """A word's shape: ``word_shape("McDonald’s") == "XxXxxxx’x"`` (see :attr:`Token.shape`)."""
    out: list[str] = []
    run = 0
    for char in text:
        mapped = "X" if char.isupper() else "x" if char.isalpha() else (
            "d" if char.isdigit() else char)
        run = run + 1 if out and out[-1] == mapped else 1
        if run <= 4:
            out.append(mapped)
    return "".join(out)


@attrs.frozen
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int


@attrs.frozen
class Paragraph:
    text: str
    start: int
    end: int


@attrs.frozen
class Mention:
    """Words in the text that refer to a possible speaker.

    ``kind`` says how they refer: a ``name`` ("Vladimir Putin"), a ``pronoun``
    ("he"), a ``role`` ("the chief of the military General Staff") or a
    ``document`` ("the statement"). ``type`` is what is referred to.
    ``head`` is the bare name without titles or roles where there is one
    ("Valery Gerasimov" in "Chief of Staff Valery Gerasimov").
    """

    text: str
    start: int
    end: int
    kind: MentionKind
    type: SpeakerType
    head: str = ""
    gender: Gender = ""


@attrs.frozen
class CorefChain:
    """Mentions of one entity, found by a coreference model: ``representative`` is the
    fullest of them ("Vladimir Putin" for a chain holding "he" and "the president")."""

    representative: Span
    mentions: tuple[Span, ...]


@attrs.frozen
class Document:
    """An article with a layer of annotation from one annotator backend.

    ``parsed`` is true when ``tokens`` carry a dependency parse, so that sieves may use
    syntax (a reporting verb's subject and clausal complement); ``chains`` holds
    coreference chains where the backend made them.
    """

    article: Article
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    tokens: Sequence[Token]
    mentions: tuple[Mention, ...]
    backend: str = "rules"
    parsed: bool = False
    chains: tuple[CorefChain, ...] = ()
    _starts: list[int] = attrs.field(init=False, eq=False, repr=False)
    _ends: list[int] = attrs.field(init=False, eq=False, repr=False)
    _words: list[tuple[str, int, int]] = attrs.field(init=False, eq=False, repr=False)
    _word_starts: list[int] = attrs.field(init=False, eq=False, repr=False)
    _word_ends: list[int] = attrs.field(init=False, eq=False, repr=False)
    _sentence_starts: list[int] = attrs.field(init=False, eq=False, repr=False)
    _mention_starts: list[int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Indexes for the lookups every stage makes: built once, read by bisection.
        # A backend may keep its words ready as (text, start, end): they are the words
        # (then the token and word offsets are the same lists).
        spans: list[tuple[str, int, int]] | None = getattr(self.tokens, "spans", None)
        if spans is not None:
            words = spans
            starts = list(map(itemgetter(1), spans))
            ends = list(map(itemgetter(2), spans))
            word_starts, word_ends = starts, ends
        else:
            words = _words(self.article.text, self.tokens)
            starts = [t.start for t in self.tokens]
            ends = [t.end for t in self.tokens]
            word_starts = [w[1] for w in words]
            word_ends = [w[2] for w in words]
        object.__setattr__(self, "_starts", starts)
        object.__setattr__(self, "_ends", ends)
        object.__setattr__(self, "_words", words)
        object.__setattr__(self, "_word_starts", word_starts)
        object.__setattr__(self, "_word_ends", word_ends)
        object.__setattr__(self, "_sentence_starts", [s.start for s in self.sentences])
        object.__setattr__(self, "_mention_starts", [m.start for m in self.mentions])

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_index(self, at: int) -> int:
        """The index of the sentence that holds character ``at`` (or the one before it)."""
        return max(0, bisect.bisect_right(self._sentence_starts, at) - 1)

    def sentence_at(self, at: int) -> Sentence:
        """The sentence that holds character ``at`` (or the one before it); a document
        without sentences gives its whole text."""
        if not self.sentences:
            return Sentence(self.text, 0, len(self.text), 0)
        return self.sentences[self.sentence_index(at)]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that lie wholly inside ``text[start:end]``, in text order."""
        first = bisect.bisect_left(self._mention_starts, start)
        last = bisect.bisect_left(self._mention_starts, end, lo=first)
        return [m for m in self.mentions[first:last] if m.end <= end]

    def token_range(self, start: int, end: int) -> range:
        """The indexes of the tokens that lie wholly inside ``text[start:end]``."""
        return range(bisect.bisect_left(self._starts, start),
                     bisect.bisect_right(self._ends, end))

    def token_at(self, start: int) -> int | None:
        """The index of the token that starts at character ``start``, if one does."""
        i = bisect.bisect_left(self._starts, start)
        return i if i < len(self._starts) and self._starts[i] == start else None

    def words(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The words of ``text[start:end]`` as ``(text, start, end)``, read off the token
        layer: a clitic that a parser split off ("’s", "n't") stays with its word, as the
        rules backend writes it, so that the rules read every backend's tokens alike.

        >>> doc = Document(Article("a", "Kyiv’s army"), (), (),
        ...                (Token("Kyiv", 0, 4), Token("’s", 4, 6), Token("army", 7, 11)), ())
        >>> doc.words(0, 11)
        [('Kyiv’s', 0, 6), ('army', 7, 11)]
        >>> Document(Article("b", "so-called"), (), (), (Token("so", 0, 2), Token("-", 2, 3),
        ...          Token("called", 3, 9)), ()).words(0, 9)
        [('so-called', 0, 9)]
        """
        return self._words[bisect.bisect_left(self._word_starts, start):
                           bisect.bisect_right(self._word_ends, end)]


def _words(text: str, tokens: Sequence[Token]) -> list[tuple[str, int, int]]:
    """The words of the token layer, made once per document (see :meth:`Document.words`)."""
    words: list[tuple[str, int, int]] = []
    hyphen = False  # the last word ends in a hyphen that joins it to the next
    for token in tokens:
        joined = bool(words) and words[-1][2] == token.start and (
            hyphen or _clitic(token.text)
            or (token.text == "-" and words[-1][0][-1:].isalnum()))
        if joined:
            begin = words[-1][1]
            words[-1] = (text[begin:token.end], begin, token.end)
        else:
            words.append((token.text, token.start, token.end))
        hyphen = joined and token.text == "-"
    return words


def _clitic(word: str) -> bool:
    """A piece of a word that a parser splits off: "’s", "'re", "n't"."""
    first = word[:1]
    if first in ("’", "'"):
        return len(word) > 1 and word[1:].isalpha()
    return first in ("n", "N") and word.lower() in ("n't", "n’t")


@attrs.frozen
class Speaker:
    """A canonical speaker: the fullest name used for them, and the other forms."""

    name: str
    type: SpeakerType
    aliases: tuple[str, ...] = ()


@attrs.frozen
class Attribution:
    """Who said a quote, and the evidence for it."""

    speaker: Speaker
    mention: Span | None
    cue: Span | None
    sieve: str
    confidence: float


@attrs.frozen
class Cue(Span):
    """One reporting event, as the cue stage found it: the cue words ("said", "according
    to", "told"), the id of the pattern that matched them, how they report (``bare``,
    ``that``, ``after``, ``frame`` or ``according``: see ``lexicon/reporting_verbs.txt``),
    and the spans read around them: who reports (``subject``), what is reported
    (``content``, reported speech with or without quote marks; empty where the cue only
    attributes a quote) and to whom (``addressee``, after "told"); ``relative`` is the
    relative pronoun that stands for the subject nearest the cue. The cue stage keeps the
    events that report content or stand within an attribution's reach of a quote mark.
    """

    pattern: str = ""
    lemma: str = ""
    reports: str = ""
    subject: Span | None = None
    content: tuple[Span, ...] = ()
    addressee: Span | None = None
    relative: Span | None = None  # "who" in "Ilse Brandt, who said …": it names the subject


@attrs.frozen
class Quote:
    """One span of quoted or reported speech.

    ``text`` is ``article.text[start:end]``: the quoted words without their
    enclosing marks. For a ``partial`` quote the span is the reported content
    that carries the quoted words (as news-quote corpora annotate "mixed"
    quotes), and ``fragments`` are the quoted words themselves; for other
    kinds ``fragments`` holds the span itself. ``cue`` is the reporting event
    whose content the quote is (reported speech); ``marks`` are the quote marks
    around the quoted words, opening and closing, in text order (an unclosed quote
    has no closing mark), so that no later stage scans for them again.
    """

    id: str
    group: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    fragments: tuple[Span, ...] = ()
    cue: Cue | None = None
    attribution: Attribution | None = None
    marks: tuple[Span, ...] = ()

    @property
    def speaker(self) -> Speaker | None:
        """Who said it: the attribution's canonical speaker, or ``None`` when unresolved.

        >>> from quoteattr import extract
        >>> [q.speaker.name for q in extract("“It failed,” Putin said.")]
        ['Putin']
        """
        return None if self.attribution is None else self.attribution.speaker

    def to_dict(self) -> dict[str, Any]:
        """The quote in the JSON form of the ``extract`` contract (docs/contract.md).

        >>> from quoteattr import extract
        >>> [quote] = extract("“It failed,” Putin said.")
        >>> quote.to_dict()["speaker"]
        {'name': 'Putin', 'mention': 'Putin', 'start': 13, 'end': 18, 'type': 'unknown'}
        """
        attribution = self.attribution
        speaker: dict[str, Any] | None = None
        if attribution is not None:
            mention = attribution.mention
            speaker = {
                "name": attribution.speaker.name,
                "mention": mention.text if mention else None,
                "start": mention.start if mention else None,
                "end": mention.end if mention else None,
                "type": attribution.speaker.type,
            }
        cue = attribution.cue if attribution is not None else self.cue
        return {
            "id": self.id,
            "group": self.group,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": speaker,
            "cue": None if cue is None else {"text": cue.text, "start": cue.start, "end": cue.end},
            "confidence": attribution.confidence if attribution is not None else None,
        }
