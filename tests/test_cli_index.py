"""Tests for ``python -m quoteattr index | search | export``."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from quoteattr.cli import main
from quoteattr.index import QuoteIndex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_IDS = sorted(path.stem for path in SEEDS.glob("*.txt"))
KYIV = "The Kyiv regime’s adventure has completely failed"

HIT_KEYS = {"article", "date", "source", "quote", "kind", "start", "end", "text", "speaker",
            "confidence"}
HAS_RENDER = importlib.util.find_spec("quoteattr.render") is not None


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _check_contract(data: dict[str, Any]) -> None:
    assert set(data) == {"articles", "speakers", "clusters"}
    assert all(set(a) == {"id", "date", "source"} for a in data["articles"])
    assert all(set(s) == {"id", "name", "type", "aliases"} for s in data["speakers"])
    for cluster in data["clusters"]:
        assert set(cluster) == {"id", "speaker", "text", "members", "also_attributed"}
        for member in cluster["members"]:
            assert set(member) == {"article", "start", "end", "text", "relation"}


def test_index_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "seeds.sqlite"
    status, out, err = _run(capsys, "index", str(SEEDS), "--db", str(db))
    assert status == 0, err
    data = json.loads(out)
    _check_contract(data)
    assert [a["id"] for a in data["articles"]] == SEED_IDS
    assert "5 articles added" in err
    [putin] = [c for c in data["clusters"] if c["text"].startswith(KYIV)]
    assert len({m["article"] for m in putin["members"]}) >= 4
    # Again: nothing new, the same index.
    status, again, err = _run(capsys, "index", str(SEEDS), "--db", str(db))
    assert status == 0
    assert json.loads(again) == data
    assert "0 articles added" in err and "5 unchanged" in err


def test_index_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "seeds.sqlite"
    _, indexed, _ = _run(capsys, "index", str(SEEDS), "--db", str(db), "--format", "json")
    status, exported, err = _run(capsys, "export", "--db", str(db), "--format", "json")
    assert status == 0, err
    assert exported == indexed
    status, _, _ = _run(capsys, "export", "--db", str(db), "--out", str(tmp_path / "i.json"))
    assert status == 0
    assert (tmp_path / "i.json").read_text(encoding="utf-8") == indexed


def test_index_writes_markdown_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "index.md"
    status, out, err = _run(
        capsys, "index", str(SEEDS), "--db", str(tmp_path / "s.sqlite"),
        "--format", "md", "--out", str(out_file),
    )
    assert status == 0, err
    assert out == ""
    page = out_file.read_text(encoding="utf-8")
    assert page.startswith("# Quote index")
    assert "## Vladimir Putin" in page and KYIV in page
    status, exported, _ = _run(capsys, "export", "--db", str(tmp_path / "s.sqlite"),
                               "--format", "md")
    assert exported == page


@pytest.mark.skipif(not HAS_RENDER, reason="quoteattr.render (HTML) is not in this checkout")
def test_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.sqlite"
    status, out, err = _run(capsys, "index", str(SEEDS), "--db", str(db), "--format", "html")
    assert status == 0, err
    assert "<html" in out.lower()
    assert "Vladimir Putin" in out
    status, _, err = _run(capsys, "export", "--db", str(db), "--format", "html",
                          "--out", str(tmp_path / "index.html"))
    assert status == 0, err
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == out


def test_broken_inputs_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = tmp_path / "more.jsonl"
    lines.write_text(
        json.dumps({"id": "extra", "text": "“The adventure has failed,” Putin said."}) + "\n"
        + "{broken\n"
        + json.dumps({"id": "extra2", "text": "No quote."}) + "\n",
        encoding="utf-8",
    )
    status, out, err = _run(
        capsys, "index", str(SEEDS / f"{SEED_IDS[0]}.txt"), str(lines),
        str(tmp_path / "missing.txt"), "--db", str(tmp_path / "s.sqlite"),
    )
    assert status == 1
    assert f"{lines}:2: invalid JSON" in err
    assert "missing.txt: no such file" in err
    assert [a["id"] for a in json.loads(out)["articles"]] == [SEED_IDS[0], "extra", "extra2"]


def test_replaced_article_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("“It has failed,” Putin said.", encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    assert _run(capsys, "index", str(article), "--db", db)[0] == 0
    article.write_text("“It has stalled,” Putin said.", encoding="utf-8")
    status, out, err = _run(capsys, "index", str(article), "--db", db)
    assert status == 0
    assert "a: replaced" in err
    [cluster] = json.loads(out)["clusters"]
    assert cluster["text"] == "It has stalled,"


def test_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.sqlite")
    _run(capsys, "index", str(SEEDS), "--db", db)
    status, out, err = _run(capsys, "search", "--db", db, "Kyiv regime adventure")
    assert status == 0, err
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 4
    assert all(set(hit) == HIT_KEYS for hit in hits)
    assert {hit["speaker"] for hit in hits} == {"Vladimir Putin"}
    status, out, _ = _run(capsys, "search", "--db", db, "failed", "--speaker", "putin",
                          "--since", "2025-04-27")
    assert status == 0
    [hit] = [json.loads(line) for line in out.splitlines()]
    assert (hit["article"], hit["date"]) == ("004_d81dce8083a8f717", "2025-04-27")
    status, out, _ = _run(capsys, "search", "--db", db, "heroism", "--limit", "1")
    assert len(out.splitlines()) == 1
    status, out, _ = _run(capsys, "search", "--db", db, "nowhere")
    assert (status, out) == (0, "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", "--db", "{db}", "regime's"], "invalid search"),
        (["search", "--db", "{db}", "failed", "--since", "yesterday"], "invalid date"),
        (["search", "--db", "{tmp}/none.sqlite", "failed"], "none.sqlite: no such index file"),
        (["export", "--db", "{tmp}/none.sqlite"], "none.sqlite: no such index file"),
        (["export", "--db", "{tmp}/notes.txt"], "notes.txt: not a quote index"),
        (["index", str(SEEDS), "--db", "{tmp}/notes.txt"], "notes.txt: not a quote index"),
        (["export", "--db", "{db}", "--out", "{tmp}/no/such/dir/x.json"], "cannot write"),
    ],
)
def test_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    db = tmp_path / "s.sqlite"
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    with QuoteIndex(db) as index:
        index.ingest([], progress=False)
    status, out, err = _run(capsys, *(a.format(db=db, tmp=tmp_path) for a in argv))
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "not a database"


def test_arguments_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["index", str(SEEDS)], ["export", "--db", "x.sqlite", "--format", "pdf"]):
        with pytest.raises(SystemExit) as raised:
            main(argv)
        assert raised.value.code == 2
    assert "--format" in capsys.readouterr().err


def test_subprocess_index_while_reading(tmp_path: Path) -> None:
    """Another process ingests while this one searches and exports: no "database is
    locked", and every snapshot is whole."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(6):
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, corpus / f"{seed.stem}-{copy}.txt")
    db = tmp_path / "busy.sqlite"
    QuoteIndex(db).close()
    process = subprocess.Popen(
        [sys.executable, "-m", "quoteattr", "index", str(corpus), "--db", str(db),
         "--format", "md", "--out", str(tmp_path / "index.md")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    counts = []
    with QuoteIndex(db) as reader:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            data = reader.export_data()
            _check_contract(data)
            articles = {a["id"] for a in data["articles"]}
            assert all(m["article"] in articles for c in data["clusters"] for m in c["members"])
            counts.append(len(articles))
            reader.search("failed", speaker="Putin")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode("utf-8", "replace")
    assert counts == sorted(counts)
    with QuoteIndex(db) as reader:
        assert len(reader.export_data()["articles"]) == 30
