"""quoteattr: quote attribution for news.

Find quoted speech (direct, partial, indirect; scare quotes told apart), resolve the
speaker, link the same utterance across articles and build a quote index.

>>> import quoteattr
>>> [(q.kind, q.text) for q in quoteattr.extract('Putin said, "The adventure has failed."')]
[('direct', 'The adventure has failed.')]
"""

from quoteattr.annotate import Annotator, available_backends, get_annotator
from quoteattr.articles import ArticleError, parse_article, read_articles
from quoteattr.entities import SpeakerRegistry
from quoteattr.index import IndexFileError, IngestReport, QuoteIndex, SearchHit, to_markdown
from quoteattr.linking import Cluster, Linker, Unit, link, normalise
from quoteattr.model import (
    Article,
    Attribution,
    Document,
    Mention,
    Paragraph,
    Quote,
    Sentence,
    Span,
    Speaker,
    Token,
)
from quoteattr.pipeline import extract, extract_article, extract_articles, extract_many

__version__ = "0.1.0"

__all__ = [
    "Annotator",
    "Article",
    "ArticleError",
    "Attribution",
    "Cluster",
    "Document",
    "IndexFileError",
    "IngestReport",
    "Linker",
    "Mention",
    "Paragraph",
    "Quote",
    "QuoteIndex",
    "SearchHit",
    "Sentence",
    "Span",
    "Speaker",
    "SpeakerRegistry",
    "Token",
    "Unit",
    "available_backends",
    "extract",
    "extract_article",
    "extract_articles",
    "extract_many",
    "get_annotator",
    "link",
    "normalise",
    "parse_article",
    "read_articles",
    "to_markdown",
]
