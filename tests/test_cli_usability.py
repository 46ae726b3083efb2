"""The command line as a new user meets it: --version, speakers, search by speaker, an input
with no article, --out checked first, a read-only index, Ctrl-C, progress bars, the site."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import quoteattr
from quoteattr.cli import _CtrlC, main
from quoteattr.index import QuoteIndex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "seeds.sqlite"
    assert main(["index", str(SEEDS), "--db", str(db), "--out", os.devnull]) == 0
    return db


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out == f"quoteattr {quoteattr.__version__}\n"


# --- speakers and search by speaker ------------------------------------------------------------


def test_speakers(seeds_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "speakers", "--db", str(seeds_db))
    assert status == 0, err
    speakers = [json.loads(line) for line in out.splitlines()]
    assert all(set(s) == {"name", "type", "aliases", "quotes", "articles", "indirect",
                          "remarks"} for s in speakers)
    assert [s["quotes"] for s in speakers] == sorted((s["quotes"] for s in speakers),
                                                     reverse=True)
    by_name = {s["name"]: s for s in speakers}
    putin = by_name["Vladimir Putin"]
    assert "Putin" in putin["aliases"] and putin["articles"] >= 4
    # the counts are those of the index itself
    with QuoteIndex(seeds_db, create=False) as index:
        data = index.export_data(context=True)
        hits = index.search(speaker="Vladimir Putin", limit=1000)
    ids = {s["name"]: s["id"] for s in data["speakers"]}
    assert putin["remarks"] == sum(c["speaker"] == ids["Vladimir Putin"]
                                   for c in data["clusters"])
    assert putin["quotes"] == len(hits)
    assert putin["indirect"] == sum(h.kind == "indirect" for h in hits)
    assert {s["name"] for s in data["speakers"]} == set(by_name)


def test_search_by_speaker_without_words(seeds_db: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "search", "--db", str(seeds_db), "--speaker", "putin")
    assert status == 0, err
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) >= 5 and {h["speaker"] for h in hits} == {"Vladimir Putin"}
    dated = [h["date"] for h in hits if h["date"]]
    assert dated == sorted(dated) and all(h["date"] is None for h in hits[len(dated):])
    assert any("completely failed" in h["text"] for h in hits)
    status, out, _ = _run(capsys, "search", "--db", str(seeds_db), "--speaker", "putin",
                          "--since", "2025-04-27")
    assert status == 0 and {json.loads(line)["date"] for line in out.splitlines()} == {
        "2025-04-27"}
    status, out, _ = _run(capsys, "search", "--db", str(seeds_db), "--speaker", "Nobody Atall")
    assert (status, out) == (0, "")


def test_search_needs_words_or_a_speaker(seeds_db: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "search", "--db", str(seeds_db))
    assert (status, out) == (2, "")
    assert err == "quoteattr: search needs WORDS, --speaker NAME, or both\n"


# --- no article ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "index"])
@pytest.mark.parametrize("make", ["empty folder", "folder of other files", "blank jsonl"])
def test_input_with_no_article(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               command: str, make: str) -> None:
    target = tmp_path / "in"
    if make == "blank jsonl":
        target = tmp_path / "in.jsonl"
        target.write_text("\n  \n", encoding="utf-8")
    else:
        target.mkdir()
        if make == "folder of other files":
            (target / "notes.md").write_text("“Hi,” he said.", encoding="utf-8")
            (target / "sub").mkdir()
            (target / "sub" / "a.txt").write_text("“Hi,” he said.", encoding="utf-8")
    db = tmp_path / "x.sqlite"
    argv = [command, str(target)] + (["--db", str(db)] if command == "index" else [])
    status, out, err = _run(capsys, *argv)
    assert (status, out) == (1, "")
    assert err.startswith(f"quoteattr: no article in {target}; expected a .txt file")
    assert len(err.splitlines()) == 1


# --- --out checked before the work -----------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "format", "message"),
    [
        ("{tmp}/missing/x.json", "json", "no such folder"),
        ("{tmp}/missing/site", "html", "no such folder"),
        ("{tmp}/folder", "json", "is a folder; expected a file name (a site needs --format html)"),
        ("{tmp}/file", "html", "exists and is not a folder"),
    ],
)
def test_out_is_checked_before_the_work(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        out: str, format: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("keep", encoding="utf-8")
    db = tmp_path / "new.sqlite"
    target = out.format(tmp=tmp_path)
    status, stdout, err = _run(capsys, "index", str(SEEDS), "--db", str(db), "--format", format,
                               "--out", target)
    assert (status, stdout) == (2, "")
    assert err.startswith(f"quoteattr: {target}: cannot write: {message}")
    assert len(err.splitlines()) == 1
    assert not db.exists()  # nothing was done
    assert (tmp_path / "file").read_text(encoding="utf-8") == "keep"


def test_out_in_a_read_only_folder(read_only: Path, tmp_path: Path, seeds_db: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    _make_read_only(read_only)
    for argv in (["export", "--db", str(seeds_db)],
                 ["index", str(SEEDS), "--db", str(tmp_path / "n.sqlite")]):
        status, _, err = _run(capsys, *argv, "--out", str(read_only / "out.json"))
        assert status == 2
        assert "cannot write: permission denied or read-only" in err
    assert not (tmp_path / "n.sqlite").exists()


# --- a read-only index -----------------------------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written to: read-only media where we are root (a read-only
    bind mount: root ignores permission bits), else a folder without write permission."""
    source = tmp_path / "media-source"
    source.mkdir()
    folder = tmp_path / "media"
    folder.mkdir()
    if os.geteuid() != 0:
        source.rmdir()
        yield folder
        folder.chmod(0o755)
        return
    bound = subprocess.run(["mount", "--bind", str(source), str(folder)],
                           capture_output=True, check=False)
    if bound.returncode != 0:
        pytest.skip(f"cannot make read-only media here (mount: {bound.stderr!r})")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], check=False).returncode:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _make_read_only(folder: Path) -> None:
    if os.geteuid() != 0:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
        return
    done = subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make read-only media here (mount: {done.stderr!r})")


