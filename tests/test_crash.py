"""The index survives SIGKILL: a child process ingests articles one ``ingest()`` call at a
time, printing each id once its call has returned (so it is committed), and is killed at
seeded random moments. After each kill the file passes ``PRAGMA integrity_check``, every
article reported committed is there with exactly the quotes ``extract`` gives, and running
the ingest to completion leaves each article once, as a clean run does.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from random import Random

import pytest

import quoteattr
from quoteattr.articles import parse_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TRIALS = 20

CHILD = """
import sys
from pathlib import Path
from quoteattr.articles import parse_article
from quoteattr.index import QuoteIndex

folder, db = Path(sys.argv[1]), sys.argv[2]
with QuoteIndex(db) as index:
    for path in sorted(folder.glob("*.txt")):
        index.ingest([parse_article(path.read_text(encoding="utf-8"), path.stem)],
                     progress=False)
        print(path.stem, flush=True)
"""


def _articles(folder: Path) -> dict[str, str]:
    """The five seeds and 25 variants of them under other ids: 30 articles."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    articles: dict[str, str] = {}
    for number in range(30):
        text = texts[number % len(texts)]
        if number >= len(texts):
            text += f'\n\n"Copy number {number} is ready," the editor said.\n'
        articles[f"a{number:02d}"] = text
    folder.mkdir()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return articles


def _expected(articles: dict[str, str]) -> dict[str, set[tuple[str, int, int, str]]]:
    return {
        name: {(q.id, q.start, q.end, q.text)
               for q in quoteattr.extract_article(parse_article(text, name))}
        for name, text in articles.items()
    }


def _stored(path: Path) -> tuple[list[str], dict[str, list[tuple[str, int, int, str]]]]:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "articles" not in tables:
            return [], {}  # killed before the schema was committed: nothing is stored
        ids = [row[0] for row in db.execute("SELECT id FROM articles")]
        quotes: dict[str, list[tuple[str, int, int, str]]] = {}
        for article, quote_id, start, end, text in db.execute(
                'SELECT article_id, quote_id, start, "end", text FROM quotes'):
            quotes.setdefault(article, []).append((quote_id, start, end, text))
    finally:
        db.close()
    return ids, quotes


def _run(folder: Path, db: Path, kill_after: float | None = None) -> list[str]:
    """Run the child; kill it with SIGKILL after ``kill_after`` seconds. Ids it reported."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if kill_after is None:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    else:
        time.sleep(kill_after)
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
    return out.split()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], float]:
    root = tmp_path_factory.mktemp("crash")
    articles = _articles(root / "articles")
    start = time.perf_counter()
    reported = _run(root / "articles", root / "clean.sqlite")
    clean_seconds = time.perf_counter() - start
    assert reported == sorted(articles)
    return root, articles, clean_seconds


def test_sigkill_loses_nothing_committed(setup: tuple[Path, dict[str, str], float]) -> None:
    root, articles, clean_seconds = setup
    expected = _expected(articles)
    clean_ids, clean_quotes = _stored(root / "clean.sqlite")
    assert sorted(clean_ids) == sorted(articles)
    for name in articles:
        assert sorted(clean_quotes.get(name, [])) == sorted(expected[name]), name
    rng = Random(7)
    partial = 0
    for trial in range(TRIALS):
        db = root / f"trial{trial}.sqlite"
        reported = _run(root / "articles", db, kill_after=rng.uniform(0.0, clean_seconds))
        if not db.exists():
            assert not reported
            continue
        ids, quotes = _stored(db)
        assert set(reported) <= set(ids), f"trial {trial}: committed articles missing"
        partial += 0 < len(ids) < len(articles)
        for name in ids:  # reported or not, a stored article is whole: one transaction
            got = quotes.get(name, [])
            assert sorted(got) == sorted(expected[name]), f"trial {trial}: {name}"
        # Finishing the ingest: each article once, with the quotes of a clean run.
        _run(root / "articles", db)
        ids, quotes = _stored(db)
        assert sorted(ids) == sorted(articles), f"trial {trial}"
        for name in articles:
            got = quotes.get(name, [])
            assert len(got) == len(set(got)), f"trial {trial}: {name} has duplicates"
            assert sorted(got) == sorted(clean_quotes.get(name, [])), f"trial {trial}: {name}"
    assert partial >= TRIALS // 4, f"only {partial} of {TRIALS} kills landed mid-ingest"
