# Dask's own annotations leave most of its API untyped: calls into it are taken as they are.
# mypy: disable-error-code="no-untyped-call,no-any-return"
"""Corpus scale on Dask: extraction on the workers, linking scored on the workers, one writer.

Needs the ``dask`` extra (``pip install 'quoteattr[dask]'``). Three stages, each on any Dask
client (a :class:`distributed.LocalCluster`, a cluster's scheduler, or none for in-process
runs):

1. **extract** — :func:`extract_partition` finds and attributes the quotes of one partition
   of a :mod:`dask.bag` of articles (``Article`` records, or paths of ``.txt``/``.jsonl``
   files that the worker reads). An article that fails — unreadable, longer than
   ``max_chars``, or raising inside the pipeline — becomes a :class:`Failure` with its id,
   and the rest of the partition goes on.
2. **store** — :func:`ingest` takes the partitions' results in bag order and writes them into
   the SQLite :class:`~quoteattr.index.QuoteIndex` on the client: SQLite has one writer.
3. **link** — :func:`link_units` scores the candidate pairs on the workers: the candidates
   are selected on the client by :class:`~quoteattr.linking.Candidates`, the one candidate
   selection that :class:`~quoteattr.linking.Linker` itself uses, and each worker scores the
   pairs of a chunk of units. The client then makes the same decisions as single-process
   linking, in the same order, over that table of scores: the clusters are the same, only
   the scoring moved.

>>> from quoteattr.articles import parse_article
>>> part = extract_partition([parse_article("“It has failed,” Putin said.", "a1"),
...                           parse_article("x" * 50, "a2")], max_chars=40)
>>> [(a.id, [q.text for q in quotes]) for a, quotes in part.extracted], part.failures
([('a1', ['It has failed,'])], (Failure(id='a2', message='50 characters, more than max_chars=40'),))
"""

from __future__ import annotations

import array
import bisect
import concurrent.futures
import contextlib
import heapq
import math
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

import attrs
from tqdm import tqdm

from quoteattr.annotate import Annotator, get_annotator
from quoteattr.articles import ArticleError, read_articles
from quoteattr.index import IngestReport, QuoteIndex, extract_for_index
from quoteattr.linking import (  # the candidate selection of Linker itself, not a copy
    RELATIONS,
    Candidates,
    Linker,
    Score,
    Scorer,
    Unit,
    lexical_score,
    pair_code,
    score_pair,
)
from quoteattr.model import Article, Quote

try:
    import dask.bag
    import distributed
except ImportError as error:  # pragma: no cover - the extra is installed in CI
    raise ImportError(
        "quoteattr.dask needs Dask: pip install 'quoteattr[dask]' "
        f"(dask[bag,distributed]); {error}"
    ) from error

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DaskIngest",
    "Failure",
    "PairTable",
    "Partition",
    "extract_bag",
    "extract_partition",
    "ingest",
    "link_units",
    "local_client",
    "partitioned",
    "score_pairs",
]

DEFAULT_MAX_CHARS = 1_000_000  # ~200 times a long news article: junk, not news
_BACKOFF_SECONDS = 0.25  # before computing lost work again, doubled at each attempt
_LINK_CHUNK = 50_000  # units per linking task

# A computation lost with the cluster's state (client.restart()) or killing its workers.
_LOST = (concurrent.futures.CancelledError, distributed.KilledWorker)

AnnotatorSpec = str | Annotator  # a backend name, resolved on the worker, or an annotator


@attrs.frozen
class Failure:
    """An article (or input) that was not indexed, and why; nothing fails silently."""

    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.id}: {self.message}"


@attrs.frozen
class Partition:
    """One partition extracted: the articles as the index stores them with their quotes,
    in input order, and the failures."""

    extracted: tuple[tuple[Article, tuple[Quote, ...]], ...] = ()
    failures: tuple[Failure, ...] = ()


@attrs.frozen
class DaskIngest:
    """What :func:`ingest` did: the index's report and the articles that failed."""

    report: IngestReport
    failures: tuple[Failure, ...] = ()

    def __str__(self) -> str:
        failed = f"; {len(self.failures)} failed" if self.failures else ""
        return f"{self.report}{failed}"


# --- 1. extract ----------------------------------------------------------------------------


