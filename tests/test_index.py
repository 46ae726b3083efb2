"""Tests for the quote index (quoteattr/index.py): ingest, links across articles, search,
export, bad files and a reader running while an ingest goes on."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from quoteattr.articles import parse_article, read_articles
from quoteattr.entities import SpeakerRegistry
from quoteattr.index import (
    SCHEMA_VERSION,
    IndexFileError,
    IngestReport,
    QuoteIndex,
    SearchHit,
    sentence_around,
    to_markdown,
)
from quoteattr.model import Article, Speaker

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KYIV = "The Kyiv regime’s adventure has completely failed"

TOP_KEYS = {"articles", "speakers", "clusters"}
ARTICLE_KEYS = {"id", "date", "source"}
SPEAKER_KEYS = {"id", "name", "type", "aliases"}
CLUSTER_KEYS = {"id", "speaker", "text", "members", "also_attributed"}
MEMBER_KEYS = {"article", "start", "end", "text", "relation"}


def _seeds() -> list[Article]:
    articles = [item for item in read_articles([SEEDS]) if isinstance(item, Article)]
    assert len(articles) == 5
    return articles


def _texts() -> dict[str, str]:
    return {article.id: article.text for article in _seeds()}


def _ingest(path: Path, articles: list[Article]) -> IngestReport:
    with QuoteIndex(path) as index:
        return index.ingest(articles, progress=False)


def _export(path: Path) -> dict[str, Any]:
    with QuoteIndex(path) as index:
        return index.export_data()


def _check_contract(data: dict[str, Any], texts: dict[str, str]) -> None:
    """The JSON of the index contract (DESIGN.md), consistent with the article texts."""
    assert set(data) == TOP_KEYS
    speaker_ids = [s["id"] for s in data["speakers"]]
    assert speaker_ids == [f"s{n}" for n in range(1, len(speaker_ids) + 1)]
    for article in data["articles"]:
        assert set(article) == ARTICLE_KEYS
        assert article["id"] in texts
    for speaker in data["speakers"]:
        assert set(speaker) == SPEAKER_KEYS
        assert speaker["type"] in {"person", "organization", "unknown"}
        assert isinstance(speaker["aliases"], list)
        assert speaker["name"] not in speaker["aliases"]
    articles = {a["id"] for a in data["articles"]}
    seen: set[tuple[str, int, int]] = set()
    for number, cluster in enumerate(data["clusters"], 1):
        assert set(cluster) == CLUSTER_KEYS
        assert cluster["id"] == f"c{number}"
        assert cluster["speaker"] is None or cluster["speaker"] in speaker_ids
        assert cluster["members"]
        assert cluster["text"] == cluster["members"][0]["text"]
        for member in cluster["members"]:
            assert set(member) == MEMBER_KEYS
            assert member["relation"] in {"exact", "partial", "variant", "paraphrase"}
            assert member["article"] in articles
            text = texts[member["article"]]
            assert text[member["start"] : member["end"]] == member["text"]
            place = (member["article"], member["start"], member["end"])
            assert place not in seen  # every linked unit is in one cluster
            seen.add(place)


def _cluster_with(data: dict[str, Any], words: str) -> dict[str, Any]:
    clusters: list[dict[str, Any]] = data["clusters"]
    [cluster] = [c for c in clusters if any(words in m["text"] for m in c["members"])]
    return cluster


def _speaker_name(data: dict[str, Any], speaker_id: str | None) -> str | None:
    return next((s["name"] for s in data["speakers"] if s["id"] == speaker_id), None)


# --- ingest ---------------------------------------------------------------------------------


def test_index_of_the_seeds(tmp_path: Path) -> None:
    report = _ingest(tmp_path / "seeds.sqlite", _seeds())
    assert report.added == tuple(a.id for a in _seeds())
    assert report.replaced == report.unchanged == ()
    assert report.quotes > 0 and report.units > 0 and report.clusters > 0
    data = _export(tmp_path / "seeds.sqlite")
    _check_contract(data, _texts())
    assert [a["id"] for a in data["articles"]] == [a.id for a in _seeds()]
    assert len(data["clusters"]) == report.clusters
    assert sum(len(c["members"]) for c in data["clusters"]) == report.units
    assert any(len(c["members"]) == 1 for c in data["clusters"])  # single members included
    putin = _cluster_with(data, KYIV)
    assert _speaker_name(data, putin["speaker"]) == "Vladimir Putin"
    assert {m["article"] for m in putin["members"]} == {a.id for a in _seeds()}
    assert any(m["relation"] == "partial" and m["text"] == "completely failed"
               for m in putin["members"])


def test_speakers_are_merged_across_articles(tmp_path: Path) -> None:
    _ingest(tmp_path / "seeds.sqlite", _seeds())
    data = _export(tmp_path / "seeds.sqlite")
    names = [s["name"] for s in data["speakers"]]
    assert names.count("Vladimir Putin") == 1
    assert names.count("Valery Gerasimov") == 1
    [putin] = [s for s in data["speakers"] if s["name"] == "Vladimir Putin"]
    assert "Putin" in putin["aliases"]


def test_reingest_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "seeds.sqlite"
    _ingest(path, _seeds())
    before = _export(path)
    report = _ingest(path, _seeds())
    assert report.added == report.replaced == ()
    assert report.unchanged == tuple(a.id for a in _seeds())
    assert (report.quotes, report.units) == (0, 0)
    assert _export(path) == before
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (5,)


def test_the_same_article_twice_in_one_batch(tmp_path: Path) -> None:
    seed = _seeds()[0]
    report = _ingest(tmp_path / "x.sqlite", [seed, seed])
    assert report.added == (seed.id,)
    assert report.unchanged == (seed.id,)


def test_new_articles_join_existing_clusters(tmp_path: Path) -> None:
    seeds = _seeds()
    path = tmp_path / "seeds.sqlite"
    first = _ingest(path, seeds[:3])
    early = _cluster_with(_export(path), KYIV)
    assert {m["article"] for m in early["members"]} == {a.id for a in seeds[:3]}
    second = _ingest(path, seeds[3:])
    assert second.added == tuple(a.id for a in seeds[3:])
    assert second.unchanged == ()
    data = _export(path)
    _check_contract(data, _texts())
    putin = _cluster_with(data, KYIV)
    assert len({m["article"] for m in putin["members"]}) >= 4
    assert {a.id for a in seeds[3:]} <= {m["article"] for m in putin["members"]}
    assert second.clusters <= first.clusters + second.units
    # Incremental and all-at-once give the same index.
    _ingest(tmp_path / "once.sqlite", seeds)
    assert _export(tmp_path / "once.sqlite") == data


def test_translations_of_one_remark_are_one_cluster(tmp_path: Path) -> None:
    _ingest(tmp_path / "seeds.sqlite", _seeds())
    data = _export(tmp_path / "seeds.sqlite")
    ap = _cluster_with(data, "The complete defeat of our enemy along Kursk’s border region")
    reuters = _cluster_with(data, "The full defeat of the enemy in the Kursk border region")
    assert ap is reuters
    assert _cluster_with(data, KYIV) is not ap  # two remarks of one speaker stay apart


def test_changed_article_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    old = parse_article("“The adventure has failed,” Putin said. “Rain,” Lavrov said.", "a1")
    other = parse_article("Vladimir Putin said: “The adventure has failed.”", "a2")
    _ingest(path, [old, other])
    new = parse_article("“The offensive has stalled,” Putin said.", "a1")
    report = _ingest(path, [new])
    assert report.replaced == ("a1",)
    assert report.added == report.unchanged == ()
    data = _export(path)
    _check_contract(data, {"a1": new.text, "a2": other.text})
    assert [a["id"] for a in data["articles"]] == ["a1", "a2"]
    texts = sorted(m["text"] for c in data["clusters"] for m in c["members"])
    assert texts == ["The adventure has failed.", "The offensive has stalled,"]
    assert "Sergey Lavrov" not in [s["name"] for s in data["speakers"]]
    assert "Lavrov" not in [s["name"] for s in data["speakers"]]
    with QuoteIndex(path) as index:
        assert index.search("rain") == []
        assert [h.article for h in index.search("stalled")] == ["a1"]


def test_a_new_date_is_a_new_version(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    article = parse_article("“It has failed,” Putin said.", "a1")
    _ingest(path, [article])
    report = _ingest(path, [attrs.evolve(article, date="2025-04-27")])
    assert report.replaced == ("a1",)
    assert _export(path)["articles"] == [{"id": "a1", "date": "2025-04-27", "source": None}]


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "No quotes here at all.", "The word “hero” is a scare quote here."],
)
def test_articles_without_linked_quotes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.sqlite"
    report = _ingest(path, [parse_article(text, "empty")])
    assert report.added == ("empty",)
    data = _export(path)
    assert data["articles"] == [{"id": "empty", "date": None, "source": None}]
    assert data["clusters"] == []


def test_interrupted_ingest_keeps_committed_articles(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    seeds = _seeds()

    def failing() -> Iterator[Article]:
        yield from seeds[:2]
        raise OSError("disk went away")

    with QuoteIndex(path) as index, pytest.raises(OSError, match="disk went away"):
        index.ingest(failing(), progress=False)
    data = _export(path)
    assert [a["id"] for a in data["articles"]] == [a.id for a in seeds[:2]]
    assert data["clusters"] == []  # linking runs once the articles are in
    report = _ingest(path, seeds)
    assert report.unchanged == tuple(a.id for a in seeds[:2])
    _ingest(tmp_path / "once.sqlite", seeds)
    assert _export(path) == _export(tmp_path / "once.sqlite")


def test_linking_left_undone_is_done_by_the_next_ingest(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    _ingest(path, _seeds())
    with sqlite3.connect(path) as db:  # as if the process died before linking
        db.execute("DELETE FROM members")
        db.execute("DELETE FROM clusters")
    report = _ingest(path, _seeds())
    assert report.unchanged == tuple(a.id for a in _seeds())
    _check_contract(_export(path), _texts())
    assert _export(path)["clusters"]


def test_ingest_rejects_what_is_not_an_article(tmp_path: Path) -> None:
    with QuoteIndex(tmp_path / "x.sqlite") as index:
        with pytest.raises(TypeError, match="Article"):
            index.ingest(["not an article"], progress=False)  # type: ignore[list-item]
        with pytest.raises(TypeError, match="iterable"):
            index.ingest(_seeds()[0], progress=False)  # type: ignore[arg-type]


def test_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with QuoteIndex(tmp_path / "x.sqlite") as index:
        index.ingest(_seeds()[:1], progress=True)
    assert "indexing" in capsys.readouterr().err
    with QuoteIndex(tmp_path / "y.sqlite") as index:
        index.ingest(_seeds()[:1], progress=False)
    assert capsys.readouterr().err == ""


def test_report_text() -> None:
    report = IngestReport(("a",), (), ("b", "c"), 3, 1, 1)
    assert str(report) == (
        "1 article added, 0 replaced, 2 unchanged; 3 quotes, 1 linked unit; "
        "1 cluster in the index"
    )


# --- search ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QuoteIndex]:
    path = tmp_path_factory.mktemp("index") / "seeds.sqlite"
    with QuoteIndex(path) as index:
        index.ingest(_seeds(), progress=False)
        yield index


def test_search_words(seeds_index: QuoteIndex) -> None:
    hits = seeds_index.search("Kyiv regime adventure")
    assert len(hits) == 4
    assert all(isinstance(hit, SearchHit) for hit in hits)
    texts = _texts()
    for hit in hits:
        assert texts[hit.article][hit.start : hit.end] == hit.text
        assert hit.speaker == "Vladimir Putin"
        assert "adventure" in hit.text
    assert len(seeds_index.search("Kyiv regime adventure", limit=2)) == 2


@pytest.mark.parametrize("speaker", ["Vladimir Putin", "putin", "PUTIN", "President Putin"])
def test_search_by_speaker_name_or_alias(seeds_index: QuoteIndex, speaker: str) -> None:
    hits = seeds_index.search("failed", speaker=speaker)
    assert {hit.speaker for hit in hits} == {"Vladimir Putin"}
    assert len(hits) == 5  # four full quotes and AP's "completely failed"


def test_search_by_other_speaker(seeds_index: QuoteIndex) -> None:
    assert seeds_index.search("failed", speaker="Gerasimov") == []
    assert seeds_index.search("failed", speaker="Nobody Known") == []
    assert {h.speaker for h in seeds_index.search("heroism", speaker="gerasimov")} == {
        "Valery Gerasimov"
    }


def test_search_since(seeds_index: QuoteIndex) -> None:
    every = seeds_index.search("failed")
    later = seeds_index.search("failed", since="2025-04-27")
    assert later and len(later) < len(every)
    assert {hit.date for hit in later} == {"2025-04-27"}
    assert seeds_index.search("failed", since="2025-04-28") == []
    assert {h.article for h in seeds_index.search("failed", since="2025-04-26")} >= {
        "000_1941b27fd2bfbe07", "004_d81dce8083a8f717"
    }


def test_search_phrases_and_prefixes(seeds_index: QuoteIndex) -> None:
    assert any(h.text == "Kyiv’s incursion had “completely failed”"
               for h in seeds_index.search('"completely failed"'))
    assert seeds_index.search('"regime\'s adventure"')  # punctuation inside a phrase
    assert seeds_index.search("hero*")
    assert seeds_index.search("heroism OR bloodshed")


@pytest.mark.parametrize(
    "words",
    ["", "   ", "regime's", '"unterminated', "AND", "failed AND", "(failed", "*",
     "nosuchcolumn:failed", "NEAR(", "a\"b"],
)
def test_invalid_search_is_a_value_error(seeds_index: QuoteIndex, words: str) -> None:
    with pytest.raises(ValueError, match="invalid search") as raised:
        seeds_index.search(words)
    assert not isinstance(raised.value, sqlite3.Error)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "26 April 2025"}, "invalid date"),
        ({"since": "2025-4-26"}, "invalid date"),
        ({"speaker": "  "}, "invalid speaker"),
        ({"limit": 0}, "limit"),
    ],
)
def test_invalid_search_options(
    seeds_index: QuoteIndex, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        seeds_index.search("failed", **options)


def test_search_words_are_parameters(seeds_index: QuoteIndex) -> None:
    # SQL in the search words stays words.
    assert seeds_index.search('"x\'; DROP TABLE quotes; --"') == []
    assert seeds_index.search("failed")


# --- the file -------------------------------------------------------------------------------


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n", encoding="utf-8")
    with pytest.raises(IndexFileError, match=r"notes\.sqlite") as raised:
        QuoteIndex(path)
    assert isinstance(raised.value, ValueError)
    assert "not an SQLite database" in str(raised.value)
    assert path.read_text(encoding="utf-8") == "these are my notes, not a database\n"


def test_an_sqlite_file_that_is_not_an_index(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE things (x)")
    with pytest.raises(IndexFileError, match=r"other\.db.*not a quote index"):
        QuoteIndex(path)


def test_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    _ingest(path, _seeds()[:1])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                   (str(SCHEMA_VERSION + 1),))
    with pytest.raises(IndexFileError, match=r"new\.sqlite.*newer") as raised:
        QuoteIndex(path)
    assert isinstance(raised.value, ValueError)


def test_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IndexFileError, match="folder"):
        QuoteIndex(tmp_path)
    with pytest.raises(IndexFileError, match=r"missing\.sqlite"):
        QuoteIndex(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()


def test_the_file_is_wal(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    _ingest(path, _seeds()[:1])
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )


def test_reader_during_ingest_sees_consistent_data(tmp_path: Path) -> None:
    """A thread reads (own connection) while another ingests: every snapshot is whole,
    nothing goes backwards, and "database is locked" never comes up."""
    path = tmp_path / "busy.sqlite"
    rounds = 8
    articles = [attrs.evolve(a, id=f"{a.id}-{n}") for n in range(rounds) for a in _seeds()]
    texts = {a.id: a.text for a in articles}
    QuoteIndex(path).close()
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[list[int]] = []  # articles in each snapshot, one list per reader

    def read() -> None:
        snapshots: list[int] = []
        seen.append(snapshots)
        try:
            with QuoteIndex(path) as reader:
                while not done.is_set():
                    data = reader.export_data()
                    _check_contract(data, texts)
                    snapshots.append(len(data["articles"]))
                    for hit in reader.search("failed", speaker="Putin"):
                        assert texts[hit.article][hit.start : hit.end] == hit.text
        except BaseException as error:
            errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in readers:
        thread.start()
    try:
        with QuoteIndex(path) as writer:
            report = writer.ingest(articles, progress=False)
    finally:
        done.set()
        for thread in readers:
            thread.join()
    assert not errors, errors
    assert len(report.added) == len(articles)
    for snapshots in seen:
        assert snapshots == sorted(snapshots)  # nothing goes backwards
        assert any(0 < n < len(articles) for n in snapshots)  # read while the ingest ran
    final = _export(path)
    _check_contract(final, texts)
    assert len(final["articles"]) == len(articles)
    assert len({m["article"] for m in _cluster_with(final, KYIV)["members"]}) >= 4 * rounds


def test_reader_and_writer_share_an_index_object(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    with QuoteIndex(path) as index:
        done = threading.Event()
        errors: list[BaseException] = []

        def read() -> None:
            try:
                while not done.is_set():
                    _check_contract(index.export_data(), _texts())
            except BaseException as error:
                errors.append(error)

        thread = threading.Thread(target=read)
        thread.start()
        try:
            index.ingest(_seeds(), progress=False)
        finally:
            done.set()
            thread.join()
        assert not errors, errors


def test_two_writers(tmp_path: Path) -> None:
    """Two index objects on one file, writing in turn: each sees what the other stored."""
    path = tmp_path / "x.sqlite"
    seeds = _seeds()
    with QuoteIndex(path) as one, QuoteIndex(path) as two:
        one.ingest(seeds[:3], progress=False)
        report = two.ingest(seeds[2:], progress=False)
        assert report.unchanged == (seeds[2].id,)
        one.ingest(seeds[:1], progress=False)
    _ingest(tmp_path / "once.sqlite", seeds)
    assert _export(path) == _export(tmp_path / "once.sqlite")


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_of_the_seeds(tmp_path: Path) -> None:
    _ingest(tmp_path / "seeds.sqlite", _seeds())
    data = _export(tmp_path / "seeds.sqlite")
    page = to_markdown(data)
    assert page.startswith("# Quote index\n")
    assert "## Vladimir Putin" in page
    assert "## Valery Gerasimov" in page
    assert f"“{_cluster_with(data, KYIV)['text']}”" in page
    assert "- partial: `002_1973e27dd785980b` (2025-04-26): “completely failed”" in page
    assert "`003_0073c3238f5d921c` (undated, CMSD)" in page
    # Putin's section comes before the first cluster of someone quoted less.
    assert page.index("## Valery Gerasimov") < page.index("## Vladimir Putin") < page.index(
        "## Ukraine’s chief of staff"
    )


def test_markdown_escapes_text() -> None:
    data = {
        "articles": [{"id": "a", "date": None, "source": None}],
        "speakers": [],
        "clusters": [{"id": "c1", "speaker": None, "text": "*not* <b>bold</b>\n# x",
                      "members": [{"article": "a", "start": 0, "end": 1,
                                   "text": "*not* <b>bold</b>\n# x", "relation": "exact"}]}],
    }
    page = to_markdown(data)
    assert "## Speaker unknown" in page
    assert "\\*not\\* \\<b\\>bold\\</b\\> \\# x" in page
    assert "<b>" not in page


def test_lone_surrogates_are_stored_without_shifting_offsets(tmp_path: Path) -> None:
    """Text decoded with errors="surrogateescape" has lone surrogates, which SQLite's
    UTF-8 cannot hold: they are stored as U+FFFD, one character for one."""
    text = "“Hi \udc80 there, you all,” Putin said."
    with QuoteIndex(tmp_path / "s.sqlite") as index:
        report = index.ingest([parse_article(text, "a")], progress=False)
        assert report.added == ("a",)
        (cluster,) = index.export_data()["clusters"]
    (member,) = cluster["members"]
    start = text.index("Hi")
    assert (member["start"], member["end"]) == (start, text.index("”"))
    assert member["text"] == "Hi \ufffd there, you all,"


# --- titles, URLs, sentences, indirect quotes ----------------------------------------------


def _article(text: str, id: str, **fields: Any) -> Article:
    return attrs.evolve(parse_article(text, id), **fields)


def test_title_and_url_are_stored_and_exported(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite"
    plain = _article("“We won,” Ann Lee said.", "a1")
    titled = _article("“We won,” Ann Lee said.", "a2", title="Victory", url="https://x.example/2")
    _ingest(path, [plain, titled])
    articles = _export(path)["articles"]
    assert articles == [{"id": "a1", "date": None, "source": None},
                        {"id": "a2", "date": None, "source": None, "title": "Victory",
                         "url": "https://x.example/2"}]
    # the title given later is news: the article is stored again; the same is not
    retitled = attrs.evolve(plain, title="Now with a title")
    with QuoteIndex(path) as index:
        report = index.ingest([retitled, titled], progress=False)
    assert (report.replaced, report.unchanged) == (("a1",), ("a2",))
    assert _export(path)["articles"][0]["title"] == "Now with a title"


def test_context_adds_sentences_and_indirect_quotes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    text = ("The talks went on. “We won,” Ann Lee said on Monday. Ann Lee said that the "
            "troops had held the line. Bo Chan said the weather was fine.")
    _ingest(path, [_article(text, "a1")])
    with QuoteIndex(path) as index:
        plain, rich = index.export_data(), index.export_data(context=True)
    assert all("sentence" not in m for c in plain["clusters"] for m in c["members"])
    assert all("indirect" not in s for s in plain["speakers"])
    # every quote, indirect ones too, is a remark of its own (issue 13 links reported
    # speech): each member carries its sentence, and no indirect quote is left apart
    sentences = {c["text"]: [m["sentence"] for m in c["members"]] for c in rich["clusters"]}
    assert sentences == {
        "We won,": ["“We won,” Ann Lee said on Monday."],
        "the troops had held the line": ["Ann Lee said that the troops had held the line."],
        "the weather was fine": ["Bo Chan said the weather was fine."],
    }
    assert {s["name"]: s["indirect"] for s in rich["speakers"]} == {"Ann Lee": [], "Bo Chan": []}


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("It rained. “We won,” he said. Then he left.", "We won,", "“We won,” he said."),
        ("“We won.” Then he left.", "We won.", "“We won.”"),
        ("He said “we\nwon” today.\n\nNext.", "we\nwon", "He said “we won” today."),
        ("First part.\n\nSecond “quote” here", "quote", "Second “quote” here"),
    ],
    ids=["middle", "ends-the-sentence", "lines", "paragraph"],
)
def test_sentence_around(text: str, span: str, expected: str) -> None:
    start = text.index(span)
    assert sentence_around(text, start, start + len(span)) == expected


def test_sentence_around_a_quote_in_a_sentence_without_end() -> None:
    text = "x " * 300 + "“mid” " + "y " * 300
    start = text.index("mid")
    found = sentence_around(text, start, start + 3, most=100)
    assert found.startswith("… x x") and found.endswith("y y …")
    assert "“mid”" in found and len(found) <= 2 * 100 + 10


def test_a_file_without_the_added_columns(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An index made before titles and sentences: read as it is where it is read-only,
    given the columns where it is opened for writing."""
    path = tmp_path / "old.sqlite"
    _ingest(path, [_article("“We won,” Ann Lee said.", "a1")])
    db = sqlite3.connect(path)
    for table, column in (("articles", "title"), ("articles", "url"), ("quotes", "sentence")):
        db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    db.commit()
    db.close()
    monkeypatch.setattr("quoteattr.index._read_mode", lambda path: "ro")
    with QuoteIndex(path, create=False) as index:  # as on read-only media
        data = index.export_data(context=True)
        assert index.search("won")[0].text == "We won,"
    assert data["articles"] == [{"id": "a1", "date": None, "source": None}]
    assert data["clusters"][0]["members"][0]["sentence"] is None
    db = sqlite3.connect(path)
    assert "title" not in {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    db.close()
    with QuoteIndex(path) as index:
        index.ingest([_article("“We lost,” Bo Chan said.", "a2", title="Loss")], progress=False)
        data = index.export_data(context=True)
    assert data["articles"][1] == {"id": "a2", "date": None, "source": None, "title": "Loss"}
    assert [m["sentence"] for c in data["clusters"] for m in c["members"]] == [
        None, "“We lost,” Bo Chan said."]


def test_speakers_and_search_by_speaker(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    _ingest(path, [
        _article("“We won,” Ann Lee said. Ann Lee said that the war was over.", "a1",
                 date="2025-04-27"),
        _article("“We won,” Ann Lee said. “No,” Bo Chan said.", "a2", date="2025-04-26"),
        _article("“Again,” Ann Lee said.", "a3")])
    with QuoteIndex(path) as index:
        speakers = index.speakers()
        hits = index.search(speaker="ann lee")
        with pytest.raises(ValueError, match="a search needs words, a speaker, or both"):
            index.search()
    # (reported speech is linked too: Ann Lee's indirect quote is a remark of its own)
    assert [(s.name, s.quotes, s.articles, s.indirect, s.remarks) for s in speakers] == [
        ("Ann Lee", 4, 3, 1, 3), ("Bo Chan", 1, 1, 0, 1)]
    assert [(h.article, h.text) for h in hits] == [
        ("a2", "We won,"), ("a1", "We won,"), ("a1", "the war was over"), ("a3", "Again,")]


# --- speakers across articles: a bare name is no evidence -----------------------------------

ERIN_KIM = ("Erin Kim, the city’s housing director, spoke on Monday. “We will build the new "
            "homes by spring,” Kim said.")
SPEAKERS_ACROSS = [
    # a bare surname in another story is not the "Erin Kim" whom one article also called "Kim"
    pytest.param("The match ended late. “Our defence was far too slow tonight,” Kim said.",
                 False, id="bare-surname"),
    # nor is a bare first name
    pytest.param("The ferry stopped at noon. “The harbour ferry will close early this winter,” "
                 "Erin said.", False, id="bare-first-name"),
    # the full name again, or with the first name's initial, is the same person
    pytest.param("Erin Kim said on Tuesday: “The homes will be ready in May.”", True,
                 id="full-name"),
    pytest.param("E. Kim said on Tuesday: “The homes will be ready in May.”", True,
                 id="initial"),
]


@pytest.mark.parametrize(("other", "same"), SPEAKERS_ACROSS)
def test_a_bare_name_across_articles_needs_agreeing_evidence(tmp_path: Path, other: str,
                                                             same: bool) -> None:
    with QuoteIndex(tmp_path / "i.sqlite") as index:
        index.ingest([parse_article(ERIN_KIM, "a1"), parse_article(other, "a2")],
                     progress=False)
        data = index.export_data()
    speaker_of = {m["article"]: c["speaker"] for c in data["clusters"] for m in c["members"]}
    names = {s["id"]: s["name"] for s in data["speakers"]}
    assert names[speaker_of["a1"]] == "Erin Kim"
    assert (speaker_of["a2"] == speaker_of["a1"]) is same


@pytest.mark.parametrize(("speakers", "count"), [
    pytest.param([("Erin Kim", ("Kim",)), ("Kim", ())], 2, id="alias-of-another-story"),
    pytest.param([("Kim", ()), ("Kim", ())], 2, id="two-bare-surnames"),
    pytest.param([("Kim", ("President Kim",)), ("Kim", ("President Kim",))], 1,
                 id="bare-surnames-with-a-role-in-common"),
    pytest.param([("Erin Kim", ("Kim",)), ("Erin Kim", ())], 1, id="full-names"),
])
def test_the_registry_merges_bare_names_on_evidence(speakers: list[tuple[str, tuple[str, ...]]],
                                                    count: int) -> None:
    registry = SpeakerRegistry()
    for name, aliases in speakers:
        registry.add(Speaker(name, "person", aliases))
    assert len(registry) == count
