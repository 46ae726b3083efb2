"""The stages run in order: article → annotated document (tokens) → quote marks → cues →
quotes → attributed quotes.

>>> [q.text for q in extract('"Today the village has been liberated," Gerasimov said.')]
['Today the village has been liberated,']
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from quoteattr.annotate import Annotator, get_annotator
from quoteattr.articles import ArticleError, parse_article
from quoteattr.cues import find_cues
from quoteattr.marks import quote_pieces
from quoteattr.model import Article, Quote
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute, check_sieves

__all__ = ["extract", "extract_article", "extract_articles", "extract_many"]


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
    _check_batch(n_process, chunksize)
    annotator = get_annotator(backend)  # an unknown backend fails here, not in a worker
    checked = _checked_texts(texts)
    if n_process == 1:
        return (extract_article(parse_article(text, "doc"), annotator=annotator)
                for text in checked)
    return _in_processes(_extract_text_in_worker, checked, n_process, backend, chunksize)


Item = TypeVar("Item", Article, Article | ArticleError)


def extract_articles(
    articles: Iterable[Item], *, n_process: int = 1, backend: str = "rules",
    annotator: Annotator | None = None, chunksize: int = 8,
) -> Iterator[tuple[Item, list[Quote]]]:
    """Each loaded article with its quotes, streamed in input order: :func:`extract_many`
    for :class:`~quoteattr.model.Article` records (an id, a title and a date kept), as
    :func:`quoteattr.articles.read_articles` yields them.

    With ``n_process`` > 1 the articles are spread over that many worker processes, each
    with its own ``backend`` (``annotator``, where given, serves one process only). An
    :class:`~quoteattr.articles.ArticleError` of the reader's stream (an input that could not
    be read) comes back in its place, with no quotes, so that the stream can be given as it
    is; anything else raises TypeError naming its position, before it reaches a worker.

    >>> from quoteattr.model import Article
    >>> [(a.id, [q.speaker.name for q in quotes]) for a, quotes in extract_articles(
    ...     [Article("a1", "“It failed,” Ann Lee said."), Article("a2", "No.")])]
    [('a1', ['Ann Lee']), ('a2', [])]
    """
    if not isinstance(articles, Iterable):
        raise TypeError(f"articles must be an iterable of Article, not "
                        f"{type(articles).__name__}")
    _check_batch(n_process, chunksize)
    if annotator is None:
        annotator = get_annotator(backend)  # an unknown backend fails here
    checked = _checked_articles(articles)
    if n_process == 1:
        return ((item, [] if isinstance(item, ArticleError)
                 else extract_article(item, annotator=annotator)) for item in checked)
    return _paired(checked, lambda items: _in_processes(
        _extract_article_in_worker, items, n_process, backend, chunksize))


def _check_batch(n_process: int, chunksize: int) -> None:
    if isinstance(n_process, bool) or not isinstance(n_process, int) or n_process < 1:
        raise ValueError(f"n_process must be a positive integer, got {n_process!r}")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive integer, got {chunksize!r}")


def _checked_texts(texts: Iterable[str]) -> Iterator[str]:
    for number, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{number}] must be a str, not {type(text).__name__}")
        yield text


def _checked_articles(articles: Iterable[Item]) -> Iterator[Item]:
    for number, article in enumerate(articles):
        if not isinstance(article, Article | ArticleError):
            raise TypeError(f"articles[{number}] must be an Article, not "
                            f"{type(article).__name__}")
        yield article


Sent = TypeVar("Sent")
Got = TypeVar("Got")


def _paired(items: Iterator[Sent],
            run: Callable[[Iterator[Sent]], Iterator[Got]]) -> Iterator[tuple[Sent, Got]]:
    """Each item with what ``run`` made of it, where ``run`` yields one result an item in
    order (a pool's ``imap``): the items it has taken and not yet answered wait here, so
    that no item travels back from a worker."""
    waiting: deque[Sent] = deque()  # filled by the pool's feeding thread, emptied here

    def sent() -> Iterator[Sent]:
        for item in items:
            waiting.append(item)
            yield item

    for result in run(sent()):
        yield waiting.popleft(), result


Task = TypeVar("Task")
Result = TypeVar("Result")


def _in_processes(work: Callable[[Task], Result], tasks: Iterator[Task], n_process: int,
                  backend: str, chunksize: int) -> Iterator[Result]:
    # imap keeps the input order and pulls the tasks lazily (as the workers take them), so
    # a long stream is never held whole; leaving the with-block (the caller stopped, an
    # error, Ctrl-C) ends the workers. The workers leave Ctrl-C to this process, which
    # stops them, instead of each printing a traceback: they start with it ignored (a
    # disposition a new process keeps), and ignore it again once started.
    context = multiprocessing.get_context("spawn")
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        pool = context.Pool(n_process, initializer=_start_worker, initargs=(backend,))
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    with pool:
        yield from pool.imap(work, tasks, chunksize=chunksize)


_worker_annotator: list[Annotator] = []  # the one annotator of a worker process


def _start_worker(backend: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_annotator[:] = [get_annotator(backend)]


def _extract_text_in_worker(text: str) -> list[Quote]:
    return extract_article(parse_article(text, "doc"), annotator=_worker_annotator[0])


def _extract_article_in_worker(item: Article | ArticleError) -> list[Quote]:
    if isinstance(item, ArticleError):
        return []
    return extract_article(item, annotator=_worker_annotator[0])
