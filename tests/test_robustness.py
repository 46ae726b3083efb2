"""Robustness of quoteattr.extract: any text in, well-formed quotes out, in linear work.

Property tests feed arbitrary Unicode, soups of quote marks, control characters,
right-to-left text and damaged seed articles; every result must keep the offset contract
(``text[q.start:q.end] == q.text``), unique ids, groups that name a quote of the list and
the four kinds. Plain tests cover wrong input types, the empty text, unclosed quotes and
hostile sizes (100,000 unmatched marks, a 10 MB line). The scaling tests count traced
Python line events rather than seconds, so they cannot flake on a slow machine.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr.model import QUOTE_KINDS, Quote

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXTS = [path.read_bytes().decode("utf-8") for path in sorted(SEEDS.glob("*.txt"))]

MARKS = list("\"“”„«»‘’‚‹›'")
WORDS = [
    "said", "says", "told", "added", "according to", "that", "He", "She", "they", "Putin",
    "Gerasimov", "Ukraine’s General Staff", "the statement", "We will win", "farce", "don't",
    "Kyiv", "failed", "U.S.", "Gov.", "a", "I", "it’s", "rock 'n' roll", "1990s", "’90s",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ", ", ". ", ": ", " — ", "(", ")", "…", "-"]
CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f", "\u2028", "\u2029", "\r", "\r\n", "\x85"]
RTL = [
    "אמר", "היא אמרה", "שלום", "قال", "وقالت الوزارة", "سلام", "\u05f4", "\u200f", "\u200e",
    "\u061c", "\u202b", "\u202e", "\u202c", "\u2067", "\u2068", "\u2069",
]

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def check_quotes(text: str, quotes: Any) -> None:
    """The contract every result of extract keeps, whatever the text."""
    assert isinstance(quotes, list)
    ids = {q.id for q in quotes}
    assert len(ids) == len(quotes), f"duplicate ids: {sorted(q.id for q in quotes)}"
    for q in quotes:
        assert isinstance(q, Quote)
        assert 0 <= q.start <= q.end <= len(text), q
        assert text[q.start:q.end] == q.text, q
        assert q.group in ids, q
        assert q.kind in QUOTE_KINDS, q
        for fragment in q.fragments:
            assert 0 <= fragment.start <= fragment.end <= len(text), (q, fragment)
            assert text[fragment.start:fragment.end] == fragment.text, (q, fragment)
            assert q.start <= fragment.start and fragment.end <= q.end, (q, fragment)
        # The other spans a quote carries keep the same offset contract.
        spans = [q.cue]
        if q.attribution is not None:
            spans += [q.attribution.cue, q.attribution.mention]
        for span in spans:
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text), (q, span)
                assert text[span.start:span.end] == span.text, (q, span)


def extract_checked(text: str) -> list[Quote]:
    quotes = quoteattr.extract(text)
    check_quotes(text, quotes)
    return quotes


def _joined(pieces: st.SearchStrategy[str], max_size: int = 60) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=max_size).map("".join)


# --- properties ----------------------------------------------------------------------------


@PROPERTY
@given(st.text())
def test_arbitrary_unicode(text: str) -> None:
    extract_checked(text)


@settings(PROPERTY, max_examples=300)
@given(_joined(st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS),
                         st.sampled_from(SEPARATORS))))
def test_quote_mark_soup(text: str) -> None:
    extract_checked(text)


@PROPERTY
@given(_joined(st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS),
                         st.sampled_from(SEPARATORS), st.sampled_from(CONTROLS))))
def test_control_characters(text: str) -> None:
    extract_checked(text)


@PROPERTY
@given(_joined(st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS),
                         st.sampled_from(SEPARATORS), st.sampled_from(RTL))))
def test_right_to_left(text: str) -> None:
    extract_checked(text)


@st.composite
def damaged_seeds(draw: st.DrawFn) -> str:
    """A seed article with marks, breaks and control characters put in or cut out."""
    text = draw(st.sampled_from(SEED_TEXTS))
    insert = st.sampled_from(MARKS + SEPARATORS + CONTROLS + RTL + [""])
    edits = draw(st.lists(st.tuples(st.integers(0, len(text)), insert, st.integers(0, 3)),
                          max_size=8))
    for at, inserted, cut in sorted(edits, reverse=True):
        text = text[:at] + inserted + text[at + cut:]
    return text


@settings(PROPERTY, max_examples=60)
@given(damaged_seeds())
def test_damaged_seed_articles(text: str) -> None:
    extract_checked(text)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_articles_keep_the_contract(path: Path) -> None:
    assert extract_checked(path.read_bytes().decode("utf-8"))


# --- plain cases ---------------------------------------------------------------------------


def test_empty_text() -> None:
    assert quoteattr.extract("") == []


@pytest.mark.parametrize("value", [b"He said \xe2\x80\x9chi\xe2\x80\x9d", None, 3, ["He said"]],
                         ids=["bytes", "None", "int", "list"])
def test_not_a_str(value: object) -> None:
    with pytest.raises(TypeError, match="text"):
        quoteattr.extract(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("opener", ["“", '"', "«", "„"])
@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank line", "newline"])
def test_unclosed_quote_ends_at_its_paragraph(opener: str, gap: str) -> None:
    text = f"He said: {opener}We will win.{gap}Next paragraph here."
    quotes = extract_checked(text)
    assert "We will win." in [q.text for q in quotes]
    assert not any("Next" in q.text for q in quotes)


def test_100k_unmatched_marks() -> None:
    extract_checked("He said “" + "“" * 99_999 + " and left.")


def test_100k_unmatched_marks_between_words() -> None:
    extract_checked("He said " + "“word " * 100_000 + "and left.")


def test_10_mb_single_line() -> None:
    sentence = 'President Putin said, "The Kyiv regime’s adventure has completely failed." '
    extract_checked(sentence * (10_000_000 // len(sentence) + 1))


# --- scaling -------------------------------------------------------------------------------


def _traced_work(text: str) -> int:
    """Python line events (and calls) while extracting: a count of work, not of time."""
    events = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal events
        events += 1
        return tracer

    sys.settrace(tracer)
    try:
        quoteattr.extract(text)
    finally:
        sys.settrace(None)
    return events


SEED_BODY = quoteattr.parse_article(SEED_TEXTS[0], "s")
SCALING = {
    # name: (unit repeated, smaller count); the larger input has 4 times as many units
    "quotes on one line": (
        'President Putin said, "The Kyiv regime’s adventure has completely failed." ', 200),
    "cues in one sentence": ("He said: “ word ", 200),
    "quotes nested deep": ("“a ‘b ", 200),
    "pronoun speakers in one sentence": ("He said “ that ", 200),
    "article paragraphs": (
        SEED_BODY.text[SEED_BODY.body_start:SEED_BODY.body_end] + "\n\n", 16),
}


@pytest.mark.parametrize("name", list(SCALING))
def test_work_grows_linearly(name: str) -> None:
    unit, count = SCALING[name]
    quoteattr.extract(unit)  # word lists load outside the count
    small = _traced_work(unit * count)
    large = _traced_work(unit * count * 4)
    # Linear work gives a ratio a little under 4 (fixed costs); quadratic work tends to 16.
    assert large / small < 5.5, f"4x the input took {large / small:.1f}x the work"


def test_a_slice_of_the_fuzz_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    """300 of bench/fuzz.py's generated documents through extract and the index."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "bench" / "fuzz.py"
    spec = importlib.util.spec_from_file_location("quoteattr_bench_fuzz", path)
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    status = fuzz.main(["--n", "300", "--seed", "7", "--batch", "30", "--surrogates"])
    out = capsys.readouterr().out
    assert "documents:         300 (10 ingest batches)" in out
    assert "exceptions:        0" in out and "offset violations: 0" in out
    assert status == 0
