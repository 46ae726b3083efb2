"""Quote attribution as a spaCy component named ``quoteattr``.

Importing this module registers the factory with spaCy (installed packages also register it
through the ``spacy_factories`` entry point, so ``spacy.load`` of a saved pipeline finds
it). After ``nlp.add_pipe("quoteattr")``, ``doc._.quotes`` holds the quotes of a Doc as
Spans, in text order, each labelled with its kind and carrying ``span._.speaker`` (the
canonical name, or None), ``span._.speaker_type``, ``span._.mention`` and ``span._.cue``
(Spans, or None), ``span._.confidence`` and ``span._.group`` (the id shared by the spans
of one utterance). A Span covers the tokens of the quoted words; ``span._.offsets`` are
their exact character offsets in ``doc.text``.

Where the pipeline parsed the Doc (it has a ``parser``), the quotes are read as the
spaCy backend reads them: the reporting verb's subject and clausal complement, with the
NER's types; on a pipeline with no parser (``spacy.blank("en")``), by the rules, which need
no model, with the entities of the pipeline, if any, typing the names. The quotes live in
``doc.spans["quotes"]`` with plain values, so a Doc keeps them through ``to_bytes`` and
``DocBin``.

>>> import spacy
>>> import quoteattr.spacy_component
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("quoteattr")
>>> doc = nlp("“We have done our part,” said Marta Ilves, the mayor.")
>>> [(q.text, q.label_, q._.speaker, q._.cue.text) for q in doc._.quotes]
[('We have done our part,', 'direct', 'Marta Ilves', 'said')]
"""

from __future__ import annotations

from typing import Any

from quoteattr.annotate.spacy import SpacyNotInstalledError, document_from_spacy
from quoteattr.model import Article, Quote
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
except ImportError as error:
    raise SpacyNotInstalledError() from error

__all__ = ["SPANS_KEY", "QuoteAttributor", "make_quoteattr"]

SPANS_KEY = "quotes"


class QuoteAttributor:
    """Finds the quotes of a Doc and who said them; sets ``doc._.quotes``."""

    def __init__(self, name: str = "quoteattr", *, spans_key: str = SPANS_KEY) -> None:
        if not isinstance(spans_key, str):
            raise TypeError(f"spans_key must be a str, not {type(spans_key).__name__}")
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        if not isinstance(doc, Doc):
            raise TypeError(f"doc must be a spaCy Doc, not {type(doc).__name__}")
        document = document_from_spacy(Article("doc", doc.text), doc)
        quotes = attribute(document, detect_quotes(document))
        doc.spans[self.spans_key] = [s for s in (_span(doc, q) for q in quotes) if s is not None]
        return doc


@Language.factory(
    "quoteattr",
    default_config={"spans_key": SPANS_KEY},
    assigns=["doc._.quotes"],
)
def make_quoteattr(nlp: Language, name: str, spans_key: str) -> QuoteAttributor:
    """The factory spaCy calls for ``nlp.add_pipe("quoteattr")``."""
    return QuoteAttributor(name, spans_key=spans_key)


def _span(doc: Doc, quote: Quote) -> Span | None:
    span = doc.char_span(quote.start, quote.end, label=quote.kind, alignment_mode="expand")
    if span is None:
        return None
    attribution = quote.attribution
    # Plain values only (strings, numbers, lists): spaCy keeps them in doc.user_data,
    # which to_bytes and DocBin serialise.
    values: dict[str, Any] = {
        "offsets": [quote.start, quote.end], "group": quote.group,
        "speaker": attribution.speaker.name if attribution else None,
        "speaker_type": attribution.speaker.type if attribution else None,
        "confidence": attribution.confidence if attribution else None,
        "sieve": attribution.sieve if attribution else None,
        "mention_offsets": _offsets(attribution.mention if attribution else None),
        "cue_offsets": _offsets(attribution.cue if attribution else quote.cue),
    }
    for name, value in values.items():
        span._.set(name, value)
    return span


def _offsets(span: Any) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def _char_span(key: str) -> Any:
    def getter(span: Span) -> Span | None:
        offsets = span._.get(key)
        if not offsets:
            return None
        found: Span | None = span.doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
        return found

    return getter


def _register() -> None:
    if not Doc.has_extension("quotes"):
        Doc.set_extension(
            "quotes", getter=lambda doc: list(doc.spans[SPANS_KEY])
            if SPANS_KEY in doc.spans else [])
    for name in ("offsets", "group", "speaker", "speaker_type", "confidence", "sieve",
                 "mention_offsets", "cue_offsets"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name, key in (("mention", "mention_offsets"), ("cue", "cue_offsets")):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_char_span(key))


_register()
