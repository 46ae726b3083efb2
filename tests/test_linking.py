"""Linking the same utterance across articles (quoteattr.linking; docs/linking.md).

Tables for ``normalise`` and ``lexical_score`` (with the pairs that must not link), a golden
test of the clusters of the five seed articles, the pluggable scorer, and bad input that must
finish with a number of scorer calls that grows linearly.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

import attrs
import pytest

import quoteattr
from quoteattr.articles import parse_article, read_articles
from quoteattr.entities import SpeakerRegistry
from quoteattr.index import QuoteIndex, to_markdown, units_of
from quoteattr.linking import (
    Cluster,
    Linker,
    Score,
    Unit,
    lexical_score,
    link,
    normalise,
    score_pair,
)
from quoteattr.model import Quote, Span
from quoteattr.render import to_html

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

PUTIN = "Vladimir Putin"
GERASIMOV = "Valery Gerasimov"
TRUMP = "Donald Trump"

KYIV = "The Kyiv regime’s adventure has completely failed."
DEFEAT_AP = ("The complete defeat of our enemy along Kursk’s border region creates the right "
             "conditions for further successes for our troops and in other important areas of "
             "the front,")
DEFEAT_REUTERS = ("The full defeat of the enemy in the Kursk border region creates conditions "
                  "for further successful actions by our forces on other important parts of the "
                  "front,")
GORNAL = ("Today, the last settlement in the Kursk region, the village of Gornal, has been "
          "liberated from Ukrainian forces,")
KOREA = ("I would like to especially mark the role of the servicemen of the Democratic People's "
         "Republic of Korea in the liberation of the border areas of the Kursk region,")
HEROISM_AP = "demonstrated high professionalism, showed fortitude, courage and heroism in battle."
HEROISM_REUTERS = "high professionalism, fortitude, courage and heroism"
COMPLETED = ("Thus the defeat of the armed formations of the Ukrainian armed forces that had "
             "invaded the Kursk region has been completed,")
ASSISTANCE = "provided significant assistance in defeating the group of Ukrainian armed forces"


# Tests of rules that linking.py does not keep yet (a cluster holds one known speaker; a
# fragment of unknown speaker links to nothing; a bounded number of candidates a unit). The
# change that makes them pass is proposed with this file; when it lands, set this to True.
LINKER_CHANGE_APPLIED = True
NEEDS_LINKER_CHANGE = pytest.mark.xfail(
    not LINKER_CHANGE_APPLIED, strict=True,
    reason="linking.py: speaker guard, fragment rules and bounded candidates not applied yet")


def _unit(text: str, speaker: str | None = None, key: str = "") -> Unit:
    return Unit(key or text[:40], text, speaker)


def _keys(clusters: Iterable[Cluster]) -> list[list[str]]:
    return [sorted(unit.key for unit in cluster.units) for cluster in clusters]


# --- (a) normalise -----------------------------------------------------------------------

NORMALISE = [
    # quote marks of every kind, and no quote marks at all
    ("“The Kyiv regime’s adventure has completely failed,”",
     "the kyiv regimes adventure has completely failed"),
    ('"The Kyiv regime\'s adventure has completely failed."',
     "the kyiv regimes adventure has completely failed"),
    ("«finish it off.»", "finish it off"),
    ("„Stop the bloodshed, NOW.“", "stop the bloodshed now"),
    ("‹ok› ‘defeat’ `x´", "ok defeat x"),
    # apostrophes: ’ and ' and ʼ are one; a possessive stays one word
    ("Kursk’s border region", "kursks border region"),
    ("Kursk's border region", "kursks border region"),
    ("Kurskʼs border region", "kursks border region"),
    ("don’t", "dont"),
    # case
    ("STOP THE BLOODSHED", "stop the bloodshed"),
    ("Straße", "strasse"),
    # punctuation: inner marks become spaces, none is kept
    ("very high-level talks…", "very high level talks"),
    ("10,000-12,000 troops!", "10 000 12 000 troops"),
    ("“Difficult”; (yes) — no?", "difficult yes no"),
    # spaces: runs, tabs, newlines, no-break spaces
    ("  very\thigh\n\nlevels \u00a0 now ", "very high levels now"),
    # diacritics folded
    ("Zelenskyy’s  «café»", "zelenskyys cafe"),
    ("Bogotá, São Paulo, Kraków, Gdańsk", "bogota sao paulo krakow gdansk"),
    ("Ｆｕｌｌ width", "full width"),
    # nothing left
    ("", ""),
    ("“…”", ""),
    (" , . ! ", ""),
]


@pytest.mark.parametrize(("text", "expected"), NORMALISE)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_normalise_makes_the_wordings_of_outlets_equal() -> None:
    wordings = ["The Kyiv regime’s adventure has completely failed.",
                "The Kyiv regime’s adventure has completely failed,",
                "The Kyiv regime's adventure has completely failed,",
                "“THE KYIV REGIME’S ADVENTURE HAS COMPLETELY FAILED”"]
    assert len({normalise(w) for w in wordings}) == 1


def test_normalise_rejects_what_is_not_text() -> None:
    with pytest.raises(TypeError, match="str"):
        normalise(None)  # type: ignore[arg-type]


# --- (b) lexical_score -------------------------------------------------------------------

# (shorter or first wording, its speaker, other wording, its speaker, expected relation)
LINKED = [
    pytest.param(KYIV, PUTIN, "The Kyiv regime's adventure has completely failed,", PUTIN,
                 "exact", id="exact-other-apostrophe"),
    pytest.param("“the kyiv regime’s adventure has completely failed”", None, KYIV, PUTIN,
                 "exact", id="exact-unknown-speaker"),
    pytest.param("completely failed", PUTIN, KYIV, PUTIN, "partial", id="ap-completely-failed"),
    pytest.param("heroism", GERASIMOV, HEROISM_AP, GERASIMOV, "partial", id="one-word-heroism"),
    pytest.param("heroism", GERASIMOV, "heroism", GERASIMOV, "exact",
                 id="one-word-copy-same-speaker"),
    pytest.param(HEROISM_REUTERS, GERASIMOV, HEROISM_AP, GERASIMOV, "partial",
                 id="partial-with-gaps"),
    pytest.param(HEROISM_REUTERS, None, HEROISM_AP, GERASIMOV, "partial",
                 id="partial-with-gaps-unknown-speaker"),
    pytest.param("liberated from Ukrainian units", GERASIMOV, GORNAL, GERASIMOV, "partial",
                 id="partial-word-changed"),
    pytest.param("shoulder to shoulder", GERASIMOV,
                 "combat missions shoulder to shoulder with Russian servicemen during the "
                 "repelling of the Ukrainian incursion", GERASIMOV, "partial",
                 id="partial-common-words-inside"),
    pytest.param(DEFEAT_REUTERS, PUTIN, DEFEAT_AP, PUTIN, "variant", id="variant-translation"),
]

NOT_LINKED = [
    pytest.param(KYIV, PUTIN, KYIV, TRUMP, id="same-five-words-two-known-speakers"),
    pytest.param("heroism", "Moscow", "heroism", GERASIMOV, id="one-word-two-speakers"),
    pytest.param(KYIV, PUTIN, DEFEAT_AP, PUTIN, id="putin-two-remarks"),
    pytest.param(KYIV, PUTIN, DEFEAT_REUTERS, PUTIN, id="putin-two-remarks-reuters"),
    pytest.param(GORNAL, GERASIMOV, KOREA, GERASIMOV, id="gerasimov-two-remarks"),
    pytest.param(COMPLETED, GERASIMOV, ASSISTANCE, GERASIMOV, id="gerasimov-defeat-remarks"),
    pytest.param("liberated", GERASIMOV, KOREA, GERASIMOV, id="liberated-is-not-liberation"),
    pytest.param("heroism", None, HEROISM_AP, GERASIMOV, id="one-word-unknown-speaker"),
    pytest.param("completely failed", None, KYIV, PUTIN, id="two-words-unknown-speaker"),
    pytest.param("heroism", None, "heroism", None, id="one-word-copies-unknown-speakers",
                 marks=NEEDS_LINKER_CHANGE),
    pytest.param("difficult", "Ukraine’s chief of staff",
                 "The situation is difficult, but our units continue to hold certain positions "
                 "and carry out tasks as assigned,", "Ukraine's General Staff",
                 id="difficult-two-speakers"),
    pytest.param("very productive", "White House", "very close to a deal.", TRUMP,
                 id="unrelated-fragments"),
    pytest.param("", PUTIN, "", PUTIN, id="empty"),
    pytest.param("“…”", PUTIN, "!", PUTIN, id="punctuation-only"),
]


@pytest.mark.parametrize(("a", "a_speaker", "b", "b_speaker", "relation"), LINKED)
def test_lexical_score_links(a: str, a_speaker: str | None, b: str, b_speaker: str | None,
                             relation: str) -> None:
    for first, second in ((_unit(a, a_speaker), _unit(b, b_speaker)),
                          (_unit(b, b_speaker), _unit(a, a_speaker))):
        score = score_pair(lexical_score, first, second)
        assert score is not None, (first.text, second.text)
        assert score.relation == relation
        assert 0.5 <= score.value <= 1.0


@pytest.mark.parametrize(("a", "a_speaker", "b", "b_speaker"), NOT_LINKED)
def test_lexical_score_does_not_link(a: str, a_speaker: str | None, b: str,
                                     b_speaker: str | None) -> None:
    assert score_pair(lexical_score, _unit(a, a_speaker), _unit(b, b_speaker)) is None
    assert score_pair(lexical_score, _unit(b, b_speaker), _unit(a, a_speaker)) is None


@pytest.mark.parametrize(("a", "a_speaker", "b", "b_speaker"), NOT_LINKED)
def test_link_keeps_apart_what_the_scorer_does_not_link(
        a: str, a_speaker: str | None, b: str, b_speaker: str | None) -> None:
    clusters = link([_unit(a, a_speaker, "a"), _unit(b, b_speaker, "b")])
    assert _keys(clusters) == [["a"], ["b"]]


# --- the linker's own rules --------------------------------------------------------------

def test_a_short_fragment_never_bridges_two_remarks() -> None:
    """ "liberated" fits both of Gerasimov's remarks word for word; it joins one."""
    other = "the servicemen liberated the border areas of the Kursk region with us"
    clusters = link([_unit(GORNAL, GERASIMOV, "gornal"), _unit(other, GERASIMOV, "areas"),
                     _unit("liberated", GERASIMOV, "fragment")])
    assert len(clusters) == 2
    assert sorted(map(len, _keys(clusters))) == [1, 2]


