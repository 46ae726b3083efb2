"""The stanza backend without models: stanza Documents read from the hand-checked CoNLL-U
parses in fixtures/conllu/, the missing-model error, and the ``quote`` processor inside a
real stanza Pipeline (a pretokenized one, which loads no model). One test runs the real
models where they are installed and says why it skipped where they are not."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from quoteattr.annotate import available_backends, get_annotator
from quoteattr.annotate.stanza import (
    ModelsMissingError,
    StanzaAnnotator,
    StanzaNotInstalledError,
    conllu_document,
    default_model_dir,
    document_from_stanza,
    download,
)
from quoteattr.model import Article, Document

stanza = pytest.importorskip("stanza")

FIXTURES = Path(__file__).parent / "fixtures" / "conllu"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.conllu"))


def _fixture(name: str) -> tuple[Article, Any]:
    stanza_doc = conllu_document((FIXTURES / f"{name}.conllu").read_text(encoding="utf-8"))
    return Article(name, stanza_doc.text), stanza_doc


def _document(name: str) -> Document:
    article, stanza_doc = _fixture(name)
    return document_from_stanza(article, stanza_doc)


def _conllu(text: str, rows: list[str], *, newpar: bool = False) -> str:
    """One CoNLL-U sentence; rows are space-separated columns."""
    head = ["# newpar"] if newpar else []
    return "\n".join([*head, f"# text = {text}", *(r.replace(" ", "\t") for r in rows), ""])


def _row(i: int, form: str, start: int, head: int = 0, deprel: str = "root",
         ner: str = "O", upos: str = "X") -> str:
    return (f"{i} {form} {form.lower()} {upos} _ _ {head} {deprel} _ "
            f"start_char={start}|end_char={start + len(form)}|ner={ner}")


# --- the fixtures are well-formed parses -----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_a_tree_with_offsets(name: str) -> None:
    article, stanza_doc = _fixture(name)
    for sentence in stanza_doc.sentences:
        heads = {w.id: w.head for w in sentence.words}
        assert [w.head for w in sentence.words].count(0) == 1, sentence.text
        for word in sentence.words:
            assert word.lemma and word.upos and word.deprel, word.text
            seen, at = set(), word.id
            while at:  # climbs to the root without a cycle
                assert at not in seen and at in heads, (sentence.text, word.text)
                seen.add(at)
                at = heads[at]
        for token in sentence.tokens:
            assert article.text[token.start_char:token.end_char] == token.text


# --- the mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_offsets_and_heads(name: str) -> None:
    doc = _document(name)
    text = doc.text
    assert doc.backend == "stanza" and doc.parsed
    for i, token in enumerate(doc.tokens):
        assert text[token.start:token.end] == token.text
        assert token.lemma and token.upos and token.deprel
        assert (token.head is None) == (token.deprel == "root")
        assert token.head is None or (0 <= token.head < len(doc.tokens) and token.head != i)
    for sentence in doc.sentences:
        paragraph = doc.paragraphs[sentence.paragraph]
        assert text[sentence.start:sentence.end] == sentence.text
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def _governor(doc: Document, word: str, nth: int = 0) -> tuple[str, str]:
    token = [t for t in doc.tokens if t.text == word][nth]
    head = doc.tokens[token.head].text if token.head is not None else ""
    return token.deprel, head


def test_heads_index_the_whole_document() -> None:
    doc = _document("kursk")
    assert _governor(doc, "Putin") == ("nsubj", "told")
    assert _governor(doc, "Gerasimov", 0) == ("obj", "told")
    assert _governor(doc, "Gerasimov", 1) == ("nsubj", "said")  # second sentence
    assert _governor(doc, "statement") == ("nsubj", "added")
    assert _governor(doc, "difficult") == ("ccomp", "added")
    assert _governor(doc, "told") == ("root", "")
    told = next(t for t in doc.tokens if t.text == "told")
    assert (told.lemma, told.upos) == ("tell", "VERB")
    assert len(doc.sentences) == len(doc.paragraphs) == 4


def test_mentions_are_typed_by_ner() -> None:
    kursk = {m.text: m for m in _document("kursk").mentions}
    # The rules backend cannot tell that a bare surname is a person; the NER can.
    assert kursk["Putin"].type == kursk["Gerasimov"].type == "person"
    assert kursk["Ukraine's General Staff"].type == "organization"
    assert kursk["Kyiv"].type == "unknown"  # a place stays a place
    assert "Today" not in kursk  # a DATE entity is nobody
    inverted = {m.text: m for m in _document("inverted").mentions}
    mister = inverted["Mr. Kowalczyk"]  # the title stays on the mention, off its head
    assert (mister.kind, mister.type, mister.head, mister.gender) == (
        "name", "person", "Kowalczyk", "male")
    pronoun = _document("pronoun").mentions
    assert [(m.text, m.kind) for m in pronoun if m.kind == "pronoun"] == [
        ("She", "pronoun"), ("We", "pronoun"), ("she", "pronoun")]


def test_ner_overrides_and_completes_the_rules_names() -> None:
    text = "Victory Day passed. acme group said no."
    rows = [_row(1, "Victory", 0, 3, "nsubj", "B-DATE"), _row(2, "Day", 8, 1, "flat", "E-DATE"),
            _row(3, "passed", 12), _row(4, ".", 18, 3, "punct")]
    rows2 = [_row(1, "acme", 20, 2, "compound", "B-ORG"), _row(2, "group", 25, 3, "nsubj",
                                                                  "E-ORG"),
             _row(3, "said", 31), _row(4, "no", 36, 3, "obj"), _row(5, ".", 38, 3, "punct")]
    stanza_doc = conllu_document(_conllu(text[:19], rows) + "\n" + _conllu(text[20:], rows2))
    doc = document_from_stanza(Article("a", stanza_doc.text), stanza_doc)
    # "Victory Day" is a date, not a name; "acme group", lower case, is a name all the same.
    assert [(m.text, m.kind, m.type) for m in doc.mentions] == [
        ("acme group", "name", "organization")]


def test_multi_word_tokens() -> None:
    text = "They can't sit au bord."
    rows = [_row(1, "They", 0, 4, "nsubj"),
            "2-3 can't _ _ _ _ _ _ _ start_char=5|end_char=10",
            "2 ca can AUX _ _ 4 aux _ _", "3 n't not PART _ _ 4 advmod _ _",
            _row(4, "sit", 11),
            "5-6 au _ _ _ _ _ _ _ start_char=15|end_char=17",
            "5 à à ADP _ _ 7 case _ _", "6 le le DET _ _ 7 det _ _",
            _row(7, "bord", 18, 4, "obl"), _row(8, ".", 22, 4, "punct")]
    stanza_doc = conllu_document(_conllu(text, rows))
    doc = document_from_stanza(Article("a", text), stanza_doc)
    # Words that spell out their token get their own span; others share the token's.
    assert [(t.text, t.start, t.lemma) for t in doc.tokens] == [
        ("They", 0, "they"), ("ca", 5, "can"), ("n't", 7, "not"), ("sit", 11, "sit"),
        ("au", 15, "à"), ("au", 15, "le"), ("bord", 18, "bord"), (".", 22, ".")]
    assert [doc.tokens[t.head].text if t.head is not None else None for t in doc.tokens] == [
        "sit", "sit", "sit", None, "bord", "bord", "sit", "sit"]


def test_sentences_are_cut_at_line_ends() -> None:
    rows = [_row(1, "He", 0, 2, "nsubj"), _row(2, "left", 3), _row(3, "She", 8, 4, "nsubj"),
            _row(4, "stayed", 12, 2, "conj"), _row(5, ".", 18, 2, "punct")]
    stanza_doc = conllu_document(_conllu("He left She stayed.", rows))
    doc = document_from_stanza(Article("a", "He left\nShe stayed."), stanza_doc)
    assert [(s.text, s.paragraph) for s in doc.sentences] == [("He left", 0),
                                                                ("She stayed.", 1)]


def test_offset_points_past_a_header() -> None:
    article, stanza_doc = _fixture("inverted")
    header = "AGENCY 0.0100\n"
    moved = Article("a", header + article.text, body_start=len(header))
    doc = document_from_stanza(moved, stanza_doc, offset=len(header))
    assert doc.tokens[0].start == len(header)
    assert all(moved.text[t.start:t.end] == t.text for t in doc.tokens)
    assert all(moved.text[m.start:m.end] == m.text for m in doc.mentions)
    with pytest.raises(ValueError, match="does not fit the article text"):
        document_from_stanza(moved, stanza_doc)  # offsets into another text


def test_annotator_runs_its_pipeline_on_the_body() -> None:
    article, stanza_doc = _fixture("pronoun")
    header = " date 2025-04-26\n"
    moved = Article("a", header + article.text, body_start=len(header))
    seen: list[str] = []

    def pipeline(body: str) -> Any:
        seen.append(body)
        return stanza_doc

    doc = StanzaAnnotator(pipeline=pipeline).annotate(moved)
    assert seen == [article.text]
    assert doc.backend == "stanza" and doc.tokens[0].start == len(header)
    assert StanzaAnnotator(pipeline=pipeline).annotate(Article("b", "  ")).tokens == ()


def test_coref_chains() -> None:
    from stanza.models.coref.coref_chain import CorefChain, CorefMention

    article, stanza_doc = _fixture("pronoun")
    mentions = [CorefMention(0, 0, 2), CorefMention(1, 0, 1), CorefMention(2, 8, 9),
                CorefMention(1, (1, 1), (1, 1))]  # the last one a zero anaphor: skipped
    stanza_doc._coref = [CorefChain(0, mentions, "Marta Ilves", 0)]
    doc = document_from_stanza(article, stanza_doc)
    (chain,) = doc.chains
    assert chain.representative.text == "Marta Ilves"
    assert [(m.text, article.text[m.start:m.end]) for m in chain.mentions] == [
        ("Marta Ilves", "Marta Ilves"), ("She", "She"), ("she", "she")]


# --- models: missing, found, downloaded ------------------------------------------------------


def test_stanza_is_a_builtin_backend_that_loads_nothing_until_used(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    assert "stanza" in available_backends()
    annotator = get_annotator("stanza")
    assert isinstance(annotator, StanzaAnnotator) and annotator.name == "stanza"
    assert default_model_dir() == tmp_path


def test_missing_models_fail_fast_naming_folder_and_remedy(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    started = time.monotonic()
    with pytest.raises(ModelsMissingError) as caught:
        get_annotator("stanza").annotate(Article("a", "“We won,” she said."))
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert str(tmp_path) in message
    assert "python -m quoteattr download" in message and "STANZA_RESOURCES_DIR" in message
    assert 'stanza.download("en"' in message.replace("'", '"')
    assert isinstance(caught.value, RuntimeError) and caught.value.folder == tmp_path


def test_an_explicit_folder_wins_and_is_checked(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", "/nonexistent")
    (tmp_path / "resources.json").write_text('{"fr": {}}', encoding="utf-8")
    (tmp_path / "en").mkdir()
    with pytest.raises(ModelsMissingError, match="lists no 'en' models") as caught:
        StanzaAnnotator(tmp_path).annotate(Article("a", "He said so."))
    assert caught.value.folder == tmp_path


def test_load_is_offline_and_a_missing_file_is_reported(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "resources.json").write_text('{"en": {}}', encoding="utf-8")
    (tmp_path / "en").mkdir()
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    constants = pytest.importorskip("huggingface_hub.constants")
    hub_before = constants.HF_HUB_OFFLINE
    seen: list[dict[str, Any]] = []

    def pipeline(lang: str, **options: Any) -> Any:
        seen.append({"lang": lang, "offline": (os.environ.get("HF_HUB_OFFLINE"),
                                                constants.HF_HUB_OFFLINE), **options})
        raise FileNotFoundError(str(tmp_path / "en" / "pos" / "combined.pt"))

    monkeypatch.setattr(stanza, "Pipeline", pipeline)
    with pytest.raises(ModelsMissingError, match=r"combined\.pt"):
        StanzaAnnotator(tmp_path, processors="tokenize,pos").annotate(Article("a", "Hi."))
    assert seen == [{"lang": "en", "offline": ("1", True), "dir": str(tmp_path),
                     "processors": "tokenize,pos", "package": "default", "use_gpu": False,
                     "download_method": None, "logging_level": "WARN"}]
    assert "HF_HUB_OFFLINE" not in os.environ
    assert constants.HF_HUB_OFFLINE is hub_before


def test_download_wraps_stanza_download(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(stanza, "download",
                        lambda lang, **options: calls.append((lang, options)))
    assert download(tmp_path) == tmp_path
    assert calls == [("en", {"model_dir": str(tmp_path),
                             "processors": "tokenize,mwt,pos,lemma,depparse,ner"})]


def test_conllu_needs_text_and_offsets() -> None:
    with pytest.raises(ValueError, match="needs a '# text = …' comment"):
        conllu_document("1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\t_\n")


def test_missing_stanza_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "stanza", None)  # import stanza → ImportError
    with pytest.raises(StanzaNotInstalledError, match=r"pip install 'quoteattr\[stanza\]'"):
        get_annotator("stanza")


# --- the quote processor in a real stanza Pipeline --------------------------------------------


@pytest.fixture(scope="module")
def pretokenized(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A real stanza Pipeline that loads no model: a pretokenized tokenizer, then quote."""
    import quoteattr.processor  # noqa: F401  registers "quote"

    stub = tmp_path_factory.mktemp("stanza_stub")
    (stub / "resources.json").write_text("{}", encoding="utf-8")
    return stanza.Pipeline("en", dir=str(stub), processors="tokenize,quote",
                           tokenize_pretokenized=True, allow_unknown_language=True,
                           download_method=None, logging_level="ERROR")


