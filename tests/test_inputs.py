"""Input files are only read: never written, executed, or followed outside the paths given.

Python's audit hooks (PEP 578) see every ``open`` and every process start, so these tests
record what reading, extracting and indexing a corpus actually touch, not what the code
says it touches.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from quoteattr.articles import ArticleError, read_articles
from quoteattr.cli import main
from quoteattr.index import QuoteIndex

_SPAWNS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork")
_events: list[tuple[str, tuple[Any, ...]]] | None = None


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _events is not None and (event == "open" or event.startswith(_SPAWNS)):
        _events.append((event, args))


sys.addaudithook(_hook)  # hooks cannot be removed: this one records only inside _audit()


@contextmanager
def _audit() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    global _events
    _events = events = []
    try:
        yield events
    finally:
        _events = None


def _opened(events: list[tuple[str, tuple[Any, ...]]], under: Path) -> dict[Path, str]:
    """Files under ``under`` that were opened, with the mode of (one of) their opening."""
    opened: dict[Path, str] = {}
    for event, args in events:
        if event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
            continue  # an open by file descriptor
        path = Path(os.fsdecode(args[0])).absolute()
        if path.is_relative_to(under):
            mode = args[1] if isinstance(args[1], str) else ""
            if args[2] is not None and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                mode += "w"
            opened[path] = opened.get(path, "") + (mode or "r")
    return opened


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus folder and, beside it, a file that must never be read."""
    secret = tmp_path / "outside.txt"
    secret.write_text("“Nobody may read this,” the outsider said.", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("“We will rebuild,” Mayor Ilse Varga said.", encoding="utf-8")
    script = corpus / "run.txt"
    script.write_text(
        f"#!/bin/sh\ntouch {tmp_path / 'ran'}\n“Fine,” she said.\n", encoding="utf-8")
    script.chmod(0o755)
    (corpus / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": "“Not now,” Dr. Omar Haddad said.",
                    "path": str(secret), "file": str(secret), "url": f"file://{secret}"})
        + "\n", encoding="utf-8")
    sub = corpus / "sub"
    sub.mkdir()
    (sub / "deeper.txt").write_text("“Deeper,” he said.", encoding="utf-8")
    try:
        (corpus / "link.txt").symlink_to(secret)
        (corpus / "folder.txt").symlink_to(tmp_path, target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available here")
    return corpus, secret


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(path.relative_to(folder)): (
            path.read_bytes() if path.is_file() and not path.is_symlink() else b"",
            path.lstat().st_mtime_ns, path.lstat().st_mode)
        for path in sorted(folder.rglob("*"))
    }


def test_reading_opens_only_the_files_given(tmp_path: Path) -> None:
    corpus, secret = _corpus(tmp_path)
    with _audit() as events:
        items = list(read_articles([corpus]))
    assert sorted(item.id for item in items if not isinstance(item, ArticleError)) == [
        "a", "j1", "run"]
    errors = [item for item in items if isinstance(item, ArticleError)]
    assert [Path(error.source).name for error in errors] == ["folder.txt", "link.txt"]
    assert all("outside the folder" in error.message for error in errors)
    opened = _opened(events, tmp_path)
    assert set(opened) == {corpus / "a.txt", corpus / "run.txt", corpus / "lines.jsonl"}
    assert all("w" not in mode and "a" not in mode and "+" not in mode
               for mode in opened.values())
    assert not [event for event, _ in events if event != "open"]  # nothing started
    assert not (tmp_path / "ran").exists()
    assert secret.exists()


def test_extract_and_index_leave_inputs_as_they_were(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, secret = _corpus(tmp_path)
    for path in corpus.rglob("*"):
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = _snapshot(corpus)
    db = tmp_path / "out" / "quotes.sqlite"
    db.parent.mkdir()
    try:
        with _audit() as events:
            assert main(["extract", str(corpus)]) == 1  # the outside link is an error
            assert main(["index", str(corpus), "--db", str(db)]) == 1
        after = _snapshot(corpus)
    finally:
        for path in corpus.rglob("*"):
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
    out, err = capsys.readouterr()
    assert "link.txt" in err and "Nobody may read this" not in out
    assert after == before
    written = {path for path, mode in _opened(events, tmp_path).items() if "w" in mode}
    assert all(path.parent == db.parent for path in written)  # (SQLite opens in C, unseen)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus", "out", "outside.txt"]
    assert not [event for event, _ in events if event != "open"]
    assert not (tmp_path / "ran").exists()
    with QuoteIndex(db) as index:
        stored = index.export_data()
    assert sorted(article["id"] for article in stored["articles"]) == ["a", "j1", "run"]
    assert secret.read_text(encoding="utf-8").startswith("“Nobody")