# The contract: quotes of two different canonical speakers do not link -- also not through
# a third quote whose speaker is unknown.
BRIDGES = [
    pytest.param([(KYIV, None), (KYIV, PUTIN), (KYIV, TRUMP)], id="exact-copies"),
    pytest.param([(KYIV + " today", None), (KYIV, PUTIN), (KYIV, TRUMP)], id="partial"),
    pytest.param([(KYIV, PUTIN), (KYIV + " today", None), (KYIV + " now", TRUMP)],
                 id="partial-unknown-in-between"),
    pytest.param([(HEROISM_AP, None), (HEROISM_AP, GERASIMOV), (HEROISM_REUTERS, "Moscow")],
                 id="fragment-of-unknown-wording"),
]


@NEEDS_LINKER_CHANGE
@pytest.mark.parametrize("quotes", BRIDGES)
def test_an_unknown_speaker_never_bridges_two_speakers(
        quotes: list[tuple[str, str | None]]) -> None:
    clusters = link([Unit(f"u{i}", text, speaker) for i, (text, speaker) in enumerate(quotes)])
    for cluster in clusters:
        known = {unit.speaker for unit in cluster.units if unit.speaker}
        assert len(known) <= 1, [(u.key, u.speaker) for u in cluster.units]


def test_exact_copies_with_an_unknown_speaker_join_the_speaker() -> None:
    clusters = link([_unit(KYIV, PUTIN, "a"), _unit(KYIV.upper(), None, "b"),
                     _unit(KYIV, TRUMP, "c")])
    assert _keys(clusters) == [["a", "b"], ["c"]]
    assert [c.speaker for c in clusters] == [PUTIN, TRUMP]


