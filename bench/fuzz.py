"""Fuzz ``quoteattr.extract`` and ``QuoteIndex.ingest`` with generated hostile documents.

    python bench/fuzz.py [--n 10000] [--seed 0] [--batch 50] [--big] [--surrogates]

A seeded ``random.Random`` builds ``--n`` documents, each mixing some of: arbitrary Unicode,
binary junk decoded with ``errors="replace"``, random quote marks, control characters,
right-to-left text, deeply nested quotes, long lists of names, cue verbs and pieces of the
seed articles. Once per run come a paragraph of 100,000 unmatched “ marks and (with
``--big``) one 10 MB line. Every document goes through ``extract``; in batches of
``--batch`` they are also ingested (as articles made with ``parse_article``) into an index
in a temporary folder (a fresh file per batch unless ``--per-file``), for documents of at
most ``--ingest-max`` characters (default: all of them).

Printed: documents, exceptions (with the first tracebacks) and offset violations: a quote,
fragment, attribution mention or cue whose ``text[start:end]`` is not its text, or a stored
quote whose offsets do not give back its text, or an article stored with another number of
quotes than ``extract`` gives. The exit status is 1 when either count is not 0.

Lone surrogates (``"\\udc80"``, which a JSON ``\\u`` escape can produce) are left out
unless ``--surrogates`` is given: see docs/reliability.md for what they do to the index.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from random import Random

import quoteattr
from quoteattr.index import QuoteIndex
from quoteattr.model import Article, Quote

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
MARKS = [*"\"“”„‟«»‘’‚‛‹›'`「」『』〝〞＂", "''", "``", "\u201c\u201c", "»«"]
WORDS = ["said", "says", "told", "added", "according to", "that", "he", "she", "they",
         "Putin", "Gerasimov", "the statement", "We will win", "farce", "don't", "U.S.",
         "Gov.", "I", "it’s", "’90s", "the ministry", "President", "spokesman", "warned"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ", ", ". ", ": ", " — ", "(", ")", "…", "-"]
CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u2028", "\u2029", "\r\n",
                                             "\ufeff", "\u200b", "\u00ad", "\ufffd"]
RTL = ["אמר", "היא אמרה", "שלום", "قال", "وقالت الوزارة", "سلام", "״", "\u200f", "\u200e",
       "\u061c", "\u202b", "\u202e", "\u202c", "\u2067", "\u2068", "\u2069", "«سنفوز»"]
FIRST = ["Vladimir", "Anna", "Olena", "John", "Maria", "Pierre", "Li", "Ahmed", "Dr.", "Gen."]
LAST = ["Putin", "Kowalski", "Shevchenko", "Smith", "Garcia", "Dubois", "Wei", "Hassan",
        "O'Neill", "al-Assad", "van der Berg"]


def _codepoint(rng: Random, surrogates: bool) -> str:
    while True:
        c = rng.choice((rng.randrange(0x80), rng.randrange(0x800), rng.randrange(0x10000),
                        rng.randrange(0x110000)))
        if surrogates or not 0xD800 <= c < 0xE000:
            return chr(c)


def _unicode(rng: Random, surrogates: bool) -> str:
    return "".join(_codepoint(rng, surrogates) for _ in range(rng.randrange(200)))


def _junk(rng: Random, surrogates: bool) -> str:
    return rng.randbytes(rng.randrange(300)).decode("utf-8", errors="replace")


def _marks(rng: Random, surrogates: bool) -> str:
    pool = MARKS + WORDS + SEPARATORS
    return "".join(rng.choice(pool) for _ in range(rng.randrange(80)))


def _controls(rng: Random, surrogates: bool) -> str:
    pool = CONTROLS + MARKS + WORDS
    return "".join(rng.choice(pool) for _ in range(rng.randrange(80)))


def _rtl(rng: Random, surrogates: bool) -> str:
    pool = RTL + MARKS + SEPARATORS
    return " ".join(rng.choice(pool) for _ in range(rng.randrange(60)))


def _nested(rng: Random, surrogates: bool) -> str:
    depth = rng.choice((3, 10, 100, 1000))
    openers, closers = [], []
    for _ in range(depth):
        o, c = rng.choice((("“", "”"), ("‘", "’"), ('"', '"'), ("«", "»"), ("'", "'")))
        openers.append(o + rng.choice(WORDS) + " ")
        closers.append(" " + rng.choice(WORDS) + c)
    if rng.random() < 0.3:  # some left open
        closers = closers[: rng.randrange(depth)]
    return rng.choice(WORDS) + " " + "".join(openers) + "".join(reversed(closers)) + "."


def _names(rng: Random, surrogates: bool) -> str:
    count = rng.choice((10, 100, 1000, 3000))
    names = ", ".join(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(count))
    return f"{names} said: “{rng.choice(WORDS)} {rng.choice(WORDS)}.”"


def _cues(rng: Random, surrogates: bool) -> str:
    return "“We will win,” " + " ".join(rng.choice(WORDS) for _ in range(rng.randrange(500)))


def _seed(rng: Random, surrogates: bool) -> str:
    text = rng.choice(SEED_TEXTS)
    a, b = sorted(rng.randrange(len(text) + 1) for _ in range(2))
    return text[a:b]


PARTS = (_unicode, _junk, _marks, _controls, _rtl, _nested, _names, _cues, _seed)


def documents(n: int, seed: int, *, big: bool, surrogates: bool) -> Iterator[tuple[str, str]]:
    """``n`` (kind, text) pairs; the hostile sizes come first so they run once."""
    rng = Random(seed)
    yield "100k unmatched “", "He said " + "“word " * 100_000 + "and left."
    if big:
        sentence = 'President Putin said, "The Kyiv regime’s adventure has failed." '
        yield "10 MB line", sentence * (10_000_000 // len(sentence) + 1)
    for _ in range(n - 1 - big):
        parts = rng.choices(PARTS, k=rng.randrange(1, 5))
        glue = rng.choice(SEPARATORS)
        yield "+".join(p.__name__[1:] for p in parts), glue.join(
            p(rng, surrogates) for p in parts)


def offset_violations(text: str, quotes: list[Quote]) -> list[str]:
    bad: list[str] = []
    for q in quotes:
        spans = [("quote", q), *(("fragment", f) for f in q.fragments)]
        if q.cue is not None:
            spans.append(("cue", q.cue))
        if q.attribution is not None:
            if q.attribution.mention is not None:
                spans.append(("mention", q.attribution.mention))
            if q.attribution.cue is not None:
                spans.append(("cue", q.attribution.cue))
        for what, span in spans:
            if not 0 <= span.start <= span.end <= len(text) or \
                    text[span.start:span.end] != span.text:
                bad.append(f"{q.id} {what} {span.start}:{span.end} {span.text[:40]!r}")
    return bad


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_stored(path: Path, texts: dict[str, str], counts: dict[str, int]) -> list[str]:
    """Stored quotes keep their offsets, and each article has as many as extract gave."""
    bad: list[str] = []
    db = sqlite3.connect(path)
    try:
        stored: dict[str, int] = dict.fromkeys(texts, 0)
        rows = db.execute('SELECT article_id, quote_id, start, "end", text FROM quotes')
        for article_id, quote_id, start, end, quote in rows:
            stored[article_id] = stored.get(article_id, 0) + 1
            # The index stores a lone surrogate as U+FFFD, one character for one.
            if _SURROGATE.sub("\ufffd", texts[article_id][start:end]) != quote:
                bad.append(f"stored {article_id}#{quote_id} {start}:{end}")
        bad += [f"stored {a}: {stored[a]} quotes, extract gives {counts[a]}"
                for a in texts if stored[a] != counts[a]]
    finally:
        db.close()
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=50, help="articles per ingest")
    parser.add_argument("--big", action="store_true", help="add one 10 MB line")
    parser.add_argument("--surrogates", action="store_true", help="allow lone surrogates")
    parser.add_argument("--per-file", type=int, default=1, help="batches per index file")
    parser.add_argument("--ingest-max", type=int, default=100_000_000,
                        help="ingest only documents of at most this many characters")
    parser.add_argument("--show", type=int, default=3, help="tracebacks to print")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    total = 0
    errors: list[tuple[str, str, str]] = []  # (where, kind, traceback)
    violations: list[str] = []
    batch: list[tuple[Article, int]] = []
    batches = 0
    with tempfile.TemporaryDirectory() as folder:
        index_path = Path(folder) / "fuzz0.sqlite"

        def flush() -> None:
            nonlocal batches, index_path
            if not batch:
                return
            if batches % args.per_file == 0:
                index_path = Path(folder) / f"fuzz{batches}.sqlite"
            batches += 1
            try:
                with QuoteIndex(index_path) as index:
                    index.ingest([a for a, _ in batch], progress=False)
                violations.extend(check_stored(
                    index_path, {a.id: a.text for a, _ in batch},
                    {a.id: count for a, count in batch}))
            except Exception:
                errors.append(("ingest", f"batch of {len(batch)}", traceback.format_exc()))
            batch.clear()

        for kind, text in documents(args.n, args.seed, big=args.big,
                                    surrogates=args.surrogates):
            total += 1
            try:
                quotes = quoteattr.extract(text)
            except Exception:
                errors.append(("extract", kind, traceback.format_exc()))
                continue
            violations += [f"doc {total} ({kind}): {v}" for v in offset_violations(text, quotes)]
            if len(text) > args.ingest_max:
                continue
            batch.append((quoteattr.parse_article(text, f"d{total}"), len(quotes)))
            if len(batch) >= args.batch:
                flush()
            if total % 1000 == 0:
                print(f"  {total} documents, {time.perf_counter() - start:.0f} s",
                      file=sys.stderr, flush=True)
        flush()
    seconds = time.perf_counter() - start

    print(f"documents:         {total} ({batches} ingest batches)")
    print(f"exceptions:        {len(errors)}")
    for where, kind, trace in errors[: args.show]:
        print(f"--- {where} ({kind}) ---\n{trace}")
    print(f"offset violations: {len(violations)}")
    for line in violations[:10]:
        print(f"  {line}")
    print(f"time:              {seconds:.1f} s")
    return 1 if errors or violations else 0


if __name__ == "__main__":
    sys.exit(main())
