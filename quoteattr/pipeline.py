"""The stages run in order: article → annotated document (tokens) → quote marks → cues →
quotes → attributed quotes.

>>> [q.text for q in extract('"Today the village has been liberated," Gerasimov said.')]
['Today the village has been liberated,']
"""

from __future__ import annotations

from collections.abc import Sequence

from quoteattr.annotate import Annotator, get_annotator
from quoteattr.articles import parse_article
from quoteattr.cues import find_cues
from quoteattr.marks import quote_pieces
from quoteattr.model import Article, Quote
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute, check_sieves

__all__ = ["extract", "extract_article"]


def extract(text: str, *, backend: str = "rules", id: str = "doc",
            sieves: Sequence[str] | None = None) -> list[Quote]:
    """Quotes in ``text``, one article, with offsets into ``text``.

    ``sieves`` names the attribution sieves to try, in order (see
    :data:`quoteattr.speakers.DEFAULT_SIEVES`); a sieve that needs what the backend does not
    make is refused before any text is read:

    >>> extract("“We won,” Ann Lee said.", sieves=["by_coref"])
    Traceback (most recent call last):
    ValueError: sieve 'by_coref' needs coref, which this backend does not provide

    Raises TypeError when ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return extract_article(parse_article(text, id), annotator=get_annotator(backend),
                           sieves=sieves)


def extract_article(article: Article, *, annotator: Annotator | None = None,
                    sieves: Sequence[str] | None = None) -> list[Quote]:
    """Quotes in one loaded article, found with ``annotator`` (the rules backend by default)
    and the attribution ``sieves`` (the default order where not given)."""
    if not isinstance(article, Article):
        raise TypeError(f"article must be an Article, not {type(article).__name__}")
    annotator = annotator or get_annotator("rules")
    if sieves is not None:
        check_sieves(sieves, provides=getattr(annotator, "provides", frozenset()))
    document = annotator.annotate(article)
    pieces = quote_pieces(document)
    cues = find_cues(document, pieces)
    return attribute(document, detect_quotes(document, cues, pieces), cues=cues,
                     sieves=sieves)