def test_linker_is_incremental() -> None:
    units = [_unit(KYIV, PUTIN, "a"), _unit(DEFEAT_AP, PUTIN, "b"),
             _unit("completely failed", PUTIN, "c"), _unit(DEFEAT_REUTERS, PUTIN, "d")]
    linker = Linker()
    linker.add(units[:2])
    assert _keys(linker.clusters()) == [["a"], ["b"]]
    linker.add(units[2:])
    assert len(linker) == 4
    assert _keys(linker.clusters()) == _keys(link(units)) == [["a", "c"], ["b", "d"]]


@NEEDS_LINKER_CHANGE
def test_a_fragment_seen_before_its_wording_joins_it() -> None:
    clusters = link([_unit("heroism", GERASIMOV, "a"), _unit("completely failed", PUTIN, "b"),
                     _unit(HEROISM_AP, GERASIMOV, "c"), _unit(KYIV, PUTIN, "d")])
    assert _keys(clusters) == [["a", "c"], ["b", "d"]]


def test_the_units_of_one_utterance_are_one_cluster() -> None:
    """A partial quote's fragment and its report are one utterance: the fragment's link
    brings the report, whose own words match nothing."""
    report = Unit("b#q3#-1", "the offensive had “completely failed” on every front", PUTIN,
                  kind="reported", utterance="b#q3")
    fragment = Unit("b#q3#0", "completely failed", PUTIN, utterance="b#q3")
    clusters = link([_unit(KYIV, PUTIN, "a"), report, fragment])
    assert _keys(clusters) == [["a", "b#q3#-1", "b#q3#0"]]
    assert dict(zip((u.key for u in clusters[0].units), clusters[0].relations,
                    strict=True)) == {"a": "exact", "b#q3#0": "partial",
                                      "b#q3#-1": "paraphrase"}
    # The report's own words link to no other speaker's.
    assert _keys(link([_unit(KYIV, "Donald Trump", "a"), report])) == [["a"], ["b#q3#-1"]]


def test_a_fragment_its_own_report_holds_still_joins_another_articles_wording() -> None:
    """The report of a partial quote holds its fragment: that is no link that takes the
    fragment, which goes on to join the full wording another outlet quotes."""
    fragment = Unit("a#q2#0", "unacceptable", "Ann Lee", utterance="a#q2")
    report = Unit("a#q2#-1", "the delays on the harbour tunnel should be called "
                  "“unacceptable”", "Ann Lee", kind="reported", utterance="a#q2")
    full = Unit("b#q1#0", "Six years, and the harbour tunnel is still closed. This is a "
                "disgrace, and it has to be unacceptable.", "Ann Lee", utterance="b#q1")
    assert _keys(link([fragment, report, full])) == [["a#q2#-1", "a#q2#0", "b#q1#0"]]


PLAINLY = "speak plainly to the harbour workers"
HARBOUR = ("Perhaps I can, by speaking plainly to the harbour workers, say, look, this is not "
           "how we govern. We have got to do everything possible to fix the docks")


@pytest.mark.parametrize(("weight", "expected"), [
    (0.44, [["a", "b"]]),  # doubtful: a party's name or a place taken for the speaker
    (0.9, [["a"], ["b"]]),  # a firm attribution to another speaker vetoes
])
def test_a_doubtful_attribution_is_no_veto(weight: float, expected: list[list[str]]) -> None:
    """The later wording finds the earlier one through the rarest pairs of neighbouring
    words that some unit holds (its rarer pairs are its own, and find nothing)."""
    assert _keys(link([Unit("a", PLAINLY, "Progressive", weight=weight),
                       Unit("b", HARBOUR, "Ann Lee")])) == expected


CUT = "the mayor had cut school funding across the city for two straight years"
SLASHED = "the mayor slashed school funding across the city last spring"


def test_two_reports_need_most_of_their_words_in_common() -> None:
    """Writers' words about one story share its people and its subject: two reports
    sharing two thirds of their content words are not enough; a report and a quote are."""
    cut = Unit("a", CUT, "Ann Lee", kind="reported")
    assert score_pair(lexical_score, cut, Unit("b", SLASHED, "Ann Lee", kind="reported")) is None
    score = score_pair(lexical_score, cut, Unit("b", SLASHED, "Ann Lee"))
    assert score is not None and score.relation == "paraphrase"


@pytest.mark.parametrize(("other", "linked"), [
    (Unit("b", "they were also still operating in Belgorod, another Russian region bordering "
          "Ukraine", "Kyiv", kind="reported", weight=0.4), True),
    (Unit("b", "they were also still operating in Belgorod, another Russian region bordering "
          "Ukraine", "Kyiv", kind="reported", weight=0.8), False),
    (Unit("b", "they were also still operating in Belgorod, another Russian region bordering "
          "Ukraine", None, kind="reported"), False),
    # the words alike, not most of them the same: the speakers must agree
    (Unit("b", "operations continue in some areas of Belgorod along the front line", "Kyiv",
          weight=0.4), False),
    (Unit("b", "operations continue in some areas of Belgorod along the front line",
          "Ukrainian army", weight=0.9), True),
])
def test_reported_speech_links_across_a_doubtful_speaker_on_most_words(
        other: Unit, linked: bool) -> None:
    report = Unit("a", "it was also continuing operations in some areas of Belgorod, another "
                  "Russia's border region", "Ukrainian army", kind="reported", weight=0.6)
    assert (score_pair(lexical_score, report, other) is not None) == linked


FERRY = "closing the ferry early for the winter made the council very prudent indeed"
REPORTED = [
    pytest.param(FERRY, "Ann Lee", "Ann Lee", "paraphrase", id="same-speaker"),
    pytest.param(FERRY, "Ann Lee", None, None, id="unknown-speaker"),
    pytest.param(FERRY, "Ann Lee", "Bo Park", None, id="two-speakers"),
]


