"""Throughput of ``extract`` on one core, beside the speed of one regex pass.

    python bench/extract.py [--mb 5] [--seed 0]

Builds a corpus of news-sized articles (3–5 KB) from paragraphs of the seed articles and,
where they exist, of the texts in ../shared/eval/ (read at run time, never copied), runs
``quoteattr.extract`` on every article, and prints MB/s, articles/s, quotes found and peak
memory; then the same for a single ``regex`` pass that counts quote marks over the same text
(the limit no extractor can beat), and for two adversarial inputs: one 10 MB line and
100,000 unmatched quote marks.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import regex

import quoteattr

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
MARKS = regex.compile(r"[\"“”„«»‘’‚‹›']")


def paragraphs() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in ("ggt_dev.jsonl", "polnear_dev.jsonl"):
        path = EVAL / name
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    return [p.strip() for text in texts for p in text.split("\n") if len(p.strip()) > 40]


def corpus(megabytes: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = paragraphs()
    articles, size = [], 0
    while size < megabytes * 1e6:
        target = rng.randint(3000, 5000)
        chosen: list[str] = []
        while sum(len(p) for p in chosen) < target:
            chosen.append(rng.choice(pool))
        article = "\n\n".join(chosen)
        articles.append(article)
        size += len(article.encode("utf-8"))
    return articles


def measure(name: str, texts: list[str], run: Callable[[str], int]) -> None:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tracemalloc.start()
    start = time.perf_counter()
    found = sum(run(text) for text in texts)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:<28} {megabytes:>7.2f} {len(texts):>8} {seconds:>8.2f} "
          f"{megabytes / seconds:>7.2f} {len(texts) / seconds:>9.0f} {found:>8} "
          f"{peak / 1e6:>8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    texts = corpus(args.mb, args.seed)
    quoteattr.extract(texts[0])  # load the word lists before timing

    print(f"{'run':<28} {'MB':>7} {'articles':>8} {'seconds':>8} {'MB/s':>7} "
          f"{'art/s':>9} {'found':>8} {'peak MB':>8}")
    measure("extract (with speakers)", texts, lambda t: len(quoteattr.extract(t)))
    measure("regex pass over marks", texts, lambda t: sum(1 for _ in MARKS.finditer(t)))
    line = (" ".join(texts) .replace("\n", " "))
    line = (line * (1 + 10_000_000 // max(1, len(line))))[:10_000_000]
    measure("one 10 MB line", [line], lambda t: len(quoteattr.extract(t)))
    measure("100k unmatched “ marks", ["He said “ that " * 100_000],
            lambda t: len(quoteattr.extract(t)))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmax resident set size of the process: {rss:.0f} MB "
          "(peak MB above: Python allocations during each run, tracemalloc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