def test_read_only_index_is_searched_and_exported(
        read_only: Path, seeds_db: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # a WAL index copied as it is, then the medium made read-only
    shutil.copy(seeds_db, read_only / "seeds.sqlite")
    header = (read_only / "seeds.sqlite").read_bytes()[:20]
    assert header[18:20] == b"\x02\x02"  # WAL: a reader needs a -shm file beside it
    _make_read_only(read_only)
    db = str(read_only / "seeds.sqlite")
    before = sorted(p.name for p in read_only.iterdir())
    status, out, err = _run(capsys, "search", "--db", db, "completely failed")
    assert status == 0, err
    assert len(out.splitlines()) >= 4
    assert out == _run(capsys, "search", "--db", str(seeds_db), "completely failed")[1]
    status, out, err = _run(capsys, "export", "--db", db)
    assert status == 0, err
    _, expected, _ = _run(capsys, "export", "--db", str(seeds_db))
    assert out == expected
    status, out, err = _run(capsys, "speakers", "--db", db)
    assert status == 0 and "Vladimir Putin" in out, err
    status, _, err = _run(capsys, "export", "--db", db, "--format", "html",
                          "--out", str(tmp_path / "site"))
    assert status == 0, err
    assert (tmp_path / "site" / "index.html").exists()
    # adding to it is refused up front, in one line
    status, out, err = _run(capsys, "index", str(SEEDS), "--db", db)
    assert (status, out) == (2, "")
    assert err == (f"quoteattr: {db}: the index is read-only here; index adds to it, so it "
                   "must be writable (search, speakers and export can read it as it is)\n")
    assert sorted(p.name for p in read_only.iterdir()) == before


# --- Ctrl-C ----------------------------------------------------------------------------------


def _seed_copies(tmp_path: Path, copies: int) -> Path:
    """A folder of ``copies`` copies of the seed articles, in name order copy by copy."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, corpus / f"{copy:02d}-{seed.name}")
    return corpus


def _extract_in_a_session(corpus: Path, jobs: str) -> subprocess.Popen[bytes]:
    """``extract`` in a process group of its own, as a terminal runs it (Ctrl-C reaches
    every process of the group)."""
    command = [sys.executable, "-m", "quoteattr", "extract", str(corpus), "--jobs", jobs]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)


def test_ctrl_c_during_a_write_waits_for_the_line_to_end() -> None:
    written = []
    with pytest.raises(KeyboardInterrupt), _CtrlC() as ctrl_c:
        with ctrl_c.held():
            signal.raise_signal(signal.SIGINT)  # comes while a line is written
            written.append("the rest of the line")
        written.append("the next line")
    assert written == ["the rest of the line"]
    with pytest.raises(KeyboardInterrupt), _CtrlC():  # between writes: at once
        signal.raise_signal(signal.SIGINT)
        written.append("never")
    assert written == ["the rest of the line"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # given back


def test_ctrl_c_stops_extract_on_worker_processes_in_one_line(tmp_path: Path) -> None:
    # Ctrl-C at a terminal reaches the whole process group, workers included: they leave it
    # to the command, which stops them and says how far it got; what was written is whole.
    corpus = _seed_copies(tmp_path, 40)
    process = _extract_in_a_session(corpus, "2")
    assert process.stdout is not None
    first = process.stdout.readline()  # the workers are extracting
    assert first.startswith(b'{"id": ')
    os.killpg(process.pid, signal.SIGINT)
    rest = process.stdout.read()  # (after readline: the rest of its buffer, then the pipe)
    assert process.wait(timeout=60) == 130
    assert process.stderr is not None
    [line] = process.stderr.read().decode("utf-8").splitlines()  # no worker's traceback
    assert line.startswith("quoteattr: interrupted: ") and line.endswith(" articles written")
    written = int(line.split(": ")[2].split()[0])
    lines = (first + rest).decode("utf-8").splitlines()
    assert 1 <= written == len(lines) < 200
    assert all(json.loads(text)["id"] for text in lines)


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="a pipe's size is set on Linux")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_the_reader_lags_leaves_whole_lines(tmp_path: Path, jobs: str) -> None:
    # The reader takes nothing until Ctrl-C, so the writer waits on a full pipe, in the middle
    # of a line: that write, cut short by the signal, is finished before the command stops.
    corpus = _seed_copies(tmp_path, 10)
    process = _extract_in_a_session(corpus, jobs)
    assert process.stdout is not None and process.stderr is not None
    fcntl.fcntl(process.stdout.fileno(), fcntl.F_SETPIPE_SZ, 8192)  # two lines or less
    deadline = time.monotonic() + 120
    held, before = bytearray(4), -1
    while time.monotonic() < deadline and not 0 < before == _number(held):
        before = _number(held)
        time.sleep(0.3)
        fcntl.ioctl(process.stdout.fileno(), termios.FIONREAD, held)
    os.killpg(process.pid, signal.SIGINT)  # the pipe is full, and the writer waits
    out = process.stdout.read()
    assert process.wait(timeout=60) == 130
    [line] = process.stderr.read().decode("utf-8").splitlines()
    written = int(line.split(": ")[2].split()[0])
    lines = out.decode("utf-8").splitlines()
    assert 1 <= written == len(lines) < 50
    assert [json.loads(text)["id"] for text in lines] == [
        f"00-{seed.stem}" for seed in sorted(SEEDS.glob("*.txt"))][:written]


def _number(held: bytearray) -> int:
    return int.from_bytes(held, sys.byteorder)


def test_ctrl_c_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    corpus = _seed_copies(tmp_path, 30)  # (a window wide enough on a busy machine)
    db = tmp_path / "i.sqlite"
    command = [sys.executable, "-m", "quoteattr", "index", str(corpus), "--db", str(db),
               "--out", str(tmp_path / "out.json")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None and stored < 3:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as reader:
                    stored = reader.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                pass  # the schema is being made
    assert process.poll() is None, "the index finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert out == b""
    [line] = err.decode("utf-8").splitlines()
    assert line.startswith("quoteattr: interrupted: ")
    assert line.endswith(" articles stored; run again to resume")
    stored = int(line.split(": ")[2].split()[0])
    assert 3 <= stored < 150
    assert not (tmp_path / "out.json").exists()

    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{150 - stored} articles added, 0 replaced, {stored} unchanged" in again.stderr.decode()
    fresh = tmp_path / "fresh.sqlite"
    with QuoteIndex(db) as resumed, QuoteIndex(fresh) as whole:
        from quoteattr.articles import read_articles
        whole.ingest([a for a in read_articles([corpus]) if isinstance(a, quoteattr.Article)],
                     progress=False)
        assert resumed.export_data() == whole.export_data()


# --- progress ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "index"])
def test_progress_bar_with_a_total(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   command: str) -> None:
    db = ["--db", str(tmp_path / "p.sqlite"), "--out", os.devnull] if command == "index" else []
    status, _, err = _run(capsys, command, str(SEEDS), *db, "--progress")
    assert status == 0
    assert "5/5" in err and "100%" in err
    # not on a terminal, no bar unless asked for
    status, _, err = _run(capsys, command, str(SEEDS), *db)
    assert status == 0 and "5/5" not in err and "%" not in err
    status, _, err = _run(capsys, command, str(SEEDS), *db, "--no-progress")
    assert "%" not in err


def test_progress_from_stdin_has_no_total(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import io
    lines = "".join(json.dumps({"id": f"a{n}", "text": "“Hi,” Ann said."}) + "\n"
                    for n in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    status, out, err = _run(capsys, "extract", "-", "--progress")
    assert status == 0 and len(out.splitlines()) == 3
    assert "3 articles" in err.replace("3articles", "3 articles") and "%" not in err


# --- the site from the command line --------------------------------------------------------


def test_export_html_to_a_folder_is_a_site(seeds_db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "export", "--db", str(seeds_db), "--format", "html",
                            "--out", str(tmp_path / "site"))
    assert (status, out) == (0, "")
    site = tmp_path / "site"
    assert f"open {site / 'index.html'}" in err
    names = {p.name for p in site.iterdir()}
    assert {"index.html", "site.css", "site.js", "articles.html", "speakers.html"} <= names
    assert any(name.startswith("speaker-s") for name in names)
    # a name ending in .html is still the one page, as before
    status, _, _ = _run(capsys, "export", "--db", str(seeds_db), "--format", "html",
                        "--out", str(tmp_path / "one.html"))
    page = (tmp_path / "one.html").read_text(encoding="utf-8")
    assert status == 0 and "<script" not in page and "Vladimir Putin" in page
    # and index writes the site too
    status, _, err = _run(capsys, "index", str(SEEDS), "--db", str(seeds_db), "--format",
                          "html", "--out", str(tmp_path / "again"))
    assert status == 0, err
    assert (tmp_path / "again" / "index.html").read_text(encoding="utf-8") == (
        site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("shm", [True, False], ids=["with-shm", "without-shm"])
def test_read_only_copy_of_an_index_being_written(
        read_only: Path, tmp_path: Path, seeds_db: Path, shm: bool,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A copy taken while a writer had the file open: its last change is still in the WAL
    file. With the -shm file it is read; without it (it cannot be made on read-only media)
    the index is read as it was before, and a note says so."""
    live = tmp_path / "live.sqlite"
    shutil.copy(seeds_db, live)
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE articles SET source = 'Edited' WHERE rowid = 1")
    for suffix in ("", "-wal", "-shm")[: 3 if shm else 2]:
        shutil.copy(f"{live}{suffix}", read_only / f"i.sqlite{suffix}")
    writer.close()
    _make_read_only(read_only)
    status, out, err = _run(capsys, "export", "--db", str(read_only / "i.sqlite"))
    assert status == 0, err
    first = json.loads(out)["articles"][0]
    if shm:
        assert (first["source"], err) == ("Edited", "")
    else:
        assert first["source"] != "Edited"
        assert err == (f"quoteattr: note: {read_only / 'i.sqlite-wal'} holds changes that "
                       "cannot be read here (no i.sqlite-shm beside it, and the folder is "
                       "read-only): reading the index as it was before them\n")
