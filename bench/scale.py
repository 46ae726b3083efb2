"""Throughput of quoteattr on Dask: extraction with 1 and 2 worker processes, and linking
synthetic quotes on the workers against single-process linking.

    python bench/scale.py [--articles N] [--quotes N] [--quick]

**Extraction.** A corpus of N articles (default 2,000) is made of the seed articles and, where
they exist, the articles of ``../shared/eval/*_dev.jsonl`` (read at run time, never stored),
repeated under new ids. It is extracted (quotes found and attributed; nothing stored) on a
``LocalCluster`` of 1 and then 2 worker processes with one thread each, and once in this
process without Dask. ``articles/s`` and ``quotes/s`` count from submission to the last result
back on the client (cluster start-up aside); ``ms/article`` is worker time per article.

**Linking.** N synthetic quotes (default 1,000,000; ``bench/link.py`` builds them, news
order) are linked by ``quoteattr.linking.link`` in a fresh process, and by
``quoteattr.dask.link_units`` on 2 worker processes: pairs scored on the workers, the
decisions made on the client. Both must give the same clusters (checked). ``peak MB`` is
the maximum resident set of each process: the client's (corpus included) and each worker's.

``--quick``: 300 articles and 50,000 quotes, for a check in about a minute.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import dask.bag
import distributed

sys.path.insert(0, str(Path(__file__).resolve().parent))
import link as link_bench  # bench/link.py: its corpus of synthetic quotes

from quoteattr import dask as on_dask
from quoteattr.articles import parse_article
from quoteattr.linking import Linker, Unit, link
from quoteattr.model import Article
from quoteattr.pipeline import extract_article

MB = 1_000_000
SEED = 20250426


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2_000, metavar="N")
    parser.add_argument("--quotes", type=int, default=1_000_000, metavar="N")
    parser.add_argument("--quick", action="store_true",
                        help="300 articles and 50,000 quotes")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(_link_single(args.child)))
        return 0
    if args.quick:
        args.articles, args.quotes = 300, 50_000
    articles = _corpus(args.articles)
    chars = sum(len(a.text) for a in articles)
    print(f"scale benchmark: {len(articles):,} articles ({chars / len(articles):,.0f} "
          f"characters on average), {args.quotes:,} synthetic quotes; MB = 10**6 bytes")
    print()
    print("extraction (quotes found and attributed, nothing stored)")
    print(f"{'workers':>12} {'seconds':>8} {'articles/s':>11} {'quotes/s':>9} "
          f"{'ms/article':>11} {'speed-up':>9}")
    base = _extract_here(articles)
    _row("this process", base, base)
    for workers in (1, 2):
        with _cluster(workers) as client:
            _row(f"{workers} process{'es' if workers > 1 else ''}",
                 _extract_on(client, articles, workers), base)
    print()
    print(f"linking {args.quotes:,} synthetic quotes (bench/link.py, news order)")
    single = _child(args.quotes)
    print(f"{'single process':>24} {single['seconds']:8.1f} s  peak MB {single['peak_mb']:,.0f}"
          f"  clusters {single['clusters']:,}")
    rows = _synthetic(args.quotes)
    units = [Unit(f"u{i}", text, speaker) for i, (text, speaker) in enumerate(rows)]
    with _cluster(2) as client:
        began = time.perf_counter()
        pairs = on_dask.score_pairs(units, client=client)
        scored = time.perf_counter() - began
        linker = Linker(pairs=pairs)  # what link_units does, timed in two parts
        linker.add(units)
        clusters = linker.clusters()
        seconds = time.perf_counter() - began
        workers = sorted(client.run(_peak_mb).values())
    same = [len(c.units) for c in clusters] == single["sizes"]
    print(f"{'2 worker processes':>24} {seconds:8.1f} s  (pairs scored on the workers "
          f"{scored:.1f} s, decisions on the client {seconds - scored:.1f} s)")
    print(f"{'':>24} client peak MB {_peak_mb():,.0f}, worker peak MB "
          f"{', '.join(f'{mb:,.0f}' for mb in workers)}; {len(pairs):,} pairs scored on "
          f"the workers, {linker.unscored:,} on the client; same clusters: "
          f"{'yes' if same else 'NO'}")
    return 0 if same else 1


def _row(label: str, run: dict[str, float], base: dict[str, float]) -> None:
    print(f"{label:>12} {run['seconds']:8.2f} {run['articles'] / run['seconds']:11.1f} "
          f"{run['quotes'] / run['seconds']:9.0f} {run['ms_per_article']:11.2f} "
          f"{base['seconds'] / run['seconds']:8.2f}x", flush=True)


def _corpus(size: int) -> list[Article]:
    """``size`` articles: the seeds and the eval articles, repeated under new ids."""
    texts = [text for _, text in link_bench._articles()]
    return [parse_article(texts[i % len(texts)], f"a{i}") for i in range(size)]


def _extract_here(articles: list[Article]) -> dict[str, float]:
    began = time.perf_counter()
    quotes = sum(len(extract_article(a)) for a in articles)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "articles": len(articles), "quotes": quotes,
            "ms_per_article": seconds / len(articles) * 1000}


def _extract_on(client: distributed.Client, articles: list[Article],
                workers: int) -> dict[str, float]:
    bag = dask.bag.from_sequence(articles, npartitions=8 * workers)
    parts = on_dask.extract_bag(bag).to_delayed()
    client.run(_warm)  # word lists loaded: the rate of steady work, not of start-up
    began = time.perf_counter()
    results = client.gather(client.compute(parts))
    seconds = time.perf_counter() - began
    quotes = sum(len(q) for [part] in results for _, q in part.extracted)
    return {"seconds": seconds, "articles": len(articles), "quotes": quotes,
            "ms_per_article": seconds * workers / len(articles) * 1000}


def _warm() -> None:
    extract_article(parse_article("“It has failed,” Putin said.", "warm"))


def _cluster(workers: int) -> Any:
    return on_dask.local_client(workers)


def _synthetic(size: int) -> list[tuple[str, str | None]]:
    corpus = link_bench.Corpus(link_bench._real_quotes(), random.Random(f"{SEED}/{size}"))
    return [(text, speaker) for text, speaker, _, _ in corpus.build(size, "news")]


def _link_single(size: int) -> dict[str, Any]:
    units = [Unit(f"u{i}", text, speaker) for i, (text, speaker) in enumerate(_synthetic(size))]
    began = time.perf_counter()
    clusters = link(units)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "peak_mb": _peak_mb(), "clusters": len(clusters),
            "sizes": [len(c.units) for c in clusters]}


def _child(size: int) -> dict[str, Any]:
    """Single-process linking in a fresh process, so that its peak memory is its own."""
    done = subprocess.run([sys.executable, __file__, "--child", str(size)],
                          capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # KiB on Linux


if __name__ == "__main__":
    sys.exit(main())