def extract_partition(
    items: Iterable[Article | str | os.PathLike[str]],
    *,
    annotator: AnnotatorSpec = "rules",
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Partition:
    """Quotes of each article of one partition (see the module's example).

    ``items`` holds ``Article`` records or paths the worker reads (``.txt``, ``.jsonl``,
    folders: :func:`~quoteattr.articles.read_articles`). Raises TypeError for anything else.
    """
    if isinstance(items, str | bytes | Article) or not isinstance(items, Iterable):
        raise TypeError(
            f"items must be an iterable of Article records or paths, not {type(items).__name__}")
    _check_max_chars(max_chars)
    found = _annotator(annotator) if isinstance(annotator, str) else annotator
    extracted: list[tuple[Article, tuple[Quote, ...]]] = []
    failures: list[Failure] = []
    for item in _articles(items):
        if isinstance(item, ArticleError):
            failures.append(Failure(f"{item.source}:{item.line}" if item.line else item.source,
                                    item.message))
        elif len(item.text) > max_chars:
            failures.append(Failure(
                item.id, f"{len(item.text)} characters, more than max_chars={max_chars}"))
        else:
            try:
                article, quotes = extract_for_index(item, annotator=found)
            except Exception as error:  # one bad article must not cost the partition
                failures.append(Failure(item.id, f"{type(error).__name__}: {error}"))
            else:
                extracted.append((article, tuple(quotes)))
    return Partition(tuple(extracted), tuple(failures))


def extract_bag(
    bag: dask.bag.Bag,
    *,
    annotator: AnnotatorSpec = "rules",
    max_chars: int = DEFAULT_MAX_CHARS,
) -> dask.bag.Bag:
    """A bag of one :class:`Partition` per partition of ``bag`` (lazy: nothing runs yet)."""
    if not isinstance(bag, dask.bag.Bag):
        raise TypeError(f"bag must be a dask.bag.Bag, not {type(bag).__name__}")
    _check_max_chars(max_chars)
    return bag.map_partitions(_extract_listed, annotator=annotator, max_chars=max_chars)


def _extract_listed(items: Iterable[Any], annotator: AnnotatorSpec,
                    max_chars: int) -> list[Partition]:
    return [extract_partition(items, annotator=annotator, max_chars=max_chars)]


def _articles(items: Iterable[object]) -> Iterator[Article | ArticleError]:
    for number, item in enumerate(items):
        if isinstance(item, Article):
            yield item
        elif isinstance(item, str | os.PathLike):
            yield from read_articles([item])
        else:
            raise TypeError(
                f"items[{number}] must be an Article or a path, not {type(item).__name__}")


@cache
def _annotator(name: str) -> Annotator:
    """One annotator per worker process and backend (a stanza pipeline loads once)."""
    return get_annotator(name)


def _check_max_chars(max_chars: int) -> None:
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise ValueError(f"max_chars must be a positive integer, got {max_chars!r}")


# --- 2. store ------------------------------------------------------------------------------


def ingest(
    index: QuoteIndex,
    bag: dask.bag.Bag,
    *,
    client: distributed.Client | None = None,
    annotator: AnnotatorSpec = "rules",
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool | None = None,
    retries: int = 3,
) -> DaskIngest:
    """Extract the articles of ``bag`` on ``client``'s workers, store them in ``index`` here
    in bag order, then link all quotes with :func:`link_units` on the same workers.

    A partition lost with its worker (a worker killed, ``client.restart()``) is computed
    again, up to ``retries`` times. ``progress`` shows partitions done on standard error
    (by default when it is a terminal). Without a client, partitions run here, in turn.
    """
    if not isinstance(index, QuoteIndex):
        raise TypeError(f"index must be a QuoteIndex, not {type(index).__name__}")
    parts = extract_bag(bag, annotator=annotator, max_chars=max_chars).to_delayed()
    if progress is None:
        progress = sys.stderr is not None and sys.stderr.isatty()
    failures: list[Failure] = []

    def extracted() -> Iterator[tuple[Article, Sequence[Quote]]]:
        with tqdm(total=len(parts), disable=not progress, unit=" partitions",
                  desc="extracting", file=sys.stderr, dynamic_ncols=True) as bar:
            for result in _in_order(parts, client, retries, bar):
                [partition] = result
                failures.extend(partition.failures)
                yield from partition.extracted

    def link(units: Sequence[Unit]) -> Linker:
        linker = link_units(units, client=client, retries=retries)
        linker.pairs = None  # the table served these units; the index's next ones score here
        return linker

    report = index.store(extracted(), link=link)
    return DaskIngest(report, tuple(failures))


def _in_order(parts: Sequence[Any], client: distributed.Client | None, retries: int,
              bar: tqdm) -> Iterator[Any]:
    """The results of the delayed ``parts``, in order, with a few in flight per worker (so
    that the workers never hold much more than the client can store); the bar counts
    partitions as they complete, in any order."""
    if client is None:
        for part in parts:
            yield part.compute(scheduler="sync")
            bar.update()
        return
    window = 2 * max(1, sum(client.nthreads().values())) + 2
    attempts = [0] * len(parts)
    flight: deque[tuple[int, distributed.Future[Any]]] = deque()
    completed = distributed.as_completed()
    submitted = 0
    while submitted < len(parts) or flight:
        while submitted < len(parts) and len(flight) < window:
            flight.append((submitted, client.compute(parts[submitted])))
            completed.add(flight[-1][1])
            submitted += 1
        number, future = flight[0]
        try:
            result = future.result()
        except _LOST:
            # Cancelled by a restart, or its workers died under it: compute it again.
            attempts[number] += 1
            if attempts[number] > retries:
                raise
            _recover(client, attempts[number])
            flight[0] = (number, client.compute(parts[number]))
            completed.add(flight[0][1])
            continue
        flight.popleft()
        bar.update(sum(done.status == "finished" for done in completed.next_batch(block=False)))
        yield result
    bar.update(len(parts) - bar.n)  # the rest completed while the last were stored


def _recover(client: distributed.Client, attempt: int) -> None:
    """Give a restarting cluster time to come back before computing anew: the same task,
    sent again at once, would be cancelled by the same restart."""
    time.sleep(min(_BACKOFF_SECONDS * 2 ** attempt, 10.0))
    client.wait_for_workers(1, timeout=60)


def partitioned(articles: Sequence[Article], client: distributed.Client | None = None, *,
                per_worker: int = 4) -> dask.bag.Bag:
    """A bag of ``articles`` (held here) in a few partitions per worker of ``client``, so
    that a slow partition does not hold the others up."""
    if isinstance(articles, Article) or not isinstance(articles, Sequence):
        raise TypeError(
            f"articles must be a sequence of Article records, not {type(articles).__name__}")
    workers = 1 if client is None else max(1, len(client.nthreads()))
    return dask.bag.from_sequence(
        articles, npartitions=max(1, min(len(articles), per_worker * workers)))


@contextlib.contextmanager
def local_client(jobs: int | None = None, scheduler: str | None = None
                 ) -> Iterator[distributed.Client]:
    """A client of ``jobs`` local worker processes (one thread each), or of the running
    scheduler at ``scheduler``; closed on exit."""
    if scheduler is not None:
        with distributed.Client(scheduler) as client:
            yield client
        return
    if jobs is None or isinstance(jobs, bool) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    with distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


# --- 3. link -------------------------------------------------------------------------------


def link_units(
    units: Sequence[Unit],
    *,
    client: distributed.Client | None = None,
    scorer: Scorer = lexical_score,
    score_cutoff: float = 0.5,
    chunk: int = _LINK_CHUNK,
    retries: int = 3,
) -> Linker:
    """A :class:`~quoteattr.linking.Linker` fed ``units`` in order, its pairs scored on
    ``client``'s workers (here without a client): the clusters of ``link(units)``.

    >>> from quoteattr.linking import link
    >>> units = [Unit("a", "The adventure of the regime has failed", "Putin"),
    ...          Unit("b", "the adventure of the regime has FAILED.", None),
    ...          Unit("c", "the regime's adventure failed", "Putin")]
    >>> linker = link_units(units, chunk=2)
    >>> [c.units for c in linker.clusters()] == [c.units for c in link(units)]
    True
    >>> linker.unscored
    0
    """
    if isinstance(units, str | Unit) or not isinstance(units, Sequence):
        raise TypeError(f"units must be a sequence of Unit records, not {type(units).__name__}")
    for number, unit in enumerate(units):
        if not isinstance(unit, Unit):
            raise TypeError(f"units[{number}] must be a Unit, not {type(unit).__name__}")
    linker = Linker(scorer=scorer, score_cutoff=score_cutoff,
                    pairs=score_pairs(units, client=client, scorer=scorer, chunk=chunk,
                                      retries=retries))
    linker.add(units)
    return linker


def score_pairs(units: Sequence[Unit], *, client: distributed.Client | None = None,
                scorer: Scorer = lexical_score, chunk: int = _LINK_CHUNK,
                retries: int = 3) -> PairTable:
    """The scores of the pairs that linking ``units`` in order will ask for, computed on
    the workers: the candidates are selected here, by the very
    :class:`~quoteattr.linking.Candidates` that :class:`~quoteattr.linking.Linker` uses (a
    pass over the units' words, cheap next to scoring), and the pairs of each ``chunk`` of
    later units are scored on a worker by :func:`~quoteattr.linking.score_pair`.

    >>> units = [Unit("a", "The Kyiv regime's adventure has completely failed", "Putin"),
    ...          Unit("b", "the regime's adventure has failed", "Putin"),
    ...          Unit("c", "Kyiv's adventure", "Trump")]
    >>> dict(score_pairs(units))
    {1: Score(value=1.0, relation='partial')}
    """
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"chunk must be a positive integer, got {chunk!r}")
    tasks = _tasks(units, chunk)
    run = _Runner(client)
    for attempt in range(retries + 1):
        try:
            scored = run.gather([run(_score_task, codes, needed, scorer)
                                 for codes, needed in tasks])
            break
        except _LOST:  # a restart cancelled it, or it killed its workers: once more
            if attempt == retries or client is None:
                raise
            _recover(client, attempt + 1)
    return PairTable(scored)


