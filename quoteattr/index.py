"""The quote index: one SQLite file of articles, speakers, quotes and the clusters linking them.

:class:`QuoteIndex` ingests articles incrementally (an article already indexed adds nothing;
one whose text changed is replaced), merges their speakers across articles with a
:class:`~quoteattr.entities.SpeakerRegistry`, links their quotes with a
:class:`~quoteattr.linking.Linker`, searches quote text with FTS5 and exports the whole index
in the JSON form of the ``index`` contract (docs/contract.md) or as Markdown.

>>> import pathlib, tempfile
>>> from quoteattr.articles import parse_article
>>> articles = [parse_article("“The adventure has failed,” President Putin said.", "a1"),
...             parse_article("President Vladimir Putin said: “The adventure has failed.”",
...                           "a2")]
>>> with QuoteIndex(pathlib.Path(tempfile.mkdtemp()) / "quotes.sqlite") as index:
...     print(index.ingest(articles, progress=False))
...     [(c["text"], [m["relation"] for m in c["members"]])
...      for c in index.export_data()["clusters"]]
2 articles added, 0 replaced, 0 unchanged; 2 quotes, 2 linked units; 1 cluster in the index
[('The adventure has failed,', ['exact', 'exact'])]

Every article commits in a transaction of its own, so an interrupted ingest loses no article
that was committed; cluster membership is recomputed and committed once the articles are in.
Readers (:meth:`~QuoteIndex.search`, :meth:`~QuoteIndex.export_data`) open a connection of
their own and read one consistent snapshot, while an ingest goes on (SQLite's WAL mode).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs
import regex
from tqdm import tqdm

from quoteattr import lexicon
from quoteattr.annotate import Annotator, get_annotator
from quoteattr.entities import SpeakerRegistry, fold_name
from quoteattr.linking import Linker, Unit, attributions, normalise
from quoteattr.model import Article, Quote, Span, Speaker, SpeakerType
from quoteattr.pipeline import extract_article

__all__ = [
    "SCHEMA_VERSION",
    "IndexFileError",
    "IndexGroups",
    "IngestReport",
    "QuoteIndex",
    "SearchHit",
    "SpeakerGroup",
    "SpeakerSummary",
    "also_attributed",
    "extract_for_index",
    "group_index",
    "sentence_around",
    "to_markdown",
    "units_of",
]

SCHEMA_VERSION = 1
_BUSY_SECONDS = 60.0  # a writer holds the lock for one article at a time; wait, don't fail
_SQLITE_HEADER = b"SQLite format 3\x00"
_REPORT = -1  # the fragment number of a partial quote's reported content, as a unit
_GROUP = -2  # that of the pieces of one utterance joined into one unit
_CLAUSE = -3  # that of the first clause of a long report, where the writer's words follow
_JOIN = " … "  # between the pieces of a group unit
# Where a report runs on into the writer's own words: "closing the ferry was prudent,
# although he again refused …", "… the contractors ― as was true in 2019 ― …".
_CLAUSE_END = regex.compile(
    r"(?:,\s+(?:although|though|even\s+though|even\s+as|but|while|whereas|yet|despite)\b"
    r"|\s+(?:―|—|–|--)\s+|;)", regex.IGNORECASE)
_CLAUSE_WORDS = 4  # content words the first clause needs to stand as a unit
_DOUBTFUL = 0.5  # the weight of an attribution to a speaker neither person nor organisation
# Words that make a speaker named after a country its armed forces, whichever of them
# speaks: its army, its military, its General Staff or its chief of staff.
_MILITARY = lexicon.word_class("military_bodies")

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE articles ("
    " id TEXT PRIMARY KEY, date TEXT, source TEXT, content_hash TEXT NOT NULL,"
    " title TEXT, url TEXT)",
    "CREATE TABLE speakers ("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL)",
    "CREATE INDEX speakers_key ON speakers (key)",
    "CREATE TABLE aliases ("
    " speaker_id INTEGER NOT NULL REFERENCES speakers (id), alias TEXT NOT NULL,"
    " key TEXT NOT NULL, PRIMARY KEY (speaker_id, alias))",
    "CREATE INDEX aliases_key ON aliases (key)",
    "CREATE TABLE quotes ("
    " id INTEGER PRIMARY KEY,"
    " article_id TEXT NOT NULL REFERENCES articles (id),"
    " quote_id TEXT NOT NULL, group_id TEXT NOT NULL, kind TEXT NOT NULL,"
    ' start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,'
    " speaker_id INTEGER REFERENCES speakers (id),"
    " mention TEXT, mention_start INTEGER, mention_end INTEGER,"
    " cue TEXT, cue_start INTEGER, cue_end INTEGER, sieve TEXT, confidence REAL,"
    " sentence TEXT, UNIQUE (article_id, quote_id))",
    "CREATE INDEX quotes_speaker ON quotes (speaker_id)",
    # External content: the words are stored once, in quotes; triggers keep FTS in step.
    "CREATE VIRTUAL TABLE quotes_fts USING fts5 ("
    " text, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN"
    " INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN"
    " INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN"
    " INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text); END",
    # AUTOINCREMENT: ids never come back, so their order is the order units were linked in.
    "CREATE TABLE units ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,"
    " article_id TEXT NOT NULL REFERENCES articles (id),"
    " quote_id TEXT NOT NULL, fragment INTEGER NOT NULL,"
    ' start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,'
    " speaker_id INTEGER REFERENCES speakers (id))",
    "CREATE INDEX units_article ON units (article_id)",
    "CREATE TABLE clusters ("
    " id INTEGER PRIMARY KEY, speaker_id INTEGER REFERENCES speakers (id),"
    " text TEXT NOT NULL)",
    "CREATE TABLE members ("
    " unit_id INTEGER PRIMARY KEY REFERENCES units (id),"
    " cluster_id INTEGER NOT NULL REFERENCES clusters (id),"
    " relation TEXT NOT NULL, position INTEGER NOT NULL)",
    "CREATE INDEX members_cluster ON members (cluster_id, position)",
)
# Columns added since schema version 1 was released: a file without them gets them when it
# is opened for writing, and reads without them where it is read-only.
_ADDED_COLUMNS = (("articles", "title", "TEXT"), ("articles", "url", "TEXT"),
                  ("quotes", "sentence", "TEXT"))
_CONTEXT_CHARS = 400  # the most of a quote's sentence kept on either side of the quote


class IndexFileError(ValueError):
    """A file that cannot serve as the index: not SQLite, not a quote index, from a newer
    schema, or missing where it must exist. The message names the file."""


@attrs.frozen
class IngestReport:
    """What one :meth:`QuoteIndex.ingest` did: article ids added, replaced (same id, other
    text) and unchanged (already indexed), quotes and linked units stored, and the number
    of clusters in the whole index afterwards."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    quotes: int = 0
    units: int = 0
    clusters: int = 0

    def __str__(self) -> str:
        return (
            f"{_count(len(self.added), 'article')} added, {len(self.replaced)} replaced, "
            f"{len(self.unchanged)} unchanged; {_count(self.quotes, 'quote')}, "
            f"{_count(self.units, 'linked unit')}; {_count(self.clusters, 'cluster')} in the index"
        )


