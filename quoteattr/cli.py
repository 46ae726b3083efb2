"""Command line: ``python -m quoteattr extract|index|search|export``.

- ``extract PATH... [--backend rules|stanza] [--jobs N]``: JSON Lines on standard output,
  one line per article in input order, as fixed by the contract in docs/contract.md; with
  ``--jobs`` on N worker processes.
- ``index PATH... --db FILE [--format json|md|html] [--out FILE] [--jobs N | --scheduler
  ADDRESS]``: ingest the articles into the quote index ``FILE``, then write the whole index
  (JSON as fixed in docs/contract.md); with ``--jobs``/``--scheduler`` on Dask (docs/scale.md).
- ``search --db FILE [WORDS] [--speaker NAME] [--since DATE]``: JSON Lines, one quote a
  line (without words: every quote of the speaker).
- ``speakers --db FILE``: JSON Lines, one speaker a line, most quoted first.
- ``export --db FILE [--format json|md|html] [--out FILE|FOLDER]``: write the whole index;
  HTML into a folder (an ``--out`` not ending in ``.html``) is the static site of
  :mod:`quoteattr.site`, else one page.
- ``download [--dir FOLDER] [--lang en]``: fetch stanza's models, for ``--backend stanza``.

Articles that cannot be read are reported on standard error with their file and line; the
others are still processed, and the exit status is 1 when any article failed or the input
held none. An unusable index file, search or ``--out`` is reported on standard error with
exit status 2, before any work. Ctrl-C stops with one line on standard error and status
130; every article indexed until then stays in the index.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs
from tqdm import tqdm

import quoteattr
from quoteattr.annotate import Annotator, available_backends, get_annotator
from quoteattr.annotate.spacy import SpacyAnnotator
from quoteattr.annotate.stanza import StanzaAnnotator
from quoteattr.articles import ACCEPTED_INPUTS, ArticleError, count_articles, read_articles
from quoteattr.index import IngestReport, QuoteIndex, to_markdown
from quoteattr.model import Article, Quote
from quoteattr.pipeline import extract_articles

__all__ = ["main", "quote_json"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    commands: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
        "extract": _extract,
        "index": _index,
        "search": _search,
        "speakers": _speakers,
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
        except KeyboardInterrupt:
            # Ctrl-C: one line, not a traceback; what was committed stays (index.py), and
            # what was written is flushed now (at exit, after an interrupt, Python may leave
            # the end of the buffer unwritten: a cut last line)
            with contextlib.suppress(OSError, ValueError):
                sys.stdout.flush()
            print(f"quoteattr: interrupted{_interrupted(args)}", file=sys.stderr)
            return 130
    parser.print_help()
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quoteattr", description="Quote attribution for news articles."
    )
    parser.add_argument("--version", action="version",
                        version=f"quoteattr {quoteattr.__version__}")
    commands = parser.add_subparsers(dest="command")
    extract = commands.add_parser(
        "extract", help="find quotes and their speakers; JSON Lines on standard output"
    )
    _input_arguments(extract)
    extract.add_argument(
        "--jobs", type=_positive, metavar="N", default=1,
        help="extract on N worker processes (default: 1, this process); the output is the "
             "same, in input order",
    )

    index = commands.add_parser(
        "index", help="add articles to a quote index, then write the whole index"
    )
    _input_arguments(index)
    _db_argument(index, "the index file (created when missing)")
    _output_arguments(index)
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
        "words", nargs="?", default=None,
        help='FTS5 query: words, "a phrase", OR, NOT, NEAR(a b), prefix*; leave out to '
             "list every quote of --speaker",
    )
    search.add_argument("--speaker", metavar="NAME", help="a speaker's name or alias")
    search.add_argument(
        "--since", metavar="DATE", help="articles dated DATE (YYYY-MM-DD) or later"
    )
    search.add_argument(
        "--limit", type=int, default=50, help="at most this many quotes (default: 50)"
    )

    speakers = commands.add_parser(
        "speakers", help="the speakers of an index, most quoted first; JSON Lines"
    )
    _db_argument(speakers, "the index file")

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
    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="show a progress bar on standard error (default: when it is a terminal)",
    )


def _db_argument(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--db", required=True, metavar="FILE", help=help)


def _output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", default="json", choices=_FORMATS,
        help="json (the index contract of docs/contract.md; default), md (Markdown) or html",
    )
    parser.add_argument(
        "--out", metavar="FILE|FOLDER",
        help="write to FILE instead of standard output; with --format html, a FOLDER (a "
             "name not ending in .html) gets the index as a static site",
    )


def _extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        annotator = _annotator(args.backend)
    except (ImportError, OSError, RuntimeError, ValueError) as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    failed = False
    progress = _progress(args.progress, err)
    with tqdm(total=count_articles(args.paths) if progress else None, disable=not progress,
              unit=" articles", desc="extracting", file=err, dynamic_ncols=True) as bar, \
            _CtrlC() as ctrl_c:
        for item, quotes in extract_articles(read_articles(args.paths), n_process=args.jobs,
                                             backend=args.backend, annotator=annotator):
            bar.update()
            if isinstance(item, ArticleError):
                tqdm.write(f"quoteattr: {item}", file=err)  # clear of the progress bar
                failed = True
                continue
            line = json.dumps({"id": item.id, "quotes": [q.to_dict() for q in quotes]},
                              ensure_ascii=False) + "\n"
            with ctrl_c.held():
                _write_whole(out, line)
                args.done = getattr(args, "done", 0) + 1
    if not getattr(args, "done", 0) and not failed:
        print(_no_article(args.paths), file=err)
        return 1
    return 1 if failed else 0


def _write_whole(out: TextIO, line: str) -> None:
    """Write ``line`` whole. To a file or a pipe the bytes go straight to its descriptor,
    the rest of a write that a signal cut short sent again: Python's buffered stream, so
    cut by Ctrl-C on a full pipe, drops that rest (seen with Python 3.11), and the output
    would end in a broken line."""
    try:
        descriptor = out.fileno()
    except (AttributeError, OSError, ValueError):  # (io.UnsupportedOperation is an OSError)
        out.write(line)
        return
    out.flush()  # what went through ``out`` before comes first
    data = memoryview(line.encode(out.encoding or "utf-8", out.errors or "strict"))
    while data:
        data = data[os.write(descriptor, data):]


class _CtrlC:
    """Ctrl-C, held back while a line is written and raised once it is: a write to a full
    pipe that Ctrl-C interrupts loses part of its buffer, and the output would end in a cut
    line. Entered once around the whole job (its SIGINT handler then stands, where this is
    the main thread), which it gives back; ``held`` is entered around each write."""

    def __init__(self) -> None:
        self._writing = self._pending = False
        self._previous: Any = None

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._interrupt)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self._writing = True
        try:
            yield
        finally:
            self._writing = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt

    def _interrupt(self, signum: int, frame: object) -> None:
        if not self._writing:
            raise KeyboardInterrupt
        self._pending = True  # the write goes on (or is retried); raised once it is done


def _no_article(paths: Sequence[str]) -> str:
    return (f"quoteattr: no article in {', '.join(paths)}; expected {ACCEPTED_INPUTS} "
            "(a folder's .txt and .jsonl files are read, not its subfolders)")


def _progress(asked: bool | None, err: TextIO) -> bool:
    if asked is not None:
        return asked
    return err is not None and err.isatty()


def _interrupted(args: argparse.Namespace) -> str:
    """What an interrupted command leaves: the articles stored in the index, or written."""
    if args.command == "extract":
        return f": {getattr(args, 'done', 0)} articles written"
    if args.command != "index":
        return ""
    try:
        with QuoteIndex(args.db, create=False) as index:
            stored = index.article_count()
    except Exception:  # the message matters more than the count
        return "; run again to resume"
    return f": {stored} articles stored; run again to resume"


_FORMATS = ("json", "md", "html")
Renderer = Callable[[dict[str, Any]], str]


def _index(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        _check_out(args.out, args.format)
        render = _renderer(args.format)
        _check_writable_db(args.db)
        annotator = _annotator(args.backend, local=args.jobs is None and args.scheduler is None)
        index = QuoteIndex(args.db)
    except (ImportError, OSError, RuntimeError, ValueError) as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    failed = False
    read = 0

    def articles() -> Iterator[Article]:
        nonlocal failed, read
        for item in read_articles(args.paths):
            if isinstance(item, ArticleError):
                tqdm.write(f"quoteattr: {item}", file=err)  # clear of the progress bar
                failed = True
            else:
                read += 1
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
            progress = _progress(args.progress, err)
            report = index.ingest(articles(), annotator=annotator, progress=progress,
                                  total=count_articles(args.paths) if progress else None)
        if not read and not failed:
            print(_no_article(args.paths), file=err)
            return 1
        data = index.export_data(context=_is_site(args.out, args.format))
    for article_id in report.replaced:
        print(f"quoteattr: {article_id}: replaced (its text changed since it was indexed)",
              file=err)
    print(f"quoteattr: {args.db}: {report}", file=err)
    status = _write(render, data, args.out, out, err, site=_is_site(args.out, args.format))
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
    if args.words is None and args.speaker is None:
        print("quoteattr: search needs WORDS, --speaker NAME, or both", file=err)
        return 2
    try:
        with QuoteIndex(args.db, create=False) as index:
            _note(index, err)
            hits = index.search(
                args.words, speaker=args.speaker, since=args.since, limit=args.limit
            )
    except ValueError as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    return _json_lines((attrs.asdict(hit) for hit in hits), out)


def _speakers(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        with QuoteIndex(args.db, create=False) as index:
            _note(index, err)
            speakers = index.speakers()
    except ValueError as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    return _json_lines((attrs.asdict(s) for s in speakers), out)


def _note(index: QuoteIndex, err: TextIO) -> None:
    if index.read_only_note:
        print(f"quoteattr: note: {index.read_only_note}", file=err)


def _json_lines(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 0


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        _check_out(args.out, args.format)
        render = _renderer(args.format)
        with QuoteIndex(args.db, create=False) as index:
            _note(index, err)
            data = index.export_data(context=_is_site(args.out, args.format))
    except (ImportError, OSError, ValueError) as error:
        print(f"quoteattr: {error}", file=err)
        return 2
    return _write(render, data, args.out, out, err, site=_is_site(args.out, args.format))


def _is_site(path: str | None, format: str) -> bool:
    """HTML into a folder: an ``--out`` that is one, or whose name has no .html suffix."""
    return (format == "html" and path is not None
            and (Path(path).is_dir() or Path(path).suffix.lower() not in (".html", ".htm")))


def _check_out(path: str | None, format: str) -> None:
    """Raise OSError, naming ``path``, where the output could not be written: told before
    the work, not after it."""
    if path is None:
        return
    target = Path(path)
    folder = target.absolute().parent
    if _is_site(path, format):
        if target.exists() and not target.is_dir():
            raise OSError(f"{path}: cannot write: exists and is not a folder (the site of "
                          "--format html goes into a folder; give a name ending in .html "
                          "for one page)")
        where = target if target.is_dir() else folder
    else:
        if target.is_dir():
            raise OSError(f"{path}: cannot write: is a folder; expected a file name"
                          + (" (a site needs --format html)" if format != "html" else ""))
        where = folder
    if not folder.is_dir():
        raise OSError(f"{path}: cannot write: no such folder {folder}")
    if not os.access(where, os.W_OK) or (target.is_file() and not os.access(target, os.W_OK)):
        raise OSError(f"{path}: cannot write: permission denied or read-only")


def _check_writable_db(db: str) -> None:
    path = Path(db)
    folder = path.absolute().parent
    if path.is_file() and not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        raise OSError(f"{db}: the index is read-only here; index adds to it, so it must be "
                      "writable (search, speakers and export can read it as it is)")


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


def _write(render: Renderer, data: dict[str, Any], path: str | None, out: TextIO,
           err: TextIO, *, site: bool = False) -> int:
    if path is None:
        out.write(render(data))
        out.flush()
        return 0
    try:
        if site:
            from quoteattr.site import build_site

            written = build_site(data, path)
            print(f"quoteattr: {path}: {len(written)} files; open {written[0]}", file=err)
        else:
            Path(path).write_text(render(data), encoding="utf-8")
    except OSError as error:
        print(f"quoteattr: {path}: cannot write: {error.strerror or error}", file=err)
        return 2
    return 0


def quote_json(quote: Quote) -> dict[str, Any]:
    """One quote in the form of the ``extract`` contract: :meth:`Quote.to_dict`, kept here
    for code that imported it from the command line module."""
    return quote.to_dict()


if __name__ == "__main__":
    sys.exit(main())
