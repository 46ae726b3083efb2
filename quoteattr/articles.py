"""Loading articles: plain text, the seed formats and JSON Lines.

`parse_article` reads the metadata that news files carry around the article
proper (a `` date YYYY-MM-DD`` marker, an agency header, a closing byline, a
dateline naming the agency) without touching the text: ``Article.text`` is the
text exactly as read, and ``body_start``/``body_end`` say where the article
proper lies inside it, so offsets found later never shift.

`read_articles` turns command-line inputs (``.txt`` files, folders, ``.jsonl``
files, ``-`` for JSON Lines on standard input) into articles, in input order.
A bad input does not stop the stream: it becomes an `ArticleError` in its place
and reading goes on with the next line or file.

Offsets are into the decoded text: files are decoded as strict UTF-8 with no
newline translation (``\\r\\n`` stays two characters) and a leading byte order
mark stays in ``text`` as ``\\ufeff`` (the body starts after it).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from quoteattr.model import Article

__all__ = ["ACCEPTED_INPUTS", "ArticleError", "count_articles", "parse_article", "read_articles"]

ACCEPTED_INPUTS = (
    "a .txt file, a folder of .txt/.jsonl files, a .jsonl file, or - for JSON Lines on stdin"
)
_SUFFIXES = (".txt", ".jsonl")
_BOM = "\ufeff"
_EOL = r"(?:\r\n|\r|\n)"

_SPACE = re.compile(r"\s*")
# `` date 2025-04-26 `` opening the seed files; the article may follow on the same line.
_DATE_MARKER = re.compile(r"date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|\Z)")
# A wire header: a short code in capitals (``CMSD``) over a numeric line (``0.0100``).
# Both lines are required, so an article opening with a word in capitals is left alone.
_AGENCY_HEADER = re.compile(
    rf"([A-Z]{{2,8}})[ \t]*{_EOL}(?:[ \t]*{_EOL})*[ \t]*\d+(?:[.,]\d+)?[ \t]*(?:{_EOL}|\Z)"
)
# AFP's closing ``B.Chan--ThChM``: writer, two hyphens, editors' initials; one word.
_BYLINE = re.compile(r"[^\W\d_][\w.'’/-]{0,30}--[^\W_][\w.'’/-]{0,30}")
# ``MOSCOW, April 26 (Reuters) –``: a place in capitals, an optional date or
# country, the agency in brackets, a dash. A photo credit ("(… Photo via AP)")
# does not have this shape.
_DATELINE = re.compile(
    r"[ \t]*[A-Z][A-Z.'’ -]{1,40}(?:/[A-Z][A-Z.'’ -]{1,40})*"
    r"(?:,[ \t]+[A-Z][\w.'’ ]{0,30})?"
    r"[ \t]+\((?P<agency>[^()\r\n]{1,30})\)[ \t]*[-–—]"
)
_LINE = re.compile(r"[^\r\n]+")
_DATELINE_LINES = 8  # a dateline comes in the first paragraphs, after a photo caption at most
# Only names of news agencies count, so "UN (United Nations) – …" opening a
# paragraph is not read as a dateline.
_AGENCIES = frozenset(
    {
        "AAP", "AFP", "ANI", "ANSA", "AP", "Anadolu", "Belga", "Bernama", "Bloomberg", "CNA",
        "CNN", "CP", "DPA", "dpa", "EFE", "IANS", "Interfax", "Kyodo", "Lusa", "PA", "PAP",
        "PTI", "Reuters", "RIA Novosti", "TASS", "UPI", "Ukrinform", "Xinhua", "Yonhap",
    }
)  # fmt: skip


@attrs.frozen
class ArticleError:
    """An input that could not be read as an article.

    ``source`` is the path as given (or ``<stdin>``), ``line`` the 1-based line
    where the problem is, or ``None`` when it concerns the whole input.
    """

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"


def parse_article(text: str, id: str) -> Article:
    """Read an article's metadata from its text, leaving the text as it is.

    Recognised: a leading `` date YYYY-MM-DD`` marker, an agency header (a code
    line such as ``CMSD`` over a numeric line), a closing AFP-style byline
    (``B.Chan--ThChM``) and a dateline naming a news agency
    (``MOSCOW, April 26 (Reuters) –``). ``source`` is the dateline's agency,
    else the header's code, else ``None``. The body is what remains, without
    surrounding whitespace.

    >>> article = parse_article(
    ...     " date 2025-04-26 MOSCOW, April 26 (Reuters) – Putin spoke.\\nA.Name--XyZ\\n", "a1"
    ... )
    >>> article.date, article.source, article.byline
    ('2025-04-26', 'Reuters', 'A.Name--XyZ')
    >>> article.text[article.body_start:article.body_end]
    'MOSCOW, April 26 (Reuters) – Putin spoke.'
    """
    date: str | None = None
    code: str | None = None
    pos = _skip_space(text, 1 if text.startswith(_BOM) else 0)
    # The header parts may come in either order; each is read at most once.
    while True:
        if date is None and (match := _DATE_MARKER.match(text, pos)) and _is_date(match[1]):
            date = match[1]
        elif code is None and (match := _AGENCY_HEADER.match(text, pos)):
            code = match[1]
        else:
            break
        pos = _skip_space(text, match.end())
    body_start = pos
    body_end = max(body_start, len(text.rstrip()))

    byline: str | None = None
    line_start = text.rfind("\n", body_start, body_end) + 1
    if line_start > 0:
        last_line = text[line_start:body_end].strip()
        before = text[:line_start].rstrip()
        if _BYLINE.fullmatch(last_line) and len(before) > body_start:
            byline = last_line
            body_end = len(before)

    source = _dateline_agency(text, body_start, body_end) or code
    return Article(
        id=id,
        text=text,
        date=date,
        source=source,
        byline=byline,
        body_start=body_start,
        body_end=body_end,
    )


def read_articles(
    paths: Sequence[str | os.PathLike[str]], *, stdin: TextIO | None = None
) -> Iterator[Article | ArticleError]:
    """Read articles from files, folders and JSON Lines, in input order.

    Each path is a ``.txt`` file (one article, id = file name without
    extension), a folder (its ``.txt`` and ``.jsonl`` files by name; no
    subfolders, and links to files outside the folder are reported, not read),
    a ``.jsonl`` file (one article per non-blank line, with a string ``text``
    and ``id`` or ``doc_id``, else the id ``<file stem>:<line>``; ``date`` and
    ``source``, also inside ``meta`` where ``outlet`` counts as source, override
    what the text says; ``title`` and ``url``, there or inside ``meta``, are kept)
    or ``-`` for JSON Lines on ``stdin`` (default ``sys.stdin``; ids ``stdin:<line>``).
    To read a file named ``-``, pass ``./-``.

    An input that cannot be read yields an `ArticleError` and reading goes on.
    The paths are checked before anything is read: a value that is not a path
    raises `TypeError`.
    """
    return _read_inputs(_check_paths(paths), stdin)


def count_articles(paths: Sequence[str | os.PathLike[str]]) -> int | None:
    """About how many articles :func:`read_articles` will yield for ``paths``: one per
    ``.txt`` file, one per non-blank line of a ``.jsonl`` file (folders: their files), for
    a progress bar's total; ``None`` where it cannot be known beforehand (standard input).
    A file that cannot be read counts as one (it yields one error).

    >>> count_articles(["-"]) is None
    True
    """
    total = 0
    for item in _check_paths(paths):
        if item == "-":
            return None
        path = Path(item)
        if path.is_dir():
            try:
                entries = [e for e in path.iterdir() if e.suffix.lower() in _SUFFIXES]
            except OSError:
                entries = []
            total += sum(_count_file(entry) for entry in entries if not entry.is_dir())
        else:
            total += _count_file(path)
    return total


def _count_file(path: Path) -> int:
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return 1
    try:
        with path.open("rb") as stream:
            return sum(1 for line in stream if line.strip()) or 1
    except OSError:
        return 1


def _check_paths(paths: Sequence[str | os.PathLike[str]]) -> tuple[str | Path, ...]:
    if isinstance(paths, str) or not isinstance(paths, Sequence):
        raise TypeError(
            f"paths must be a sequence of str or os.PathLike paths, not {type(paths).__name__}"
        )
    items: Sequence[object] = paths
    checked: list[str | Path] = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            checked.append(item)
            continue
        if isinstance(item, os.PathLike):
            fspath: object = os.fspath(item)
            if isinstance(fspath, str):
                checked.append(Path(fspath))
                continue
        raise TypeError(
            f"paths[{index}] must be a str or os.PathLike[str] path, not {type(item).__name__}"
        )
    return tuple(checked)


def _read_inputs(
    inputs: tuple[str | Path, ...], stdin: TextIO | None
) -> Iterator[Article | ArticleError]:
    for item in inputs:
        if item == "-":
            yield from _read_stdin(stdin)
        else:
            yield from _read_path(Path(item), os.fspath(item))


def _read_stdin(stdin: TextIO | None) -> Iterator[Article | ArticleError]:
    # Bytes where possible, so bad UTF-8 is reported per line as for files.
    lines: Iterable[bytes | str] = (
        getattr(sys.stdin, "buffer", sys.stdin) if stdin is None else stdin
    )
    yield from _read_jsonl_lines(lines, "<stdin>", "stdin")


def _read_path(path: Path, name: str) -> Iterator[Article | ArticleError]:
    suffix = path.suffix.lower()
    if path.is_dir():
        yield from _read_folder(path, name)
    elif suffix == ".txt" and path.is_file():
        yield _read_txt(path, name)
    elif suffix == ".jsonl" and path.is_file():
        yield from _read_jsonl_file(path, name)
    elif not path.exists():
        yield ArticleError(name, None, f"no such file or folder; expected {ACCEPTED_INPUTS}")
    else:
        yield ArticleError(
            name, None, f"cannot read this kind of input; expected {ACCEPTED_INPUTS}")


def _read_folder(folder: Path, name: str) -> Iterator[Article | ArticleError]:
    try:
        root = folder.resolve()
        entries = sorted(
            (entry for entry in folder.iterdir() if entry.suffix.lower() in _SUFFIXES),
            key=lambda entry: entry.name,
        )
    except OSError as error:
        yield ArticleError(name, None, f"cannot list folder: {_reason(error)}")
        return
    for entry in entries:
        entry_name = os.path.join(name, entry.name)
        if entry.is_symlink() and not entry.resolve().is_relative_to(root):
            yield ArticleError(entry_name, None, "link to a file outside the folder; not read")
        elif not entry.is_dir():
            yield from _read_path(entry, entry_name)


def _read_txt(path: Path, name: str) -> Article | ArticleError:
    try:
        data = path.read_bytes()
    except OSError as error:
        return ArticleError(name, None, f"cannot read file: {_reason(error)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return ArticleError(name, line, _bad_utf8(data[error.start], column))
    return parse_article(text, path.stem)


def _read_jsonl_file(path: Path, name: str) -> Iterator[Article | ArticleError]:
    try:
        stream = path.open("rb")
    except OSError as error:
        yield ArticleError(name, None, f"cannot read file: {_reason(error)}")
        return
    with stream:
        yield from _read_jsonl_lines(stream, name, path.stem)


def _read_jsonl_lines(
    lines: Iterable[bytes | str], name: str, stem: str
) -> Iterator[Article | ArticleError]:
    number = 0
    try:
        for number, line in enumerate(lines, start=1):
            item = _read_jsonl_line(line, number, name, stem)
            if item is not None:
                yield item
    except UnicodeDecodeError as error:  # from a text stream, which cannot go on after it
        yield ArticleError(name, number + 1, f"not valid UTF-8 ({error.reason}); stopped reading")
    except OSError as error:
        yield ArticleError(name, number + 1, f"cannot read: {_reason(error)}; stopped reading")


def _read_jsonl_line(
    raw: bytes | str, number: int, name: str, stem: str
) -> Article | ArticleError | None:
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return ArticleError(name, number, _bad_utf8(raw[error.start], error.start + 1))
    else:
        line = raw
    if number == 1:
        line = line.removeprefix(_BOM)
    if not line.strip():
        return None
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as error:
        return ArticleError(name, number, f"invalid JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return ArticleError(name, number, "invalid JSON: nested too deeply")
    if not isinstance(record, dict):
        return ArticleError(name, number, f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if not isinstance(text, str):
        got = "no text" if "text" not in record else _json_type(text)
        return ArticleError(name, number, f'expected a string "text" field, got {got}')

    article_id = f"{stem}:{number}"
    for key in ("id", "doc_id"):
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            return ArticleError(
                name, number, f'"{key}" must be a string or an integer, got {_json_type(value)}'
            )
        if str(value):
            article_id = str(value)
        break

    meta = record.get("meta")
    if not isinstance(meta, dict):
        meta = {}
    article = parse_article(text, article_id)
    # Metadata the producer wrote down beats what is guessed from the text.
    date = _first_string(record.get("date"), meta.get("date"), meta.get("publication_date"))
    source = _first_string(record.get("source"), meta.get("source"), meta.get("outlet"))
    title = _first_string(record.get("title"), meta.get("title"))
    url = _first_string(record.get("url"), meta.get("url"))
    return attrs.evolve(article, date=date or article.date, source=source or article.source,
                        title=title, url=url)


def _skip_space(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _dateline_agency(text: str, start: int, end: int) -> str | None:
    lines = (line[0] for line in _LINE.finditer(text, start, end) if not line[0].isspace())
    for index, line in enumerate(lines):
        if index == _DATELINE_LINES:
            break
        match = _DATELINE.match(line)
        if match and match["agency"].strip() in _AGENCIES:
            return str(match["agency"].strip())
    return None


def _first_string(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _bad_utf8(byte: int, column: int) -> str:
    return f"not valid UTF-8 (byte 0x{byte:02x} at column {column}); expected UTF-8 text"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
