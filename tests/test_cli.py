"""Tests for ``python -m quoteattr extract``: the JSON Lines contract of DESIGN.md."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quoteattr.cli import main
from quoteattr.model import QUOTE_KINDS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_1941b27fd2bfbe07.txt"

QUOTE_KEYS = {"id", "group", "text", "start", "end", "kind", "speaker", "cue", "confidence"}
SPEAKER_KEYS = {"name", "mention", "start", "end", "type"}


def _raw(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as stream:
        return stream.read()


def _lines(out: str) -> list[dict[str, Any]]:
    assert out.endswith("\n")
    return [json.loads(line) for line in out.splitlines()]


def _check_record(record: dict[str, Any], text: str) -> None:
    """One output line against the article text it was made from."""
    assert set(record) == {"id", "quotes"}
    quotes = record["quotes"]
    ids = [q["id"] for q in quotes]
    assert len(set(ids)) == len(ids)
    for quote in quotes:
        assert set(quote) == QUOTE_KEYS
        assert quote["kind"] in QUOTE_KINDS
        assert 0 <= quote["start"] < quote["end"] <= len(text)
        assert text[quote["start"] : quote["end"]] == quote["text"]
        if [q["group"] for q in quotes].count(quote["group"]) == 1:
            assert quote["group"] == quote["id"]
        else:
            assert quote["group"] in ids
        for span in (quote["cue"], quote["speaker"]):
            if span is not None and span.get("start") is not None:
                assert text[span["start"] : span["end"]] == span.get("text", span.get("mention"))
        if quote["speaker"] is not None:
            assert set(quote["speaker"]) == SPEAKER_KEYS
            assert quote["speaker"]["name"].strip()
            assert quote["speaker"]["type"] in {"person", "organization", "unknown"}
        if quote["confidence"] is not None:
            assert 0.0 <= quote["confidence"] <= 1.0


def _jsonl(path: Path, *records: dict[str, Any] | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_subprocess_on_a_seed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quoteattr", "extract", str(SEED.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    [record] = _lines(result.stdout.decode("utf-8"))
    assert record["id"] == SEED.stem
    assert record["quotes"]
    _check_record(record, _raw(SEED))


def test_seed_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEEDS)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    records = _lines(captured.out)
    paths = sorted(SEEDS.glob("*.txt"))
    assert [r["id"] for r in records] == [p.stem for p in paths]
    for record, path in zip(records, paths, strict=True):
        _check_record(record, _raw(path))
    assert all(record["quotes"] for record in records)


def test_inputs_keep_their_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b.txt").write_text('"We will win," she said.', encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "d.txt").write_text("No quotes here.", encoding="utf-8")
    (folder / "c.txt").write_text("Putin said that the incursion had failed.", encoding="utf-8")
    jsonl = _jsonl(tmp_path / "e.jsonl", {"id": "e1", "text": "Nothing."})
    args = [str(tmp_path / "b.txt"), str(folder), str(jsonl), str(SEED)]
    assert main(["extract", *args]) == 0
    assert [r["id"] for r in _lines(capsys.readouterr().out)] == ["b", "c", "d", "e1", SEED.stem]


def test_txt_offsets_are_into_the_raw_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        "\ufeff date 2025-04-26\r\n\r\nIntro.\r\n\r\n“We will win,” Putin said.\r\n".encode()
    )
    assert main(["extract", str(path)]) == 0
    [record] = _lines(capsys.readouterr().out)
    text = _raw(path)
    _check_record(record, text)
    [quote] = record["quotes"]
    assert (quote["text"], quote["start"]) == ("We will win,", text.index("We will win,"))


def test_jsonl_ids_and_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = [
        'Putin said, "The Kyiv regime’s adventure has completely failed."',
        "No quotes here.",
        "“We will win,” he said.\r\n\r\n“The war is not over,” she said.",
    ]
    path = _jsonl(
        tmp_path / "articles.jsonl",
        {"doc_id": "first", "text": texts[0], "title": "ignored"},
        {"id": 42, "text": texts[1]},
        {"text": texts[2]},
    )
    assert main(["extract", str(path)]) == 0
    records = _lines(capsys.readouterr().out)
    assert [r["id"] for r in records] == ["first", "42", "articles:3"]
    for record, text in zip(records, texts, strict=True):
        _check_record(record, text)
    assert [q["text"] for q in records[0]["quotes"]] == [
        "The Kyiv regime’s adventure has completely failed."
    ]
    assert records[1]["quotes"] == []
    assert [q["text"] for q in records[2]["quotes"]] == ["We will win,", "The war is not over,"]


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    texts = ["“We will win,” she said.", "Kyiv denied that its troops had been encircled."]
    data = "".join(
        json.dumps(record, ensure_ascii=False) + "\n"
        for record in ({"doc_id": "a", "text": texts[0]}, {"text": texts[1]})
    ).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["extract", "-"]) == 0
    records = _lines(capsys.readouterr().out)
    assert [r["id"] for r in records] == ["a", "stdin:2"]
    for record, text in zip(records, texts, strict=True):
        _check_record(record, text)
    assert [(q["kind"], q["text"]) for q in records[1]["quotes"]] == [
        ("indirect", "its troops had been encircled")
    ]


def test_broken_json_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _jsonl(
        tmp_path / "broken.jsonl",
        {"id": "one", "text": "“We will win,” she said."},
        '{"id": "two", "text": ',
        {"id": "three", "text": "No quotes here."},
    )
    assert main(["extract", str(path)]) == 1
    captured = capsys.readouterr()
    assert [r["id"] for r in _lines(captured.out)] == ["one", "three"]
    assert f"{path}:2" in captured.err
    assert "invalid JSON" in captured.err


def test_missing_file_is_reported_and_the_rest_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(missing), str(SEED)]) == 1
    captured = capsys.readouterr()
    assert [r["id"] for r in _lines(captured.out)] == [SEED.stem]
    assert str(missing) in captured.err


def test_unknown_backend(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--backend", "nonesuch", str(SEED)])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "invalid choice: 'nonesuch'" in captured.err
    assert "'rules'" in captured.err


@pytest.mark.parametrize("command", ["extract", "index"])
def test_stanza_without_models_is_one_clear_error(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("stanza")
    empty = tmp_path / "models"
    empty.mkdir()
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(empty))
    extra = ["--db", str(tmp_path / "q.sqlite")] if command == "index" else []
    assert main([command, "--backend", "stanza", str(SEEDS), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(empty) in captured.err and "python -m quoteattr download" in captured.err
    assert "Traceback" not in captured.err
    assert not (tmp_path / "q.sqlite").exists()  # nothing was started


def test_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str]) -> None:
    stanza = pytest.importorskip("stanza")
    asked: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(stanza, "download",
                        lambda lang, **options: asked.append((lang, options)))
    assert main(["download", "--dir", str(tmp_path)]) == 0
    assert [(lang, options["model_dir"]) for lang, options in asked] == [("en", str(tmp_path))]
    assert str(tmp_path) in capsys.readouterr().out


def test_download_without_internet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    stanza = pytest.importorskip("stanza")

    def offline(lang: str, **options: Any) -> None:
        raise ConnectionError("Failed to establish a new connection")

    monkeypatch.setattr(stanza, "download", offline)
    assert main(["download", "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot download stanza's 'en' models" in err and "Failed to establish" in err


def test_jobs_write_the_same_lines_in_the_same_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = _jsonl(
        tmp_path / "feed.jsonl",
        {"id": "one", "text": "“We will win,” she said."},
        '{"id": "two", "text": ',
        {"id": "three", "text": "No quotes here."},
        {"id": "four", "text": "Biden said the talks would go on."},
    )
    argv = ["extract", str(SEEDS), str(feed), str(tmp_path / "missing.txt")]
    assert main(argv) == 1
    alone = capsys.readouterr()
    assert main([*argv, "--jobs", "2"]) == 1
    spread = capsys.readouterr()
    assert spread.out == alone.out
    assert spread.err == alone.err
    ids = [r["id"] for r in _lines(spread.out)]
    assert ids == [p.stem for p in sorted(SEEDS.glob("*.txt"))] + ["one", "three", "four"]
    assert f"{feed}:2" in spread.err and "missing.txt" in spread.err