@attrs.frozen
class SearchHit:
    """One quote found by :meth:`QuoteIndex.search`; ``speaker`` is the canonical name."""

    article: str
    date: str | None
    source: str | None
    quote: str
    kind: str
    start: int
    end: int
    text: str
    speaker: str | None
    confidence: float | None


@attrs.frozen
class SpeakerSummary:
    """A speaker of the index and how much they are quoted: ``quotes`` (of every kind),
    ``articles`` quoting them, their ``indirect`` quotes, and ``remarks`` (clusters)."""

    name: str
    type: str
    aliases: tuple[str, ...]
    quotes: int
    articles: int
    indirect: int
    remarks: int


@attrs.define
class _Speakers:
    """The registry of canonical speakers and the row id of each.

    The registry returns the canonical :class:`Speaker` but not which one it is, and a merge
    may rename it ("Putin" → "Vladimir Putin"), so rows are found by the folded name, the
    way the registry itself tells speakers apart.
    """

    registry: SpeakerRegistry = attrs.field(factory=SpeakerRegistry)
    current: dict[int, Speaker] = attrs.field(factory=dict)  # row id → registry's speaker
    _by_key: dict[tuple[str, str], int] = attrs.field(factory=dict)
    _shared: set[tuple[str, str]] = attrs.field(factory=set)  # names of more than one row

    def load(self, row_id: int, speaker: Speaker) -> None:
        before = len(self.registry)
        merged = self.registry.add(speaker)
        if len(self.registry) > before:
            self._keep(row_id, merged)
        else:  # stored apart, but the names now fold together: the earlier row takes them
            self._keep(self._row_of(merged), merged)

    def add(self, db: sqlite3.Connection, speaker: Speaker) -> int:
        """The row id of ``speaker``'s canonical speaker; new or changed rows are written."""
        before = len(self.registry)
        merged = self.registry.add(speaker)
        if len(self.registry) > before:
            row_id = db.execute(
                "INSERT INTO speakers (name, type, key) VALUES (?, ?, ?)",
                (merged.name, merged.type, fold_name(merged.name)),
            ).lastrowid
            assert row_id is not None  # an INSERT always sets it
            _write_aliases(db, row_id, merged.aliases)
            self._keep(row_id, merged)
            return row_id
        row_id = self._row_of(merged)
        if self.current[row_id] != merged:
            db.execute(
                "UPDATE speakers SET name = ?, type = ?, key = ? WHERE id = ?",
                (merged.name, merged.type, fold_name(merged.name), row_id),
            )
            db.execute("DELETE FROM aliases WHERE speaker_id = ?", (row_id,))
            _write_aliases(db, row_id, merged.aliases)
            self._keep(row_id, merged)
        return row_id

    def _row_of(self, merged: Speaker) -> int:
        kind = _kind(merged.type)
        key = (kind, fold_name(merged.name))
        row_id = self._by_key.get(key)
        if row_id is not None and key not in self._shared:
            return row_id
        # Renamed: the former name is now among the aliases.
        rows = {
            self._by_key[(kind, fold_name(alias))]
            for alias in merged.aliases
            if (kind, fold_name(alias)) in self._by_key
        }
        if len(rows) == 1 and key not in self._shared:
            return rows.pop()
        position = next(i for i, known in enumerate(self.registry) if known is merged)
        return list(self.current)[position]

    def _keep(self, row_id: int, speaker: Speaker) -> None:
        old = self.current.get(row_id)
        if old is not None:
            former = (_kind(old.type), fold_name(old.name))
            if self._by_key.get(former) == row_id:
                del self._by_key[former]
        self.current[row_id] = speaker
        key = (_kind(speaker.type), fold_name(speaker.name))
        if self._by_key.setdefault(key, row_id) != row_id:
            # Two people of one bare name ("Kim" of two stories): found by identity.
            self._shared.add(key)


@attrs.define
class _State:
    """What an ingest keeps in memory between transactions, valid while no other
    connection writes to the file (checked with ``PRAGMA data_version``)."""

    speakers: _Speakers
    linker: Linker | None = None  # built from the stored units when first needed
    rows: dict[str, int] = attrs.field(factory=dict)  # unit key → units.id, as linked