def test_processor_on_pretokenized_text(pretokenized: Any) -> None:
    doc = pretokenized([["“", "We", "won", ",", "”", "Marta", "Ilves", "said", "."]])
    (quote,) = doc.quotes
    assert (quote.kind, doc.text[quote.start:quote.end]) == ("direct", quote.text)
    assert quote.attribution is not None
    assert quote.attribution.speaker.name == "Marta Ilves"
    assert quote.attribution.mention is not None
    assert quote.attribution.mention.text == "Marta Ilves"


def test_processor_on_a_parsed_document(pretokenized: Any) -> None:
    article, stanza_doc = _fixture("kursk")
    doc = pretokenized(stanza_doc)  # a pretokenized pipeline passes a Document through
    assert doc is stanza_doc
    speakers = [(q.text[:20], q.attribution.speaker.name if q.attribution else None)
                for q in doc.quotes]
    assert speakers == [("The Kyiv regime’s ad", "Putin"), ("Today, the last sett", "Gerasimov"),
                        ("Ukrainian defensive ", "Ukraine's General Staff"),
                        ("The situation is dif", "Ukraine's General Staff")]
    assert all(article.text[q.start:q.end] == q.text for q in doc.quotes)


def test_processor_loads_where_english_is_listed(tmp_path: Path) -> None:
    """As next to real English models: "quote" is in no resources.json and loads anyway."""
    import quoteattr.processor  # noqa: F401

    (tmp_path / "resources.json").write_text('{"en": {"lang_name": "English"}}',
                                             encoding="utf-8")
    nlp = stanza.Pipeline("en", dir=str(tmp_path), processors="tokenize,quote",
                          tokenize_pretokenized=True, download_method=None,
                          logging_level="ERROR")
    doc = nlp("The ministry said that the talks would resume .")
    assert [(q.kind, q.text) for q in doc.quotes] == [("indirect", "the talks would resume")]


