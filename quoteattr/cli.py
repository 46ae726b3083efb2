"""Command line: ``python -m quoteattr extract|index|search|export``.

- ``extract PATH... [--backend rules|stanza]``: JSON Lines on standard output, one line per
  article in input order, as fixed by the contract in DESIGN.md.
- ``index PATH... --db FILE [--format json|md|html] [--out FILE] [--jobs N | --scheduler
  ADDRESS]``: ingest the articles into the quote index ``FILE``, then write the whole index
  (JSON as fixed in DESIGN.md); with ``--jobs``/``--scheduler`` on Dask (docs/scale.md).
- ``search --db FILE WORDS [--speaker NAME] [--since DATE]``: JSON Lines, one quote a line.
- ``export --db FILE [--format json|md|html] [--out FILE]``: write the whole index.
- ``download [--dir FOLDER] [--lang en]``: fetch stanza's models, for ``--backend stanza``.

Articles that cannot be read are reported on standard error with their file and line; the
others are still processed, and the exit status is 1 when any article failed. An unusable
index file or search is reported on standard error with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs
from tqdm import tqdm

from quoteattr.annotate import Annotator, available_backends, get_annotator
from quoteattr.annotate.spacy import SpacyAnnotator
from quoteattr.annotate.stanza import StanzaAnnotator
from quoteattr.articles import ArticleError, read_articles
from quoteattr.index import IngestReport, QuoteIndex, to_markdown
from quoteattr.model import Article, Quote, Span
from quoteattr.pipeline import extract_article

__all__ = ["main", "quote_json"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    commands: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
        "extract": lambda a, out, err: _extract(a.paths, a.backend, out, err),
        "index": _index,
        "search": _search,
        "export": _export,
        "download": _download,
    }
    if args.command in commands:
        try:
            return commands[args.command](args, sys.stdout, sys.stderr)
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
    _input_arguments(extract)

    index = commands.add_parser(
        "index", help="add articles to a quote index, then write the whole index"
    )
    _input_arguments(index)
    _db_argument(index, "the index file (created when missing)")
    _output_arguments(index)
    index.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="show a progress bar (default: when standard error is a terminal)",
    )
    where = index.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs", type=_positive, metavar="N",
        help="extract and link on a local Dask cluster of N worker processes "
             "(needs quoteattr[dask])",
    )
    where.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="extract and link on the Dask cluster whose scheduler is at ADDRESS "
             "(e.g. tcp://10.0.0.1:8786; needs quoteattr[dask])",
    )
    index.add_argument(
        "--max-chars", type=_positive, metavar="N", default=None,
        help="with --jobs or --scheduler: report an article longer than N characters "
             "as failed instead of indexing it (default: 1000000)",
    )

    search = commands.add_parser(
        "search", help="search the quotes of an index; JSON Lines on standard output"
    )
    _db_argument(search, "the index file")
    search.add_argument(
        "words", help='FTS5 query: words, "a phrase", OR, NOT, NEAR(a b), prefix*'
    )
    search.add_argument("--speaker", metavar="NAME", help="a speaker's name or alias")
    search.add_argument(
        "--since", metavar="DATE", help="articles dated DATE (YYYY-MM-DD) or later"
    )
    search.add_argument(
        "--limit", type=int, default=50, help="at most this many quotes (default: 50)"
    )

    export = commands.add_parser("export", help="write the whole index")
    _db_argument(export, "the index file")
    _output_arguments(export)

    download = commands.add_parser(
        "download", help="download stanza's models for the stanza backend (needs internet)"
    )
    download.add_argument(
        "--dir", metavar="FOLDER", default=None,
        help="where to put them (default: $STANZA_RESOURCES_DIR, else stanza's own folder)",
    )
    download.add_argument("--lang", default="en", help="language (default: en)")
    return parser


def _input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="a .txt file, a folder of .txt files, a .jsonl file, or - for JSON Lines on stdin",
    )
    parser.add_argument(
        "--backend", default="rules", choices=available_backends(),
        help="annotator backend (default: rules, which needs no model)",
    )


def _db_argument(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--db", required=True, metavar="FILE", help=help)


def _output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", default="json", choices=_FORMATS,
        help="json (the index contract of DESIGN.md; default), md (Markdown) or html",
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write to FILE instead of standard output"
    )


def _extract(paths: Sequence[str], backend: str, out: TextIO, err: TextIO) -> int:
    try:
        annotator = _annotator(backend)
    except (ImportError, OSError, RuntimeError, ValueError) as error:
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


_FORMATS = ("json", "md", "html")
Renderer = Callable[[dict[str, Any]], str]


def _index(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        render = _renderer(args.format)
        annotator = _annotator(args.backend, local=args.jobs is None and args.scheduler is None)
        index = QuoteIndex(args.db)
    except (ImportError, OSError, RuntimeError, ValueError) as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    failed = False

    def articles() -> Iterator[Article]:
        nonlocal failed
        for item in read_articles(args.paths):
            if isinstance(item, ArticleError):
                tqdm.write(f"quoteattr: {item}", file=err)  # clear of the progress bar
                failed = True
            else:
                yield item

    with index:
        if args.jobs is not None or args.scheduler is not None:
            try:
                report, failures = _index_on_dask(index, list(articles()), args)
            except (ImportError, OSError, ValueError) as error:
                print(f"quoteattr: {error}", file=err)
                return 2
            for failure in failures:
                print(f"quoteattr: {failure}", file=err)
            failed = failed or bool(failures)
        else:
            report = index.ingest(articles(), annotator=annotator, progress=args.progress)
        data = index.export_data()
    for article_id in report.replaced:
        print(f"quoteattr: {article_id}: replaced (its text changed since it was indexed)",
              file=err)
    print(f"quoteattr: {args.db}: {report}", file=err)
    status = _write(render(data), args.out, out, err)
    return status or (1 if failed else 0)


def _index_on_dask(index: QuoteIndex, articles: list[Article], args: argparse.Namespace
                   ) -> tuple[IngestReport, Sequence[object]]:
    """Ingest on Dask: the articles, read here, are extracted and linked on the workers."""
    try:
        from quoteattr import dask as on_dask
    except ImportError as error:
        raise ImportError(f"--jobs and --scheduler need Dask: pip install 'quoteattr[dask]' "
                          f"({error})") from None
    with on_dask.local_client(args.jobs, args.scheduler) as client:
        done = on_dask.ingest(
            index, on_dask.partitioned(articles, client), client=client,
            annotator=args.backend, progress=args.progress,
            max_chars=args.max_chars or on_dask.DEFAULT_MAX_CHARS)
    return done.report, done.failures


def _annotator(backend: str, *, local: bool = True) -> Annotator:
    """The backend, with its models loaded now where they run here: a missing model is one
    clear error before any article, not a traceback in the middle of the output."""
    annotator = get_annotator(backend)
    if local and isinstance(annotator, StanzaAnnotator | SpacyAnnotator):
        annotator.pipeline()
    return annotator


def _download(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        from quoteattr.annotate.stanza import download

        folder = download(args.dir, args.lang)
    except (ImportError, OSError, RuntimeError, ValueError) as error:
        print(f"quoteattr: cannot download stanza's {args.lang!r} models: {error}", file=err)
        return 2
    print(f"stanza's {args.lang!r} models are in {folder}", file=out)
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return number


def _search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        with QuoteIndex(args.db, create=False) as index:
            hits = index.search(
                args.words, speaker=args.speaker, since=args.since, limit=args.limit
            )
    except ValueError as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    for hit in hits:
        out.write(json.dumps(attrs.asdict(hit), ensure_ascii=False) + "\n")
    out.flush()
    return 0


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        render = _renderer(args.format)
        with QuoteIndex(args.db, create=False) as index:
            data = index.export_data()
    except (ImportError, ValueError) as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    return _write(render(data), args.out, out, err)


def _renderer(format: str) -> Renderer:
    if format == "json":
        return _json_page
    if format == "md":
        return to_markdown
    # quoteattr.render is imported only for HTML, and by name, so the rest of the command
    # line works without it.
    try:
        module = importlib.import_module("quoteattr.render")
    except ModuleNotFoundError as error:
        if error.name != "quoteattr.render":
            raise
        raise ImportError("HTML output needs quoteattr.render, which is not installed; "
                          "use --format json or md") from None
    to_html: Renderer = module.to_html
    return to_html


def _json_page(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write(page: str, path: str | None, out: TextIO, err: TextIO) -> int:
    if path is None:
        out.write(page)
        out.flush()
        return 0
    try:
        Path(path).write_text(page, encoding="utf-8")
    except OSError as error:
        print(f"quoteattr: {path}: cannot write: {error.strerror or error}", file=err)
        return 2
    return 0


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
