"""Time per MB of ``quoteattr.extract`` on adversarial inputs, beside ordinary news text.

    python bench/pathological.py [--mb 1.0] [--profile]

Every input is built to about ``--mb`` megabytes (10**6 bytes of UTF-8; default 1): ordinary
news text (paragraphs of the seed articles, repeated), 100k unmatched “ and ", one line with
no newline, control characters, quotes nested 10k deep, 100k names, 100k cue verbs in one
sentence, right-to-left text, and a quote-dense document (``“Yes,” he said.``); the "100k"
counts are at 1 MB and scale with ``--mb``.

Each prints seconds per MB and the ratio to ordinary text; ``x2``, the time at the full size
over the time at half of it (each the best of two runs), which says whether time grows
linearly (2.0) or faster; and the cost per quote found, beside ordinary text's. Flagged: a
ratio above 3 (the quote-dense input is held to its cost per quote instead: over 3x an
ordinary quote's), a doubling above 2.5 (noise allowed for); with ``--profile`` the functions
that dominate a flagged input under cProfile are printed, so the slow stage can be found.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import quoteattr

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LIMIT = 3.0
DOUBLING_LIMIT = 2.5  # linear time doubles; allow for noise on a shared machine


def _fill(unit: str, size: int, sep: str = "") -> str:
    """``unit`` repeated (joined by ``sep``) until ``size`` bytes of UTF-8."""
    per = len((unit + sep).encode("utf-8"))
    return sep.join([unit] * max(1, size // per))


def ordinary(size: int) -> str:
    paragraphs: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = quoteattr.parse_article(path.read_text(encoding="utf-8"), path.stem)
        body = article.text[article.body_start:article.body_end]
        paragraphs += [p for p in body.split("\n\n") if p.strip()]
    rng = random.Random(0)
    out: list[str] = []
    total = 0
    while total < size:
        p = rng.choice(paragraphs)
        out.append(p)
        total += len(p.encode("utf-8")) + 2
    return "\n\n".join(out)


def _rtl(size: int) -> str:
    unit = "\u202bقال الوزير «سنفوز» \u202c وقالت الوزارة إن ״שלום״ אמר הוא \u200f"
    return _fill(unit, size, " ")


def _names(size: int) -> str:
    firsts = ["Vladimir", "Anna", "Olena", "John", "Maria", "Pierre", "Li", "Ahmed"]
    lasts = ["Putin", "Kowalski", "Shevchenko", "Smith", "Garcia", "Dubois", "Wei", "Hassan"]
    rng = random.Random(1)
    names = [f"{rng.choice(firsts)} {rng.choice(lasts)}{i}" for i in range(size // 10)]
    return "Present were " + ", ".join(names) + '. "We agree," they said.'


INPUTS: dict[str, Callable[[int], str]] = {
    "ordinary news": ordinary,
    "100k unmatched “": lambda size: "He said " + "“word " * (size // 10) + "and left.",
    '100k unmatched "': lambda size: "He said " + '"word ' * (size // 10) + "and left.",
    "one line, no newline": lambda size: ordinary(size).replace("\n", " "),
    "control characters": lambda size: "".join(
        random.Random(2).choice(["\x00", "\x07", "\x1b", "\x0b", "\x0c", "\r", "\x85",
                                 "\u2028", "“", "said ", "Putin ", "\x7f", " ", "."])
        for _ in range(size // 3)),
    "nested quotes 10k deep": lambda size: _fill(
        "He said " + "“a ‘b " * 5_000 + "x" + "’ c” " * 5_000 + ".", size, "\n\n"),
    "100k names": _names,
    "100k cue verbs, one sentence": lambda size: "“We will win,” "
    + "said told added " * (size // 30) + "Putin.",
    "right-to-left text": _rtl,
    "100k “Yes,” he said.": lambda size: " ".join(["“Yes,” he said."] * (size // 10)),
}


QUOTE_DENSE = frozenset({"100k “Yes,” he said."})  # the inputs whose cost per quote counts


def timed(text: str) -> tuple[float, int]:
    """Seconds to extract ``text`` (the best of two runs) and the quotes found."""
    best = float("inf")
    found = 0
    for _ in range(2):
        start = time.perf_counter()
        found = len(quoteattr.extract(text))
        best = min(best, time.perf_counter() - start)
    return best, found


def profile_hint(text: str, lines: int = 8) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    quoteattr.extract(text)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each input in MB")
    parser.add_argument("--profile", action="store_true", help="cProfile every input over 3x")
    args = parser.parse_args(argv)
    size = int(args.mb * 1_000_000)
    quoteattr.extract("“Warm,” he said.")  # word lists load outside the timing
    print(f"{'input':32} {'MB':>6} {'s':>8} {'s/MB':>8} {'ratio':>6} {'x2':>5} "
          f"{'quotes':>7} {'ms/quote':>8}")
    base: float | None = None
    base_quote: float | None = None
    slow: list[tuple[str, str]] = []
    for name, build in INPUTS.items():
        text = build(size)
        half, _ = timed(build(size // 2))
        mb = len(text.encode("utf-8")) / 1e6
        seconds, quotes = timed(text)
        per_mb = seconds / mb
        per_quote = 1000 * seconds / quotes if quotes else None
        if base is None:
            base, base_quote = per_mb, per_quote
        ratio = per_mb / base
        doubling = seconds / half if half > 0 else 0.0
        flags = [label for label, over in (
            ("over 3x per MB", ratio > LIMIT and name not in QUOTE_DENSE),
            ("super-linear", doubling > DOUBLING_LIMIT and seconds > 0.2),
            ("over 3x per quote", name in QUOTE_DENSE and per_quote is not None
             and base_quote is not None and per_quote > LIMIT * base_quote)) if over]
        quote_cost = f"{per_quote:8.3f}" if per_quote is not None else f"{'-':>8}"
        flag = f"  <-- {', '.join(flags)}" if flags else ""
        print(f"{name:32} {mb:6.2f} {seconds:8.2f} {per_mb:8.2f} {ratio:6.2f} {doubling:5.2f} "
              f"{quotes:7d} {quote_cost}{flag}", flush=True)
        if flags:
            slow.append((name, text))
    for name, text in slow:
        if args.profile:
            print(f"\n--- profile of {name} ---\n{profile_hint(text)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
