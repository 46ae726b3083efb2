"""Annotator backends: turn an Article into a Document of paragraphs, sentences,
tokens and name mentions.

Backends are found by built-in name (``rules``, the embedded default; ``stanza``, which
needs the ``stanza`` extra and stanza's English models, loaded on first use; ``spacy``,
which needs the ``spacy`` extra and a spaCy English pipeline) or through the
``quoteattr.annotators`` entry-point group, so a third party can add one.

>>> get_annotator("rules").name
'rules'
>>> {"stanza", "spacy"} <= set(available_backends())
True
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

from quoteattr.model import Article, Document

__all__ = ["Annotator", "available_backends", "get_annotator"]

_BUILTIN = ("rules", "spacy", "stanza")


@runtime_checkable
class Annotator(Protocol):
    """What every backend provides."""

    name: str
    #: what the backend's documents carry beyond tokens and names: "parse" (a dependency
    #: parse), "coref" (coreference chains); attribution sieves declare what they need
    provides: frozenset[str]

    def annotate(self, article: Article) -> Document: ...


def available_backends() -> list[str]:
    """Built-in backend names and those registered by installed packages."""
    names = set(_BUILTIN)
    names.update(ep.name for ep in entry_points(group="quoteattr.annotators"))
    return sorted(names)


def get_annotator(name: str = "rules") -> Annotator:
    """The annotator called ``name``; a ValueError lists the accepted names.

    ``stanza`` raises StanzaNotInstalledError (an ImportError) where the stanza package is
    missing; its models are looked for only when it first annotates. ``spacy`` likewise
    raises SpacyNotInstalledError without the spacy package, and loads its pipeline
    (``$QUOTEATTR_SPACY_MODEL``, else ``en_core_web_sm``) when it first annotates.
    """
    if not isinstance(name, str):
        raise TypeError(f"backend must be a str, not {type(name).__name__}")
    if name == "rules":
        from quoteattr.annotate.rules import RulesAnnotator

        return RulesAnnotator()
    if name == "stanza":
        from quoteattr.annotate.stanza import StanzaAnnotator

        return StanzaAnnotator()
    if name == "spacy":
        from quoteattr.annotate.spacy import SpacyAnnotator

        return SpacyAnnotator()
    for ep in entry_points(group="quoteattr.annotators", name=name):
        factory = ep.load()
        annotator: Annotator = factory()
        return annotator
    raise ValueError(
        f"unknown backend {name!r}; accepted: {', '.join(available_backends())}"
    )
