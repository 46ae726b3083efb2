"""Quote attribution as a stanza processor named ``quote``.

Importing this module registers the processor with stanza; after that a stanza user writes
``stanza.Pipeline("en", processors="tokenize,mwt,pos,lemma,depparse,ner,quote")`` and reads
``doc.quotes``: the quoteattr :class:`~quoteattr.model.Quote` records of the document, in
text order, each with its attribution (speaker, mention, cue, confidence), offsets into
``doc.text``. The processor requires only ``tokenize``, and uses what the processors before
it found (lemmas, parts of speech, dependencies, entities, coreference); it needs no model
of its own.

>>> import quoteattr.processor
>>> from stanza.pipeline.registry import NAME_TO_PROCESSOR_CLASS
>>> NAME_TO_PROCESSOR_CLASS["quote"].__name__
'QuoteProcessor'
"""

from __future__ import annotations

from typing import Any, ClassVar

from quoteattr.annotate.stanza import StanzaNotInstalledError, document_from_stanza
from quoteattr.model import Article
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute

try:
    # stanza's own processors register on import of the package: they must come first in
    # its run order, and so before ours.
    import stanza
    from stanza.pipeline.processor import Processor, register_processor
    from stanza.pipeline.registry import NAME_TO_PROCESSOR_CLASS, PIPELINE_NAMES
except ImportError as error:
    raise StanzaNotInstalledError() from error

__all__ = ["QUOTE", "QuoteProcessor"]

QUOTE = "quote"


class QuoteProcessor(Processor):  # type: ignore[misc]  # stanza has no type hints
    """Finds the quotes of a stanza Document and who said them; sets ``doc.quotes``."""

    PROVIDES_DEFAULT: ClassVar[set[str]] = {QUOTE}
    REQUIRES_DEFAULT: ClassVar[set[str]] = {"tokenize"}

    def process(self, doc: Any) -> Any:
        if doc.text is None:
            raise ValueError(
                "the quote processor needs the document's text (stanza.Document.text), "
                "which its offsets point into"
            )
        document = document_from_stanza(Article("doc", doc.text), doc)
        doc.quotes = attribute(document, detect_quotes(document))
        return doc

    def mark_inactive(self) -> None:
        """Nothing to release (stanza calls this when the pipeline's requirements fail)."""


def _register() -> None:
    if QUOTE in PIPELINE_NAMES:  # imported again (a second module object in some test runners)
        NAME_TO_PROCESSOR_CLASS[QUOTE] = QuoteProcessor
    else:
        register_processor(QUOTE)(QuoteProcessor)
    if not hasattr(stanza.Document, "quotes"):
        stanza.Document.add_property(
            "quotes", default=(), setter=lambda self, value: setattr(self, "_quotes", value))


_register()