def _tasks(units: Sequence[Unit], chunk: int) -> list[tuple[list[int], dict[int, Unit]]]:
    """The candidate pairs of ``units``, by chunk of later units: each chunk's pair codes
    and the units they name."""
    found = Candidates()
    tasks: list[tuple[list[int], dict[int, Unit]]] = []
    for start in range(0, len(units), chunk):
        codes: list[int] = []
        needed: dict[int, Unit] = {}
        for position in range(start, min(start + chunk, len(units))):
            _, candidates = found.add(units[position])
            for other in candidates:
                codes.append(pair_code(other, position))
                needed[other] = units[other]
            if candidates:
                needed[position] = units[position]
        tasks.append((codes, needed))
    return tasks


def _score_task(codes: list[int], units: Mapping[int, Unit], scorer: Scorer) -> _Scored:
    return _Scored.of({code: score_pair(scorer, units[code >> 32], units[code & 0xFFFFFFFF])
                       for code in codes})


@attrs.frozen
class _Runner:
    """Runs a stage on the client's workers (futures), or here without a client."""

    client: distributed.Client | None

    def __call__(self, function: Callable[..., Any], *args: Any) -> Any:
        if self.client is None:
            return function(*args)
        return self.client.submit(function, *args, pure=False)

    def gather(self, results: list[Any]) -> list[Any]:
        return results if self.client is None else list(self.client.gather(results))