@pytest.mark.parametrize(("words", "speaker", "reporter", "relation"), REPORTED)
def test_reported_speech_links_as_paraphrase_when_the_speaker_agrees(
        words: str, speaker: str, reporter: str | None, relation: str | None) -> None:
    quoted = Unit("a", words, speaker)
    reported = Unit("b", "that closing the ferry early had made the council prudent", reporter,
                    kind="reported")
    score = score_pair(lexical_score, reported, quoted)
    assert (score and score.relation) == relation


def test_speakers_of_one_body_agree() -> None:
    """The army, the General Staff and the chief of staff of one country are one body
    (``Unit.body``): evidence for each other where two other speakers would veto."""
    full = Unit("a", "The situation is difficult, but our units continue to hold their "
                "positions", "General Staff", body="norland military")
    assert score_pair(lexical_score, Unit("b", "difficult", "chief of staff",
                                          body="norland military"), full) == Score(
        0.9, "partial")
    for other in (Unit("b", "difficult", "chief of staff", body="sudland military"),
                  Unit("b", "difficult", "chief of staff")):
        assert score_pair(lexical_score, other, full) is None
    # A cluster led by one of them takes the other's wording, and keeps both attributions.
    report = Unit("c", "the units continue to hold their positions, the situation being "
                  "difficult", "army", kind="reported", body="norland military")
    [cluster] = link([full, report])
    assert [a.speaker for a in cluster.attributions] == ["General Staff", "army"]
    assert _keys(link([full, attrs.evolve(report, body="sudland military")])) == [["a"], ["c"]]


TARN = "Our defensive operations in certain areas of the Tarn valley continue,"
ONE_VOICE = [
    # a report of the same firm speaker: 0.4 of its content words in the quote
    pytest.param("its soldiers are still operating in parts of the Tarn valley", "army",
                 "quoted", "paraphrase", id="same-speaker"),
    # another place named: another remark
    pytest.param("its soldiers are still operating in parts of the Dorn valley", "army",
                 "quoted", None, id="another-place"),
    pytest.param("its soldiers are still operating in parts of the Tarn valley", "navy",
                 "quoted", None, id="another-speaker"),
    # two reports, both in writers' words, need most of their words in common
    pytest.param("its soldiers are still operating in parts of the Tarn valley", "army",
                 "reported", None, id="two-reports"),
]


@pytest.mark.parametrize(("report", "reporter", "kind", "relation"), ONE_VOICE)
def test_a_report_of_one_firm_speaker_links_at_a_lower_bar(
        report: str, reporter: str, kind: str, relation: str | None) -> None:
    quote = Unit("a", TARN, "army", kind=kind)  # type: ignore[arg-type]
    score = score_pair(lexical_score, Unit("b", report, reporter, kind="reported"), quote)
    assert (score and score.relation) == relation


@pytest.mark.parametrize(("report", "linked"), [
    # few words in common, but a pair of neighbouring words that are no names
    ("he said the western offensive along the river had completely failed despite heavy "
     "losses", True),
    ("he said the western offensive along the river had failed completely despite heavy "
     "losses", False),
])
def test_a_report_sharing_a_pair_of_words_of_one_firm_speaker(report: str,
                                                               linked: bool) -> None:
    quote = Unit("a", "The regime's adventure has completely failed.", PUTIN)
    score = score_pair(lexical_score, Unit("b", report, PUTIN, kind="reported"), quote)
    assert (score is not None) == linked


OCCASIONS = [
    pytest.param("2026-03-02", "2026-03-09", True, id="a-week-apart"),
    pytest.param("2026-03-02", "2026-03-10", False, id="eight-days-apart"),
    pytest.param("2026-03-02", None, True, id="one-undated"),
    pytest.param("2026-03-02", "not a date", True, id="not-a-date"),
]


@pytest.mark.parametrize(("first", "second", "linked"), OCCASIONS)
def test_the_same_talking_point_weeks_apart_is_another_occasion(
        first: str, second: str | None, linked: bool) -> None:
    point = Unit("a", "the tax plan is dead on arrival in its current form", "Ann Lee",
                 date=first)
    cut = Unit("b", "dead on arrival in its current form", "Ann Lee", date=second)
    assert (score_pair(lexical_score, point, cut) is not None) == linked
    # Verbatim words are the same remark whenever they were printed.
    copy = Unit("c", point.text.upper(), "Ann Lee", date=second)
    assert score_pair(lexical_score, point, copy) == Score(1.0, "exact")


def test_a_clusters_speaker_is_weighed_and_the_others_kept() -> None:
    tricks = ("Statements by the enemy leadership about the defeat of the Ukrainian troops "
              "are nothing more than propaganda tricks")
    units = [Unit("001#q5", tricks, "chief of staff", article="001", weight=0.6),
             Unit("003#q2", tricks.lower(), "Ukrainian army", article="003", weight=0.9),
             Unit("003#q3", tricks, "Ukrainian army", article="003", weight=0.5),
             Unit("005#q1", tricks + ".", "chief of staff", article="005", weight=0.6)]
    [cluster] = link(units)
    assert cluster.speaker == "chief of staff"  # 0.6 + 0.6 against 0.9 (one article)
    assert [(a.speaker, a.weight, a.articles) for a in cluster.also_attributed] == [
        ("Ukrainian army", 0.9, 1)]


def test_candidates_do_not_depend_on_the_order() -> None:
    """A remark and its cut 3,000 units apart, with the same words quoted by others in
    between, are scored and linked in any order."""
    remark = Unit("remark", "the railway bridge over the river will open before the winter "
                  "harvest", "mayor")
    cut = Unit("cut", "railway bridge over the river will open", "mayor")
    filler = [Unit(f"f{n}", f"the river bridge and the winter harvest, said number {n}",
                   f"other {n % 40}") for n in range(3000)]
    for units in ([remark, *filler, cut], [cut, *filler, remark]):
        [cluster] = [c for c in link(units) if any(u.key == "remark" for u in c.units)]
        assert sorted(u.key for u in cluster.units) == ["cut", "remark"]


def test_cluster_text_is_the_fullest_wording_and_relations_follow_it() -> None:
    (cluster,) = link([_unit("heroism", GERASIMOV, "a"), _unit(HEROISM_REUTERS, GERASIMOV, "b"),
                       _unit(HEROISM_AP, GERASIMOV, "c")])
    assert cluster.text == HEROISM_AP
    assert cluster.speaker == GERASIMOV
    assert dict(zip((u.key for u in cluster.units), cluster.relations, strict=True)) == {
        "c": "exact", "b": "partial", "a": "partial"}


