"""The stages run in order: article → annotated document (tokens) → quote marks → cues →
quotes → attributed quotes.

>>> [q.text for q in extract('"Today the village has been liberated," Gerasimov said.')]
['Today the village has been liberated,']
"""

from __future__ import annotations

from quoteattr.annotate import Annotator, get_annotator
from quoteattr.articles import parse_article
from quoteattr.cues import find_cues
from quoteattr.marks import quote_pieces
from quoteattr.model import Article, Quote
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute

__all__ = ["extract", "extract_article"]


def extract(text: str, *, backend: str = "rules", id: str = "doc") -> list[Quote]:
    """Quotes in ``text``, one article, with offsets into ``text``.

    Raises TypeError when ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return extract_article(parse_article(text, id), annotator=get_annotator(backend))


def extract_article(article: Article, *, annotator: Annotator | None = None) -> list[Quote]:
    """Quotes in one loaded article, found with ``annotator`` (the rules backend by default)."""
    if not isinstance(article, Article):
        raise TypeError(f"article must be an Article, not {type(article).__name__}")
    document = (annotator or get_annotator("rules")).annotate(article)
    pieces = quote_pieces(document)
    cues = find_cues(document, pieces)
    return attribute(document, detect_quotes(document, cues, pieces), cues=cues)
