"""Throughput of extraction on whole real news articles, beside one regex pass as the limit.

    python bench/extract.py [--files PATH...] [--repeat N] [--processes N] [--no-many]

The corpus is whole articles, as ``python -m quoteattr extract`` reads them: every
``seeds/*.txt`` file and every ``text`` of ``../shared/eval/*.jsonl`` (read here at run
time, never stored; skipped where absent). ``--files`` takes ``.txt`` or ``.jsonl`` files
instead. Nothing is assembled from paragraphs: real news holds more quotes than shuffled
paragraphs do.

Printed, on one core: MB/s, articles/s and quotes/s of ``extract``; the same for one
``regex.finditer`` pass over the text counting quote marks (no extractor that reads every
character can beat it) and the ratio of the two, which is what to compare across machines
(they differ by 2-3x); the peak of Python allocations for one article and the process's max
RSS; a table of time per stage (parse, annotate, marks, cues, quotes, speakers, entities);
then ``extract_many`` on ``--processes`` worker processes (default 2). The one-core figures
are CPU seconds of this process (``time.process_time``), so that other work on a shared
machine does not count in them; ``extract_many``'s are wall-clock seconds (its work is in
other processes). Every timing is the best of ``--repeat`` runs (default 3), the one least
disturbed. Hostile inputs are in ``bench/pathological.py``.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import regex

import quoteattr
import quoteattr.speakers
from quoteattr.annotate import get_annotator
from quoteattr.cues import find_cues
from quoteattr.entities import ArticleEntities, article_entities
from quoteattr.marks import quote_pieces
from quoteattr.model import Document
from quoteattr.pipeline import extract_many
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
EVAL = REPO.parent / "shared" / "eval"

MB = 1_000_000
MEMORY_SAMPLE = 100  # articles traced for the Python allocation peak (tracemalloc is slow)
MARKS = regex.compile(r"[\"“”„«»‘’‚‹›']")
STAGES = ("parse", "annotate", "marks", "cues", "quotes", "speakers", "entities")


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    sources = args.files or _default_sources()
    corpus = [text for path in sources for text in _texts(path)]
    if not corpus:
        print("no articles to measure", file=sys.stderr)
        return 1
    mb = _size_mb(corpus)
    print(f"corpus: {len(corpus)} whole articles, {mb:.2f} MB from {len(sources)} files "
          f"({', '.join(p.name for p in sources if p.suffix == '.jsonl') or 'no jsonl'}"
          f"{', seeds' if any(p.suffix == '.txt' for p in sources) else ''}); "
          f"MB = 10**6 bytes of UTF-8; best of {args.repeat} runs")
    print()
    quoteattr.extract(corpus[0])  # load the word lists outside the timing
    seconds, quotes = _best(args.repeat, lambda: _extract_all(corpus))
    limit_seconds, marks = _best(max(args.repeat, 5), lambda: _count_marks(corpus))
    _throughput_table(corpus, seconds, quotes, limit_seconds, marks)
    peak = _traced_peak(corpus[:MEMORY_SAMPLE])
    print(f"peak memory: Python allocations {peak / MB:.2f} MB for one article "
          f"(tracemalloc, largest over {min(len(corpus), MEMORY_SAMPLE)} articles); "
          f"process max RSS {_maxrss_mb():.1f} MB")
    print()
    _stage_table(corpus, args.repeat)
    if not args.no_many:
        print()
        _many_table(corpus, args.processes, args.repeat, seconds)
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=Path, nargs="+", metavar="PATH",
                        help=".txt or .jsonl files of whole articles "
                             "(default: seeds/*.txt and ../shared/eval/*.jsonl where present)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing, best kept")
    parser.add_argument("--processes", type=int, default=2,
                        help="worker processes for extract_many (default 2)")
    parser.add_argument("--no-many", action="store_true", help="skip extract_many")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.processes < 1:
        parser.error("--repeat and --processes must be positive")
    return args


# --- corpus --------------------------------------------------------------------------------


def _default_sources() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) + sorted(EVAL.glob("*.jsonl"))


def _texts(path: Path) -> Iterator[str]:
    """Whole articles: a .txt file is one, a .jsonl file one per line with a ``text``."""
    if path.suffix != ".jsonl":
        yield path.read_text(encoding="utf-8")
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                text = json.loads(line).get("text")
                if isinstance(text, str):
                    yield text


# --- measuring -----------------------------------------------------------------------------


def _best(repeat: int, work: Callable[[], int],
          clock: Callable[[], float] = time.process_time) -> tuple[float, int]:
    """The shortest of ``repeat`` runs of ``work`` by ``clock``, and what it returned."""
    best = float("inf")
    result = 0
    for _ in range(repeat):
        gc.collect()
        began = clock()
        result = work()
        best = min(best, clock() - began)
    return best, result


def _extract_all(articles: list[str]) -> int:
    return sum(len(quoteattr.extract(text)) for text in articles)


def _count_marks(articles: list[str]) -> int:
    return sum(sum(1 for _ in MARKS.finditer(text)) for text in articles)


def _traced_peak(articles: list[str]) -> int:
    """Peak of Python allocations while extracting, largest over ``articles``."""
    tracemalloc.start()
    try:
        peak = 0
        for text in articles:
            tracemalloc.reset_peak()
            quoteattr.extract(text)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
        return peak
    finally:
        tracemalloc.stop()


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / MB if sys.platform == "darwin" else rss * 1024 / MB  # bytes vs KiB


def _size_mb(articles: list[str]) -> float:
    return sum(len(text.encode("utf-8")) for text in articles) / MB


def _rate(amount: float, seconds: float) -> str:
    return f"{amount / seconds:,.2f}" if seconds > 0 else "inf"


def _throughput_table(corpus: list[str], seconds: float, quotes: int, limit_seconds: float,
                      marks: int) -> None:
    mb = _size_mb(corpus)
    print(f"{'':9} {'MB':>6} {'articles':>8} {'seconds':>8} {'MB/s':>8} {'articles/s':>10} "
          f"{'items/s':>9} {'items':>8}")
    for name, took, items, what in (("extract", seconds, quotes, "quotes"),
                                    ("regex", limit_seconds, marks, "marks")):
        print(f"{name:9} {mb:6.2f} {len(corpus):8d} {took:8.3f} {_rate(mb, took):>8} "
              f"{_rate(len(corpus), took):>10} {_rate(items, took):>9} {items:8d} {what}")
    if seconds > 0:
        print(f"extract runs at {100 * limit_seconds / seconds:.2f} % of one regex pass "
              f"(ratio {limit_seconds / seconds:.4f})")


class _Clock:
    """Seconds spent per stage, summed over articles."""

    def __init__(self) -> None:
        self.spent = dict.fromkeys(STAGES, 0.0)

    def entities(self, doc: Document) -> ArticleEntities:
        # attribution calls article_entities once per article: timed apart from the rest
        began = time.process_time()
        try:
            return article_entities(doc)
        finally:
            self.spent["entities"] += time.process_time() - began

    def run(self, corpus: list[str]) -> None:
        annotator = get_annotator("rules")
        now = time.process_time
        for text in corpus:
            t0 = now()
            article = quoteattr.parse_article(text, "doc")
            t1 = now()
            doc = annotator.annotate(article)
            t2 = now()
            pieces = quote_pieces(doc)
            t3 = now()
            cues = find_cues(doc, pieces)
            t4 = now()
            quotes = detect_quotes(doc, cues, pieces)
            t5 = now()
            before = self.spent["entities"]
            attribute(doc, quotes, cues=cues)
            t6 = now()
            for stage, took in zip(STAGES[:-1], (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4,
                                                 t6 - t5 - (self.spent["entities"] - before)),
                                   strict=True):
                self.spent[stage] += took


def _stage_table(corpus: list[str], repeat: int) -> None:
    """Time per stage: the stages of ``quoteattr.pipeline.extract_article``, in its order,
    timed one by one (the entity index, which attribution builds, apart from the rest)."""
    best: dict[str, float] = dict.fromkeys(STAGES, float("inf"))
    original = quoteattr.speakers.article_entities
    try:
        for _ in range(repeat):
            clock = _Clock()
            quoteattr.speakers.article_entities = clock.entities  # type: ignore[assignment]
            gc.collect()
            clock.run(corpus)
            for stage, took in clock.spent.items():
                best[stage] = min(best[stage], took)
    finally:
        quoteattr.speakers.article_entities = original
    total = sum(best.values())
    mb = _size_mb(corpus)
    print(f"{'stage':10} {'seconds':>8} {'share':>6} {'ms/article':>10} {'MB/s':>8}")
    for stage in STAGES:
        took = best[stage]
        print(f"{stage:10} {took:8.3f} {100 * took / total:5.1f}% "
              f"{1000 * took / len(corpus):10.3f} {_rate(mb, took):>8}")
    print(f"{'all':10} {total:8.3f} {100.0:5.1f}% {1000 * total / len(corpus):10.3f} "
          f"{_rate(mb, total):>8}")


def _many_table(corpus: list[str], processes: int, repeat: int, one_core: float) -> None:
    mb = _size_mb(corpus)

    def run() -> int:
        return sum(len(quotes) for quotes in extract_many(corpus, n_process=processes))

    seconds, quotes = _best(repeat, run, time.perf_counter)
    print(f"extract_many on {processes} processes (wall clock, worker start-up included): "
          f"{seconds:.3f} s, {_rate(mb, seconds)} MB/s, {_rate(len(corpus), seconds)} "
          f"articles/s, {_rate(quotes, seconds)} quotes/s; {one_core / seconds:.2f}x one core "
          f"(CPU time)")


if __name__ == "__main__":
    sys.exit(main())
