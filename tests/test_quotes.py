"""Tests for quote detection through `quoteattr.extract`.

Each table row is (text, expected quotes). Expected offsets are not written out: they
are found with ``text.index`` left to right, so a row reads as the sentence and the words
a careful annotator would mark in it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr.model import QUOTE_KINDS, Quote

Expected = list[tuple[str, str]]  # (kind, span text)
Grouped = list[tuple[str, str, str | None]]  # (kind, span text, group label or None: any)


def _offsets(text: str, parts: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of each part, each found after the start of the one before."""
    spans: list[tuple[int, int]] = []
    at = 0
    for part in parts:
        start = text.index(part, at)
        spans.append((start, start + len(part)))
        at = start + 1
    return spans


def _expected(text: str, expected: Expected) -> list[tuple[str, str, int, int]]:
    spans = _offsets(text, [part for _, part in expected])
    return [(kind, part, s, e) for (kind, part), (s, e) in zip(expected, spans, strict=True)]


def _actual(quotes: list[Quote]) -> list[tuple[str, str, int, int]]:
    return [(q.kind, q.text, q.start, q.end) for q in quotes]


def _labels(groups: Sequence[str]) -> list[int]:
    """Groups as first-seen numbers, so ["q1", "q1", "q3"] and "aab" compare equal."""
    seen: dict[str, int] = {}
    return [seen.setdefault(group, len(seen)) for group in groups]


def _check_invariants(text: str, quotes: list[Quote]) -> None:
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    assert len({q.id for q in quotes}) == len(quotes)
    groups = [q.group for q in quotes]
    for quote in quotes:
        assert quote.kind in QUOTE_KINDS
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if groups.count(quote.group) == 1:
            assert quote.group == quote.id
        for fragment in quote.fragments:
            assert quote.start <= fragment.start < fragment.end <= quote.end
            assert text[fragment.start : fragment.end] == fragment.text
        if quote.speaker is not None:
            assert quote.speaker.name.strip()  # a speaker has a name


# --- quote marks ------------------------------------------------------------------------

