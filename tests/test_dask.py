"""quoteattr.dask on a real LocalCluster of two worker processes: the index it builds is the
one single-process ingest builds, also when a worker dies or the cluster restarts mid-run;
distributed linking gives the clusters of single-process linking; bad input is reported."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")
cloudpickle = pytest.importorskip("cloudpickle")

from quoteattr import dask as on_dask  # noqa: E402
from quoteattr.annotate import get_annotator  # noqa: E402
from quoteattr.articles import parse_article, read_articles  # noqa: E402
from quoteattr.cli import main  # noqa: E402
from quoteattr.index import QuoteIndex  # noqa: E402
from quoteattr.linking import Linker, Score, Unit, link, pair_code  # noqa: E402
from quoteattr.model import Article, Document  # noqa: E402

# The annotators below run on the workers, which cannot import this file by name.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SPEAKERS = ("Anna Lindqvist", "Marek Novak", "the ministry", "Carla Mendes")
REMARKS = (
    "The new bridge over the river will open to traffic before the winter season",
    "Our harvest of grain this year has beaten every forecast made in the spring",
    "The talks with the neighbouring provinces have reached a decisive stage",
    "Nobody in this town should pay more for water than they paid last year",
    "The railway line to the coast must be rebuilt with stronger steel rails",
)


def _generated(count: int) -> list[Article]:
    """Articles quoting the same remarks in full, cut, re-cased and re-punctuated."""
    rng = random.Random(6)
    articles = []
    for number in range(count):
        paragraphs = []
        for _ in range(rng.randint(1, 3)):
            remark, speaker = rng.choice(REMARKS), rng.choice(SPEAKERS)
            words = remark.split()
            if rng.random() < 0.3:
                start = rng.randrange(len(words) // 2)
                words = words[start:start + rng.randint(4, 7)]
            text = " ".join(words)
            if rng.random() < 0.3:
                text = text.lower()
            paragraphs.append(rng.choice((
                f"“{text},” {speaker} said on Tuesday.",
                f"{speaker} told reporters: \"{text}.\"",
                f"{speaker} said the plan was {rng.choice(('late', 'ready'))}.",
            )))
        articles.append(parse_article("\n\n".join(paragraphs), f"gen{number:03d}"))
    return articles


def _corpus() -> list[Article]:
    seeds = [a for a in read_articles([SEEDS]) if isinstance(a, Article)]
    return seeds + _generated(36)


def _single_process(tmp_path: Path, articles: list[Article]) -> dict[str, Any]:
    with QuoteIndex(tmp_path / "single.sqlite") as index:
        index.ingest(articles, progress=False)
        return index.export_data()


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def _bag(articles: list[Article], partitions: int = 8) -> Any:
    return dask_bag.from_sequence(articles, npartitions=partitions)


def test_same_index_as_single_process(tmp_path: Path, client: Any) -> None:
    articles = _corpus()
    with QuoteIndex(tmp_path / "dask.sqlite") as index:
        done = on_dask.ingest(index, _bag(articles), client=client, progress=False)
        data = index.export_data()
    assert done.failures == ()
    assert len(done.report.added) == len(articles)
    assert data == _single_process(tmp_path, articles)
    assert any(len(c["members"]) >= 4 for c in data["clusters"])


def test_cli_scheduler_same_json(tmp_path: Path, client: Any,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(SEEDS), "--db", str(tmp_path / "a.sqlite")]) == 0
    single = capsys.readouterr().out
    status = main(["index", str(SEEDS), "--db", str(tmp_path / "b.sqlite"),
                   "--scheduler", client.scheduler.address, "--no-progress"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert json.loads(captured.out) == json.loads(single)
    assert "5 articles added" in captured.err


class _DyingAnnotator:
    """Kills its worker process at the first article ``gen007`` (once: a marker file)."""

    name = "dying"

    def __init__(self, marker: Path) -> None:
        self.marker = marker
        self.rules = get_annotator("rules")

    def annotate(self, article: Article) -> Document:
        if article.id == "gen007" and not self.marker.exists():
            self.marker.touch()
            os._exit(1)  # the worker process dies mid-partition; its nanny starts another
        return self.rules.annotate(article)


def test_worker_killed_mid_run(tmp_path: Path, client: Any) -> None:
    articles = _corpus()
    marker = tmp_path / "killed"
    with QuoteIndex(tmp_path / "dask.sqlite") as index:
        done = on_dask.ingest(index, _bag(articles), client=client, progress=False,
                              annotator=_DyingAnnotator(marker))
        data = index.export_data()
    assert marker.exists()  # a worker did die
    assert done.failures == ()
    assert data == _single_process(tmp_path, articles)


class _SlowAnnotator:
    """The rules, slowly: time for a restart while partitions are in flight."""

    name = "slow"

    def __init__(self) -> None:
        self.rules = get_annotator("rules")

    def annotate(self, article: Article) -> Document:
        time.sleep(0.03)
        return self.rules.annotate(article)


def test_restart_mid_run(tmp_path: Path, client: Any) -> None:
    articles = _corpus()
    path = tmp_path / "dask.sqlite"
    stored_at_restart: list[int] = []

    def restart_once_some_are_stored() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if path.exists():
                with sqlite3.connect(path) as db:
                    try:
                        count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
                    except sqlite3.OperationalError:
                        count = 0
                if count:
                    stored_at_restart.append(count)
                    client.restart()
                    return
            time.sleep(0.02)

    restarter = threading.Thread(target=restart_once_some_are_stored)
    restarter.start()
    try:
        with QuoteIndex(path) as index:
            done = on_dask.ingest(index, _bag(articles, 12), client=client, progress=False,
                                  annotator=_SlowAnnotator())
            data = index.export_data()
    finally:
        restarter.join()
    assert stored_at_restart and stored_at_restart[0] < len(articles)  # restarted mid-run
    assert done.failures == ()
    assert data == _single_process(tmp_path, articles)


def test_link_units_same_clusters_as_link(client: Any) -> None:
    """Many near-duplicates of few words: long candidate lists, exact copies, fragments,
    unknown and conflicting speakers, over several chunks."""
    units = _near_duplicates(3000, 60)
    expected = [c.units for c in link(units)]
    linker = on_dask.link_units(units, client=client, chunk=500)
    assert [c.units for c in linker.clusters()] == expected
    here = on_dask.link_units(units, chunk=700)
    assert [c.units for c in here.clusters()] == expected


def _near_duplicates(count: int, seed: int) -> list[Unit]:
    rng = random.Random(seed)
    vocabulary = "bridge river winter harvest grain forecast talks province water steel " \
                 "railway coast town season spring decisive stage price rails open".split()
    units = []
    for number in range(count):
        words = rng.sample(vocabulary, rng.choice((1, 2, 4, 6, 8, 10)))
        if rng.random() < 0.3:
            words = [w.upper() for w in words]
        speaker = rng.choice(("a", "b", "c", None))
        units.append(Unit(f"u{number}", " the ".join(words), speaker))
    return units


def test_dask_scores_the_pairs_the_linker_scores(client: Any) -> None:
    """The pair-score table of the workers is the table of pairs single-process linking
    scores, pair for pair and score for score (not only the same clusters)."""
    # And long copies credited to other speakers, joined as near-identical before scoring.
    long = "bridge river winter harvest grain forecast talks province"
    units = _near_duplicates(2000, 61) + [
        Unit(f"c{n}", long if n % 2 else f"{long} water", ("a", "b", "c", None)[n % 4])
        for n in range(40)]
    here = Linker(record=True)
    here.add(units)
    table = on_dask.score_pairs(units, client=client, chunk=300)
    assert len(table) > 5000
    assert dict(table) == here.scored
    linked = Linker(pairs=table, record=True)
    linked.add(units)
    assert linked.unscored == 0
    assert linked.scored == here.scored


def test_far_apart_wordings_are_scored_whatever_lies_between(client: Any) -> None:
    """A remark and its cut 3,000 units apart, with the same words quoted by others in
    between: the pair is in the table (no window of recent units decides)."""
    remark = "the railway bridge over the river will open before the winter harvest"
    filler = [Unit(f"f{n}", f"the river bridge and the winter harvest, said number {n}",
                   f"other {n % 40}") for n in range(3000)]
    units = [Unit("remark", remark, "mayor"), *filler,
             Unit("cut", "railway bridge over the river will open", "mayor")]
    table = on_dask.score_pairs(units, client=client, chunk=700)
    assert table[pair_code(0, len(units) - 1)] == Score(1.0, "partial")
    (cluster,) = [c for c in on_dask.link_units(units, client=client).clusters()
                  if any(u.key == "remark" for u in c.units)]
    assert sorted(u.key for u in cluster.units) == ["cut", "remark"]


def test_bad_articles_reported_with_their_ids(tmp_path: Path, client: Any) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not UTF-8 \x80")
    good = tmp_path / "good.txt"
    good.write_text("“The bridge will open,” Anna Lindqvist said.", encoding="utf-8")
    items: list[Any] = [parse_article("“It is late,” Marek Novak said.", "small"),
                        parse_article("“Too long.” " * 20, "huge"), str(bad), str(good)]
    with QuoteIndex(tmp_path / "dask.sqlite") as index:
        done = on_dask.ingest(index, dask_bag.from_sequence(items, npartitions=1),
                              client=client, progress=False, max_chars=100)
        data = index.export_data()
    assert [a["id"] for a in data["articles"]] == ["small", "good"]
    assert {f.id for f in done.failures} == {"huge", f"{bad}:1"}
    [huge] = [f for f in done.failures if f.id == "huge"]
    assert "more than max_chars=100" in huge.message
    assert str(done).endswith("; 2 failed")


def test_failure_inside_the_pipeline_keeps_the_partition() -> None:
    class Failing:
        name = "failing"

        def annotate(self, article: Article) -> Document:
            if article.id == "boom":
                raise RuntimeError("annotator broke")
            return get_annotator("rules").annotate(article)

    part = on_dask.extract_partition(
        [parse_article("“Fine,” she said.", "ok1"), parse_article("x", "boom"),
         parse_article("“Fine too,” he said.", "ok2")], annotator=Failing())
    assert [a.id for a, _ in part.extracted] == ["ok1", "ok2"]
    assert part.failures == (on_dask.Failure("boom", "RuntimeError: annotator broke"),)


@pytest.mark.parametrize("call, argument", [
    (lambda: on_dask.extract_partition(b"text"), "items"),
    (lambda: on_dask.extract_partition([42]), "items[0]"),
    (lambda: on_dask.extract_bag(["a"]), "bag"),
    (lambda: on_dask.link_units("words"), "units"),
    (lambda: on_dask.link_units([Unit("a", "x"), "y"]), "units[1]"),
    (lambda: on_dask.ingest("index.sqlite", None), "index"),  # type: ignore[arg-type]
])
def test_wrong_types_name_the_argument(call: Any, argument: str) -> None:
    with pytest.raises(TypeError, match=rf"^{argument.replace('[', '.').replace(']', '.')} "):
        call()


def test_bad_max_chars() -> None:
    with pytest.raises(ValueError, match="max_chars must be a positive integer"):
        on_dask.extract_partition([], max_chars=0)
