"""One contract, every backend: the records an annotator makes, and the quotes and speakers
found on them, are checked the same way for the rules, stanza and spaCy backends.

The stanza backend's Documents are built with ``document_from_stanza`` from the
hand-checked CoNLL-U parses in fixtures/conllu/ (no model needed); the rules backend
annotates the same texts, and so does the spaCy backend with the small English pipeline
(skipped where it is not installed). Expected quotes are one table for both; a row that a backend
gets wrong is ``xfail(strict=True)`` for it, with the reason.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import get_args

import pytest

from quoteattr.annotate import Annotator
from quoteattr.annotate.rules import RulesAnnotator
from quoteattr.model import (
    QUOTE_KINDS,
    Document,
    Gender,
    MentionKind,
    Quote,
    SpeakerType,
)
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import attribute

FIXTURES = Path(__file__).parent / "fixtures" / "conllu"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.conllu"))
BACKENDS = ("rules", "stanza", "spacy")


def annotate(backend: str, name: str) -> Document:
    """The fixture ``name`` annotated by ``backend``."""
    pytest.importorskip("stanza")  # the texts themselves are read from CoNLL-U
    from quoteattr.annotate.stanza import conllu_document, document_from_stanza
    from quoteattr.model import Article

    stanza_doc = conllu_document((FIXTURES / f"{name}.conllu").read_text(encoding="utf-8"))
    article = Article(name, stanza_doc.text)
    if backend == "stanza":
        return document_from_stanza(article, stanza_doc)
    if backend == "spacy":
        return spacy_annotator().annotate(article)
    return RulesAnnotator().annotate(article)


@functools.cache
def _spacy_pipeline() -> object:
    from quoteattr.annotate.spacy import DEFAULT_MODELS, SpacyModelMissingError, _load

    try:
        return _load(DEFAULT_MODELS)
    except SpacyModelMissingError as error:
        return error


def spacy_annotator() -> Annotator:
    """The spaCy backend on the small English pipeline (skips without spaCy or it)."""
    pytest.importorskip("spacy")
    from quoteattr.annotate.spacy import SpacyAnnotator

    nlp = _spacy_pipeline()
    if isinstance(nlp, Exception):
        pytest.skip(str(nlp))
    return SpacyAnnotator(nlp)


def quotes_of(backend: str, name: str) -> tuple[Document, list[Quote]]:
    doc = annotate(backend, name)
    return doc, attribute(doc, detect_quotes(doc))


# --- records ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_annotation_records(backend: str, name: str) -> None:
    doc = annotate(backend, name)
    text = doc.text
    assert doc.backend == backend
    body = (doc.article.body_start, doc.article.body_end)
    for paragraph, following in zip(doc.paragraphs, doc.paragraphs[1:], strict=False):
        assert paragraph.end <= following.start
    for paragraph in doc.paragraphs:
        assert text[paragraph.start:paragraph.end] == paragraph.text
        assert body[0] <= paragraph.start < paragraph.end <= body[1]
    for sentence, following in zip(doc.sentences, doc.sentences[1:], strict=False):
        assert sentence.end <= following.start
    for sentence in doc.sentences:
        paragraph = doc.paragraphs[sentence.paragraph]
        assert text[sentence.start:sentence.end] == sentence.text
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
    for i, token in enumerate(doc.tokens):
        assert text[token.start:token.end] == token.text
        assert token.head is None or (0 <= token.head < len(doc.tokens) and token.head != i)
    assert [t.start for t in doc.tokens] == sorted(t.start for t in doc.tokens)
    assert doc.parsed == any(t.deprel for t in doc.tokens)
    for mention in doc.mentions:
        assert text[mention.start:mention.end] == mention.text
        assert mention.kind in get_args(MentionKind)
        assert mention.type in get_args(SpeakerType)
        assert mention.gender in get_args(Gender)
        assert mention.kind != "name" or mention.head  # the bare name, without titles
    assert [m.start for m in doc.mentions] == sorted(m.start for m in doc.mentions)
    for chain in doc.chains:
        for span in (chain.representative, *chain.mentions):
            assert text[span.start:span.end] == span.text


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_quote_records(backend: str, name: str) -> None:
    doc, quotes = quotes_of(backend, name)
    text = doc.text
    assert len({q.id for q in quotes}) == len(quotes)
    for quote in quotes:
        assert text[quote.start:quote.end] == quote.text
        assert quote.kind in QUOTE_KINDS
        assert quote.group in {q.id for q in quotes}
        for fragment in quote.fragments:
            assert text[fragment.start:fragment.end] == fragment.text
        if quote.kind == "scare":
            assert quote.attribution is None
        if quote.attribution is not None:
            for span in (quote.attribution.mention, quote.attribution.cue):
                assert span is None or text[span.start:span.end] == span.text
            assert 0.0 < quote.attribution.confidence <= 1.0


# --- expected quotes and speakers -------------------------------------------------------------

RULES_ONLY = "rules"

# (fixture, the quote's first words, kind, speaker name or None, backends that get it wrong
# and why). Every quote of a fixture is listed: a fixture yields these and no others.
EXPECTED: list[tuple[str, str, str, str | None, str, str]] = [
    ("kursk", "The Kyiv regime’s adventure", "direct", "Putin", "", ""),
    ("kursk", "Today, the last settlement", "direct", "Gerasimov", "", ""),
    ("kursk", "Ukrainian defensive operations", "direct", "Ukraine's General Staff", "", ""),
    ("kursk", "The situation is difficult", "direct", "Ukraine's General Staff", "", ""),
    ("inverted", "The cranes will be back", "direct", "Tomasz Kowalczyk", "", ""),
    ("apposition", "the convoy had reached", "indirect", "Anna Reyes", "", ""),
    ("apposition", "We are ready", "direct", "Tomasz Kowalczyk", "", ""),
    ("ccomp", "the talks would resume", "indirect", "Foreign Ministry", "", ""),
    ("pronoun", "the bridge would reopen", "indirect", "Marta Ilves", "", ""),
    ("pronoun", "We have done our part", "direct", "Marta Ilves", "", ""),
    ("told", "the strike would go on", "indirect", "Jonas Petrauskas", "", ""),
    ("told", "the border would stay open", "indirect", "Ilse Brandt", "", ""),
    ("syntax", "it was safe", "indirect", "engineer", "", ""),
    ("syntax", "the port would reopen", "indirect", "Tomasz Kowalczyk", RULES_ONLY,
     "without a parse, 'said on Monday, in a long interview …, that …' reports nothing"),
    ("syntax", "the ferry would sail", "indirect", "Ruslan Ostrowski", "", ""),
    # Must yield no speech: scare quotes, and a sentence that reports nothing.
    ("nothing", "peace plan", "scare", None, "", ""),
]


def _cases() -> list[object]:
    cases: list[object] = []
    for backend in BACKENDS:
        for name, words, kind, speaker, wrong, why in EXPECTED:
            marks = [pytest.mark.xfail(strict=True, reason=why)] if backend in wrong else []
            cases.append(pytest.param(backend, name, words, kind, speaker, marks=marks,
                                      id=f"{backend}-{name}-{words}"))
    return cases


@pytest.mark.parametrize(("backend", "name", "words", "kind", "speaker"), _cases())
def test_expected_quote(backend: str, name: str, words: str, kind: str,
                        speaker: str | None) -> None:
    _, quotes = quotes_of(backend, name)
    found = [q for q in quotes if q.text.startswith(words)]
    assert len(found) == 1, [q.text for q in quotes]
    quote = found[0]
    assert quote.kind == kind
    assert (quote.attribution.speaker.name if quote.attribution else None) == speaker


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_no_other_quotes(backend: str, name: str) -> None:
    _, quotes = quotes_of(backend, name)
    expected = [words for fixture, words, *_ in EXPECTED if fixture == name]
    # Every quote found is one of the table (a row a backend misses is an xfail above).
    assert all(sum(q.text.startswith(w) for w in expected) == 1 for q in quotes), [
        q.text for q in quotes]
