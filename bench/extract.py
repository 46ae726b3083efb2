"""Throughput of ``quoteattr.extract`` on one core, beside a single regex pass as the limit.

    python bench/extract.py [--mb N] [--files PATH...] [--seed S] [--budget SECONDS]

The corpus is built from paragraphs of the seed articles (and, where they exist, of the
development sets in ``../shared/eval/``, read here at run time and never stored), shuffled
and joined into articles of 3-5 KB until ``--mb`` megabytes (10**6 bytes of UTF-8) are
reached. ``--files`` takes ``.txt`` or ``.jsonl`` files (``text`` field) instead.

Two hostile inputs follow: one 10 MB line (a seed sentence with quotes, repeated without a
newline) and one paragraph of 100,000 unmatched “ marks. Each is run at doubling sizes up
to its full size; the next size is skipped when the growth seen so far says it would blow
the time budget, so a super-linear stage shows up as falling MB/s without a long wait.

The limit is one ``regex.finditer`` over the same text counting quote marks: no
extractor that reads every character can beat it.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import regex

import quoteattr

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
EVAL = REPO.parent / "shared" / "eval"
EVAL_FILES = ("ggt_dev.jsonl", "polnear_dev.jsonl")

MB = 1_000_000
ARTICLE_BYTES = (3_000, 5_000)
MEMORY_SAMPLE = 100  # articles traced for the Python allocation peak (tracemalloc is slow)
MARKS = regex.compile(r"[\"“”„«»‘’‚‹›']")
SENTENCE = 'President Putin said, "The Kyiv regime’s adventure has completely failed." '
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    sources = args.files or _default_sources()
    paragraphs = list(_paragraphs(sources))
    if not paragraphs:
        print("no paragraphs to build a corpus from", file=sys.stderr)
        return 1
    corpus = _corpus(paragraphs, int(args.mb * MB), random.Random(args.seed))
    print(f"corpus: {len(paragraphs)} paragraphs from {len(sources)} files, "
          f"seed {args.seed}; one core; MB = 10**6 bytes of UTF-8")
    print()
    _corpus_table(corpus)
    print()
    _hostile_table(args.budget)
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--files", type=Path, nargs="+", metavar="PATH",
                        help=".txt or .jsonl files to take paragraphs from "
                             "(default: seeds/ and ../shared/eval/ where present)")
    parser.add_argument("--seed", type=int, default=20250426, help="random seed")
    parser.add_argument("--budget", type=float, default=8.0,
                        help="seconds each hostile input may take over all its sizes (default 8)")
    args = parser.parse_args(argv)
    if args.mb <= 0:
        parser.error("--mb must be positive")
    return args


# --- corpus --------------------------------------------------------------------------------


def _default_sources() -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    return seeds + [EVAL / name for name in EVAL_FILES if (EVAL / name).is_file()]


def _texts(path: Path) -> Iterator[str]:
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    text = json.loads(line).get("text")
                    if isinstance(text, str):
                        yield text
        return
    text = path.read_text(encoding="utf-8")
    # The seed headers and bylines are metadata, not paragraphs to repeat.
    article = quoteattr.parse_article(text, path.stem)
    yield text[article.body_start:article.body_end]


def _paragraphs(paths: Iterable[Path]) -> Iterator[str]:
    for path in paths:
        for text in _texts(path):
            for line in text.splitlines():
                line = line.strip()
                if _HAS_WORD.search(line):
                    yield line


def _corpus(paragraphs: list[str], total: int, rng: random.Random) -> list[str]:
    """Articles of 3-5 KB of shuffled paragraphs, ``total`` bytes in all."""
    articles: list[str] = []
    pool: list[str] = []
    size = 0
    while size < total:
        target = rng.randint(*ARTICLE_BYTES)
        parts: list[str] = []
        length = 0
        while length < target:
            if not pool:  # every paragraph once before any comes again
                pool = paragraphs[:]
                rng.shuffle(pool)
            paragraph = pool.pop()
            parts.append(paragraph)
            length += len(paragraph.encode("utf-8")) + 2
        article = "\n\n".join(parts) + "\n"
        articles.append(article)
        size += len(article.encode("utf-8"))
    return articles


# --- measuring -----------------------------------------------------------------------------


def _timed(work: Callable[[], int]) -> tuple[float, int]:
    gc.collect()
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


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


def _size_mb(articles: Iterable[str]) -> float:
    return sum(len(text.encode("utf-8")) for text in articles) / MB


def _rate(amount: float, seconds: float) -> str:
    return f"{amount / seconds:,.2f}" if seconds > 0 else "inf"


def _corpus_table(corpus: list[str]) -> None:
    mb = _size_mb(corpus)
    quoteattr.extract(corpus[0])  # load the word lists outside the timing
    seconds, quotes = _timed(lambda: _extract_all(corpus))
    limit_seconds, marks = _timed(lambda: _count_marks(corpus))
    peak = _traced_peak(corpus[:MEMORY_SAMPLE])
    print(f"{'':9} {'MB':>6} {'articles':>8} {'seconds':>8} {'MB/s':>8} {'articles/s':>10} "
          f"{'found':>8}")
    print(f"{'extract':9} {mb:6.2f} {len(corpus):8d} {seconds:8.2f} {_rate(mb, seconds):>8} "
          f"{_rate(len(corpus), seconds):>10} {quotes:8d} quotes")
    print(f"{'limit':9} {mb:6.2f} {len(corpus):8d} {limit_seconds:8.2f} "
          f"{_rate(mb, limit_seconds):>8} {_rate(len(corpus), limit_seconds):>10} "
          f"{marks:8d} marks")
    print(f"extract is {limit_seconds / seconds:.4f} of the limit's speed" if seconds > 0 else "")
    print(f"peak memory: Python allocations {peak / MB:.2f} MB for one article "
          f"(tracemalloc, largest over {min(len(corpus), MEMORY_SAMPLE)} articles); "
          f"process max RSS {_maxrss_mb():.1f} MB")


# --- hostile inputs ------------------------------------------------------------------------


def _single_line(chars: int) -> str:
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars].rstrip()


def _unmatched_marks(count: int) -> str:
    return "He said “" + "“" * (count - 1) + " and left."


def _unmatched_marks_words(count: int) -> str:
    return "He said " + "“word " * count + "and left."


HOSTILE: tuple[tuple[str, Callable[[int], str], int], ...] = (
    ("10 MB single line", _single_line, 10 * MB),
    ("100k unmatched “", _unmatched_marks, 100_000),
    ("100k “ with words", _unmatched_marks_words, 100_000),
)


def _sizes(full: int) -> list[int]:
    sizes = [full]
    while sizes[-1] > full // 64:
        sizes.append(sizes[-1] // 2)
    return sizes[::-1]


def _hostile_table(budget: float) -> None:
    print(f"{'input':20} {'size':>10} {'MB':>7} {'seconds':>8} {'MB/s':>8} {'limit MB/s':>10} "
          f"{'quotes':>7} {'max RSS MB':>10}")
    for name, make, full in HOSTILE:
        spent = 0.0
        last: tuple[int, float] | None = None  # (size, seconds) of the size before
        growth = 2.0
        for size in _sizes(full):
            if last is not None:
                predicted = last[1] * growth  # sizes double
                if spent + predicted > budget:
                    print(f"{name:20} {size:>10,} skipped: would take ~{predicted:,.0f} s "
                          f"(time grew {growth:.1f}x when the size doubled)")
                    break
            text = make(size)
            mb = len(text.encode("utf-8")) / MB
            try:
                seconds, quotes = _timed(lambda text=text: len(quoteattr.extract(text)))
            except Exception as error:  # report and go on: the other inputs still tell
                print(f"{name:20} {size:>10,} {mb:7.2f} error: {type(error).__name__}: {error}")
                break
            limit_seconds, _ = _timed(lambda text=text: _count_marks([text]))
            print(f"{name:20} {size:>10,} {mb:7.2f} {seconds:8.2f} {_rate(mb, seconds):>8} "
                  f"{_rate(mb, limit_seconds):>10} {quotes:7d} {_maxrss_mb():10.1f}")
            spent += seconds
            if last is not None and last[1] > 0.05:  # shorter runs are too noisy to extrapolate
                growth = max(2.0, seconds / last[1])
            last = (size, seconds)


if __name__ == "__main__":
    sys.exit(main())
