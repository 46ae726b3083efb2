"""Command line: ``python -m quoteattr extract PATH... [--backend rules|stanza]``.

Output is JSON Lines on standard output, one line per article in input order, as fixed
by the contract in DESIGN.md. Articles that cannot be read are reported on standard
error with their file and line; the others are still processed, and the exit status
is 1 when any article failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from quoteattr.annotate import available_backends, get_annotator
from quoteattr.articles import ArticleError, read_articles
from quoteattr.model import Quote, Span
from quoteattr.pipeline import extract_article

__all__ = ["main", "quote_json"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "extract":
        try:
            return _extract(args.paths, args.backend, sys.stdout, sys.stderr)
        except BrokenPipeError:
            # The reader went away (| head): stop quietly, as Unix tools do. Python would
            # flush stdout again at exit and fail once more, so point it at devnull.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
    parser.print_help()
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quoteattr", description="Quote attribution for news articles."
    )
    commands = parser.add_subparsers(dest="command")
    extract = commands.add_parser(
        "extract", help="find quotes and their speakers; JSON Lines on standard output"
    )
    extract.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="a .txt file, a folder of .txt files, a .jsonl file, or - for JSON Lines on stdin",
    )
    extract.add_argument(
        "--backend", default="rules", choices=available_backends(),
        help="annotator backend (default: rules, which needs no model)",
    )
    return parser


def _extract(paths: Sequence[str], backend: str, out: TextIO, err: TextIO) -> int:
    try:
        annotator = get_annotator(backend)
    except (ImportError, OSError, ValueError) as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    failed = False
    for item in read_articles(paths):
        if isinstance(item, ArticleError):
            print(f"quoteattr: {item}", file=err)
            failed = True
            continue
        quotes = extract_article(item, annotator=annotator)
        record = {"id": item.id, "quotes": [quote_json(q) for q in quotes]}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if failed else 0


def quote_json(quote: Quote) -> dict[str, Any]:
    """One quote in the form of the ``extract`` contract."""
    attribution = quote.attribution
    speaker: dict[str, Any] | None = None
    if attribution is not None:
        mention = attribution.mention
        speaker = {
            "name": attribution.speaker.name,
            "mention": mention.text if mention else None,
            "start": mention.start if mention else None,
            "end": mention.end if mention else None,
            "type": attribution.speaker.type,
        }
    cue = attribution.cue if attribution is not None else quote.cue
    return {
        "id": quote.id,
        "group": quote.group,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        "speaker": speaker,
        "cue": _span_json(cue),
        "confidence": attribution.confidence if attribution is not None else None,
    }


def _span_json(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


if __name__ == "__main__":
    sys.exit(main())