class QuoteIndex:
    """A quote index in the SQLite file ``path`` (created when missing, unless ``create``
    is false).

    Raises :class:`IndexFileError` naming the file when it is not SQLite, not a quote
    index, or written by a newer version of quoteattr.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        # An index that must exist is only read here: where its file or folder cannot be
        # written (read-only media, a shared copy) it opens read-only.
        self._mode = "rw" if create else _read_mode(self.path)
        self._db = _open(self.path, create, self._mode)
        wal = self.path.with_name(self.path.name + "-wal")
        #: why what is read may be older than the file's last changes, or None
        self.read_only_note: str | None = (
            f"{wal} holds changes that cannot be read here (no {self.path.name}-shm beside "
            "it, and the folder is read-only): reading the index as it was before them"
            if self._mode == "immutable" and wal.exists() and wal.stat().st_size else None)
        self._lock = threading.Lock()
        self._state: _State | None = None
        self._data_version: int | None = None

    def __repr__(self) -> str:
        return f"QuoteIndex({os.fspath(self.path)!r})"

    def __enter__(self) -> QuoteIndex:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # --- writing ---------------------------------------------------------------------------

    def ingest(
        self,
        articles: Iterable[Article],
        *,
        annotator: Annotator | None = None,
        progress: bool | None = None,
        total: int | None = None,
    ) -> IngestReport:
        """Extract, attribute and store ``articles``, then link their quotes.

        An article whose id and content are already indexed adds nothing; one whose id is
        indexed with other content replaces it. ``progress`` shows a progress bar on
        standard error (by default when standard error is a terminal), with ``total``
        articles and the time left where that number is given.
        """
        if isinstance(articles, Article):
            raise TypeError("articles must be an iterable of Article records, not one Article")
        annotator = annotator or get_annotator("rules")
        if progress is None:
            progress = sys.stderr is not None and sys.stderr.isatty()
        bar = tqdm(articles, disable=not progress, unit=" articles", desc="indexing",
                   file=sys.stderr, dynamic_ncols=True, total=total)

        def found() -> Iterator[tuple[Article, Sequence[Quote] | None]]:
            for article in bar:
                if not isinstance(article, Article):
                    raise TypeError(
                        f"articles must hold Article records, not {type(article).__name__}")
                if self._stored_hash(article.id) == _content_hash(_storable(article)):
                    yield article, None  # already indexed: not extracted again
                else:
                    yield extract_for_index(article, annotator=annotator)

        return self._ingest(found(), None)

    def store(
        self,
        extracted: Iterable[tuple[Article, Sequence[Quote]]],
        *,
        link: Callable[[Sequence[Unit]], Linker] | None = None,
    ) -> IngestReport:
        """Store articles whose quotes were found elsewhere, then link all quotes.

        ``extracted`` holds the pairs of :func:`extract_for_index` (made on Dask workers by
        :mod:`quoteattr.dask`), so the index stays the only writer of its file. ``link``
        builds the linker of all stored units, in their order, when the clusters are
        recomputed (by default ``Linker().add(units)`` here).
        """
        return self._ingest(iter(extracted), link)

    def _ingest(
        self,
        found: Iterator[tuple[Article, Sequence[Quote] | None]],
        link: Callable[[Sequence[Unit]], Linker] | None,
    ) -> IngestReport:
        added: list[str] = []
        replaced: list[str] = []
        unchanged: list[str] = []
        quotes = units = 0
        with self._lock:
            try:
                if link is not None and self._state is not None:
                    self._state.linker = None  # the clusters are recomputed by ``link``
                # Extraction, the slow part, runs outside the write transactions.
                for article, extracted in found:
                    if not isinstance(article, Article):
                        raise TypeError(
                            f"articles must be Article records, not {type(article).__name__}")
                    article = _storable(article)
                    outcome, stored_units = ("unchanged", 0) if extracted is None else (
                        self._store(article, _content_hash(article), extracted))
                    if outcome == "unchanged":
                        unchanged.append(article.id)
                        continue
                    (added if outcome == "added" else replaced).append(article.id)
                    quotes += len(extracted or ())
                    units += stored_units
                clusters = self._relink(changed=bool(added or replaced), link=link)
            except BaseException:
                self._state = None  # memory may be ahead of the file: reload next time
                raise
        return IngestReport(tuple(added), tuple(replaced), tuple(unchanged), quotes, units,
                            clusters)

    def _stored_hash(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT content_hash FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def _write(self) -> Iterator[_State]:
        """One write transaction, with the in-memory state brought up to date."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            version = int(db.execute("PRAGMA data_version").fetchone()[0])
            if version != self._data_version or self._state is None:
                self._state = _State(_load_speakers(db))  # another connection wrote
                self._data_version = version
            yield self._state
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _store(self, article: Article, digest: str, quotes: Sequence[Quote]) -> tuple[str, int]:
        """Store one article in one transaction: (added|replaced|unchanged, units stored)."""
        db = self._db
        new_units: list[tuple[int, Unit]] = []
        with self._write() as state:
            stored = self._stored_hash(article.id)
            if stored == digest:
                return "unchanged", 0  # another writer stored it meanwhile
            if stored is None:
                db.execute(
                    "INSERT INTO articles (id, date, source, content_hash, title, url)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (article.id, article.date, article.source, digest, article.title,
                     article.url),
                )
            else:
                _delete_article_quotes(db, article.id)
                db.execute(
                    "UPDATE articles SET date = ?, source = ?, content_hash = ?, title = ?,"
                    " url = ? WHERE id = ?",
                    (article.date, article.source, digest, article.title, article.url,
                     article.id),
                )
                state.linker = None  # units left: rebuild the linker from what is stored
            speaker_rows: dict[Speaker, int] = {}
            speaker_ids: dict[str, int | None] = {}
            confidences = {q.id: q.attribution.confidence for q in quotes if q.attribution}
            doubts = {q.id: _doubtful(q.attribution.speaker.type, q.attribution.sieve)
                      for q in quotes if q.attribution}
            kinds = {q.id: (q.kind, q.group) for q in quotes}
            for quote in quotes:
                speaker_id: int | None = None
                if quote.attribution is not None:
                    speaker = quote.attribution.speaker
                    if speaker not in speaker_rows:
                        speaker_rows[speaker] = state.speakers.add(db, speaker)
                    speaker_id = speaker_rows[speaker]
                _insert_quote(db, article, quote, speaker_id)
                speaker_ids[quote.id] = speaker_id
            bodies = {row: body_of(state.speakers.current[row].name)
                      for row in speaker_ids.values() if row is not None}
            for quote_id, fragment, span, wording in units_of(quotes, article.text):
                speaker_id = speaker_ids[quote_id]
                confidence = confidences.get(quote_id)
                kind, group = kinds[quote_id]
                unit = _unit(article.id, quote_id, fragment, wording, speaker_id, kind, group,
                             confidence, article.date, doubts.get(quote_id, False),
                             None if speaker_id is None else bodies[speaker_id])
                row_id = db.execute(
                    "INSERT INTO units (key, article_id, quote_id, fragment, start, \"end\","
                    " text, speaker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (unit.key, article.id, quote_id, fragment, span.start, span.end,
                     span.text, speaker_id),
                ).lastrowid
                assert row_id is not None  # an INSERT always sets it
                new_units.append((row_id, unit))
        # Committed: the linker follows the file, in the order of the rows.
        if state.linker is not None:
            state.linker.add(unit for _, unit in new_units)
            state.rows.update((unit.key, row_id) for row_id, unit in new_units)
        return ("added" if stored is None else "replaced"), len(new_units)

    def _relink(self, *, changed: bool,
                link: Callable[[Sequence[Unit]], Linker] | None = None) -> int:
        """Recompute cluster membership after a change, or where units lack it (an ingest
        that was interrupted); the number of clusters."""
        db = self._db
        with self._write() as state:
            units = int(db.execute("SELECT count(*) FROM units").fetchone()[0])
            members = int(db.execute("SELECT count(*) FROM members").fetchone()[0])
            if not changed and units == members:
                return int(db.execute("SELECT count(*) FROM clusters").fetchone()[0])
            if state.linker is None or len(state.linker) != units:
                state.linker, state.rows = _load_linker(db, link or _link_here)
            clusters = state.linker.clusters()
            db.execute("DELETE FROM members")
            db.execute("DELETE FROM clusters")
            db.executemany(
                "INSERT INTO clusters (id, speaker_id, text) VALUES (?, ?, ?)",
                ((int(c.id[1:]), _speaker_row(c.speaker), c.text) for c in clusters),
            )
            db.executemany(
                "INSERT INTO members (unit_id, cluster_id, relation, position) "
                "VALUES (?, ?, ?, ?)",
                (
                    (state.rows[unit.key], int(c.id[1:]), relation, position)
                    for c in clusters
                    for position, (unit, relation) in enumerate(
                        zip(c.units, c.relations, strict=True))
                ),
            )
            return len(clusters)

    # --- reading ---------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A connection of the reader's own, in one read transaction: one snapshot."""
        db = _connect(self.path, self._mode)
        try:
            db.execute("BEGIN")
            yield db
        finally:
            db.close()

    def search(
        self,
        words: str | None = None,
        *,
        speaker: str | None = None,
        since: str | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        """Quotes matching ``words`` (FTS5 query syntax: words, ``"a phrase"``, ``OR``,
        ``NOT``, ``prefix*``), best first.

        ``speaker`` keeps the quotes of the speaker with that canonical name or alias (case
        and spelling variants aside); ``since`` those of articles dated that day
        (``YYYY-MM-DD``) or later. Without ``words``, every quote of ``speaker`` (which is
        then required), oldest article first, undated ones last. A search that is not valid
        FTS5 syntax raises ValueError.
        """
        if words is None:
            if speaker is None:
                raise ValueError("a search needs words, a speaker, or both")
        elif not isinstance(words, str):
            raise TypeError(f"words must be a str, not {type(words).__name__}")
        else:
            _check_query(words)
        speaker_key = None
        if speaker is not None:
            speaker_key = fold_name(speaker)
            if not speaker_key:
                raise ValueError(f"invalid speaker {speaker!r}: expected a name or an alias")
        if since is not None:
            _check_date(since)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive integer, got {limit!r}")
        columns = """SELECT q.article_id, a.date, a.source, q.quote_id, q.kind, q.start,
                       q."end", q.text, s.name, q.confidence"""
        conditions = """(:speaker IS NULL OR q.speaker_id IN (
                        SELECT id FROM speakers WHERE key = :speaker
                        UNION SELECT speaker_id FROM aliases WHERE key = :speaker))
                  AND (:since IS NULL OR a.date >= :since)"""
        query = (
            f"""{columns} FROM quotes_fts
                JOIN quotes AS q ON q.id = quotes_fts.rowid
                JOIN articles AS a ON a.id = q.article_id
                LEFT JOIN speakers AS s ON s.id = q.speaker_id
                WHERE quotes_fts MATCH :words AND {conditions}
                ORDER BY quotes_fts.rank, q.id LIMIT :limit"""
            if words is not None else
            f"""{columns} FROM quotes AS q
                JOIN articles AS a ON a.id = q.article_id
                LEFT JOIN speakers AS s ON s.id = q.speaker_id
                WHERE {conditions}
                ORDER BY a.date IS NULL, a.date, a.rowid, q.start LIMIT :limit"""
        )
        with self._read() as db:
            rows = db.execute(
                query, {"words": words, "speaker": speaker_key, "since": since, "limit": limit},
            ).fetchall()
        return [SearchHit(*row) for row in rows]

    def speakers(self) -> list[SpeakerSummary]:
        """Every speaker with a quote in the index, most quoted first (ties by name)."""
        with self._read() as db:
            aliases: dict[int, list[str]] = {}
            for speaker_id, alias in db.execute(
                "SELECT speaker_id, alias FROM aliases ORDER BY speaker_id, alias"
            ):
                aliases.setdefault(speaker_id, []).append(alias)
            rows = db.execute(
                """
                SELECT s.id, s.name, s.type, count(*), count(DISTINCT q.article_id),
                       sum(q.kind = 'indirect'),
                       (SELECT count(*) FROM clusters AS c WHERE c.speaker_id = s.id
                        AND EXISTS (SELECT 1 FROM members AS m WHERE m.cluster_id = c.id))
                FROM speakers AS s JOIN quotes AS q ON q.speaker_id = s.id
                GROUP BY s.id
                """
            ).fetchall()
        found = [
            SpeakerSummary(name, type, tuple(a for a in aliases.get(row_id, []) if a != name),
                           quotes, articles, indirect, remarks)
            for row_id, name, type, quotes, articles, indirect, remarks in rows
        ]
        return sorted(found, key=lambda s: (-s.quotes, s.name.casefold()))

    def article_count(self) -> int:
        """How many articles the index holds."""
        with self._read() as db:
            return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def export_data(self, *, context: bool = False) -> dict[str, Any]:
        """The whole index in the JSON form of the ``index`` contract (docs/contract.md).

        An article has ``title`` and ``url`` where the input gave them. With ``context``,
        what a reader of the site needs as well: each member's ``sentence`` (the sentence
        it was quoted in) and each speaker's ``indirect`` quotes (reported speech linked to
        no remark: ``article``, ``start``, ``end``, ``text``, ``sentence``).
        """
        with self._read() as db:
            extra = _columns(db, "articles") >= {"title", "url"}
            has_sentence = "sentence" in _columns(db, "quotes")
            articles = []
            for id, date, source, title, url in db.execute(
                "SELECT id, date, source, "
                + ("title, url" if extra else "NULL, NULL")
                + " FROM articles ORDER BY rowid"
            ):
                article = {"id": id, "date": date, "source": source}
                article.update({k: v for k, v in (("title", title), ("url", url)) if v})
                articles.append(article)
            aliases: dict[int, list[str]] = {}
            for speaker_id, alias in db.execute(
                "SELECT speaker_id, alias FROM aliases ORDER BY speaker_id, alias"
            ):
                aliases.setdefault(speaker_id, []).append(alias)
            # Speakers still quoted: a replaced article may have left one without quotes.
            speaker_rows = db.execute(
                "SELECT id, name, type FROM speakers WHERE id IN "
                "(SELECT speaker_id FROM quotes UNION SELECT speaker_id FROM clusters) "
                "ORDER BY id"
            ).fetchall()
            sentence = "q.sentence" if context and has_sentence else "NULL"
            members: dict[int, list[dict[str, Any]]] = {}
            credited: dict[int, list[Unit]] = {}
            for (cluster_id, article, start, end, text, relation, speaker_id, confidence,
                 said, speaker_type, sieve) in \
                    db.execute(
                        'SELECT m.cluster_id, u.article_id, u.start, u."end", u.text,'
                        " m.relation, u.speaker_id, q.confidence, " + sentence + ", s.type,"
                        " q.sieve"
                        " FROM members AS m JOIN units AS u ON u.id = m.unit_id"
                        " LEFT JOIN quotes AS q"
                        " ON q.article_id = u.article_id AND q.quote_id = u.quote_id"
                        " LEFT JOIN speakers AS s ON s.id = u.speaker_id"
                        " ORDER BY m.cluster_id, m.position"):
                member = {"article": article, "start": start, "end": end, "text": text,
                          "relation": relation}
                if context:
                    member["sentence"] = said
                members.setdefault(cluster_id, []).append(member)
                if speaker_id is not None:
                    credited.setdefault(cluster_id, []).append(_unit(
                        article, "", 0, "", speaker_id, "", "", confidence, None,
                        _doubtful(speaker_type, sieve)))
            cluster_rows = db.execute(
                "SELECT id, speaker_id FROM clusters ORDER BY id").fetchall()
            indirect = _indirect_quotes(db, has_sentence) if context else {}
        speaker_ids = {row[0]: f"s{number}" for number, row in enumerate(speaker_rows, 1)}
        speakers = []
        for row_id, name, type in speaker_rows:
            speaker = {"id": speaker_ids[row_id], "name": name, "type": type,
                       "aliases": aliases.get(row_id, [])}
            if context:
                speaker["indirect"] = indirect.get(row_id, [])
            speakers.append(speaker)
        names = {row[0]: row[1] for row in speaker_rows}

        def also(cluster_id: int, speaker_id: int | None) -> list[dict[str, Any]]:
            return [
                {"speaker": speaker_ids[int(a.speaker)], "name": names[int(a.speaker)],
                 "articles": a.articles}
                for a in attributions(credited.get(cluster_id, ()))
                if int(a.speaker) != speaker_id and int(a.speaker) in speaker_ids
            ]

        return {
            "articles": articles,
            "speakers": speakers,
            "clusters": [
                {"id": f"c{number}", "speaker": speaker_ids.get(speaker_id),
                 "text": members[cluster_id][0]["text"], "members": members[cluster_id],
                 "also_attributed": also(cluster_id, speaker_id)}
                for number, (cluster_id, speaker_id) in enumerate(
                    ((c, s) for c, s in cluster_rows if c in members), 1)
            ],
        }


def _indirect_quotes(db: sqlite3.Connection, has_sentence: bool
                     ) -> dict[int, list[dict[str, Any]]]:
    """Each speaker's indirect quotes that no cluster holds, in article order."""
    found: dict[int, list[dict[str, Any]]] = {}
    for speaker_id, article, start, end, text, sentence in db.execute(
        'SELECT q.speaker_id, q.article_id, q.start, q."end", q.text, '
        + ("q.sentence" if has_sentence else "NULL")
        + " FROM quotes AS q JOIN articles AS a ON a.id = q.article_id "
        "WHERE q.kind = 'indirect' AND q.speaker_id IS NOT NULL AND NOT EXISTS ("
        " SELECT 1 FROM units AS u JOIN members AS m ON m.unit_id = u.id"
        " WHERE u.article_id = q.article_id AND u.quote_id = q.quote_id) "
        "ORDER BY a.rowid, q.start"
    ):
        found.setdefault(speaker_id, []).append(
            {"article": article, "start": start, "end": end, "text": text,
             "sentence": sentence})
    return found


# --- the file ------------------------------------------------------------------------------


def _connect(path: Path, mode: str = "rw") -> sqlite3.Connection:
    """A connection to the file: ``rw``, ``ro`` (read-only; SQLite may still make its
    ``-shm`` file beside it) or ``immutable`` (read-only, touching nothing: a folder that
    cannot be written, where a WAL file could not get its ``-shm``)."""
    target: str | Path = path
    if mode != "rw":
        target = f"{path.absolute().as_uri()}?mode=ro" + ("&immutable=1" if mode == "immutable"
                                                           else "")
    try:
        # Autocommit mode: transactions are begun and ended explicitly; the timeout makes a
        # busy file wait instead of failing with "database is locked".
        return sqlite3.connect(
            target, timeout=_BUSY_SECONDS, isolation_level=None, check_same_thread=False,
            uri=mode != "rw",
        )
    except sqlite3.Error as error:
        raise IndexFileError(f"{path}: cannot open the index file: {error}") from error


def _read_mode(path: Path) -> str:
    """How to open an existing index that is only read (see :func:`_connect`): as usual
    where it can be written; else read-only, which still reads the changes in its WAL file;
    else (a WAL file but no ``-shm`` beside it, in a folder that cannot be written)
    ``immutable``, which can only read the main file."""
    folder = path.absolute().parent
    if not path.exists() or (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        return "rw"
    for mode in ("ro", "immutable"):
        try:
            db = _connect(path, mode)
        except IndexFileError:
            continue
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return mode
        except sqlite3.Error:
            continue
        finally:
            db.close()
    return "ro"  # opening will fail and say why


def _open(path: Path, create: bool, mode: str = "rw") -> sqlite3.Connection:
    if path.is_dir():
        raise IndexFileError(f"{path}: is a folder; expected an index file")
    if not path.exists() and not create:
        raise IndexFileError(
            f"{path}: no such index file; build one with: quoteattr index PATH... --db {path}"
        )
    try:
        with path.open("rb") as stream:
            header = stream.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        header = b""
    except OSError as error:
        raise IndexFileError(f"{path}: cannot read the index file: {error}") from error
    if header and header != _SQLITE_HEADER:
        raise IndexFileError(f"{path}: not a quote index (not an SQLite database file)")
    db = _connect(path, mode)
    try:
        _check_schema(db, path, create)
        if mode == "rw":
            _add_columns(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise IndexFileError(f"{path}: not a usable quote index: {error}") from error
    except BaseException:
        db.close()
        raise
    return db


def _check_schema(db: sqlite3.Connection, path: Path, create: bool) -> None:
    version = _schema_version(db, path)
    if version is None:
        if not create:
            raise IndexFileError(f"{path}: an empty database, not a quote index")
        db.execute("PRAGMA journal_mode = WAL")  # kept by the file: readers never block
        db.execute("BEGIN IMMEDIATE")
        try:
            if _schema_version(db, path) is None:  # nobody created it meanwhile
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return
    if version > SCHEMA_VERSION:
        raise IndexFileError(
            f"{path}: written by a newer quoteattr (schema version {version}; this version "
            f"reads up to {SCHEMA_VERSION}); upgrade quoteattr to use it"
        )
    if version < SCHEMA_VERSION:  # no older schema has been released
        raise IndexFileError(f"{path}: unknown schema version {version}; rebuild the index")


def _add_columns(db: sqlite3.Connection) -> None:
    """Give a file made before them the columns added since (empty for its rows)."""
    missing = [(table, column, kind) for table, column, kind in _ADDED_COLUMNS
               if column not in _columns(db, table)]
    if not missing:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for table, column, kind in missing:
            if column not in _columns(db, table):  # nobody added it meanwhile
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _schema_version(db: sqlite3.Connection, path: Path) -> int | None:
    """The file's schema version, or None for an empty database."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "meta" not in tables:
        raise IndexFileError(f"{path}: an SQLite database, but not a quote index (no meta table)")
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise IndexFileError(f"{path}: not a quote index (no valid schema_version)") from None


def _load_speakers(db: sqlite3.Connection) -> _Speakers:
    """The registry as stored, rebuilt in the order the speakers were first seen."""
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in db.execute("SELECT speaker_id, alias FROM aliases"):
        aliases.setdefault(speaker_id, []).append(alias)
    speakers = _Speakers()
    for row_id, name, type in db.execute("SELECT id, name, type FROM speakers ORDER BY id"):
        speakers.load(row_id, Speaker(name, type, tuple(sorted(aliases.get(row_id, ())))))
    return speakers


def _load_linker(
    db: sqlite3.Connection, link: Callable[[Sequence[Unit]], Linker]
) -> tuple[Linker, dict[str, int]]:
    """A linker fed the stored units in the order they were stored."""
    rows: dict[str, int] = {}
    units: list[Unit] = []
    for row_id, article_id, quote_id, fragment, text, speaker_id, kind, group, confidence, \
            date, speaker_type, sieve, speaker_name in db.execute(
                "SELECT u.id, u.article_id, u.quote_id, u.fragment,"
                # A group unit links on its pieces, not on the words between them.
                f" CASE WHEN u.fragment = {_GROUP} THEN (SELECT group_concat(text, ?) FROM"
                " (SELECT p.text FROM quotes AS p WHERE p.article_id = u.article_id"
                "  AND p.group_id = q.group_id AND p.kind = 'direct' ORDER BY p.start))"
                " ELSE u.text END, u.speaker_id, q.kind, q.group_id, q.confidence, a.date,"
                " s.type, q.sieve, s.name FROM units AS u"
                " JOIN quotes AS q ON q.article_id = u.article_id AND q.quote_id = u.quote_id"
                " JOIN articles AS a ON a.id = u.article_id"
                " LEFT JOIN speakers AS s ON s.id = u.speaker_id ORDER BY u.id", (_JOIN,)):
        unit = _unit(article_id, quote_id, fragment, text, speaker_id, kind, group, confidence,
                     date, _doubtful(speaker_type, sieve),
                     None if speaker_name is None else body_of(speaker_name))
        units.append(unit)
        rows[unit.key] = row_id
    return link(units), rows


def units_of(quotes: Sequence[Quote], text: str) -> Iterator[tuple[str, int, Span, str]]:
    """The linkable units of the quotes of one article of text ``text``: (quote id, fragment
    number, span, the words linked).

    - a direct quote: its words (fragment 0);
    - a partial quote: each quoted fragment (0, 1, …) and the reported content that carries
      them (fragment ``_REPORT``), where it holds more than the fragments;
    - an indirect quote: its reported content (fragment 0);
    - where the reported content of an indirect or partial quote runs on into the writer's
      own words (", although he …", a dash), its first clause (fragment ``_CLAUSE``);
    - quote marks classed as scare quotes inside the content of an indirect or partial
      quote: quoted words of that report (the report said it was "dead on arrival"), under
      its id and numbered after its own fragments;
    - the pieces of one utterance (``group``: “A,” she said, “B.”) as one more unit under
      the group's id (fragment ``_GROUP``): its span runs from the first piece to the last,
      and it links on the pieces joined by " … ".

    >>> from quoteattr.model import Quote
    >>> text = '“We will win,” she said, “and soon.” He said it was “dead on arrival” now.'
    >>> def span(words):
    ...     start = text.index(words)
    ...     return Span(words, start, start + len(words))
    >>> def quote(id, group, words, kind, *fragments):
    ...     at = span(words)
    ...     return Quote(id, group, words, at.start, at.end, kind, fragments or (at,))
    >>> quotes = [quote("q1", "q1", "We will win,", "direct"),
    ...           quote("q2", "q1", "and soon.", "direct"),
    ...           quote("q3", "q3", "it was “dead on arrival” now", "partial",
    ...                 span("dead on arrival"))]
    >>> for quote_id, number, at, words in units_of(quotes, text):
    ...     print(quote_id, number, at.start, at.end, words)
    q1 0 1 13 We will win,
    q2 0 26 35 and soon.
    q3 0 53 68 dead on arrival
    q3 -1 45 73 it was “dead on arrival” now
    q1 -2 1 35 We will win, … and soon.
    """
    frames = [q for q in quotes if q.kind in ("indirect", "partial")]
    framed: dict[str, list[Span]] = {}
    for quote in quotes:
        if quote.kind != "scare":
            continue
        frame = next((f for f in frames if f.start <= quote.start and quote.end <= f.end), None)
        if frame is not None and not any(s.start == quote.start for s in frame.fragments):
            framed.setdefault(frame.id, []).append(Span(quote.text, quote.start, quote.end))
    pieces: dict[str, list[Quote]] = {}
    for quote in quotes:
        if quote.kind == "scare":
            continue
        spans: list[tuple[int, Span]] = []
        if quote.kind == "indirect":
            spans.append((0, Span(quote.text, quote.start, quote.end)))
        else:
            spans += enumerate(quote.fragments)
            if quote.kind == "partial" and _holds_more(quote):
                spans.append((_REPORT, Span(quote.text, quote.start, quote.end)))
        if quote.kind in ("indirect", "partial"):
            clause = _first_clause(quote)
            if clause is not None:
                spans.append((_CLAUSE, clause))
        first = len(quote.fragments) if quote.kind != "indirect" else 1
        spans += enumerate(framed.get(quote.id, ()), first)
        for number, span in spans:
            yield quote.id, number, span, span.text
        if quote.kind == "direct":
            pieces.setdefault(quote.group, []).append(quote)
    for group, parts in pieces.items():
        if len(parts) > 1 and parts[0].id == group:
            start, end = parts[0].start, parts[-1].end
            yield (group, _GROUP, Span(text[start:end], start, end),
                   _JOIN.join(p.text for p in parts))


def _first_clause(quote: Quote) -> Span | None:
    """The report up to where the writer's own words take over (", although he …"), where
    that leaves a clause of its own that holds every quoted fragment; else None."""
    found = _CLAUSE_END.search(quote.text)
    if found is None:
        return None
    end = found.start()
    if any(f.end > quote.start + end for f in quote.fragments if quote.kind == "partial"):
        return None
    words = quote.text[:end].rstrip(" ,.:")
    if len(Unit("", words).stems) < _CLAUSE_WORDS:
        return None
    return Span(words, quote.start, quote.start + len(words))


def _holds_more(quote: Quote) -> bool:
    """Does a partial quote's reported content say more than its quoted fragments?"""
    quoted = " ".join(normalise(f.text) for f in quote.fragments)
    return len(normalise(quote.text).split()) > len(quoted.split())


def _unit(article_id: str, quote_id: str, fragment: int, text: str, speaker_id: int | None,
          kind: str, group: str, confidence: float | None, date: str | None,
          doubtful: bool = False, body: str | None = None) -> Unit:
    """The unit of one stored row: what ingest links and what a reload links again; a
    ``doubtful`` attribution weighs half (see :func:`_doubtful`); ``body`` is the speaker's
    (:func:`body_of`)."""
    reported = fragment in (_REPORT, _CLAUSE) or (kind == "indirect" and fragment == 0)
    weight = 1.0 if confidence is None else min(1.0, max(0.0, float(confidence)))
    if doubtful:
        weight *= _DOUBTFUL
    return Unit(
        f"{article_id}#{quote_id}#{fragment}", text,
        None if speaker_id is None else str(speaker_id),
        kind="reported" if reported else "quoted",
        utterance=f"{article_id}#{group}", article=article_id, date=date, weight=weight,
        body=body)


def body_of(name: str) -> str | None:
    """The body a speaker is or speaks for, where the name says it: a country (its name, its
    adjective or its possessive) and words of its armed forces. Speakers of one body agree
    (``linking.Unit.body``): attributions to the army, the General Staff and the chief of
    staff of one country are evidence for each other, not a veto.

    >>> body_of("Ukraine’s General Staff"), body_of("Ukrainian army")
    ('ukraine military', 'ukraine military')
    >>> body_of("Ukraine’s chief of staff")
    'ukraine military'
    >>> body_of("Vladimir Putin"), body_of("Russia’s Defence Ministry"), body_of("Ukraine")
    (None, None, None)
    """
    words = name.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    place = lexicon.places().get(words[0].removesuffix("’s").removesuffix("'s")) if len(
        words) > 1 else None
    if place is None or not _MILITARY.intersection(w.casefold() for w in words[1:]):
        return None
    return f"{fold_name(place)} military"


def _doubtful(speaker_type: str | None, sieve: str | None) -> bool:
    """An attribution to a place ("Kyiv said") or to a speaker that is neither a person nor
    an organisation (a party, words taken for a name) is more often an attribution error
    than not: evidence for the cluster's speaker, but no veto on a link (``linking.admit``)."""
    return speaker_type == "unknown" or (sieve or "").endswith("+place")


def _link_here(units: Sequence[Unit]) -> Linker:
    linker = Linker()
    linker.add(units)
    return linker


def extract_for_index(
    article: Article, *, annotator: Annotator | None = None
) -> tuple[Article, list[Quote]]:
    """``article`` as the index stores it, and its quotes: what :meth:`QuoteIndex.store`
    takes. Safe to run anywhere (a Dask worker); only the index writes its file.

    >>> from quoteattr.articles import parse_article
    >>> article, quotes = extract_for_index(parse_article("“It failed,” Putin said.", "a1"))
    >>> [(q.text, q.attribution.speaker.name) for q in quotes]
    [('It failed,', 'Putin')]
    """
    if not isinstance(article, Article):
        raise TypeError(f"article must be an Article, not {type(article).__name__}")
    article = _storable(article)
    return article, extract_article(article, annotator=annotator)


def _write_aliases(db: sqlite3.Connection, speaker_id: int, aliases: Iterable[str]) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO aliases (speaker_id, alias, key) VALUES (?, ?, ?)",
        ((speaker_id, alias, fold_name(alias)) for alias in aliases),
    )


def _insert_quote(
    db: sqlite3.Connection, article: Article, quote: Quote, speaker_id: int | None
) -> None:
    attribution = quote.attribution
    mention = attribution.mention if attribution else None
    cue = attribution.cue if attribution else quote.cue
    db.execute(
        "INSERT INTO quotes (article_id, quote_id, group_id, kind, start, \"end\", text,"
        " speaker_id, mention, mention_start, mention_end, cue, cue_start, cue_end, sieve,"
        " confidence, sentence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.id, quote.id, quote.group, quote.kind, quote.start, quote.end, quote.text,
            speaker_id,
            mention.text if mention else None, mention.start if mention else None,
            mention.end if mention else None,
            cue.text if cue else None, cue.start if cue else None, cue.end if cue else None,
            attribution.sieve if attribution else None,
            attribution.confidence if attribution else None,
            sentence_around(article.text, quote.start, quote.end),
        ),
    )


_SENTENCE_END = regex.compile(r"[.!?…][\"”’»)\]]*(?=\s)|\n\s*\n|\r\n\s*\r\n")


def sentence_around(text: str, start: int, end: int, *, most: int = _CONTEXT_CHARS) -> str:
    """The sentence holding ``text[start:end]``, its quote marks and attribution included,
    on one line, with at most ``most`` characters on either side of the span (a cut is
    marked …).

    >>> sentence_around("It rained. “We won,” he said. Then he left.", 12, 18)
    '“We won,” he said.'
    >>> sentence_around("It rained. “We won.” Then he left.", 12, 19)
    '“We won.”'
    """
    low, high = max(0, start - most), min(len(text), end + most)
    ends = [match.end() for match in _SENTENCE_END.finditer(text, low, start)]
    # a quote that ends its sentence ("We won.”) is found from its last character
    after = _SENTENCE_END.search(text, max(start, end - 1), high)
    left = ends[-1] if ends else low
    right = after.end() if after else high
    context = " ".join(text[left:right].split())
    return ("… " if not ends and low > 0 else "") + context + (
        " …" if after is None and high < len(text) else "")


def _delete_article_quotes(db: sqlite3.Connection, article_id: str) -> None:
    db.execute(
        "DELETE FROM members WHERE unit_id IN (SELECT id FROM units WHERE article_id = ?)",
        (article_id,),
    )
    db.execute("DELETE FROM units WHERE article_id = ?", (article_id,))
    db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _storable(article: Article) -> Article:
    """SQLite stores UTF-8, which has no lone surrogates (text decoded with
    errors="surrogateescape" has them): each becomes U+FFFD, one character for one, so
    every offset stays as it was."""
    fields = {name: value for name in ("id", "text", "date", "source", "byline", "title", "url")
              if isinstance(value := getattr(article, name), str) and _SURROGATE.search(value)}
    if not fields:
        return article
    return attrs.evolve(article, **{k: _SURROGATE.sub("\ufffd", v) for k, v in fields.items()})


def _content_hash(article: Article) -> str:
    """What makes two versions of an article the same: its text, date, source, and its
    title and URL where it has them (so an article indexed before titles were read keeps
    its hash, and one given a title later is updated)."""
    digest = hashlib.sha256()
    parts = [article.text, article.date or "", article.source or ""]
    for extra in (article.title, article.url):
        parts.extend(("\1", extra) if extra is not None else ())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _speaker_row(speaker: str | None) -> int | None:
    return None if speaker is None else int(speaker)


def _kind(type: SpeakerType) -> str:
    # The registry keeps organisations apart from people (and from unknown speakers).
    return "org" if type == "organization" else "person"


def _check_query(words: str) -> None:
    """Raise ValueError unless ``words`` is a valid FTS5 query.

    The query is tried on an empty table of the same shape, so a syntax error is told
    apart from any other failure of the real search.
    """
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(
            "CREATE VIRTUAL TABLE quotes_fts USING fts5 (text, tokenize='unicode61')")
        probe.execute("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", (words,))
    except sqlite3.OperationalError as error:
        raise ValueError(
            f"invalid search {words!r}: {error}; expected words, \"a phrase\", OR, NOT, "
            "NEAR(a b), prefix*; put words with punctuation in double quotes"
        ) from None
    finally:
        probe.close()


def _check_date(value: str) -> None:
    try:
        datetime.date.fromisoformat(value)
        valid = len(value) == 10
    except (TypeError, ValueError):
        valid = False
    if not valid:
        raise ValueError(f"invalid date {value!r}: expected YYYY-MM-DD")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: object) -> str:
    """Text safe inside a Markdown line: special characters escaped, one line."""
    return " ".join(str(text).split()).translate(_MD_SPECIAL)


