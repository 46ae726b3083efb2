"""The quote index as a site, at scale: page sizes and render times in headless Chromium.

    python bench/site.py [--articles 2000 10000] [--out FOLDER] [--seed S] [--single]

For each size, a synthetic corpus is made from the seed articles: each article joins a few
of their paragraphs (shuffled) with two to four quoted remarks of its own, drawn with a
long tail from a pool of invented remarks and speakers (so some remarks are reported
hundreds of times, cut to a fragment now and then, and most speakers are quoted once or
twice), a date over three months (one article in ten undated), one of 24 outlets, a title
and a URL. The corpus is indexed with the rules backend, exported with
``export_data(context=True)`` and written with ``build_site``; the figures printed are the
time of each step, the number of pages, their total and largest sizes, and how long
Chromium takes to load and lay out the overview and the largest page (``--dump-dom``, the
median of three runs, beside that of an empty page: Chromium's start-up). ``--single``
also writes and times the single page of ``quoteattr.render`` for comparison.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quoteattr.articles import parse_article
from quoteattr.index import QuoteIndex
from quoteattr.model import Article
from quoteattr.render import to_html
from quoteattr.site import build_site

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIRST = ["Anna", "Boris", "Clara", "David", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas",
         "Katya", "Lars", "Maria", "Nikolai", "Olga", "Pavel", "Rosa", "Stefan", "Tamara",
         "Viktor"]
LAST = ["Abrams", "Bauer", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova",
        "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn",
        "Romero", "Schmidt", "Tanaka", "Ulrich", "Varga", "Weber", "Yilmaz", "Zoric"]
ROLES = ["the defence minister", "a government spokesman", "the regional governor",
         "an army commander", "the foreign minister", "a senior official"]
WORDS = ("troops village border region talks ceasefire offensive support allies front line "
         "losses operation security peace deal sanctions weapons drones attack defence "
         "negotiations forces reconstruction aid civilians shelling advance retreat").split()
OUTLETS = [f"{name} {kind}" for name in ("Northern", "Daily", "Evening", "Global", "City",
                                          "National") for kind in ("Post", "Times", "Herald",
                                                                   "Wire")]


def _remark(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return f"The {' '.join(words)} will not change our course"


def corpus(size: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    paragraphs = [p.strip() for path in sorted(SEEDS.glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n")
                  if len(p.strip()) > 80 and not p.lstrip().startswith("date ")]
    speakers = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(size // 4)]
    remarks = [_remark(rng) for _ in range(size)]
    articles = []
    for number in range(size):
        parts = rng.sample(paragraphs, rng.randint(3, 6))
        for _ in range(rng.randint(2, 4)):
            # a long tail: a few remarks and speakers come back again and again
            index = int(len(remarks) * rng.random() ** 3)
            who = speakers[index % len(speakers)]
            words = remarks[index]
            if rng.random() < 0.2:  # a fragment, quoted inside reported speech
                cut = words.split()
                parts.append(f"{who}, {rng.choice(ROLES)}, said the allies would see "
                             f"“{' '.join(cut[2:6])}” soon.")
            else:
                parts.append(f"“{words},” {who}, {rng.choice(ROLES)}, told reporters.")
        rng.shuffle(parts)
        day = rng.randint(0, 89)
        date = None if rng.random() < 0.1 else f"2025-{4 + day // 30:02d}-{1 + day % 30:02d}"
        text = "\n\n".join(parts)
        article = parse_article(text, f"syn{number:05d}")
        articles.append(Article(
            article.id, text, date=date, source=rng.choice(OUTLETS),
            body_start=article.body_start, body_end=article.body_end,
            title=f"Report {number}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
            url=f"https://news.example/{number}"))
    return articles


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def render_seconds(binary: str, page: Path, profile: Path, runs: int = 3
                   ) -> tuple[float, float]:
    """Median seconds for Chromium to load, lay out and dump ``page``, and for an empty
    page (its start-up, which the first figure includes)."""

    def once(target: str) -> float:
        start = time.perf_counter()
        subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                        "--dump-dom", target], capture_output=True, check=True, timeout=300)
        return time.perf_counter() - start

    empty = statistics.median(once("about:blank") for _ in range(runs))
    return statistics.median(once(page.as_uri()) for _ in range(runs)), empty


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--out", type=Path, default=None,
                        help="keep the sites here (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--single", action="store_true",
                        help="also write and time the single HTML page")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="quoteattr-site-"))
    work.mkdir(parents=True, exist_ok=True)
    binary = _chromium()
    for size in args.articles:
        start = time.perf_counter()
        articles = corpus(size, args.seed)
        made = time.perf_counter() - start
        db = work / f"corpus-{size}.sqlite"
        db.unlink(missing_ok=True)
        with QuoteIndex(db) as index:
            start = time.perf_counter()
            report = index.ingest(articles, progress=False)
            indexed = time.perf_counter() - start
            start = time.perf_counter()
            data = index.export_data(context=True)
            exported = time.perf_counter() - start
        folder = work / f"site-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        written = build_site(data, folder)
        built = time.perf_counter() - start
        pages = [p for p in written if p.suffix == ".html"]
        sizes = sorted(((p.stat().st_size, p.name) for p in pages), reverse=True)
        print(f"{size:,} articles (made in {made:.1f} s): {report}")
        print(f"  index {indexed:.1f} s, export {exported:.1f} s, site {built:.1f} s: "
              f"{len(pages):,} pages, {sum(s for s, _ in sizes) / 1e6:.1f} MB in all, "
              f"largest {sizes[0][1]} {sizes[0][0] / 1e6:.2f} MB, overview "
              f"{(folder / 'index.html').stat().st_size / 1e3:.0f} kB")
        print("  largest pages: " + ", ".join(f"{n} {s / 1e3:.0f} kB" for s, n in sizes[:5]))
        if binary is None:
            print("  (no Chromium: render times not measured)")
            continue
        profile = work / "profile"
        for name in ("index.html", sizes[0][1]):
            seconds, empty = render_seconds(binary, folder / name, profile)
            print(f"  Chromium: {name} loaded and laid out in {seconds:.2f} s (an empty "
                  f"page: {empty:.2f} s)")
        if args.single:
            single = work / f"single-{size}.html"
            start = time.perf_counter()
            single.write_text(to_html(data), encoding="utf-8")
            written_in = time.perf_counter() - start
            seconds, empty = render_seconds(binary, single, profile)
            print(f"  single page: {single.stat().st_size / 1e6:.1f} MB written in "
                  f"{written_in:.1f} s, loaded in {seconds:.2f} s (an empty page: "
                  f"{empty:.2f} s)")
    print(f"sites in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
