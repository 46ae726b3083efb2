"""The stages run in order: article → annotated document (tokens) → quote marks → cues →
quotes → attributed quotes.

>>> [q.text for q in extract('"Today the village has been liberated," Gerasimov said.')]
['Today the village has been liberated,']
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence

from quoteattr.annotate import Annotator, get_annotator
from quoteattr.articles import parse_article
from quoteattr.cues import find_cues
from quoteattr.marks import quote_pieces
from quoteattr.model import Article, Quote
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute, check_sieves

__all__ = ["extract", "extract_article", "extract_many"]


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


def extract_many(
    texts: Iterable[str], *, n_process: int = 1, backend: str = "rules", chunksize: int = 8
) -> Iterator[list[Quote]]:
    """The quotes of each text, one list per text, streamed in input order.

    Like :func:`extract` for each text, with one annotator for the whole stream; with
    ``n_process`` > 1 the texts are spread over that many worker processes (``chunksize``
    texts at a time), and results still come in input order, as they are ready. An item
    that is not a str raises TypeError naming its position, before it reaches a worker.

    >>> [[q.text for q in quotes] for quotes in extract_many(["“It failed,” he said.", "No."])]
    [['It failed,'], []]
    """
    if isinstance(texts, str) or not isinstance(texts, Iterable):
        raise TypeError(f"texts must be an iterable of str, not {type(texts).__name__}")
    if isinstance(n_process, bool) or not isinstance(n_process, int) or n_process < 1:
        raise ValueError(f"n_process must be a positive integer, got {n_process!r}")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive integer, got {chunksize!r}")
    annotator = get_annotator(backend)  # an unknown backend fails here, not in a worker
    checked = _checked_texts(texts)
    if n_process == 1:
        return (extract_article(parse_article(text, "doc"), annotator=annotator)
                for text in checked)
    return _extract_in_processes(checked, n_process, backend, chunksize)


def _checked_texts(texts: Iterable[str]) -> Iterator[str]:
    for number, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{number}] must be a str, not {type(text).__name__}")
        yield text


def _extract_in_processes(
    texts: Iterator[str], n_process: int, backend: str, chunksize: int
) -> Iterator[list[Quote]]:
    # imap keeps the input order and pulls the texts lazily, so a long stream is never held
    # whole; leaving the with-block (the caller stopped, or an error) ends the workers.
    with multiprocessing.get_context("spawn").Pool(
        n_process, initializer=_start_worker, initargs=(backend,)
    ) as pool:
        yield from pool.imap(_extract_in_worker, texts, chunksize=chunksize)


_worker_annotator: list[Annotator] = []  # the one annotator of a worker process


def _start_worker(backend: str) -> None:
    _worker_annotator[:] = [get_annotator(backend)]


def _extract_in_worker(text: str) -> list[Quote]:
    return extract_article(parse_article(text, "doc"), annotator=_worker_annotator[0])
