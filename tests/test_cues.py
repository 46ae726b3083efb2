"""The cue stage: reporting events found once, from patterns kept as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quoteattr.annotate import get_annotator
from quoteattr.cues import CueMatcher, CuePattern, default_matcher, find_cues, load_patterns
from quoteattr.model import Article, Document

Row = tuple[str, str, str | None, list[str], str | None]


def _doc(text: str) -> Document:
    return get_annotator().annotate(Article("a", text))


def _rows(text: str, matcher: CueMatcher | None = None) -> list[Row]:
    return [(c.text, c.pattern, c.subject and c.subject.text, [s.text for s in c.content],
             c.addressee and c.addressee.text)
            for c in find_cues(_doc(text), matcher=matcher)]


EVENTS = [
    pytest.param("Peskov said the talks would resume.",
                 [("said", "verb-bare", "Peskov", ["the talks would resume"], None)],
                 id="said-content"),
    pytest.param("The village was liberated, the ministry said.",
                 [("said", "verb-bare", "the ministry", ["The village was liberated"], None)],
                 id="content-then-cue"),
    pytest.param("According to the Kremlin, the village was liberated.",
                 [("According to", "according-to", "the Kremlin",
                   ["the village was liberated"], None)], id="according-first"),
    pytest.param("The village, according to the Kremlin, was liberated on Saturday.",
                 [("according to", "according-to", "the Kremlin",
                   ["The village, according to the Kremlin, was liberated on Saturday"], None)],
                 id="according-inside"),
    pytest.param("The village was liberated, according to the Kremlin.",
                 [("according to", "according-to", "the Kremlin",
                   ["The village was liberated"], None)], id="according-after"),
    pytest.param("Mayor Ilse Varga told reporters the bridge would reopen.",
                 [("told", "verb-that", "Mayor Ilse Varga", ["the bridge would reopen"],
                   "reporters")], id="told-addressee"),
    pytest.param("“We will rebuild,” Tomas Reyes grumbled.",
                 [("grumbled", "communication-say", "Tomas Reyes", ["“We will rebuild,”"],
                   None)], id="manner-verb-open-class"),
    pytest.param("Smith went on to say the plan was dead.",
                 [("went on to say", "go-on-to-say", "Smith", ["the plan was dead"], None)],
                 id="multi-word-cue"),
    pytest.param("He pointed out that the port had been closed for years.",
                 [("pointed out", "point-out", "He", ["the port had been closed for years"],
                   None)], id="particle-verb"),
    pytest.param("Sen. Tom Rix, D-Ohio, a panel member, said the bill would pass.",
                 [("said", "verb-bare", "Sen. Tom Rix", ["the bill would pass"], None)],
                 id="appositions-before-the-verb"),
    # Must find nothing: nouns, passives, topic verbs, a cue-less sentence.
    pytest.param("The report was published on Monday.", [], id="noun-report"),
    pytest.param("He is said to be ill.", [], id="passive"),
    pytest.param("Zelensky discussed efforts to reach a “ceasefire” with Trump.", [],
                 id="topic-verb"),
    pytest.param("The convoy reached the city at dawn.", [], id="no-cue"),
    pytest.param("", [], id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), EVENTS)
def test_reporting_events(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


def test_offsets_are_exact() -> None:
    text = "On Monday, Mayor Ilse Varga told reporters the bridge would reopen."
    for cue in find_cues(_doc(text)):
        for span in (cue, cue.subject, cue.addressee, *cue.content):
            assert span is not None and text[span.start:span.end] == span.text


def test_patterns_are_data() -> None:
    patterns = load_patterns()
    ids = [p.id for p in patterns]
    assert len(ids) == len(set(ids))
    assert {"verb-bare", "according-to", "communication-manner", "go-on-to-say"} <= set(ids)
    # every pattern goes back to its dict form and comes again the same
    assert [CuePattern.from_dict(p.to_dict()) for p in patterns] == patterns


def test_a_pattern_removed_finds_nothing() -> None:
    matcher = CueMatcher(load_patterns())
    text = "The village was liberated, according to the Kremlin."
    assert _rows(text, matcher)
    matcher.remove("according-to")
    assert _rows(text, matcher) == []
    with pytest.raises(KeyError, match="no cue pattern 'according-to'; there are: verb-bare"):
        matcher.remove("according-to")


def test_a_pattern_added_finds_its_cue() -> None:
    matcher = CueMatcher(load_patterns())
    text = "“We will rebuild,” Tomas Reyes chirped happily."
    assert _rows(text, matcher) == []
    matcher.add(CuePattern.from_dict(
        {"id": "chirp", "reports": "after", "pattern": [{"LOWER": ["chirp", "chirped"]}]}))
    assert _rows(text, matcher) == [
        ("chirped", "chirp", "Tomas Reyes", ["“We will rebuild,”"], None)]
    # the built-in matcher is not changed by another one
    assert "chirp" not in [p.id for p in default_matcher().patterns]


def test_a_pattern_may_ask_for_its_subject() -> None:
    # "find" and "show" report only where a document, a poll or its data is the subject
    matcher = CueMatcher(load_patterns())
    assert _rows("A poll in June showed that most voters trust Ann Ruiz.", matcher) == [
        ("showed", "document-finds", "A poll in June", ["most voters trust Ann Ruiz"], None)]
    assert _rows("Polls also show that voters trust Ann Ruiz.", matcher)[0][:3] == (
        "show", "document-finds", "Polls")
    assert _rows("The diver found that the door was locked.", matcher) == []
    matcher.remove("document-finds")
    assert _rows("A poll in June showed that most voters trust Ann Ruiz.", matcher) == []


@pytest.mark.parametrize(("data", "message"), [
    ({"id": "x", "reports": "loudly", "pattern": [{"LOWER": "x"}]}, "reports must be one of"),
    ({"id": "x", "reports": "bare", "pattern": []}, "each token is a dict"),
    ({"id": "x", "reports": "bare", "pattern": [{"POS": "VERB"}]}, "each token is a dict"),
    ({"id": "x", "reports": "bare", "pattern": [{"CLASS": "verb:loud"}]}, "unknown CLASS"),
    ({"reports": "bare", "pattern": [{"LOWER": "x"}]}, "lacks"),
    ({"id": "x", "reports": "that", "subject": "poets", "pattern": [{"LOWER": "x"}]},
     "unknown subject list 'poets'; known: documents"),
])
def test_bad_patterns_say_what_is_wrong(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CuePattern.from_dict(data)


def test_a_broken_pattern_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cues.json"
    path.write_text('[\n  {"id": "x",\n  "reports": }\n]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues\.json, line 3"):
        load_patterns(str(path))
    path.write_text(json.dumps([{"id": "chirp", "reports": "after",
                                 "pattern": [{"LOWER": "chirped"}]}]), encoding="utf-8")
    assert [p.id for p in load_patterns(str(path))] == ["chirp"]


def test_non_documents_are_refused() -> None:
    with pytest.raises(TypeError, match="doc must be a Document"):
        find_cues("Peskov said so.")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="pattern must be a CuePattern"):
        CueMatcher([]).add({"id": "x"})  # type: ignore[arg-type]