# --- (c) golden clusters of the seeds ------------------------------------------------------

Member = tuple[str, str]  # (article prefix, quoted words as written); "#2" for a second one

# Every direct quote and every quoted fragment of a partial quote in the five seeds, with the
# cluster it belongs to and its relation to the cluster's text. The relation to the fullest
# wording is judged by a reader: another outlet's words for the whole remark are "variant",
# a piece of it "partial" (also with a word changed: units/forces, "very high-level talks" for
# "meet, at very high levels").
GOLDEN: dict[str, dict[Member, str]] = {
    "putin-kyiv-regime": {
        ("000", "The Kyiv regime’s adventure has completely failed."): "exact",
        ("001", "The Kyiv regime’s adventure has completely failed,"): "exact",
        ("003", "The Kyiv regime's adventure has completely failed,"): "exact",
        ("004", "The Kyiv regime’s adventure has completely failed,"): "exact",
        ("002", "completely failed"): "partial",  # AP: Kyiv's incursion had "completely failed"
    },
    "putin-complete-defeat": {  # AP and Reuters translate the same sentence
        ("002", DEFEAT_AP): "exact",
        ("004", DEFEAT_REUTERS): "variant",
    },
    "gerasimov-gornal": {
        ("000", GORNAL): "exact",
        ("003", GORNAL): "exact",
        ("004", "liberated from Ukrainian units"): "partial",
        ("001", "liberated"): "partial",  # troops had "liberated" the last village: Gornal
    },
    "gerasimov-heroism": {
        ("002", HEROISM_AP): "exact",
        ("004", HEROISM_REUTERS): "partial",
        ("001", "heroism#2"): "partial",  # "He praised the “heroism” of North Korean soldiers"
        ("003", "heroism"): "partial",
        ("004", "heroism"): "partial",
    },
    "gerasimov-assistance": {
        ("000", ASSISTANCE + "."): "exact",
        ("001", ASSISTANCE): "exact",
        ("003", ASSISTANCE): "exact",
    },
    "gerasimov-shoulder": {
        ("002", "combat missions shoulder to shoulder with Russian servicemen during the "
                "repelling of the Ukrainian incursion"): "exact",
        ("004", "shoulder to shoulder"): "partial",
    },
    "trump-post": {
        ("000", "Just landed in Rome. A good day in talks and meetings with Russia and Ukraine. "
                "They are very close to a deal, and the two sides should now meet, at very high "
                "levels, to 'finish it off.' Most of the major points are agreed upon. Stop the "
                "bloodshed, NOW. We will be wherever is necessary to help facilitate the END to "
                "this cruel and senseless war!"): "exact",
        ("002", "very close to a deal."): "partial",
        ("002", "very high-level talks"): "partial",
    },
    "general-staff-propaganda": {  # the same long words, credited to two speakers
        ("001", "Statements by the enemy leadership about the ‘defeat’ of the Ukrainian troops "
                "are nothing more than propaganda tricks,"): "exact",
        ("003", "statements by the enemy leadership about the 'defeat' of the Ukrainian troops "
                "are nothing more than propaganda tricks"): "exact",
    },
    "chief-of-staff-difficult": {  # Ukraine’s chief of staff = Ukrainian Chief of Staff
        ("001", "difficult"): "exact",
        ("003", "difficult"): "exact",
    },
}

# Quotes that are one remark each, with no other wording in the seeds.
ALONE: dict[Member, str] = {
    ("000", "do not correspond to reality."): "Ukraine's denial",
    ("000", "Ukrainian defensive operations in certain areas of Kursk Oblast continue,"):
        "General Staff",
    ("000", "The situation is difficult, but our units continue to hold certain positions and "
            "carry out tasks as assigned,"): "General Staff: not the chief of staff's "
                                             "“difficult”, another speaker",
    ("000", KOREA): "Gerasimov on the Korean servicemen: another remark than Gornal's "
                    "“liberated”, though it says “liberation”",
    ("004", COMPLETED): "Gerasimov: defeat completed, another remark than “assistance in "
                        "defeating”",
    ("004", "sabotage groups"): "Gerasimov on Belgorod",
    ("004", "liquidated"): "Gerasimov on Belgorod",
    ("001", "heroism"): "the headline gives “heroism” to Moscow, not to Gerasimov",
    ("001", "resume negotiations with Ukraine without any preconditions"): "the Kremlin",
    ("004", "peaceful life"): "Russia’s Defence Ministry",
    ("004", "very productive"): "the White House",
}

# Pairs a wrong linker would join (same speaker and topic, shared words, a shared stem).
MUST_NOT_LINK: list[tuple[Member, Member]] = [
    (("000", "The Kyiv regime’s adventure has completely failed."), ("002", DEFEAT_AP)),
    (("002", "completely failed"), ("004", DEFEAT_REUTERS)),
    (("000", GORNAL), ("000", KOREA)),
    (("001", "liberated"), ("000", KOREA)),
    (("004", COMPLETED), ("001", ASSISTANCE)),
    (("004", COMPLETED), ("002", DEFEAT_AP)),
    (("001", "heroism"), ("003", "heroism")),
    (("002", HEROISM_AP), ("004", "shoulder to shoulder")),
    (("001", "difficult"), ("000", "The situation is difficult, but our units continue to hold "
                                   "certain positions and carry out tasks as assigned,")),
]


@cache
def _seed_units() -> tuple[tuple[Unit, ...], dict[str, Member]]:
    """Units as the index builds them: direct quotes and each fragment of a partial quote,
    speakers made canonical across the five articles; and the member each unit is."""
    registry = SpeakerRegistry()
    units: list[Unit] = []
    members: dict[str, Member] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        seen: Counter[str] = Counter()
        for quote in quoteattr.extract(text, id=path.stem):
            if quote.kind not in ("direct", "partial"):
                continue
            speaker = registry.add(quote.attribution.speaker).name if quote.attribution else None
            for number, fragment in enumerate(quote.fragments):
                words = text[fragment.start:fragment.end]
                seen[words] += 1
                key = f"{path.stem}#{quote.id}#{number}"
                units.append(Unit(key, words, speaker))
                article = path.stem[:3]
                members[key] = (article, words if seen[words] == 1 else f"{words}#{seen[words]}")
    return tuple(units), members


