"""The records that flow between stages.

Every record that carries ``start``/``end`` holds character offsets into
``Article.text``, the text exactly as read (after decoding), so that
``article.text[record.start:record.end] == record.text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs

QuoteKind = Literal["direct", "partial", "indirect", "scare"]
SpeakerType = Literal["person", "organization", "unknown"]
MentionKind = Literal["name", "pronoun", "role", "document"]
Gender = Literal["male", "female", ""]

QUOTE_KINDS: tuple[QuoteKind, ...] = ("direct", "partial", "indirect", "scare")


@attrs.frozen
class Span:
    """A stretch of an article's text."""

    text: str
    start: int
    end: int


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
    """A word. A parsing backend (stanza) adds its lemma, universal part of speech and
    dependency: ``head`` is the index in ``Document.tokens`` of the word it depends on
    (``None`` for the root of a sentence, or where no parse was made) and ``deprel`` the
    Universal Dependencies relation ("nsubj", "ccomp", …). The rules backend leaves them empty.
    """

    text: str
    start: int
    end: int
    lemma: str = ""
    upos: str = ""
    head: int | None = None
    deprel: str = ""


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

    @property
    def text(self) -> str:
        return self.article.text


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
class Quote:
    """One span of quoted or reported speech.

    ``text`` is ``article.text[start:end]``: the quoted words without their
    enclosing marks. For a ``partial`` quote the span is the reported content
    that carries the quoted words (as news-quote corpora annotate "mixed"
    quotes), and ``fragments`` are the quoted words themselves; for other
    kinds ``fragments`` holds the span itself.
    """

    id: str
    group: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    fragments: tuple[Span, ...] = ()
    cue: Span | None = None
    attribution: Attribution | None = None

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