@attrs.frozen
class SpeakerGroup:
    """One speaker of an exported index, with their remarks (clusters, most wordings first)
    and their indirect quotes linked to no remark. ``id`` is ``None`` for the remarks of
    no known speaker."""

    id: str | None
    name: str
    type: str
    aliases: tuple[str, ...]
    clusters: tuple[Mapping[str, Any], ...]
    indirect: tuple[Mapping[str, Any], ...] = ()

    @property
    def wordings(self) -> int:
        return sum(len(_members(c)) for c in self.clusters)


@attrs.frozen
class IndexGroups:
    """An exported index as its pages show it (:func:`group_index`)."""

    articles: tuple[Mapping[str, Any], ...]
    quoted: tuple[SpeakerGroup, ...]  # speakers with a remark: most wordings first
    unquoted: tuple[SpeakerGroup, ...]  # speakers with no linked remark, by name
    unattributed: SpeakerGroup | None  # remarks of no known speaker

    @property
    def by_id(self) -> dict[str, Mapping[str, Any]]:
        return {str(a.get("id")): a for a in self.articles}

    @property
    def clusters(self) -> int:
        return sum(len(g.clusters) for g in self._all())

    @property
    def wordings(self) -> int:
        return sum(g.wordings for g in self._all())

    def _all(self) -> tuple[SpeakerGroup, ...]:
        return self.quoted + ((self.unattributed,) if self.unattributed else ())


