r"""The stanza backend: a stanza pipeline (tokenize, mwt, pos, lemma, depparse, ner, and
coref where asked for) mapped onto the same records as the rules backend.

stanza is imported, and its models loaded, on the first :meth:`StanzaAnnotator.annotate`,
never at import; nothing is downloaded unless asked for (:func:`download`, or
``StanzaAnnotator(download=True)``). Where the models are missing the error names the
folder looked in and how to fill it.

:func:`document_from_stanza` is the mapping on its own: any stanza Document with
character offsets, also one read from CoNLL-U, which needs no model.

>>> rows = [
...     "1 “ “ PUNCT _ _ 3 punct _ start_char=0|end_char=1|ner=O",
...     "2 We we PRON _ _ 3 nsubj _ start_char=1|end_char=3|ner=O",
...     "3 won win VERB _ _ 7 ccomp _ start_char=4|end_char=7|ner=O",
...     "4 , , PUNCT _ _ 3 punct _ start_char=7|end_char=8|ner=O",
...     "5 ” ” PUNCT _ _ 3 punct _ start_char=8|end_char=9|ner=O",
...     "6 Ilves Ilves PROPN _ _ 7 nsubj _ start_char=10|end_char=15|ner=S-PERSON",
...     "7 said say VERB _ _ 0 root _ start_char=16|end_char=20|ner=O",
...     "8 . . PUNCT _ _ 7 punct _ start_char=20|end_char=21|ner=O",
... ]
>>> stanza_doc = conllu_document("# text = “We won,” Ilves said.\n"
...                              + "\n".join(row.replace(" ", "\t") for row in rows))
>>> doc = document_from_stanza(Article("a", stanza_doc.text), stanza_doc)
>>> [(t.text, t.deprel, doc.tokens[t.head].text if t.head is not None else None)
...  for t in doc.tokens[5:7]]
[('Ilves', 'nsubj', 'said'), ('said', 'root', None)]
>>> [(m.text, m.kind, m.type) for m in doc.mentions]
[('We', 'pronoun', 'unknown'), ('Ilves', 'name', 'person')]
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from quoteattr.annotate.rules import RulesAnnotator, classify_name, place_tokens
from quoteattr.model import (
    Article,
    CorefChain,
    Document,
    Mention,
    Paragraph,
    Sentence,
    Span,
    SpeakerType,
    Token,
)

__all__ = [
    "DEFAULT_PROCESSORS",
    "ModelsMissingError",
    "StanzaAnnotator",
    "StanzaNotInstalledError",
    "conllu_document",
    "default_model_dir",
    "document_from_stanza",
    "download",
]

DEFAULT_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
_INSTALL = "pip install 'quoteattr[stanza]'"

# NER labels (OntoNotes, and CoNLL-03's PER/ORG/LOC/MISC) by what they say of a speaker.
# A person or an organisation label types the mention; a place-like one leaves it as the
# rules backend types it (a capital that "denied" speaks as an institution); the others
# (dates, numbers, titles of works, …) are no speaker at all.
_NER_TYPES: dict[str, SpeakerType] = {"PERSON": "person", "PER": "person",
                                      "ORG": "organization"}
_PLACE_LIKE = frozenset({"GPE", "LOC", "FAC", "NORP", "MISC"})


class StanzaNotInstalledError(ImportError):
    """The stanza package is not installed."""

    def __init__(self) -> None:
        super().__init__(f"the stanza backend needs the stanza package: {_INSTALL}")


class ModelsMissingError(RuntimeError):
    """stanza's models for a language are not in the folder looked in (``folder``)."""

    def __init__(self, folder: Path, lang: str = "en", detail: str = "") -> None:
        self.folder = folder
        self.lang = lang
        message = (
            f"stanza's {lang!r} models are not in {folder} (looked for "
            f"{folder / 'resources.json'} and {folder / lang}/). Get them with "
            f"`python -m quoteattr download` (in Python: stanza.download({lang!r}, "
            f"model_dir={str(folder)!r})), or set STANZA_RESOURCES_DIR to a folder that has them."
        )
        super().__init__(f"{message} ({detail})" if detail else message)


def default_model_dir() -> Path:
    """Where stanza's models are looked for: ``$STANZA_RESOURCES_DIR``, else stanza's own
    default folder (which needs stanza imported to know)."""
    folder = os.environ.get("STANZA_RESOURCES_DIR")
    if folder:
        return Path(folder)
    return Path(_stanza().resources.common.DEFAULT_MODEL_DIR)