def _golden_clusters() -> list[set[Member]]:
    return [set(cluster) for cluster in GOLDEN.values()] + [{member} for member in ALONE]


def pair_precision_recall(predicted: Sequence[Iterable[Member]],
                          truth: Sequence[Iterable[Member]]) -> tuple[float, float]:
    """Pair precision and recall of a clustering, counted from cluster sizes.

    >>> pair_precision_recall([["a", "b"], ["c"]], [["a", "b", "c"]])
    (1.0, 0.3333333333333333)
    """
    true_of = {member: n for n, cluster in enumerate(truth) for member in cluster}
    both = linked = 0
    for cluster in predicted:
        members = list(cluster)
        linked += len(members) * (len(members) - 1) // 2
        for count in Counter(true_of[m] for m in members).values():
            both += count * (count - 1) // 2
    true = sum(len(m) * (len(m) - 1) // 2 for m in (list(c) for c in truth))
    return (both / linked if linked else 1.0), (both / true if true else 1.0)


def _seed_clusters() -> list[Cluster]:
    units, _ = _seed_units()
    return link(units)


def _as_members(clusters: Iterable[Cluster]) -> list[set[Member]]:
    _, members = _seed_units()
    return [{members[unit.key] for unit in cluster.units} for cluster in clusters]


def test_golden_names_every_unit_of_the_seeds_once() -> None:
    _, members = _seed_units()
    named = [m for cluster in GOLDEN.values() for m in cluster] + list(ALONE)
    assert len(named) == len(set(named))
    assert sorted(members.values()) == sorted(named)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_cluster(name: str) -> None:
    expected = GOLDEN[name]
    _, members = _seed_units()
    found = [c for c in _seed_clusters()
             if {members[u.key] for u in c.units} & set(expected)]
    assert [{members[u.key] for u in c.units} for c in found] == [set(expected)]
    (cluster,) = found
    relations = {members[u.key]: r for u, r in zip(cluster.units, cluster.relations, strict=True)}
    assert relations == expected


@pytest.mark.parametrize("member", sorted(ALONE), ids=lambda m: f"{m[0]}-{m[1][:24]}")
def test_golden_alone(member: Member) -> None:
    (cluster,) = [c for c in _as_members(_seed_clusters()) if member in c]
    assert cluster == {member}, ALONE[member]


@pytest.mark.parametrize(("a", "b"), MUST_NOT_LINK, ids=lambda m: f"{m[0]}-{m[1][:16]}")
def test_golden_pairs_not_linked(a: Member, b: Member) -> None:
    together = [c for c in _as_members(_seed_clusters()) if a in c and b in c]
    assert not together


def test_golden_pair_precision_and_recall() -> None:
    precision, recall = pair_precision_recall(_as_members(_seed_clusters()), _golden_clusters())
    print(f"seeds golden: pair precision {precision:.3f}, pair recall {recall:.3f}")
    assert (precision, recall) == (1.0, 1.0)


# --- (d) pluggable scorer ------------------------------------------------------------------

def _always(value: float) -> Callable[[Unit, Unit], Score | None]:
    def scorer(a: Unit, b: Unit) -> Score | None:
        return Score(value, "variant")
    return scorer


def test_default_scorer_is_lexical() -> None:
    units = [_unit(COMPLETED, GERASIMOV, "a"), _unit(ASSISTANCE, GERASIMOV, "b")]
    assert _keys(link(units)) == _keys(link(units, scorer=lexical_score)) == [["a"], ["b"]]


def test_a_custom_scorer_changes_the_outcome() -> None:
    units = [_unit(COMPLETED, GERASIMOV, "a"), _unit(ASSISTANCE, GERASIMOV, "b")]
    assert _keys(link(units, scorer=_always(0.8))) == [["a", "b"]]


def test_score_cutoff_drops_weak_scores() -> None:
    units = [_unit(COMPLETED, GERASIMOV, "a"), _unit(ASSISTANCE, GERASIMOV, "b")]
    assert _keys(link(units, scorer=_always(0.8), score_cutoff=0.9)) == [["a"], ["b"]]
    fragment = [_unit(KYIV, PUTIN, "a"), _unit("completely failed", PUTIN, "b")]
    assert _keys(link(fragment, score_cutoff=0.95)) == [["a"], ["b"]]  # the fragment scores 0.9
    assert _keys(link(fragment, score_cutoff=0.9)) == [["a", "b"]]


def test_a_scorer_that_refuses_everything_still_joins_exact_copies() -> None:
    def never(a: Unit, b: Unit) -> Score | None:
        return None

    units = [_unit(KYIV, PUTIN, "a"), _unit(KYIV.upper(), PUTIN, "b"),
             _unit("completely failed", PUTIN, "c")]
    assert _keys(link(units, scorer=never)) == [["a", "b"], ["c"]]


def test_the_speaker_rule_holds_whatever_the_scorer() -> None:
    units = [_unit(COMPLETED, GERASIMOV, "a"), _unit(ASSISTANCE, PUTIN, "b"),
             _unit(HEROISM_AP, None, "c")]
    for cluster in link(units, scorer=_always(1.0)):
        assert len({u.speaker for u in cluster.units if u.speaker}) <= 1


def test_scorer_and_cutoff_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        link([], lexical_score)  # type: ignore[misc]


@pytest.mark.parametrize("bad", [["The Kyiv regime"], [_unit(KYIV, PUTIN), ("k", "t", None)],
                                 [None]])
def test_units_must_be_units(bad: list[object]) -> None:
    with pytest.raises(TypeError, match="Unit"):
        link(bad)  # type: ignore[arg-type]


def test_empty_input() -> None:
    assert link([]) == []
    assert Linker().clusters() == []


# --- (e) bad input: it finishes, and the scorer is called a bounded number of times a unit --

CALLS_PER_UNIT = 20  # a unit is scored against a bounded number of candidates


class CountingScorer:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, a: Unit, b: Unit) -> Score | None:
        self.calls += 1
        return lexical_score(a, b)


