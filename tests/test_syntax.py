"""The syntax sieves against the rules path, on hand-checked parses.

Each fixture in fixtures/conllu/ is read twice with the same words and mentions: once with
its parse (what the stanza backend gives) and once with the parse taken away (``parsed``
false, so the sieves keep to their rules). The table says, for every quote, what each
reading finds; the rows where they differ are what the parse is for.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quoteattr.model import Article, CorefChain, Document, Span, Token
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute
from quoteattr.syntax import Tree

pytest.importorskip("stanza")  # CoNLL-U is read with stanza's reader (no model needed)

from quoteattr.annotate.stanza import conllu_document, document_from_stanza

FIXTURES = Path(__file__).parent / "fixtures" / "conllu"

Row = tuple[str, str, str | None]  # kind, text, speaker


def _parsed(name: str) -> Document:
    stanza_doc = conllu_document((FIXTURES / f"{name}.conllu").read_text(encoding="utf-8"))
    return document_from_stanza(Article(name, stanza_doc.text), stanza_doc)


def _rows(doc: Document) -> list[Row]:
    return [(q.kind, q.text, q.attribution.speaker.name if q.attribution else None)
            for q in attribute(doc, detect_quotes(doc))]


# (fixture, rows without the parse, rows with it)
READINGS = [
    pytest.param(
        "syntax",
        [("indirect", "it was safe", "engineer"),
         ("indirect", "the ferry would sail again", "Ruslan Ostrowski")],
        [("indirect", "it was safe", "engineer"),
         ("indirect", "the port would reopen", "Tomasz Kowalczyk"),
         ("indirect", "the ferry would sail again", "Ruslan Ostrowski")],
        # The engineer spoke, not the man the bridge was designed for (a relative clause
        # stands between subject and verb: the rules read it too, since the parse showed
        # it); the rules find no content in "said on Monday, in a long interview …,
        # that …", the ccomp does.
        id="relative-clause-and-interrupted-that",
    ),
    pytest.param(
        "told",
        [("indirect", "the strike would go on", "Jonas Petrauskas"),
         ("indirect", "the border would stay open", "Ilse Brandt")],
        [("indirect", "the strike would go on", "Jonas Petrauskas"),
         ("indirect", "the border would stay open", "Ilse Brandt")],
        id="relative-who",  # "Ilse Brandt, who said …": the name "who" stands for, both ways
    ),
    pytest.param(
        "apposition",
        [("indirect", "the convoy had reached Dravik at dawn", "Anna Reyes"),
         ("direct", "We are ready,", "Tomasz Kowalczyk")],
        [("indirect", "the convoy had reached Dravik at dawn", "Anna Reyes"),
         ("direct", "We are ready,", "Tomasz Kowalczyk")],
        id="apposition-same-both-ways",
    ),
    pytest.param(
        "ccomp",
        [("indirect", "the talks would resume", "Foreign Ministry")],
        [("indirect", "the talks would resume", "Foreign Ministry")],
        id="ccomp-same-both-ways",
    ),
    pytest.param("nothing", [("scare", "peace plan", None)], [("scare", "peace plan", None)],
                 id="nothing-to-attribute"),
]


@pytest.mark.parametrize(("name", "rules", "parsed"), READINGS)
def test_parse_against_rules(name: str, rules: list[Row], parsed: list[Row]) -> None:
    doc = _parsed(name)
    assert doc.parsed
    assert _rows(attrs.evolve(doc, parsed=False)) == rules
    assert _rows(doc) == parsed


def test_every_fixture_keeps_offsets_with_the_parse() -> None:
    for path in sorted(FIXTURES.glob("*.conllu")):
        doc = _parsed(path.stem)
        for quote in attribute(doc, detect_quotes(doc)):
            assert doc.text[quote.start:quote.end] == quote.text
            attribution = quote.attribution
            for span in (attribution.mention, attribution.cue) if attribution else ():
                if span is not None:
                    assert doc.text[span.start:span.end] == span.text


def test_a_coreference_chain_names_the_pronoun() -> None:
    doc = _parsed("syntax")
    text = doc.text
    he = text.index("He said")
    kimura = text.index("Dale Kimura")
    chain = CorefChain(Span("Dale Kimura", kimura, kimura + 11), (
        Span("Dale Kimura", kimura, kimura + 11), Span("He", he, he + 2)))
    quotes = attribute(attrs.evolve(doc, chains=(chain,)), detect_quotes(doc))
    last = quotes[-1].attribution
    assert last is not None
    assert (last.speaker.name, last.mention, last.sieve) == (
        "Dale Kimura", Span("He", he, he + 2), "reported_cue+pronoun")
    # Without the chain, the rules take the subject of the sentence before.
    assert _rows(doc)[-1][2] == "Ruslan Ostrowski"


# --- the tree ---------------------------------------------------------------------------------


def _doc(text: str, rows: list[tuple[str, int | None, str, str]], parsed: bool = True) -> Document:
    tokens, at = [], 0
    for word, head, relation, upos in rows:
        at = text.index(word, at)
        tokens.append(Token(word, at, at + len(word), word.lower(), upos, head, relation))
        at += len(word)
    return Document(Article("t", text), (), (), tokens, (), "test", parsed=parsed)


SENTENCE = "The ministry, which runs ports, said that talks resume."
ROWS: list[tuple[str, int | None, str, str]] = [
    ("The", 1, "det", "DET"), ("ministry", 7, "nsubj", "NOUN"), (",", 4, "punct", "PUNCT"),
    ("which", 4, "nsubj", "PRON"), ("runs", 1, "acl:relcl", "VERB"), ("ports", 4, "obj", "NOUN"),
    (",", 4, "punct", "PUNCT"), ("said", None, "root", "VERB"), ("that", 10, "mark", "SCONJ"),
    ("talks", 10, "nsubj", "NOUN"), ("resume", 7, "ccomp", "VERB"), (".", 7, "punct", "PUNCT"),
]


def test_tree_reads_dependents_and_spans() -> None:
    tree = Tree.of(_doc(SENTENCE, ROWS))
    assert tree is not None
    said = tree.at(SENTENCE.index("said"))
    assert said == 7 and tree.at(SENTENCE.index("said") + 1) is None
    [subject] = tree.dependents(said, "nsubj")
    [clause] = tree.dependents(said, "ccomp")
    assert SENTENCE[slice(*tree.span(subject))] == "The ministry"  # no relative clause
    assert SENTENCE[slice(*tree.span(clause))] == "that talks resume"
    assert SENTENCE[slice(*tree.span(clause, leave_out=frozenset({"mark"})))] == "talks resume"
    assert tree.relation(4) == "acl" and tree.head(4) == 1 and tree.head(said) is None


# "The pilots — whose union was strong — both said …": "both" hangs from "pilots"
PILOTS = "The pilots — whose union was strong — both said no."
PILOT_ROWS: list[tuple[str, int | None, str, str]] = [
    ("The", 1, "det", "DET"), ("pilots", 9, "nsubj", "NOUN"), ("—", 1, "punct", "PUNCT"),
    ("whose", 4, "nmod:poss", "PRON"), ("union", 5, "nsubj", "NOUN"),
    ("was", 1, "acl:relcl", "AUX"), ("strong", 5, "acomp", "ADJ"), ("—", 1, "punct", "PUNCT"),
    ("both", 1, "appos", "PRON"), ("said", None, "root", "VERB"), ("no", 9, "obj", "INTJ"),
    (".", 9, "punct", "PUNCT"),
]


@pytest.mark.parametrize(("contiguous", "words"), [
    (True, "The pilots"),  # the words left out interrupt it: no further
    (False, "The pilots — whose union was strong — both"),  # first to last word
])
def test_a_span_stops_where_a_word_left_out_interrupts_it(contiguous: bool, words: str) -> None:
    tree = Tree.of(_doc(PILOTS, PILOT_ROWS))
    assert tree is not None
    assert PILOTS[slice(*tree.span(1, contiguous=contiguous))] == words


def test_a_subject_span_leaves_out_a_clause_hung_from_it() -> None:
    # a parse that roots "“We won,” Ilves tweeted." at the name, the quote hanging from it
    text = "“We won,” Ilves tweeted."
    rows: list[tuple[str, int | None, str, str]] = [
        ("“", 2, "punct", "PUNCT"), ("We", 2, "nsubj", "PRON"), ("won", 5, "ccomp", "VERB"),
        (",", 2, "punct", "PUNCT"), ("”", 2, "punct", "PUNCT"), ("Ilves", None, "root", "PROPN"),
        ("tweeted", 5, "acl", "VERB"), (".", 5, "punct", "PUNCT")]
    tree = Tree.of(_doc(text, rows))
    assert tree is not None
    assert text[slice(*tree.span(5))] == "Ilves"


def test_no_parse_no_tree() -> None:
    assert Tree.of(_doc(SENTENCE, ROWS, parsed=False)) is None


def test_a_broken_parse_does_not_hang_or_crash() -> None:
    # heads out of range, a token its own head, and a cycle (said ↔ resume)
    rows: list[tuple[str, int | None, str, str]] = [
        ("Kowalczyk", 0, "nsubj", "PROPN"), ("said", 3, "advcl", "VERB"),
        ("talks", 99, "nsubj", "NOUN"), ("resume", 1, "ccomp", "VERB"), (".", -5, "punct", "PUNCT"),
    ]
    text = "Kowalczyk said talks resume."
    doc = _doc(text, rows)
    tree = Tree.of(doc)
    assert tree is not None
    assert sorted(tree.subtree(1)) == [1, 3]  # Kowalczyk is its own head: no one's dependent
    for quote in attribute(doc, detect_quotes(doc)):
        assert text[quote.start:quote.end] == quote.text


# --- any parse at all -------------------------------------------------------------------------

SEED_TEXTS = [path.read_text(encoding="utf-8")[:800]
              for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))]
RELATIONS = ["nsubj", "nsubj:pass", "ccomp", "parataxis", "advcl", "conj", "xcomp",
             "acl:relcl", "appos", "punct", "mark", "obj", "root", "flat", ""]


@given(st.sampled_from(SEED_TEXTS), st.data())
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_any_parse_keeps_the_contract(text: str, data: st.DataObject) -> None:
    """Whatever a parser says — cycles, heads out of range, nonsense relations — the
    quotes and their evidence keep their offsets."""
    from quoteattr.annotate.rules import RulesAnnotator

    doc = RulesAnnotator().annotate(Article("a", text))
    plain = list(doc.tokens)
    n = len(plain)
    tokens = [
        attrs.evolve(
            token,
            head=data.draw(st.none() | st.integers(-2, n + 2)),
            deprel=data.draw(st.sampled_from(RELATIONS)),
            upos=data.draw(st.sampled_from(["VERB", "PROPN", "NOUN", "PRON", ""])),
            lemma=data.draw(st.sampled_from(["who", "say", token.text.lower()])),
        )
        for token in plain
    ]
    parsed = attrs.evolve(doc, tokens=tokens, parsed=True)
    for quote in attribute(parsed, detect_quotes(parsed)):
        assert text[quote.start:quote.end] == quote.text
        for fragment in quote.fragments:
            assert text[fragment.start:fragment.end] == fragment.text
        attribution = quote.attribution
        for span in (attribution.mention, attribution.cue) if attribution else ():
            if span is not None:
                assert text[span.start:span.end] == span.text