def download(model_dir: str | os.PathLike[str] | None = None, lang: str = "en", *,
             processors: str = DEFAULT_PROCESSORS) -> Path:
    """Download stanza's models for ``lang`` into ``model_dir`` (by default
    :func:`default_model_dir`) and return that folder. Needs internet; what is already
    there is not fetched again."""
    stanza = _stanza()
    folder = Path(model_dir) if model_dir is not None else default_model_dir()
    stanza.download(lang, model_dir=str(folder), processors=processors)
    return folder


class StanzaAnnotator:
    """Tokens with lemma, part of speech and dependencies, NER-typed name mentions and
    coreference chains from a stanza pipeline.

    ``model_dir`` is the folder of stanza's models (by default :func:`default_model_dir`);
    ``processors`` the stanza processors to run (add ``coref`` for coreference chains);
    ``download=True`` fetches missing models instead of failing. ``pipeline`` replaces
    the stanza pipeline with any callable from text to a stanza Document (one already
    built, or a stand-in in tests). Nothing is loaded before the first :meth:`annotate`;
    pipelines are shared between annotators of the same settings.
    """

    name = "stanza"
    provides: frozenset[str] = frozenset({"parse", "coref"})

    def __init__(self, model_dir: str | os.PathLike[str] | None = None, *,
                 processors: str = DEFAULT_PROCESSORS, use_gpu: bool = False,
                 package: str = "default", download: bool = False,
                 pipeline: Callable[[str], Any] | None = None) -> None:
        if not isinstance(processors, str):
            raise TypeError(f"processors must be a str, not {type(processors).__name__}")
        if pipeline is None and importlib.util.find_spec("stanza") is None:
            raise StanzaNotInstalledError()
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.processors = processors
        self.use_gpu = use_gpu
        self.package = package
        self.download = download
        self._pipeline = pipeline

    def annotate(self, article: Article) -> Document:
        if not isinstance(article, Article):
            raise TypeError(f"article must be an Article, not {type(article).__name__}")
        body = article.text[article.body_start:article.body_end]
        if not body.strip():
            stanza_doc = _stanza().Document([], text=body)
        else:
            stanza_doc = self.pipeline()(body)
        return document_from_stanza(article, stanza_doc, offset=article.body_start)

    def pipeline(self) -> Callable[[str], Any]:
        """The stanza pipeline, loaded on first use and then shared; ModelsMissingError
        where the models are not there."""
        if self._pipeline is not None:
            return self._pipeline
        folder = self.model_dir if self.model_dir is not None else default_model_dir()
        loaded: Callable[[str], Any] = _load_pipeline(
            str(folder), self.processors, self.package, self.use_gpu, self.download)
        return loaded


@lru_cache(maxsize=4)
def _load_pipeline(folder: str, processors: str, package: str, use_gpu: bool,
                   download: bool) -> Any:
    """One stanza pipeline per settings: loading one takes seconds and much memory."""
    if not download:
        _check_models(Path(folder), "en")
    stanza = _stanza()
    options: dict[str, Any] = {
        "dir": folder, "processors": processors, "package": package, "use_gpu": use_gpu,
        "download_method": stanza.DownloadMethod.REUSE_RESOURCES if download else None,
        "logging_level": "WARN",
    }
    try:
        if download:
            return stanza.Pipeline("en", **options)
        with _offline():
            return stanza.Pipeline("en", **options)
    except FileNotFoundError as error:  # a processor's model file, or resources.json
        raise ModelsMissingError(Path(folder), "en", str(error)) from error