def test_processor_declares_its_requirements(tmp_path: Path) -> None:
    import quoteattr.processor  # noqa: F401

    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    with pytest.raises(stanza.pipeline.core.PipelineRequirementsException, match="tokenize"):
        stanza.Pipeline("en", dir=str(tmp_path), processors="quote", download_method=None,
                        allow_unknown_language=True, logging_level="ERROR")


# --- the real models, where they are installed -----------------------------------------------


def _models_missing() -> str:
    try:
        folder = default_model_dir()
    except ImportError as error:
        return str(error)
    if not (folder / "resources.json").is_file() or not (folder / "en").is_dir():
        return f"stanza's English models are not in {folder} (python -m quoteattr download)"
    return ""


@pytest.mark.skipif(bool(_models_missing()), reason=_models_missing() or "models present")
def test_real_models() -> None:
    import quoteattr.processor  # noqa: F401

    text = ("Russian President Vladimir Putin met his chief of staff on Saturday.\n"
            "“The Kyiv regime’s adventure has completely failed,” Putin told Gerasimov.")
    doc = StanzaAnnotator().annotate(Article("a", text))
    assert doc.parsed and all(text[t.start:t.end] == t.text for t in doc.tokens)
    assert any(m.text == "Putin" and m.type == "person" for m in doc.mentions)
    nlp = stanza.Pipeline("en", dir=str(default_model_dir()), download_method=None,
                          processors="tokenize,mwt,pos,lemma,depparse,ner,quote",
                          logging_level="ERROR")
    quotes = nlp(text).quotes
    assert [q.kind for q in quotes] == ["direct"]
    assert quotes[0].attribution is not None
    assert quotes[0].attribution.speaker.name.endswith("Putin")