def group_index(data: Mapping[str, Any]) -> IndexGroups:
    """The index (the dict of :meth:`QuoteIndex.export_data`) grouped for reading: every
    export (Markdown, the HTML page, the HTML site) shows speakers in this order.

    Speakers with a remark come most quoted first (wordings, then remarks, then the
    index's order), each with their remarks, most wordings first; speakers with none are
    apart, by name; remarks of no known speaker last. A cluster naming a speaker the index
    does not list keeps its id as the name. A key that is not a list raises TypeError.

    >>> groups = group_index({"articles": [], "speakers": [
    ...     {"id": "s1", "name": "Ann", "type": "person", "aliases": []},
    ...     {"id": "s2", "name": "Bob", "type": "person", "aliases": []}],
    ...     "clusters": [{"id": "c1", "speaker": "s2", "text": "Hi.", "members": []},
    ...                  {"id": "c2", "speaker": None, "text": "Yes.", "members": []}]})
    >>> [g.name for g in groups.quoted], [g.name for g in groups.unquoted]
    (['Bob'], ['Ann'])
    >>> [c["id"] for c in groups.unattributed.clusters]
    ['c2']
    """
    speakers = _records(data, "speakers")
    by_speaker: dict[str | None, list[Mapping[str, Any]]] = {}
    for cluster in _records(data, "clusters"):
        speaker = cluster.get("speaker")
        by_speaker.setdefault(None if speaker in (None, "") else str(speaker), []).append(
            cluster)
    groups: list[SpeakerGroup] = []
    for s in speakers:
        aliases, indirect = s.get("aliases"), s.get("indirect")
        groups.append(SpeakerGroup(
            str(s.get("id")), str(s.get("name") or s.get("id")), str(s.get("type") or ""),
            tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
            _by_size(by_speaker.get(str(s.get("id")), [])),
            tuple(q for q in indirect if isinstance(q, Mapping))
            if isinstance(indirect, list) else ()))
    listed = {g.id for g in groups}
    groups.extend(SpeakerGroup(sid, sid, "", (), _by_size(clusters))
                  for sid, clusters in by_speaker.items() if sid is not None and sid not in listed)
    # sorted() is stable: ties keep the index's order
    quoted = sorted((g for g in groups if g.clusters),
                    key=lambda g: (-g.wordings, -len(g.clusters)))
    unquoted = sorted((g for g in groups if not g.clusters), key=lambda g: g.name.casefold())
    unattributed = by_speaker.get(None)
    return IndexGroups(
        tuple(_records(data, "articles")), tuple(quoted), tuple(unquoted),
        SpeakerGroup(None, "Unattributed", "", (), _by_size(unattributed))
        if unattributed else None)