MARKS = [
    pytest.param("“We will win,” she said.", [("direct", "We will win,")], id="curly-double"),
    pytest.param('"We will win," she said.', [("direct", "We will win,")], id="straight-double"),
    pytest.param("‘We will win,’ she said.", [("direct", "We will win,")], id="curly-single"),
    pytest.param("'We will win,' she said.", [("direct", "We will win,")], id="straight-single"),
    pytest.param("«We will win», she said.", [("direct", "We will win")], id="guillemets"),
    pytest.param("„We will win“, she said.", [("direct", "We will win")], id="low-high-double"),
    pytest.param("‚We will win‘, she said.", [("direct", "We will win")], id="low-high-single"),
    pytest.param(
        "Merkel said: „We will manage this.“",
        [("direct", "We will manage this.")],
        id="low-high-double-after-colon",
    ),
    # Mismatched pairs as outlets print them (seed 002 opens curly and closes straight).
    pytest.param(
        "“The complete defeat of our enemy along Kursk’s border region creates the right "
        'conditions for further successes for our troops and in other important areas of the '
        'front," he said.',
        [
            (
                "direct",
                "The complete defeat of our enemy along Kursk’s border region creates the right "
                "conditions for further successes for our troops and in other important areas "
                "of the front,",
            )
        ],
        id="curly-open-straight-close",
    ),
    pytest.param(
        '"This is the end of the front,” he said.',
        [("direct", "This is the end of the front,")],
        id="straight-open-curly-close",
    ),
    pytest.param(
        "“This is the end of the front,“ he said.",
        [("direct", "This is the end of the front,")],
        id="opening-mark-used-to-close",
    ),
    pytest.param(
        "”This is the end of the front,” he said.",
        [("direct", "This is the end of the front,")],
        id="closing-mark-used-to-open",
    ),
    pytest.param(
        '“This is the end of the front," he said. "We hold the line," she said.',
        [("direct", "This is the end of the front,"), ("direct", "We hold the line,")],
        id="mismatched-then-straight",
    ),
    pytest.param(
        "'We will win,' she said. 'The war is not over,' he said.",
        [("direct", "We will win,"), ("direct", "The war is not over,")],
        id="two-straight-single-quotes",
    ),
    # Apostrophes neither open nor close a quote.
    pytest.param(
        "“Ukraine’s soldiers don't give up,” she said.",
        [("direct", "Ukraine’s soldiers don't give up,")],
        id="apostrophes-in-double-quote",
    ),
    pytest.param(
        "‘Ukraine’s soldiers don’t give up,’ she said.",
        [("direct", "Ukraine’s soldiers don’t give up,")],
        id="apostrophes-in-single-quote",
    ),
    pytest.param(
        "“The soldiers’ contribution was decisive,” she said.",
        [("direct", "The soldiers’ contribution was decisive,")],
        id="plural-possessive-in-double-quote",
    ),
    pytest.param(
        "‘The soldiers’ contribution was decisive,’ she said.",
        [("direct", "The soldiers’ contribution was decisive,")],
        id="plural-possessive-in-single-quote",
    ),
    pytest.param(
        "She said: ‘I don’t know.’",
        [("direct", "I don’t know.")],
        id="apostrophe-after-colon-single-quote",
    ),
    pytest.param(
        "The soldiers’ ‘heroic’ defence lasted months.",
        [("scare", "heroic")],
        id="possessive-next-to-single-quote",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MARKS)
def test_marks(text: str, expected: Expected) -> None:
    assert _actual(quoteattr.extract(text)) == _expected(text, expected)


# --- nested quotes: the inner quote stays inside the outer one -------------------------------

NESTED = [
    pytest.param(
        "“Statements by the enemy leadership about the ‘defeat’ of the Ukrainian troops are "
        "nothing more than propaganda tricks,” said Ukraine’s chief of staff in a post on "
        "Telegram.",
        [
            (
                "direct",
                "Statements by the enemy leadership about the ‘defeat’ of the Ukrainian troops "
                "are nothing more than propaganda tricks,",
            )
        ],
        id="seed-001-defeat",
    ),
    pytest.param(
        "“It was not a ‘defeat’ but a ‘regrouping’,” he said.",
        [("direct", "It was not a ‘defeat’ but a ‘regrouping’,")],
        id="two-inner-quotes",
    ),
    pytest.param(
        "“He told me: ‘We will not stop,’” she said.",
        [("direct", "He told me: ‘We will not stop,’")],
        id="inner-closes-with-outer",
    ),
    pytest.param(
        "‘He called it a “farce”,’ she said.",
        [("direct", "He called it a “farce”,")],
        id="double-inside-single",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NESTED)
def test_nested(text: str, expected: Expected) -> None:
    assert _actual(quoteattr.extract(text)) == _expected(text, expected)


# --- groups: multi-paragraph and interrupted quotes ---------------------------------------

GROUPS = [
    # A paragraph ends inside a quote and the next opens with a mark: one utterance.
    pytest.param(
        "“We will not stop. The front is holding.\n\n“The war is not over,” he said.",
        [
            ("direct", "We will not stop. The front is holding.", "a"),
            ("direct", "The war is not over,", "a"),
        ],
        id="two-paragraphs",
    ),
    pytest.param(
        "Gerasimov said: “The enemy has been defeated.\n\n“The last village was liberated today.”",
        [
            ("direct", "The enemy has been defeated.", "a"),
            ("direct", "The last village was liberated today.", "a"),
        ],
        id="two-paragraphs-after-colon",
    ),
    pytest.param(
        '"We will not stop. The front is holding.\n\n"The war is not over," he said.',
        [
            ("direct", "We will not stop. The front is holding.", "a"),
            ("direct", "The war is not over,", "a"),
        ],
        id="two-paragraphs-straight",
    ),
    pytest.param(
        "“We will not stop. The front is holding.\n\n“The war is not over. We will win."
        "\n\n“Glory to Ukraine,” he said.",
        [
            ("direct", "We will not stop. The front is holding.", "a"),
            ("direct", "The war is not over. We will win.", "a"),
            ("direct", "Glory to Ukraine,", "a"),
        ],
        id="three-paragraphs",
    ),
    pytest.param(
        "“The enemy has been defeated,” Gerasimov said. “The last village was liberated today."
        "\n\n“Our troops are holding the border.”",
        [
            ("direct", "The enemy has been defeated,", None),
            ("direct", "The last village was liberated today.", "b"),
            ("direct", "Our troops are holding the border.", "b"),
        ],
        id="two-paragraphs-after-attribution",
    ),
    pytest.param(
        "“The situation is difficult,” he said. “We hold on.\n\n“We need more ammunition.”",
        [
            ("direct", "The situation is difficult,", None),
            ("direct", "We hold on.", "b"),
            ("direct", "We need more ammunition.", "b"),
        ],
        id="two-paragraphs-short-first-piece",
    ),
    # (The first span of the last two rows may or may not join them: "he said." ends a
    # sentence, so the rows leave it open.)
    # Interrupted by the attribution: “A,” he said, “B.”
    pytest.param(
        "“We will win,” he said, “and we will not stop.”",
        [("direct", "We will win,", "a"), ("direct", "and we will not stop.", "a")],
        id="interrupted-curly",
    ),
    pytest.param(
        '"We will win," he said, "and we will not stop."',
        [("direct", "We will win,", "a"), ("direct", "and we will not stop.", "a")],
        id="interrupted-straight",
    ),
    pytest.param(
        "“We will win,” said Putin, “and we will not stop.”",
        [("direct", "We will win,", "a"), ("direct", "and we will not stop.", "a")],
        id="interrupted-said-name",
    ),
    pytest.param(
        "“We will win,” Putin told Gerasimov on Saturday, “and we will not stop.”",
        [("direct", "We will win,", "a"), ("direct", "and we will not stop.", "a")],
        id="interrupted-told-addressee",
    ),
    pytest.param(
        "“We will win” – he said – “and we will not stop.”",
        [("direct", "We will win", "a"), ("direct", "and we will not stop.", "a")],
        id="interrupted-between-dashes",
    ),
    # Unrelated quotes are different utterances.
    pytest.param(
        "“We will win,” he said.\n\n“The weather is bad,” she said.",
        [("direct", "We will win,", "a"), ("direct", "The weather is bad,", "b")],
        id="closed-quotes-in-two-paragraphs",
    ),
    pytest.param(
        "“We will not stop,” he said.\n\n“We will not stop,” she said.",
        [("direct", "We will not stop,", "a"), ("direct", "We will not stop,", "b")],
        id="same-words-two-speakers",
    ),
    pytest.param(
        "“We will win,” she said. “The war is not over,” he said.",
        [("direct", "We will win,", "a"), ("direct", "The war is not over,", "b")],
        id="two-quotes-one-paragraph",
    ),
]


@pytest.mark.parametrize(("text", "expected"), GROUPS)
def test_groups(text: str, expected: Grouped) -> None:
    quotes = quoteattr.extract(text)
    assert _actual(quotes) == _expected(text, [(kind, part) for kind, part, _ in expected])
    labelled = [i for i, (*_, label) in enumerate(expected) if label is not None]
    assert _labels([quotes[i].group for i in labelled]) == _labels(
        [label for *_, label in expected if label is not None]
    )
    _check_invariants(text, quotes)


# --- kinds ------------------------------------------------------------------------------

KINDS = [
    # direct: a full quoted utterance
    pytest.param(
        'President Putin said, "The Kyiv regime’s adventure has completely failed."',
        [("direct", "The Kyiv regime’s adventure has completely failed.")],
        id="direct-after-said-comma",
    ),
    pytest.param(
        'Trump posted: "Stop the bloodshed, NOW."',
        [("direct", "Stop the bloodshed, NOW.")],
        id="direct-after-colon",
    ),
    pytest.param(
        "The answer was simple: “Close the port.”",
        [("direct", "Close the port.")],
        id="direct-a-short-sentence-after-a-colon",
    ),
    pytest.param(
        "As Ann Ruiz put it, “The port is finished.”",
        [("direct", "The port is finished.")],
        id="direct-after-a-cue-of-two-words",
    ),
    pytest.param(
        "“I would like to especially mark the role of the servicemen,” Gerasimov said.",
        [("direct", "I would like to especially mark the role of the servicemen,")],
        id="direct-before-attribution",
    ),
    pytest.param(
        "He said the army would go on. “We will not stop.”",
        [("indirect", "the army would go on"), ("direct", "We will not stop.")],
        id="direct-sentence-after-report",
    ),
    pytest.param(
        "“Our units are holding the line,” the statement said. “The situation is difficult.”",
        [
            ("direct", "Our units are holding the line,"),
            ("direct", "The situation is difficult."),
        ],
        id="direct-sentence-after-attribution",
    ),
    # partial: the reported content that carries the quoted words
    pytest.param(
        "Putin said that Kyiv’s incursion had “completely failed”.",
        [("partial", "Kyiv’s incursion had “completely failed”")],
        id="partial-said-that",
    ),
    pytest.param(
        "Putin said Kyiv’s incursion had “completely failed”.",
        [("partial", "Kyiv’s incursion had “completely failed”")],
        id="partial-said",
    ),
    pytest.param(
        'She said the council was slow and "very reluctant" to hear what residents had to say.',
        [("partial",
          'the council was slow and "very reluctant" to hear what residents had to say')],
        id="partial-mixed-quote",
    ),
    pytest.param(
        'Ukraine\'s General Staff said it had "not received" any orders.',
        [("partial", 'it had "not received" any orders')],
        id="partial-straight-marks",
    ),
    pytest.param(
        "He said the offensive was “a total disaster” and “a waste of lives”.",
        [("partial", "the offensive was “a total disaster” and “a waste of lives”")],
        id="partial-two-fragments",
    ),
    pytest.param(
        "Putin said Kyiv’s incursion had “completely failed”, and Gerasimov said the troops "
        "had “provided significant assistance”.",
        [
            ("partial", "Kyiv’s incursion had “completely failed”"),
            ("partial", "the troops had “provided significant assistance”"),
        ],
        id="partial-two-reports-in-one-sentence",
    ),
    # scare: quote marks that are not speech
    # "called X “Y”" puts the words in the subject's mouth: news corpora annotate it as a
    # quote ('called the plan “reckless”'), so it is partial, not scare; a verb that
    # only frames quotes reports the quoted words, not a content of its own.
    pytest.param("He called it a “farce”.", [("partial", "farce")], id="partial-called"),
    pytest.param(
        "They condemned the so-called “liberation” of the region.",
        [("scare", "liberation")],
        id="scare-so-called",
    ),
    pytest.param(
        "The “liberation” of Kursk took months.", [("scare", "liberation")], id="scare-noun"
    ),
    pytest.param(
        "It was a “historic” day for the region.", [("scare", "historic")], id="scare-adjective"
    ),
    pytest.param(
        "We watched the film “Star Wars” last night.",
        [("scare", "Star Wars")],
        id="scare-film-title",
    ),
    pytest.param(
        "The song “Imagine” was played at the ceremony.",
        [("scare", "Imagine")],
        id="scare-song-title",
    ),
]


@pytest.mark.parametrize(("text", "expected"), KINDS)
def test_kinds(text: str, expected: Expected) -> None:
    quotes = quoteattr.extract(text)
    assert _actual(quotes) == _expected(text, expected)
    _check_invariants(text, quotes)


PARTIAL_FRAGMENTS = [
    # (text, partial span, its quoted fragments)
    (
        "Putin said that Kyiv’s incursion had “completely failed”.",
        "Kyiv’s incursion had “completely failed”",
        ["completely failed"],
    ),
    (
        'She said the council was slow and "very reluctant" to hear what residents had to say.',
        'the council was slow and "very reluctant" to hear what residents had to say',
        ["very reluctant"],
    ),
    (
        "He said the offensive was “a total disaster” and “a waste of lives”.",
        "the offensive was “a total disaster” and “a waste of lives”",
        ["a total disaster", "a waste of lives"],
    ),
]


@pytest.mark.parametrize(("text", "span", "fragments"), PARTIAL_FRAGMENTS)
def test_partial_fragments(text: str, span: str, fragments: list[str]) -> None:
    [quote] = quoteattr.extract(text)
    assert (quote.kind, quote.text) == ("partial", span)
    expected = [(part, s, e) for part, (s, e) in zip(fragments, _offsets(text, fragments),
                                                     strict=True)]
    assert [(f.text, f.start, f.end) for f in quote.fragments] == expected


INDIRECT = [
    # (text, reported content, cue)
    ("Putin said that Kyiv’s incursion had failed.", "Kyiv’s incursion had failed", "said"),
    ("Putin said Kyiv’s incursion had failed.", "Kyiv’s incursion had failed", "said"),
    (
        "The army has announced that Ukrainian forces had left the region.",
        "Ukrainian forces had left the region",
        "announced",
    ),
    ("Kyiv’s incursion had failed, Putin said.", "Kyiv’s incursion had failed", "said"),
    ("Kyiv’s incursion had failed, Putin said on Saturday.", "Kyiv’s incursion had failed",
     "said"),
    ("Kyiv’s incursion had failed, said Putin.", "Kyiv’s incursion had failed", "said"),
    ("According to Putin, Kyiv’s incursion had failed.", "Kyiv’s incursion had failed",
     "According to"),
    ("On Saturday, according to the Kremlin, the last village was liberated.",
     "the last village was liberated", "according to"),
    ("Kyiv’s incursion had failed, according to the Kremlin.", "Kyiv’s incursion had failed",
     "according to"),
    ("Putin told Gerasimov that Kyiv’s incursion had failed.", "Kyiv’s incursion had failed",
     "told"),
    ("Putin told reporters the incursion had failed.", "the incursion had failed", "told"),
    ("Putin told reporters that the incursion had failed.", "the incursion had failed", "told"),
    ("Kyiv denied that its troops had been encircled.", "its troops had been encircled",
     "denied"),
    ("The ministry acknowledged that the village had been lost.", "the village had been lost",
     "acknowledged"),
    ("Zelensky’s office confirmed that the two leaders had met in Rome.",
     "the two leaders had met in Rome", "confirmed"),
    ("Ukraine rejected the claim, saying that its troops were still fighting.",
     "its troops were still fighting", "saying"),
    ("Ukraine rejected the claim, saying its troops were still fighting.",
     "its troops were still fighting", "saying"),
    # "that" after a preposition is a determiner, not the start of content
    ("In Oslo, Berg said he is sure the crew has worked on that bridge before.",
     "he is sure the crew has worked on that bridge before", "said"),
    ("The talks failed, said a senior official.", "The talks failed", "said"),
    # the subject is a cue noun ("the report"), the cue the verb after it
    ("Over the decade, rail traffic has grown by a third, the study said.",
     "Over the decade, rail traffic has grown by a third", "said"),
    # a cue noun's "that" opens what is reported
    ("The bank added the caveat that its forecast assumes stable prices.",
     "its forecast assumes stable prices", "added"),
    # the clause after the comma is no attribution of the words before it
    ("When the fees rose, tenants complained about what they said was an unfair charge.",
     "was an unfair charge", "said"),
    ("Sen. Ann Lee (D-Ore.) suggested that the rules could change next year.",
     "the rules could change next year", "suggested"),
    ("A former coach indicated on Friday that she might return next season.",
     "she might return next season", "indicated"),
    ("The port had been closed for a week, a private security guard on duty during the "
     "storm said.", "The port had been closed for a week", "said"),
    ("The talks failed, said two officials in the room.", "The talks failed", "said"),
    # whom something was told never spoke it: the subject stands before the verb
    ("The row began after Jonas Berg, the ambassador, told Oslo-based media that the ban "
     "was wrong.", "the ban was wrong", "told"),
]

# One sentence, two reports.
TWO_REPORTS = [
    # (text, the contents, their cues and kinds)
    ("The staff waited in the basement, he said, but one clerk left by the back door.",
     [("The staff waited in the basement", "said", "indirect"),
      ("but one clerk left by the back door", "said", "indirect")]),
    ("The staff waited in the basement, he said, adding that the alarm rang twice.",
     [("The staff waited in the basement", "said", "indirect"),
      ("the alarm rang twice", "adding", "indirect")]),
    # a participle after a closing quote mark and its comma
    ("Berg said the vote is “still open,” noting that the council has not met since May.",
     [("the vote is “still open,”", "said", "partial"),
      ("the council has not met since May", "noting", "indirect")]),
]


@pytest.mark.parametrize(("text", "reports"), TWO_REPORTS)
def test_two_reports(text: str, reports: list[tuple[str, str, str]]) -> None:
    quotes = quoteattr.extract(text)
    assert [(q.text, q.cue.text if q.cue else None, q.kind) for q in quotes] == reports
    for quote in quotes:
        assert text[quote.start:quote.end] == quote.text


@pytest.mark.parametrize(("text", "content", "cue"), INDIRECT)
def test_indirect(text: str, content: str, cue: str) -> None:
    quotes = quoteattr.extract(text)
    assert _actual(quotes) == _expected(text, [("indirect", content)])
    [quote] = quotes
    assert quote.cue is not None
    assert (quote.cue.text, quote.cue.start) == (cue, text.index(cue))
    assert text[quote.cue.start : quote.cue.end] == cue


# --- what is not a quote ----------------------------------------------------------------

NOTHING = [
    pytest.param("", id="empty"),
    pytest.param("  \n\n\t", id="blank"),
    pytest.param("The army crossed the river on Saturday and took the village.", id="narrative"),
    pytest.param("Ukraine’s army said nothing.", id="said-nothing"),
    pytest.param("The minister said nothing about the plan on Monday.", id="said-nothing-about"),
    # "that" after an object opens a relative clause, not what was reported
    pytest.param("The mayor opened a bridge that replaced the old ferry.",
                 id="relative-that-after-object"),
    pytest.param("Shops have posted small profits but are hopeful that sales recover.",
                 id="that-after-another-verb"),
    # a setting before the comma is no content: "At the hearing, the judge proposed …"
    pytest.param("At the hearing, the judge proposed a milder penalty.",
                 id="setting-before-comma"),
    pytest.param("The vote (held on Monday) said little about the plan.", id="said-little"),
    pytest.param("It is said to be true.", id="passive-said-to"),
    pytest.param("The village is said to have been liberated.", id="passive-said-to-have"),
    pytest.param("That said, the talks will go on.", id="that-said"),
    pytest.param("Ukraine’s soldiers don't give up; the soldiers’ contribution matters.",
                 id="apostrophes"),
    pytest.param("Rock ’n’ roll was played in the ’90s.", id="elisions"),
]


@pytest.mark.parametrize("text", NOTHING)
def test_nothing(text: str) -> None:
    assert quoteattr.extract(text) == []


# --- unclosed quotes end at their paragraph's end ----------------------------------------

UNCLOSED = [
    pytest.param(
        "He said: “We will not stop. The war is not over.\n\nThe ministry gave no details.",
        [("direct", "We will not stop. The war is not over.")],
        id="ends-at-paragraph-end",
    ),
    pytest.param(
        "He said: “We will not stop.\n\nThe war goes on, the ministry said.",
        [("direct", "We will not stop."), ("indirect", "The war goes on")],
        id="next-paragraph-is-not-quoted",
    ),
    pytest.param(
        "“We will not stop. The war is not over",
        [("direct", "We will not stop. The war is not over")],
        id="ends-at-text-end",
    ),
    pytest.param(
        "He said: “We will not stop. The war is not over",
        [("direct", "We will not stop. The war is not over")],
        id="after-cue-ends-at-text-end",
    ),
    pytest.param(
        '"We will not stop," he said. "The war is not over, and we will win',
        [("direct", "We will not stop,"), ("direct", "The war is not over, and we will win")],
        id="second-quote-unclosed",
    ),
    pytest.param("“", [], id="lone-mark"),
    pytest.param("He said “", [], id="mark-at-text-end"),
    pytest.param("The word ‘freedom", [], id="stray-single-mark"),
]


@pytest.mark.parametrize(("text", "expected"), UNCLOSED)
def test_unclosed(text: str, expected: Expected) -> None:
    quotes = quoteattr.extract(text)
    assert _actual(quotes) == _expected(text, expected)
    _check_invariants(text, quotes)


# --- whatever the text: no exception, no empty span, offsets that hold -------------------

_PIECES = st.sampled_from(
    [
        "We", "will", "win", "Ukraine’s", "don't", "soldiers’", "he said", "said that",
        "according to Putin", "told reporters", "saying", ",", ".", ":", " ", " ", " ",
        "\n\n", "\n", "“", "”", '"', "‘", "’", "'", "«", "»", "„", "‚", "—",
    ]
)


@settings(deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
@example("He said: “We will not stop. The war is not over")
@example("»We will win«, she said.")
@example(", according to Putin, the war is over.")
@example('He said the answer was "" and nothing more.')
def test_never_raises_and_spans_are_consistent(text: str) -> None:
    _check_invariants(text, quoteattr.extract(text))


# A line that links to another story: its quotes are headline words, not speech.
LINK_LINES = [
    ("READ MORE: ‘Domestic realities’ to blame for the delays, minister says", "scare"),
    ("WATCH: Minister says “no deal” after the talks", "scare"),
    # a section head goes on with the article
    ("ECONOMY: On Wednesday, the minister said “growth will return” next year.", "partial"),
]


@pytest.mark.parametrize(("line", "kind"), LINK_LINES)
def test_link_lines(line: str, kind: str) -> None:
    text = f"The talks ended.\n\n{line}\n\n“We won,” she said."
    quotes = quoteattr.extract(text)
    assert [q.kind for q in quotes] == [kind, "direct"]
    assert all(q.kind != "indirect" for q in quotes)
