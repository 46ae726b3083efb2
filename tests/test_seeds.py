"""Golden test on the five seed articles: every quoted span with exact offsets and kind,
and the speaker of every quote (tests/golden/seeds.jsonl; see tests/golden/README.md)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import quoteattr
from quoteattr.model import Quote

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = [
    json.loads(line)
    for line in (ROOT / "tests" / "golden" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@cache
def _text(article: str) -> str:
    with open(ROOT / "seeds" / f"{article}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


@cache
def _quotes(article: str) -> tuple[Quote, ...]:
    return tuple(quoteattr.extract(_text(article), id=article))


def _row_id(row: dict[str, object]) -> str:
    return f"{str(row['article'])[:3]}@{row['start']}"


def _params(rows: list[dict[str, object]]) -> list[object]:
    return [
        pytest.param(row, id=_row_id(row),
                     marks=[pytest.mark.xfail(reason=str(row["known_wrong"]), strict=True)]
                     if "known_wrong" in row else [])
        for row in rows
    ]


def test_golden_offsets_are_exact() -> None:
    for row in GOLDEN:
        text = _text(str(row["article"]))
        assert text[row["start"]:row["end"]] == row["text"]
        for start, end, fragment in row["fragments"]:
            assert text[start:end] == fragment


def test_every_quoted_span_is_found() -> None:
    """All 41 spans between quote marks, with their kind, and no quote too many."""
    marked = {(r["article"], s, e, r["kind"]) for r in GOLDEN for s, e, _ in r["fragments"]}
    marked |= {(r["article"], r["start"], r["end"], r["kind"]) for r in GOLDEN
               if r["kind"] in ("direct", "scare")}
    assert len(marked) == 41
    found = {
        (article, f.start, f.end, q.kind)
        for article in {str(r["article"]) for r in GOLDEN}
        for q in _quotes(article) if q.kind != "indirect"
        for f in q.fragments
    }
    assert found == marked


@pytest.mark.parametrize("row", _params(GOLDEN))
def test_quote_and_speaker(row: dict[str, object]) -> None:
    quotes = {(q.start, q.end): q for q in _quotes(str(row["article"]))}
    quote = quotes.get((row["start"], row["end"]))
    assert quote is not None, f"no quote at {row['start']}:{row['end']}"
    assert quote.kind == row["kind"]
    speaker = quote.attribution.speaker.name if quote.attribution else None
    assert speaker == row["speaker"]


def test_no_unexpected_quotes() -> None:
    expected = {(r["article"], r["start"], r["end"]) for r in GOLDEN}
    found = {(a, q.start, q.end) for a in {str(r["article"]) for r in GOLDEN}
             for q in _quotes(a)}
    assert found == expected


@pytest.mark.parametrize(
    ("speaker", "minimum"),
    [("Vladimir Putin", 9), ("Valery Gerasimov", 15), ("Ukraine's General Staff", 2),
     ("Donald Trump", 3)],
)
def test_design_speakers_come_out_right_everywhere(speaker: str, minimum: int) -> None:
    """The speakers DESIGN.md names, also where the text says "he", "the statement" or a role."""
    rows = [r for r in GOLDEN if r["speaker"] == speaker]
    assert len(rows) >= minimum
    for row in rows:
        quotes = {(q.start, q.end): q for q in _quotes(str(row["article"]))}
        attribution = quotes[(row["start"], row["end"])].attribution
        assert attribution is not None and attribution.speaker.name == speaker
