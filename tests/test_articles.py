"""Tests for quoteattr.articles: the seed formats, JSON Lines and error reporting."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quoteattr.articles import ArticleError, parse_article, read_articles
from quoteattr.model import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _raw(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _body(article: Article) -> str:
    return article.text[article.body_start : article.body_end]


def _articles(items: list[Article | ArticleError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def _errors(items: list[Article | ArticleError]) -> list[ArticleError]:
    return [item for item in items if isinstance(item, ArticleError)]


# --- the seeds ---------------------------------------------------------------

SEED_CASES = [
    # (file stem, date, source, byline, body_start, body opens with, body ends with)
    (
        "000_1941b27fd2bfbe07",
        "2025-04-26",
        None,
        None,
        17,
        "The Russian army has announced",
        'war!" Trump posted.',
    ),
    (
        "001_f57957876d2b9527",
        "2025-04-26",
        None,
        None,
        17,
        "Russia said its forces",
        "in recent weeks.",
    ),
    (
        # "KYIV –" names no agency; "(… Kremlin Pool Photo via AP)" is a photo credit.
        "002_1973e27dd785980b",
        "2025-04-26",
        None,
        None,
        17,
        "Russian President Vladimir Putin listens",
        "defense ministry said.",
    ),
    (
        "003_0073c3238f5d921c",
        None,
        "CMSD",
        "B.Chan--ThChM",
        len("\nCMSD\n0.0100\n"),
        "The Russian army has fully liberated",
        "in recent weeks.",
    ),
    (
        "004_d81dce8083a8f717",
        "2025-04-27",
        "Reuters",
        None,
        17,
        "Pool via REUTERS",
        "across Ukraine.",
    ),
]


@pytest.mark.parametrize(
    ("stem", "date", "source", "byline", "body_start", "opening", "ending"), SEED_CASES
)
def test_seed(
    stem: str,
    date: str | None,
    source: str | None,
    byline: str | None,
    body_start: int,
    opening: str,
    ending: str,
) -> None:
    path = SEEDS / f"{stem}.txt"
    [article] = list(read_articles([path]))
    assert isinstance(article, Article)
    raw = _raw(path)
    assert article.id == stem
    assert article.text == raw
    assert (article.date, article.source, article.byline) == (date, source, byline)
    assert article.body_start == body_start
    assert raw[article.body_start :].startswith(opening)
    assert _body(article).endswith(ending)
    assert article.body_end == raw.rindex(ending) + len(ending)
    assert parse_article(raw, stem) == article


def test_seed_byline_lies_outside_the_body() -> None:
    raw = _raw(SEEDS / "003_0073c3238f5d921c.txt")
    article = parse_article(raw, "003")
    assert raw[article.body_end :] == "\nB.Chan--ThChM"
    assert "CMSD" not in _body(article)


def test_seed_folder_in_name_order() -> None:
    items = list(read_articles([SEEDS]))
    assert [item.id for item in _articles(items)] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert _errors(items) == []


# --- parse_article -------------------------------------------------------------

PARSE_CASES = [
    # (text, date, source, byline, body)
    ("Plain text.", None, None, None, "Plain text."),
    ("  \n Plain text.\n\n", None, None, None, "Plain text."),
    ("", None, None, None, ""),
    (" \n\t ", None, None, None, ""),
    (" date 2025-04-26 Text.", "2025-04-26", None, None, "Text."),
    (" date 2025-04-26\n\nText.\n", "2025-04-26", None, None, "Text."),
    (" date 2025-04-26", "2025-04-26", None, None, ""),
    ("\ufeff date 2025-04-26 Text.", "2025-04-26", None, None, "Text."),
    ("\nCMSD\n0.0100\nText.", None, "CMSD", None, "Text."),
    ("CMSD\n\n0.0100\n\nText.", None, "CMSD", None, "Text."),
    (" date 2025-04-26\nCMSD\n0.0100\nText.", "2025-04-26", "CMSD", None, "Text."),
    ("Text.\nB.Chan--ThChM", None, None, "B.Chan--ThChM", "Text."),
    ("Text.  \n\nB.Chan--ThChM \n", None, None, "B.Chan--ThChM", "Text."),
    ("Text.\r\nB.Chan--ThChM\r\n", None, None, "B.Chan--ThChM", "Text."),
    ("MOSCOW, April 26 (Reuters) – Text.", None, "Reuters", None, None),
    ("KYIV, Ukraine (AP) — Text.", None, "AP", None, None),
    ("PARIS (AFP) - Text.", None, "AFP", None, None),
    ("Caption.\n\nKYIV/MOSCOW (Reuters) - Text.", None, "Reuters", None, None),
    ("\nCMSD\n0.0100\nMOSCOW (AFP) - Text.", None, "AFP", None, None),
    # Cases that must produce nothing.
    ("date 2025-13-45 Text.", None, None, None, "date 2025-13-45 Text."),
    ("On this date 2025-04-26 text.", None, None, None, None),
    ("NATO\nsaid so.", None, None, None, "NATO\nsaid so."),
    ("NATO said\n2024\nText.", None, None, None, None),
    ("Putin. (Photo via AP)\n\nKYIV – Text.", None, None, None, None),
    ("UN (United Nations) – the body said.", None, None, None, None),
    ("Moscow (Reuters) - lower-case place.", None, None, None, None),
    ("B.Chan--ThChM", None, None, None, "B.Chan--ThChM"),
    ("Text.\nwait -- what", None, None, None, "Text.\nwait -- what"),
    ("Text.\nThe end--", None, None, None, "Text.\nThe end--"),
]


@pytest.mark.parametrize(("text", "date", "source", "byline", "body"), PARSE_CASES)
def test_parse_article(
    text: str, date: str | None, source: str | None, byline: str | None, body: str | None
) -> None:
    article = parse_article(text, "a")
    assert article.text == text
    assert (article.date, article.source, article.byline) == (date, source, byline)
    assert 0 <= article.body_start <= article.body_end <= len(text)
    if body is not None:
        assert _body(article) == body


@given(st.text())
def test_parse_article_offsets_stay_inside_the_text(text: str) -> None:
    article = parse_article(text, "a")
    assert article.text == text
    assert 0 <= article.body_start <= article.body_end <= len(text)


@given(st.text(alphabet=st.sampled_from(" \t\r\n\u00a0\u2028\ufeffa-.B1()–:date2025")))
def test_parse_article_body_has_no_surrounding_space(text: str) -> None:
    article = parse_article(text, "a")
    assert 0 <= article.body_start <= article.body_end <= len(text)
    assert _body(article) == _body(article).strip()


# --- .txt files and folders ------------------------------------------------------


def test_txt_crlf_keeps_offsets(tmp_path: Path) -> None:
    raw = b" date 2025-04-26\r\nFirst line.\r\n\r\nSecond line.\r\nB.Chan--ThChM\r\n"
    (tmp_path / "crlf.txt").write_bytes(raw)
    [article] = list(read_articles([tmp_path / "crlf.txt"]))
    assert isinstance(article, Article)
    assert article.text == raw.decode("utf-8")
    assert article.body_start == raw.index(b"First")
    assert _body(article) == "First line.\r\n\r\nSecond line."
    assert article.byline == "B.Chan--ThChM"


def test_txt_keeps_the_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf date 2025-04-26 Text.")
    [article] = list(read_articles([str(tmp_path / "bom.txt")]))
    assert isinstance(article, Article)
    assert article.text == "\ufeff date 2025-04-26 Text."
    assert article.date == "2025-04-26"
    assert _body(article) == "Text."


def test_txt_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"line one\r\nline two\nbad \xff here\n")
    (tmp_path / "c.txt").write_text("Also good.", encoding="utf-8")
    items = list(read_articles([tmp_path]))
    assert [item.id for item in _articles(items)] == ["a", "c"]
    [error] = _errors(items)
    assert error.source == os.path.join(str(tmp_path), "b.txt")
    assert error.line == 3
    assert str(error).startswith(f"{error.source}:3: not valid UTF-8")
    assert "0xff" in error.message
    assert items.index(error) == 1


def test_folder_order_and_kinds(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(
        '{"id": "a1", "text": "A1."}\n{"id": "a2", "text": "A2."}\n', encoding="utf-8"
    )
    (tmp_path / "c.txt").write_text("C.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not an article.", encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()
    (tmp_path / "sub.txt" / "deep.txt").write_text("Not read.", encoding="utf-8")
    items = list(read_articles([tmp_path]))
    assert [item.id for item in _articles(items)] == ["a1", "a2", "b", "c"]
    assert _errors(items) == []


def test_folder_does_not_follow_links_outside(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside.", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "inside.txt").write_text("Inside.", encoding="utf-8")
    try:
        (folder / "link.txt").symlink_to(outside)
        (folder / "same.txt").symlink_to(folder / "inside.txt")
    except OSError:
        pytest.skip("symbolic links are not available here")
    items = list(read_articles([folder]))
    assert [item.id for item in _articles(items)] == ["inside", "same"]
    [error] = _errors(items)
    assert error.source.endswith("link.txt")


def test_inputs_keep_their_order(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text("Z.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    items = list(read_articles([tmp_path / "z.txt", str(tmp_path / "a.txt")]))
    assert [item.id for item in _articles(items)] == ["z", "a"]
    assert len(items) == 2


# --- JSON Lines ---------------------------------------------------------------------

JSONL_ID_CASES = [
    ('{"id": "x1", "text": "T."}', "x1"),
    ('{"doc_id": "x2", "text": "T."}', "x2"),
    ('{"id": 7, "text": "T."}', "7"),
    ('{"doc_id": 8, "text": "T."}', "8"),
    ('{"id": "x3", "doc_id": "y3", "text": "T."}', "x3"),
    ('{"id": null, "doc_id": "y4", "text": "T."}', "y4"),
    ('{"text": "T."}', "corpus:1"),
    ('{"id": "", "text": "T."}', "corpus:1"),
]


@pytest.mark.parametrize(("line", "expected"), JSONL_ID_CASES)
def test_jsonl_ids(tmp_path: Path, line: str, expected: str) -> None:
    (tmp_path / "corpus.jsonl").write_text(line + "\n", encoding="utf-8")
    [article] = list(read_articles([tmp_path / "corpus.jsonl"]))
    assert isinstance(article, Article)
    assert article.id == expected
    assert article.text == "T."


JSONL_METADATA_CASES = [
    # (line, date, source)
    ('{"text": " date 2025-04-26 T."}', "2025-04-26", None),
    ('{"text": "T.", "date": "2025-04-27", "source": "AP"}', "2025-04-27", "AP"),
    ('{"text": "T.", "meta": {"date": "2025-04-28", "outlet": "BBC"}}', "2025-04-28", "BBC"),
    ('{"text": "T.", "meta": {"source": "CNN", "outlet": "BBC"}}', None, "CNN"),
    ('{"text": " date 2025-04-26 T.", "date": "2025-04-27"}', "2025-04-27", None),
    ('{"text": "PARIS (AFP) - T.", "source": "Le Monde"}', None, "Le Monde"),
    ('{"text": "PARIS (AFP) - T.", "source": 3, "meta": "x"}', None, "AFP"),
    ('{"text": "T.", "date": "", "meta": {"date": 20250426}}', None, None),
]


@pytest.mark.parametrize(("line", "date", "source"), JSONL_METADATA_CASES)
def test_jsonl_metadata(tmp_path: Path, line: str, date: str | None, source: str | None) -> None:
    (tmp_path / "corpus.jsonl").write_text(line + "\n", encoding="utf-8")
    [article] = list(read_articles([tmp_path / "corpus.jsonl"]))
    assert isinstance(article, Article)
    assert (article.date, article.source) == (date, source)


JSONL_TITLE_URL_CASES = [
    # (line, title, url)
    ('{"text": "T."}', None, None),
    ('{"text": "T.", "title": " Kursk freed ", "url": "https://example.org/a"}',
     "Kursk freed", "https://example.org/a"),
    ('{"text": "T.", "meta": {"title": "In meta", "url": "http://example.org/b"}}',
     "In meta", "http://example.org/b"),
    ('{"text": "T.", "title": "Top", "meta": {"title": "In meta"}}', "Top", None),
    ('{"text": "T.", "title": 7, "url": ["x"]}', None, None),
    ('{"text": "T.", "title": "", "url": "   "}', None, None),
    # kept as given: what may become a link is decided where the page is written
    ('{"text": "T.", "title": "<b>x</b>", "url": "javascript:alert(1)"}',
     "<b>x</b>", "javascript:alert(1)"),
]


@pytest.mark.parametrize(("line", "title", "url"), JSONL_TITLE_URL_CASES)
def test_jsonl_title_and_url(tmp_path: Path, line: str, title: str | None,
                             url: str | None) -> None:
    (tmp_path / "corpus.jsonl").write_text(line + "\n", encoding="utf-8")
    [article] = list(read_articles([tmp_path / "corpus.jsonl"]))
    assert isinstance(article, Article)
    assert (article.title, article.url) == (title, url)
    assert article.text == "T."


def test_jsonl_runs_the_header_parser(tmp_path: Path) -> None:
    text = _raw(SEEDS / "003_0073c3238f5d921c.txt")
    (tmp_path / "c.jsonl").write_text(f'{{"id": "003", "text": {json.dumps(text)}}}\n', "utf-8")
    [article] = list(read_articles([tmp_path / "c.jsonl"]))
    assert article == parse_article(text, "003")


JSONL_BROKEN_CASES = [
    # (middle line, words the message must contain)
    ("{not json", "invalid JSON"),
    ('["text"]', "JSON object"),
    ('"text"', "JSON object"),
    ('{"id": "x"}', '"text"'),
    ('{"text": 42}', '"text"'),
    ('{"text": "T.", "id": [1]}', '"id"'),
    ('{"text": "T.", "doc_id": true}', '"doc_id"'),
]


@pytest.mark.parametrize(("middle", "words"), JSONL_BROKEN_CASES)
def test_jsonl_broken_line(tmp_path: Path, middle: str, words: str) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(f'{{"id": "one", "text": "1."}}\n{middle}\n{{"text": "3."}}\n', "utf-8")
    items = list(read_articles([path]))
    assert [type(item) for item in items] == [Article, ArticleError, Article]
    assert [item.id for item in _articles(items)] == ["one", "corpus:3"]
    [error] = _errors(items)
    assert (error.source, error.line) == (str(path), 2)
    assert words in error.message
    assert str(error).startswith(f"{path}:2: ")


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b'{"text": "1."}\n{"text": "\xc3("}\n{"text": "3."}\n')
    items = list(read_articles([path]))
    assert [type(item) for item in items] == [Article, ArticleError, Article]
    [error] = _errors(items)
    assert error.line == 2
    assert "UTF-8" in error.message


def test_jsonl_skips_blank_lines_and_counts_them(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "1."}\r\n\r\n   \n{"text": "4."}')
    items = list(read_articles([path]))
    assert [item.id for item in _articles(items)] == ["corpus:1", "corpus:4"]
    assert len(items) == 2


def test_jsonl_text_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "r", "text": "A.\\r\\nB.\\u2028C."}\n', encoding="utf-8")
    [article] = list(read_articles([path]))
    assert isinstance(article, Article)
    assert article.text == "A.\r\nB.\u2028C."


def test_stdin() -> None:
    stdin = io.StringIO('{"id": "s1", "text": "One."}\n\n{oops\n{"text": "Four."}\n')
    items = list(read_articles(["-"], stdin=stdin))
    assert [type(item) for item in items] == [Article, ArticleError, Article]
    assert [item.id for item in _articles(items)] == ["s1", "stdin:4"]
    assert str(_errors(items)[0]).startswith("<stdin>:3: invalid JSON")


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(b'{"text": "\xc3("}\n{"id": 1, "text": "T."}\n'))
    monkeypatch.setattr(sys, "stdin", stream)
    items = list(read_articles(["-"]))
    assert [type(item) for item in items] == [ArticleError, Article]
    [error] = _errors(items)
    assert (error.source, error.line) == ("<stdin>", 1)
    assert [item.id for item in _articles(items)] == ["1"]


# --- bad inputs ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["missing.txt", "missing", "data.csv"])
def test_bad_path(tmp_path: Path, name: str) -> None:
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("OK.", encoding="utf-8")
    path = tmp_path / name
    items = list(read_articles([path, tmp_path / "ok.txt"]))
    assert isinstance(items[0], ArticleError)
    assert items[0].source == str(path)
    assert items[0].line is None
    for accepted in (".txt file", "folder", ".jsonl file", "- for JSON Lines"):
        assert accepted in items[0].message
    assert str(items[0]) == f"{path}: {items[0].message}"
    assert isinstance(items[1], Article)


@pytest.mark.parametrize(
    "paths", ["file.txt", b"file.txt", Path("file.txt"), [1], ["a.txt", None], [b"a.txt"]]
)
def test_wrong_type(paths: object) -> None:
    with pytest.raises(TypeError, match="paths"):
        read_articles(paths)  # type: ignore[arg-type]


def test_article_error_str() -> None:
    assert str(ArticleError("a.jsonl", 2, "invalid JSON")) == "a.jsonl:2: invalid JSON"
    assert str(ArticleError("<stdin>", None, "empty")) == "<stdin>: empty"