def _records(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise TypeError(f"index[{key!r}] must be a list, not {type(value).__name__}")
    return [item for item in value if isinstance(item, Mapping)]


def _members(cluster: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    members = cluster.get("members")
    return [m for m in members if isinstance(m, Mapping)] if isinstance(members, list) else []


def _by_size(clusters: Iterable[Mapping[str, Any]]) -> tuple[Mapping[str, Any], ...]:
    return tuple(sorted(clusters, key=lambda c: -len(_members(c))))


def to_markdown(data: Mapping[str, Any]) -> str:
    """The index (the dict of :meth:`QuoteIndex.export_data`) as a Markdown page:
    speakers, most quoted first → their clusters → every wording with its article, date
    and relation (the order of :func:`group_index`).

    >>> page = to_markdown({
    ...     "articles": [{"id": "a1", "date": "2025-04-26", "source": "AP"}],
    ...     "speakers": [{"id": "s1", "name": "Vladimir Putin", "type": "person",
    ...                   "aliases": ["Putin"]}],
    ...     "clusters": [{"id": "c1", "speaker": "s1", "text": "It has failed.",
    ...                   "members": [{"article": "a1", "start": 1, "end": 15,
    ...                                "text": "It has failed.", "relation": "exact"}]}]})
    >>> print(page)
    # Quote index
    <BLANKLINE>
    1 article, 1 speaker, 1 cluster, 1 wording.
    <BLANKLINE>
    ## Vladimir Putin
    <BLANKLINE>
    person; also: Putin
    <BLANKLINE>
    ### c1: “It has failed.”
    <BLANKLINE>
    - exact: `a1` (2025-04-26, AP): “It has failed.”
    <BLANKLINE>
    ## Articles
    <BLANKLINE>
    - `a1` (2025-04-26, AP)
    <BLANKLINE>
    """
    groups = group_index(data)
    articles = groups.by_id
    lines = [
        "# Quote index", "",
        f"{_count(len(groups.articles), 'article')}, "
        f"{_count(len(_records(data, 'speakers')), 'speaker')},"
        f" {_count(groups.clusters, 'cluster')}, {_count(groups.wordings, 'wording')}.",
    ]
    sections = [
        (_md(g.name), _md(g.type) + (
            "; also: " + ", ".join(_md(a) for a in g.aliases) if g.aliases else ""),
         g.clusters)
        for g in groups.quoted
    ]
    if groups.unattributed:
        sections.append(("Speaker unknown", "", groups.unattributed.clusters))
    for heading, about, clusters in sections:
        lines += ["", f"## {heading}"]
        if about:
            lines += ["", about]
        for cluster in clusters:
            lines += ["", f"### {_md(cluster.get('id'))}: “{_md(cluster.get('text'))}”", ""]
            if cluster.get("also_attributed"):
                lines += [also_attributed(cluster["also_attributed"], _md), ""]
            for member in _members(cluster):
                lines.append(
                    f"- {_md(member.get('relation'))}: "
                    f"{_where(articles, str(member.get('article')))}: “{_md(member.get('text'))}”"
                )
    lines += ["", "## Articles", ""]
    lines += [f"- {_where(articles, str(article.get('id')))}" for article in groups.articles]
    return "\n".join(lines) + "\n"


def also_attributed(others: Iterable[Mapping[str, Any]],
                    escape: Callable[[str], str] = str) -> str:
    """The other speakers an index cluster's members were attributed to, as a sentence
    (each name passed through ``escape``): what Markdown and HTML both show.

    >>> also_attributed([{"speaker": "s4", "name": "the Ukrainian army", "articles": 1}])
    'Also attributed to the Ukrainian army in 1 article.'
    """
    named = [
        f"{escape(str(o.get('name') or o.get('speaker') or '?'))} in "
        f"{_count(n if isinstance(n := o.get('articles'), int) else 0, 'article')}"
        for o in others
    ]
    return f"Also attributed to {'; '.join(named)}." if named else ""


def _where(articles: Mapping[str, Mapping[str, Any]], article_id: str) -> str:
    """An article's id (as code, so underscores stay as they are), date and source."""
    article = articles.get(article_id, {})
    about = [_md(v) for v in (article.get("date") or "undated", article.get("source")) if v]
    name = f"`{article_id}`" if "`" not in article_id else _md(article_id)
    return f"{name} ({', '.join(about)})"