@attrs.frozen
class _Scored:
    """One task's scores, compact: pair codes in ascending order, each pair's value (NaN
    where the pair scored nothing) and relation (an index into RELATIONS)."""

    codes: array.array[int]
    values: array.array[float]
    relations: array.array[int]

    @classmethod
    def of(cls, table: dict[int, Score | None]) -> _Scored:
        codes, values, relations = array.array("q"), array.array("d"), array.array("b")
        for code in sorted(table):
            score = table[code]
            codes.append(code)
            values.append(math.nan if score is None else score.value)
            relations.append(0 if score is None else RELATIONS.index(score.relation))
        return cls(codes, values, relations)


class PairTable(Mapping[int, Score | None]):
    """The scores of many pairs, by :func:`~quoteattr.linking.pair_code`, in sorted arrays
    (17 bytes a pair, where a dict of Score tuples takes some 200): what the workers scored,
    merged on the client for :class:`~quoteattr.linking.Linker`."""

    def __init__(self, parts: Iterable[_Scored]) -> None:
        parts = list(parts)
        self._codes, self._values = array.array("q"), array.array("d")
        self._relations = array.array("b")
        merged = heapq.merge(*(_entries(n, part) for n, part in enumerate(parts)))
        for code, n, i in merged:
            if self._codes and self._codes[-1] == code:
                continue  # scored under two keys: the same score
            self._codes.append(code)
            self._values.append(parts[n].values[i])
            self._relations.append(parts[n].relations[i])

    def get(self, code: int, default: Any = None) -> Any:
        i = bisect.bisect_left(self._codes, code)
        if i == len(self._codes) or self._codes[i] != code:
            return default
        value = self._values[i]
        return None if math.isnan(value) else Score(value, RELATIONS[self._relations[i]])

    def __getitem__(self, code: int) -> Score | None:
        found = self.get(code, _MISSING)
        if found is _MISSING:
            raise KeyError(code)
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


_MISSING = object()


def _entries(part_number: int, part: _Scored) -> Iterator[tuple[int, int, int]]:
    """(code, part, index) of each pair of a part, in the order of the codes."""
    for index, code in enumerate(part.codes):
        yield code, part_number, index