def _linked(units: list[Unit]) -> tuple[list[Cluster], int]:
    scorer = CountingScorer()
    clusters = link(units, scorer=scorer)
    return clusters, scorer.calls


def test_identical_quotes() -> None:
    """100k copies of one sentence, in the punctuation of several outlets: one cluster."""
    wordings = [KYIV, KYIV.upper(), "“" + KYIV + "”", KYIV.replace("’", "'")]
    units = [Unit(f"u{i}", wordings[i % 4], PUTIN) for i in range(100_000)]
    clusters, calls = _linked(units)
    assert [len(c.units) for c in clusters] == [100_000]
    assert set(clusters[0].relations) == {"exact"}
    assert calls == 0  # exact copies need no scoring


@NEEDS_LINKER_CHANGE
def test_identical_quotes_of_many_speakers() -> None:
    """20k copies of one sentence by 100 speakers and nobody: one cluster per speaker."""
    n = 20_000
    units = [Unit(f"u{i}", KYIV, None if i % 101 == 100 else f"speaker {i % 101}")
             for i in range(n)]
    clusters, calls = _linked(units)
    assert len(clusters) == 100
    assert sum(len(c.units) for c in clusters) == n
    assert calls <= CALLS_PER_UNIT * n


@pytest.mark.parametrize("speakers", [1, 50, pytest.param(0, marks=NEEDS_LINKER_CHANGE)])
def test_one_word_quotes(speakers: int) -> None:
    """20k one-word quotes over 500 words; speakers known (1 or 50 of them) or unknown."""
    n, words = 20_000, [f"{chr(97 + i % 26)}{chr(97 + i // 26)}word" for i in range(500)]
    units = [Unit(f"u{i}", words[i % 500], f"s{i % speakers}" if speakers else None)
             for i in range(n)]
    clusters, calls = _linked(units)
    assert sum(len(c.units) for c in clusters) == n
    # One cluster per word and speaker; a fragment of unknown speaker links to nothing.
    assert len(clusters) == (500 * speakers // _gcd(500, speakers) if speakers else n)
    assert calls <= CALLS_PER_UNIT * n


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def test_long_copies_of_many_speakers_are_one_cluster() -> None:
    """20k copies of a long sentence credited to 100 speakers: one cluster (near-identical
    words link whoever is credited), its speaker the one with most weight, the others kept."""
    n = 20_000
    units = [Unit(f"u{i}", HEROISM_AP, GERASIMOV if i % 3 else f"speaker {i % 100}",
                  article=f"a{i}") for i in range(n)]
    clusters, calls = _linked(units)
    assert [len(c.units) for c in clusters] == [n]
    assert clusters[0].speaker == GERASIMOV
    assert len(clusters[0].also_attributed) == 100
    assert calls <= CALLS_PER_UNIT * n


def test_empty_and_punctuation_only_quotes() -> None:
    n = 20_000
    units = [Unit(f"u{i}", ["", " ", "“”", "…", "—, !"][i % 5], PUTIN if i % 2 else None)
             for i in range(n)]
    clusters, calls = _linked(units)
    assert len(clusters) == n
    assert calls == 0


@pytest.mark.parametrize("speakers", [7, 1])
def test_work_grows_linearly(speakers: int) -> None:
    """Quotes sharing many words, of 7 speakers or all of one: scorer calls a unit stay
    bounded as the corpus grows."""
    vocabulary = (KYIV + " " + DEFEAT_AP + " " + GORNAL + " " + KOREA).split()

    def corpus(n: int) -> list[Unit]:
        return [Unit(f"u{i}", " ".join(vocabulary[(i * 7 + j * j) % len(vocabulary)]
                                       for j in range(12)), f"s{i % speakers}")
                for i in range(n)]

    _, small = _linked(corpus(5_000))
    _, large = _linked(corpus(20_000))
    assert large <= CALLS_PER_UNIT * 20_000
    assert large <= 4.5 * max(small, 1)


# --- (e) the golden clusters of the seeds' index ---------------------------------------------

GOLDEN_CLUSTERS = ROOT / "tests" / "golden" / "seed_clusters.json"
# Pair recall the index reaches on the golden (judged by reading the seeds); the misses are
# remarks reported in other words under another speaker (see tests/golden/README.md).
SEED_RECALL = 0.92


def _golden_members() -> tuple[list[list[tuple[str, int, int]]], dict[str, str]]:
    data = json.loads(GOLDEN_CLUSTERS.read_text(encoding="utf-8"))
    clusters = [[(m["article"], m["start"], m["end"]) for m in c["members"]]
                for c in data["clusters"]]
    return clusters, {c["name"]: c["why"] for c in data["clusters"]}


def _seed_index_clusters(tmp_path: Path) -> list[list[tuple[str, int, int]]]:
    with QuoteIndex(tmp_path / "seeds.sqlite") as index:
        index.ingest(read_articles([SEEDS]), progress=False)
        data = index.export_data()
    return [[(m["article"], m["start"], m["end"]) for m in c["members"]]
            for c in data["clusters"]]


def _judged(predicted: list[list[tuple[str, int, int]]],
            golden: list[list[tuple[str, int, int]]]) -> list[list[tuple[str, int, int]]]:
    """Each predicted cluster as the golden members its units stand for: a unit stands for
    the golden member whose span it covers for at least half (as score_links.py does)."""
    members = [m for cluster in golden for m in cluster]
    out = []
    for cluster in predicted:
        found = set()
        for article, start, end in cluster:
            for member in members:
                if member[0] == article and (
                        min(end, member[2]) - max(start, member[1])) * 2 >= member[2] - member[1]:
                    found.add(member)
        out.append(sorted(found))
    return out


def test_seed_golden_clusters_are_judged_once() -> None:
    golden, why = _golden_members()
    members = [m for cluster in golden for m in cluster]
    assert len(members) == len(set(members))
    assert all(why.values())


def test_seed_golden_cluster_precision_and_recall(tmp_path: Path) -> None:
    golden, why = _golden_members()
    predicted = _judged(_seed_index_clusters(tmp_path), golden)
    precision, recall = pair_precision_recall([c for c in predicted if c], golden)
    print(f"seed clusters: pair precision {precision:.3f}, pair recall {recall:.3f}")
    assert precision == 1.0
    assert recall >= SEED_RECALL
    # The General Staff's words credited to two speakers are one cluster.
    propaganda = set(golden[[*why].index("general-staff-propaganda")])
    assert any(propaganda <= set(c) for c in predicted)


# --- (f) the index's units and its clusters' speakers --------------------------------------

def _quote(text: str, id: str, words: str, kind: str, group: str = "",
           *fragments: str) -> Quote:
    start = text.index(words)
    spans = tuple(Span(f, text.index(f), text.index(f) + len(f)) for f in fragments)
    return Quote(id, group or id, words, start, start + len(words), kind,  # type: ignore[arg-type]
                 spans or (Span(words, start, start + len(words)),))


UNIT_TEXT = ('“We will win,” she said, “and soon.” He said the plan was “dead on arrival”. '
             'A so-called “reform” failed.')


def test_units_of_what_was_said() -> None:
    quotes = [_quote(UNIT_TEXT, "q1", "We will win,", "direct"),
              _quote(UNIT_TEXT, "q2", "and soon.", "direct", "q1"),
              _quote(UNIT_TEXT, "q3", "the plan was “dead on arrival”", "indirect"),
              _quote(UNIT_TEXT, "q4", "dead on arrival", "scare"),
              _quote(UNIT_TEXT, "q5", "reform", "scare")]
    units = [(quote, number, UNIT_TEXT[span.start:span.end], words)
             for quote, number, span, words in units_of(quotes, UNIT_TEXT)]
    assert units == [
        ("q1", 0, "We will win,", "We will win,"),
        ("q2", 0, "and soon.", "and soon."),
        ("q3", 0, "the plan was “dead on arrival”", "the plan was “dead on arrival”"),
        ("q3", 1, "dead on arrival", "dead on arrival"),  # under the speech frame
        ("q1", -2, "We will win,” she said, “and soon.", "We will win, … and soon."),
    ]  # the scare quote "reform" stands in no report: no unit


CLAUSES = [
    # the writer's words after the report: the report up to them is a unit of its own
    ("He claimed that closing the ferry early was prudent, although he refused to say more.",
     "closing the ferry early was prudent, although he refused to say more", "indirect",
     ["closing the ferry early was prudent"]),
    ("She noted that the council had not paid the contractors for months ― as was true in "
     "2019 ― then.",
     "the council had not paid the contractors for months ― as was true in 2019 ― then",
     "indirect", ["the council had not paid the contractors for months"]),
    # nothing to cut, or too little left before the cut, or a quoted fragment after it
    ("He said the plan was sound and would pass this year.",
     "the plan was sound and would pass this year", "indirect", []),
    ("He said it was fine, but nobody believed him.", "it was fine, but nobody believed him",
     "indirect", []),
    ("He said the plan was sound, but “dead on arrival” in its form.",
     "the plan was sound, but “dead on arrival” in its form", "partial", []),
    ("He said the harbour ferry plan was “sound; dead on arrival” in its present form.",
     "the harbour ferry plan was “sound; dead on arrival” in its present form", "partial",
     []),
]


@pytest.mark.parametrize(("text", "words", "kind", "clauses"), CLAUSES)
def test_a_long_reports_first_clause_is_a_unit(text: str, words: str, kind: str,
                                               clauses: list[str]) -> None:
    fragments = (next(f for f in ("sound; dead on arrival", "dead on arrival") if f in text),
                 ) if kind == "partial" else ()
    quote = _quote(text, "q1", words, kind, "", *fragments)
    found = [(number, text[span.start:span.end], wording)
             for _, number, span, wording in units_of([quote], text) if number == -3]
    assert found == [(-3, clause, clause) for clause in clauses]


@pytest.mark.parametrize(("speaker_type", "sieve", "weight"), [
    ("person", "trailing_cue+name", 0.9),
    ("organization", "reported_cue+name", 0.9),
    ("organization", "leading_cue+place", 0.45),  # "Kyiv said": a place for a speaker
    ("unknown", "reported_cue+name", 0.45),  # "Progressive", words taken for a name
])
def test_an_attribution_to_a_place_or_no_kind_of_speaker_weighs_half(
        speaker_type: str, sieve: str, weight: float) -> None:
    from quoteattr.index import _doubtful, _unit
    unit = _unit("a1", "q1", 0, "words", 7, "direct", "q1", 0.9, None,
                 _doubtful(speaker_type, sieve))
    assert unit.weight == pytest.approx(weight)
    assert unit.firm_speaker == ("7" if weight >= 0.5 else "")


def _credited_twice(tmp_path: Path) -> dict[str, object]:
    words = ("Statements by the enemy leadership about the defeat of the Ukrainian troops are "
             "nothing more than propaganda tricks,")
    articles = [parse_article(f"“{words}” said Ukraine’s chief of staff.", "a1"),
                parse_article(f"“{words}” the Ukrainian army said.", "a2")]
    with QuoteIndex(tmp_path / "i.sqlite") as index:
        index.ingest(articles, progress=False)
        return index.export_data()


def test_the_index_keeps_the_other_attribution(tmp_path: Path) -> None:
    data = _credited_twice(tmp_path)
    [cluster] = data["clusters"]  # type: ignore[index]
    names = {s["id"]: s["name"] for s in data["speakers"]}  # type: ignore[index,union-attr]
    [other] = cluster["also_attributed"]
    assert {names[cluster["speaker"]], other["name"]} == {
        "Ukraine’s chief of staff", "Ukrainian army"}
    assert other == {"speaker": next(i for i, n in names.items() if n == other["name"]),
                     "name": other["name"], "articles": 1}
    line = f"Also attributed to {other['name']} in 1 article."
    assert line in to_markdown(data)  # type: ignore[arg-type]
    assert html.escape(line) in to_html(data)  # type: ignore[arg-type]