def _check_models(folder: Path, lang: str) -> None:
    """Fail at once, before stanza looks (and, for models on the Hugging Face hub, retries)."""
    resources = folder / "resources.json"
    if not resources.is_file() or not (folder / lang).is_dir():
        raise ModelsMissingError(folder, lang)
    try:
        listed = json.loads(resources.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelsMissingError(folder, lang, f"{resources} is unreadable: {error}") from error
    if not isinstance(listed, dict) or lang not in listed:
        raise ModelsMissingError(folder, lang, f"{resources} lists no {lang!r} models")


@contextmanager
def _offline() -> Iterator[None]:
    """No download was asked for: a model on the Hugging Face hub that is not in the local
    cache must fail at once, not after the hub client's retries."""
    saved = os.environ.get("HF_HUB_OFFLINE")
    os.environ["HF_HUB_OFFLINE"] = "1"
    # huggingface_hub reads the variable once, when it is imported (with stanza, before
    # this): its copy is set too, for the load only.
    hub = sys.modules.get("huggingface_hub.constants")
    hub_saved = getattr(hub, "HF_HUB_OFFLINE", None)
    if isinstance(hub_saved, bool):
        hub.HF_HUB_OFFLINE = True  # type: ignore[union-attr]
    try:
        yield
    finally:
        if saved is None:
            del os.environ["HF_HUB_OFFLINE"]
        else:
            os.environ["HF_HUB_OFFLINE"] = saved
        if isinstance(hub_saved, bool):
            hub.HF_HUB_OFFLINE = hub_saved  # type: ignore[union-attr]


def _stanza() -> Any:
    try:
        import stanza
    except ImportError as error:
        raise StanzaNotInstalledError() from error
    return stanza


# --- the mapping ----------------------------------------------------------------------------


def document_from_stanza(article: Article, stanza_doc: Any, offset: int = 0) -> Document:
    """``stanza_doc`` as a quoteattr Document of ``article``.

    ``stanza_doc`` was made from ``article.text[offset:]`` (the article body, say): its
    character offsets plus ``offset`` are offsets into ``article.text``. Each stanza word is
    one Token (a multi-word token's words share its span where they do not spell it out);
    ``head`` indexes ``Document.tokens``. Paragraphs are the article's lines, as in the
    rules backend, and a stanza sentence that runs over a line break is cut there. Name
    mentions are stanza's entities, typed by their NER label, with the rules backend's
    titles, bare name and gender; names the NER missed and pronouns come from the rules
    backend.
    """
    if not isinstance(article, Article):
        raise TypeError(f"article must be an Article, not {type(article).__name__}")
    text = article.text
    rules = RulesAnnotator().annotate(article)
    tokens: list[Token] = []
    word_spans: list[list[tuple[int, int]]] = []
    sentence_spans: list[tuple[int, int]] = []
    for sentence in stanza_doc.sentences:
        base = len(tokens)
        spans: list[tuple[int, int]] = []
        for token in sentence.tokens:
            start, end = _offsets(token, offset)
            if _squeezed(text[start:end]) != _squeezed(token.text):
                raise ValueError(
                    f"the stanza document does not fit the article text: token "
                    f"{token.text!r} at {start}-{end} reads {text[start:end]!r} (offset={offset})"
                )
            for word, (word_start, word_end) in zip(
                    token.words, _word_spans(token, start, end), strict=True):
                head = word.head
                tokens.append(Token(
                    text[word_start:word_end], word_start, word_end,
                    lemma=word.lemma or "", upos=word.upos or "",
                    head=None if head is None or head == 0 else base + head - 1,
                    deprel=word.deprel or "",
                ))
                spans.append((word_start, word_end))
        word_spans.append(spans)
        if spans:
            sentence_spans.append((spans[0][0], max(end for _, end in spans)))
    sentences = tuple(_sentences(text, rules.paragraphs, sentence_spans))
    return Document(
        article,
        rules.paragraphs,
        sentences,
        place_tokens(tokens, sentences),
        _mentions(text, rules.mentions, _entities(stanza_doc, offset)),
        backend="stanza",
        parsed=any(t.deprel for t in tokens),
        chains=tuple(_chains(text, stanza_doc, word_spans)),
    )


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _offsets(unit: Any, offset: int) -> tuple[int, int]:
    if unit.start_char is None or unit.end_char is None:
        raise ValueError(f"stanza token {unit.text!r} has no character offsets")
    return unit.start_char + offset, unit.end_char + offset


def _word_spans(token: Any, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a token's words: their own offsets where stanza set them; split in order
    where the words spell out the token ("can't" → "ca" "n't"); else the token's span."""
    words = token.words
    if len(words) == 1:
        return [(start, end)]
    own = [(w.start_char, w.end_char) for w in words]
    shift = start - token.start_char
    if all(s is not None and e is not None for s, e in own):
        return [(s + shift, e + shift) for s, e in own]
    if "".join(w.text for w in words) == token.text:
        spans = []
        at = start
        for word in words:
            spans.append((at, at + len(word.text)))
            at += len(word.text)
        return spans
    return [(start, end)] * len(words)


def _sentences(text: str, paragraphs: Sequence[Paragraph],
               spans: Sequence[tuple[int, int]]) -> Iterator[Sentence]:
    """stanza's sentences, cut at paragraph (line) ends as the rules backend cuts them."""
    starts = [p.start for p in paragraphs]
    for start, end in spans:
        number = max(0, bisect.bisect_right(starts, start) - 1)
        while number < len(paragraphs) and paragraphs[number].start < end:
            paragraph = paragraphs[number]
            piece_start, piece_end = max(start, paragraph.start), min(end, paragraph.end)
            while piece_start < piece_end and text[piece_start].isspace():
                piece_start += 1
            if piece_start < piece_end:
                yield Sentence(text[piece_start:piece_end], piece_start, piece_end, number)
            number += 1


def _entities(stanza_doc: Any, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, label) of each named entity, in text order."""
    entities = list(getattr(stanza_doc, "ents", None) or ())
    if not entities and any(getattr(t, "ner", None) not in (None, "O", "_")
                            for s in stanza_doc.sentences for t in s.tokens):
        entities = stanza_doc.build_ents()  # NER tags read from CoNLL-U, not yet grouped
    return sorted((*_offsets(e, offset), e.type) for e in entities)


def _mentions(text: str, rules: Sequence[Mention],
              entities: Sequence[tuple[int, int, str]]) -> tuple[Mention, ...]:
    """The rules backend's mentions, retyped and completed by the NER's entities.

    A rules name is kept, with its titles, bare name and gender, where no entity overlaps
    it; where one ends its bare name, that entity's label types it ("Putin": person) or, for
    a date or a number, removes it. Entities that overlap no rules name become mentions.
    """
    used = [False] * len(entities)
    starts = [e[0] for e in entities]
    result = []
    for mention in rules:
        first = max(0, bisect.bisect_left(starts, mention.start) - 1)
        overlapping = [i for i in range(first, bisect.bisect_left(starts, mention.end))
                       if entities[i][1] > mention.start]
        for i in overlapping:
            used[i] = True
        if mention.kind == "pronoun":
            result.append(mention)
            continue
        last = _head_end(mention) - 1
        label = next((entities[i][2] for i in overlapping
                      if entities[i][0] <= last < entities[i][1]), None)
        if label is None or label in _PLACE_LIKE:
            result.append(mention)
        elif label in _NER_TYPES and mention.type != _NER_TYPES[label]:
            result.append(Mention(mention.text, mention.start, mention.end, "name",
                                  _NER_TYPES[label], mention.head or mention.text,
                                  mention.gender))
        elif label in _NER_TYPES:
            result.append(mention)
    for (start, end, label), seen in zip(entities, used, strict=True):
        if seen or (label not in _NER_TYPES and label not in _PLACE_LIKE):
            continue
        found = classify_name(text[start:end], start)
        if label in _NER_TYPES:
            result.append(Mention(text[start:end], start, end, "name", _NER_TYPES[label],
                                  found.head if found is not None and found.head
                                  else text[start:end],
                                  found.gender if found is not None else ""))
        elif found is not None:
            result.append(found)
    return tuple(sorted(result, key=lambda m: (m.start, m.end)))


def _head_end(mention: Mention) -> int:
    """Where the bare name of ``mention`` ends (its own end where it has none)."""
    at = mention.text.rfind(mention.head) if mention.head else -1
    return mention.start + at + len(mention.head) if at >= 0 else mention.end


def _chains(text: str, stanza_doc: Any,
            word_spans: Sequence[Sequence[tuple[int, int]]]) -> Iterator[CorefChain]:
    """stanza's coreference chains (``doc.coref``, stanza ≥ 1.7 with a coref processor)."""
    for chain in getattr(stanza_doc, "coref", None) or ():
        spans: list[Span | None] = []
        for mention in chain.mentions:
            first, stop = mention.start_word, mention.end_word
            if not isinstance(first, int) or not isinstance(stop, int) or stop <= first:
                spans.append(None)  # a zero anaphor: no words of its own
                continue
            words = word_spans[mention.sentence]
            start, end = words[first][0], words[stop - 1][1]
            spans.append(Span(text[start:end], start, end))
        surface = [s for s in spans if s is not None]
        if not surface:
            continue
        index = chain.representative_index
        representative = spans[index] if isinstance(index, int) else None
        if representative is None:
            representative = max(surface, key=lambda s: s.end - s.start)
        yield CorefChain(representative, tuple(surface))


def conllu_document(conllu: str) -> Any:
    """A stanza Document, with its text, from CoNLL-U whose tokens carry
    ``start_char``/``end_char`` in MISC and whose sentences have ``# text``.

    The text is laid out from the sentences' texts at their offsets, with a line break
    before a ``# newpar`` sentence and a space elsewhere; NER tags (``ner=`` in MISC) are
    grouped into ``doc.ents``. No model is needed: this is how the tests and the docs
    build stanza's records.
    """
    from stanza.utils.conll import CoNLL

    stanza_doc = CoNLL.conll2doc(input_str=conllu)
    pieces: list[str] = []
    at = 0
    for number, sentence in enumerate(stanza_doc.sentences):
        said = sentence.text
        start = sentence.tokens[0].start_char if sentence.tokens else None
        if said is None or start is None or start < at:
            raise ValueError(
                f"CoNLL-U sentence {number + 1} needs a '# text = …' comment and "
                "start_char=…|end_char=… in the MISC of its tokens, in text order"
            )
        paragraph = number > 0 and any(c.lstrip("# ").startswith("newpar")
                                       for c in sentence.comments)
        pieces.append(("\n" if paragraph else " ") * (start - at))
        pieces.append(said)
        at = start + len(said)
    stanza_doc.text = "".join(pieces)
    stanza_doc.build_ents()
    return stanza_doc
