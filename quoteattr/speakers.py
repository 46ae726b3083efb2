"""Speaker attribution: who said each quote, with the evidence.

Attribution is a sequence of *sieves*, each a public function tried in a configurable
order (as CoreNLP's quote sieves are), over a public :class:`Context`. Two kinds:

*Locating sieves* ``(context, quote) -> Located | None`` pick the reporting event (a
:class:`~quoteattr.model.Cue` of the cue stage) that attributes the quote, and with it the
words that name its subject:

- :func:`reported_cue` — the cue whose content the quote is ("Peskov said …", "according
  to X");
- :func:`trailing_cue` — a cue after the quote: “Q,” Putin said. / “Q,” said X. / a signature
  “Q” ― Marta Ilves;
- :func:`leading_cue` — a cue before it: X said: “Q” / X praised their “Q”;
- :func:`parsed_clause` — where the text was parsed, a quote with no cue inside a clause:
  the subject of the nearest verb above its words ("The crew cited “leaking pipes”");
- :func:`colon_lead` — a colon after the speaker: Ann Ruiz: “Q” / a paragraph ending
  "Cruz continued:" before the quote's;
- :func:`prior_cue` — a quote after a sentence that ends in a cue reporting nothing of its
  own: Ann Ruiz agreed. “Q”;
- :func:`continuation` — a floating quote with no cue takes the speaker of the quote before
  it, or of a person introduced as a sentence's subject since, who takes the floor;
- :func:`clause_subject` — quoted words with no cue in a sentence a speaker opens: its
  subject ("Ann Ruiz offered “my thoughts and prayers”").

*Resolving sieves* ``(context, span, quote) -> Resolved | None`` turn those words into a
speaker: :func:`by_coref` (needs coreference), :func:`by_pronoun`, :func:`by_name`,
:func:`by_document`, :func:`by_role`, :func:`by_epithet`, :func:`by_place`, :func:`by_phrase`,
:func:`by_subject` (needs a parse).

``attribute(doc, quotes, sieves=[...])`` takes the order as a list of names (``SIEVES``
lists them all); a sieve that needs a dependency parse declares it, and
:func:`check_sieves` refuses it for a backend that makes none. Attribution is a pure
function of the document, its cues and its quotes: nothing is learned or registered on the
way, records are built with ``attrs.evolve``, and what a quote takes from the quotes before
it is the last confident attribution (for continuation and pronouns) and what earlier
"he"/"she" attributions showed of speakers' gender.

>>> from quoteattr import extract
>>> [(q.text, q.attribution.speaker.name, q.attribution.sieve)
...  for q in extract('Russian President Vladimir Putin spoke. "We won," he said.')]
[('We won,', 'Vladimir Putin', 'trailing_cue+pronoun')]
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from typing import Any, Literal, NamedTuple, TypeVar

import attrs
import regex

from quoteattr import lexicon
from quoteattr.cues import find_cues, parsed_subject
from quoteattr.entities import ArticleEntities, Entity, article_entities
from quoteattr.lexicon import sources
from quoteattr.marks import MARKS
from quoteattr.model import (
    Attribution,
    Cue,
    Document,
    Gender,
    Mention,
    Quote,
    Sentence,
    Span,
    Speaker,
    SpeakerType,
)
from quoteattr.syntax import Tree

__all__ = [
    "DEFAULT_SIEVES",
    "SIEVES",
    "Context",
    "Located",
    "Previous",
    "Resolved",
    "Sieve",
    "attribute",
    "by_coref",
    "by_document",
    "by_epithet",
    "by_name",
    "by_phrase",
    "by_place",
    "by_pronoun",
    "by_role",
    "by_subject",
    "check_sieves",
    "clause_subject",
    "colon_lead",
    "continuation",
    "leading_cue",
    "parsed_clause",
    "parsed_prior",
    "prior_cue",
    "register_sieve",
    "reported_cue",
    "trailing_cue",
]


class Located(NamedTuple):
    """Where a locating sieve found the cue and the words that name the subject."""

    cue: Span | None
    subject: tuple[int, int] | None  # character span of the subject words
    sieve: str
    # The cue and subject lie in a sentence before the quote, which has no words of its own
    # naming its speaker ("“A,” he said. “B.”"): B's speaker is found, and its mention and
    # cue stay empty, as for any floating quote (continuation).
    floating: bool = False


class Resolved(NamedTuple):
    speaker: Speaker
    mention: Span
    how: str
    entity: Entity | None


@attrs.frozen
class Previous:
    """The last confident attribution before a quote: what continuation and pronouns read."""

    quote: Quote
    resolved: Resolved
    confidence: float


@attrs.frozen
class Context:
    """What the sieves of one article read: the document, its reporting events, its
    speakers, and the last confident attribution before the quote at hand (``previous``).
    Made once per article with :meth:`of`; a sieve never changes it."""

    doc: Document
    cues: tuple[Cue, ...]
    entities: ArticleEntities
    tree: Tree | None  # the dependency parse, where the backend made one
    quoted: tuple[tuple[int, int], ...]  # spans inside quote marks: names there are no subjects
    previous: Previous | None = None
    # what earlier attributions showed of speakers' gender ("…,” she said): name → gender
    genders: Mapping[str, str] = attrs.field(factory=dict)
    _cue_at: dict[int, Cue] = attrs.field(factory=dict, eq=False, repr=False)
    # the role index, made when a sieve first asks (most articles never need it); shared
    # by the copies that ``previous`` makes, which read the same document
    _roles: list[list[tuple[Entity, frozenset[str], str]]] = attrs.field(
        factory=list, eq=False, repr=False)
    _chains: dict[tuple[int, int], Span] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def of(cls, doc: Document, quotes: Sequence[Quote],
           cues: Sequence[Cue] | None = None) -> Context:
        """The context of ``doc`` (its cues found here when not given)."""
        cues = tuple(find_cues(doc) if cues is None else cues)
        entities = article_entities(doc)
        return cls(
            doc, cues, entities, Tree.of(doc),
            tuple(sorted((f.start, f.end) for q in quotes if q.kind != "indirect"
                         for f in q.fragments)),
            cue_at={cue.start: cue for cue in cues},
            chains={(m.start, m.end): chain.representative
                    for chain in doc.chains for m in chain.mentions},
        )

    def after(self, previous: Previous, genders: Mapping[str, str]) -> Context:
        """This context with a new ``previous`` attribution and what is known of genders
        (what :func:`attrs.evolve` makes, without its per-field look-ups: once a quote)."""
        return Context(self.doc, self.cues, self.entities, self.tree, self.quoted, previous,
                       genders, cue_at=self._cue_at, roles=self._roles, chains=self._chains)

    @property
    def text(self) -> str:
        return self.doc.text

    def cue_at(self, start: int) -> Cue | None:
        """The reporting event whose cue starts at character ``start``, if any."""
        return self._cue_at.get(start)

    def sentence_index(self, at: int) -> int:
        return self.doc.sentence_index(at)

    def sentence(self, at: int) -> Sentence:
        return self.doc.sentence_at(at)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return self.doc.mentions_in(start, end)

    def words(self, start: int, end: int) -> list[tuple[str, int, int]]:
        return self.doc.words(start, end)

    def role_index(self) -> list[tuple[Entity, frozenset[str], str]]:
        """Every role phrase the article gives a person — titles ("Chief of the General
        Staff … Valery Gerasimov") and appositions ("the head of …, Valery Gerasimov") —
        with its words and its country."""
        if not self._roles:
            self._roles.append(list(_role_index(self)))
        return self._roles[0]

    def representative(self, mention: Span) -> Span | None:
        """The fullest mention of the coreference chain ``mention`` is in, if any."""
        found = self._chains.get((mention.start, mention.end))
        return None if found == mention else found

    def inside_quote(self, at: int) -> bool:
        i = bisect.bisect_right(self.quoted, (at, len(self.text))) - 1
        return i >= 0 and self.quoted[i][0] <= at < self.quoted[i][1]


def _role_index(context: Context) -> Iterable[tuple[Entity, frozenset[str], str]]:
    for entity in context.entities.entities:
        if entity.type != "person":
            continue
        for alias in {*entity.aliases, *_appositions(context, entity)}:
            words = frozenset(_role_words(alias))
            if any(lexicon.is_role(w) for w in words):
                yield entity, words, _owner(alias)


# --- the registry --------------------------------------------------------------------------

Locator = Callable[[Context, Quote], "Located | None"]
Resolver = Callable[[Context, tuple[int, int], Quote], "Resolved | None"]


@attrs.frozen
class Sieve:
    """A named sieve: ``kind`` says whether it locates a cue or resolves a speaker; a sieve
    that ``needs`` a dependency parse ("parse") or coreference ("coref") declares it."""

    name: str
    kind: Literal["locate", "resolve"]
    function: Callable[..., Any]
    needs: frozenset[str] = frozenset()


SIEVES: dict[str, Sieve] = {}


_F = TypeVar("_F", bound=Callable[..., Any])


def register_sieve(name: str, kind: Literal["locate", "resolve"],
                   function: Callable[..., Any], *, needs: Iterable[str] = ()) -> Sieve:
    """Add a sieve to the registry under ``name`` (or replace the one of that name), so that
    ``attribute(…, sieves=[…, name])`` can try it. A locating sieve is called as
    ``function(context, quote)``, a resolving one as ``function(context, span, quote)``."""
    if kind not in ("locate", "resolve"):
        raise ValueError(f"kind must be 'locate' or 'resolve', not {kind!r}")
    if not callable(function):
        raise TypeError(f"function must be callable, not {type(function).__name__}")
    sieve = Sieve(name, kind, function, frozenset(needs))
    SIEVES[name] = sieve
    return sieve


def _register(kind: Literal["locate", "resolve"], *needs: str) -> Callable[[_F], _F]:
    def add(function: _F) -> _F:
        register_sieve(function.__name__, kind, function, needs=needs)
        return function
    return add


def check_sieves(names: Iterable[str], *, provides: Iterable[str] = ()) -> tuple[Sieve, ...]:
    """The sieves called ``names``, in that order, checked against what the annotator
    ``provides`` ("parse", "coref"): an unknown name or an unmet need is a ValueError.

    >>> [s.name for s in check_sieves(["trailing_cue", "by_name"])]
    ['trailing_cue', 'by_name']
    >>> check_sieves(["by_guess"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown sieve 'by_guess'; known: reported_cue, trailing_cue, ...
    """
    if isinstance(names, str):
        raise TypeError("sieves must be a list of sieve names, not a str")
    available = frozenset(provides)
    chosen = []
    for name in names:
        if name not in SIEVES:
            raise ValueError(f"unknown sieve {name!r}; known: {', '.join(SIEVES)}")
        sieve = SIEVES[name]
        missing = sieve.needs - available
        if missing:
            raise ValueError(f"sieve {name!r} needs {', '.join(sorted(missing))}, which this "
                             f"backend does not provide")
        chosen.append(sieve)
    return tuple(chosen)


def attribute(doc: Document, quotes: Sequence[Quote], *, cues: Sequence[Cue] | None = None,
              sieves: Iterable[str] | None = None) -> list[Quote]:
    """``quotes`` with their attribution; a quote with no credible speaker keeps ``None``.

    ``cues`` are the document's reporting events (found here when not given); ``sieves``
    the names of the sieves to try, in order (when not given, ``DEFAULT_SIEVES`` less those
    that need what the document's backend did not make). A sieve named here whose needs
    the document does not meet is a ValueError.
    """
    if not isinstance(doc, Document):
        raise TypeError(f"doc must be a Document, not {type(doc).__name__}")
    if not quotes:
        return []
    provides = {"parse"} if doc.parsed else set()
    if doc.chains:
        provides.add("coref")
    if sieves is None:
        # the default order, less the sieves whose needs this document does not meet
        sieves = [name for name in DEFAULT_SIEVES if SIEVES[name].needs <= provides]
    chosen = check_sieves(sieves, provides=provides)
    locators: list[Locator] = [s.function for s in chosen if s.kind == "locate"]
    resolvers: list[Resolver] = [s.function for s in chosen if s.kind == "resolve"]
    context = Context.of(doc, quotes, cues)
    own: list[Attribution | None] = []
    for quote in quotes:
        if quote.kind == "scare":
            own.append(None)
            continue
        attribution, resolved = _attribute_one(context, quote, locators, resolvers)
        own.append(attribution)
        if (attribution is not None and resolved is not None
                and attribution.confidence >= _FEEDS):
            # Only a confident attribution feeds the quotes after it.
            context = context.after(Previous(quote, resolved, attribution.confidence),
                                    _shown_gender(context.genders, resolved))
    # The spans of one utterance share one speaker: the first found from a cue of the
    # utterance's own (“A,” he said, “B.”, or a cue after the last paragraph), else the
    # first found at all; the other spans share it (speaker, mention and cue).
    chosen_by_group: dict[str, Attribution] = {}
    for quote, attribution in zip(quotes, own, strict=True):
        best = chosen_by_group.get(quote.group)
        if attribution is not None and (best is None or (
                best.sieve == "continuation" and attribution.sieve != "continuation")):
            chosen_by_group[quote.group] = attribution
    result = []
    for quote, attribution in zip(quotes, own, strict=True):
        best = chosen_by_group.get(quote.group)
        if best is not None and best is not attribution and quote.kind != "scare":
            attribution = _shared(best)
        if attribution is not None:
            quote = attrs.evolve(quote, attribution=attribution)
        result.append(quote)
    return result


def _shared(attribution: Attribution) -> Attribution:
    """The attribution of a later span of an utterance: the same speaker, mention and cue
    (in “A,” he said, “B.” the words that name B's speaker are "he", between the spans)."""
    return attrs.evolve(attribution, sieve="group")


def _attribute_one(context: Context, quote: Quote, locators: Sequence[Locator],
                   resolvers: Sequence[Resolver]) -> tuple[Attribution | None, Resolved | None]:
    for locate in locators:
        located = locate(context, quote)
        if located is None:
            continue
        if located.sieve == "continuation":
            return _continued(context, quote, resolvers)
        if located.subject is None:
            continue
        resolved = _resolve(context, located.subject, quote, resolvers)
        if resolved is None:
            continue
        # (a sieve added with register_sieve has not been calibrated: a modest default)
        confidence = round(_LOCATE_CONFIDENCE.get(located.sieve, _UNCALIBRATED)
                           * _RESOLVE_CONFIDENCE.get(resolved.how, _UNCALIBRATED), 3)
        cue = None if located.cue is None else Span(located.cue.text, located.cue.start,
                                                    located.cue.end)
        if (isinstance(located.cue, Cue) and located.cue.relative is not None
                and located.subject[0] <= resolved.mention.start < located.subject[1]):
            # "Ilse Brandt, who said …": the words nearest the quote that name the speaker
            # are the relative pronoun, as "he" in "he said"
            resolved = resolved._replace(mention=located.cue.relative)
        if located.floating:
            return Attribution(resolved.speaker, None, None, f"{located.sieve}+{resolved.how}",
                               confidence), resolved
        return Attribution(resolved.speaker, resolved.mention, cue,
                           f"{located.sieve}+{resolved.how}", confidence), resolved
    return None, None


# --- locating sieves -----------------------------------------------------------------------


@_register("locate")
def reported_cue(context: Context, quote: Quote) -> Located | None:
    """The cue whose content the quote is (reported speech)."""
    if quote.cue is None:
        return None
    subject = quote.cue.subject
    return Located(quote.cue, None if subject is None else (subject.start, subject.end),
                   "reported_cue")


@_register("locate")
def trailing_cue(context: Context, quote: Quote) -> Located | None:
    """“Q,” Putin said. / “Q,” said X. / “Q,” Putin told Gerasimov. / “Q” Trump posted."""
    if quote.kind not in ("direct", "partial") or len(quote.marks) < 2:
        return None
    text = context.text
    mark = quote.marks[-1]
    if text[quote.end:mark.start].strip():
        return None  # the quote's content goes on past its last quoted words
    close = mark.end - 1
    # Read to the end of the attribution, also past a sentence split at the closing mark
    # ('… war!" Trump posted.').
    after = close + 1
    while after < len(text) and text[after] in " \t":
        after += 1
    if after >= len(text) or text[after] in "\n\r":
        return None
    sentence = context.sentence(after)
    words = context.words(close + 1, max(close + 1, min(sentence.end, close + _REACH)))
    signed = _signature(context, words)
    if signed is not None:
        return signed
    if words and words[0][0] in {",", "?", "!", "—", "–"}:
        words = words[1:]
    # (not "… opposes “A” and recalled …": the same subject's verb)
    new_clause = len(words) > 1 and words[0][0] in {"and", "but"} and (
        not words[1][0].islower() or words[1][0] in _SUBJECT_OPENERS)
    if words and (cue := context.cue_at(words[0][1])) is not None and (
            cue.reports == "according" and cue.subject is not None
            and _names_a_source(cue.subject.text)):
        return Located(cue, _subject(cue), "trailing_cue")  # “Q,” according to X.
    depth = 0  # inside a parenthesis ("Rep. Ann Lee (D-Md.) said"), a stop ends nothing
    for word, start, end in words[:_ATTRIBUTION_WORDS]:
        depth += (word == "(") - (word == ")")
        if word in MARKS or (word in {".", ";", ":"} and depth <= 0
                             and not (word == "." and text.startswith(",", end))):
            return None  # (not the full stop of an abbreviation: "Sen. Tom Rix, R-Fla., said")
        cue = context.cue_at(start)
        # (a verb that frames words attributes a question or an exclamation: “…?” he asked)
        if cue is not None and cue.reports != "according" and (
                cue.reports != "frame" or quote.text.rstrip()[-1:] in ("?", "!")):
            if new_clause and cue.content and not any(
                    c.start < quote.end and quote.start < c.end for c in cue.content):
                return None  # “A” and 14 percent said “B”: the cue reports other words
            if sentence.start > close and (cue.content or _introduces_quote(
                    context, cue.end, sentence.end)):
                # a new sentence that reports content of its own: “Open the gates.” The
                # agency said the city had …; or that introduces a quote of its own after
                # a colon ("… had this to say: “…”")
                return None
            return Located(cue, _subject(cue), "trailing_cue")
    return None


def _names_a_source(phrase: str) -> bool:
    """Does ``phrase`` name who could have said something: a name, a role or a document
    ("Lee", "her lawyers", "a statement from Lee's office"; not "their instinctive
    preference")?"""
    words = phrase.split()
    return any(w[:1].isupper() for w in words) or lexicon.role_headed(
        [w.lower() for w in words if w.lower() not in _DETERMINERS]) or any(
        w.lower() in lexicon.documents() or w.lower().removesuffix("s") in lexicon.documents()
        for w in words)


# Words that open a subject (and so a clause of its own after "and").
_SUBJECT_OPENERS = lexicon.word_class("determiners") | lexicon.word_class("subject_pronouns")


def _introduces_quote(context: Context, start: int, end: int) -> bool:
    """Does a colon and a quote mark follow, between ``start`` and ``end``?"""
    words = [w[0] for w in context.words(start, min(end, start + _REACH))]
    return any(a == ":" and b in MARKS for a, b in itertools.pairwise(words))


def _subject(cue: Cue) -> tuple[int, int] | None:
    return None if cue.subject is None else (cue.subject.start, cue.subject.end)


@_register("locate")
def leading_cue(context: Context, quote: Quote) -> Located | None:
    """X said: “Q” / X said, “Q” / X praised their “Q” (the nearest cue before it)."""
    if quote.kind not in ("direct", "partial") or not quote.marks:
        return None
    open_at = quote.marks[0].start
    sentence = context.sentence(max(0, open_at))
    words = context.words(max(sentence.start, open_at - _REACH), max(sentence.start, open_at))
    for i in range(len(words) - 1, max(-1, len(words) - 16), -1):
        word, start, _ = words[i]
        if word in MARKS and i < len(words) - 1:
            return None  # another quote stands between
        cue = context.cue_at(start)
        if cue is not None:  # (also "According to the paper, “…”")
            return Located(cue, _subject(cue), "leading_cue")
    return None


@_register("locate")
def colon_lead(context: Context, quote: Quote) -> Located | None:
    """A quote after a colon that follows its speaker: "Republican pollster Ann Ruiz:
    “…”", a headline "Reid: ‘…’", or a paragraph that ends "Cruz continued:" before the
    paragraph the quote opens."""
    if quote.kind not in ("direct", "partial") or not quote.marks:
        return None
    text = context.text
    at = quote.marks[0].start
    while at > 0 and text[at - 1].isspace():
        at -= 1
    if at == 0 or text[at - 1] != ":":
        return None
    colon = at - 1
    sentence = context.sentence(colon)
    words = context.words(max(sentence.start, colon - _REACH), colon)
    if not words:
        return None
    for word, start, _ in reversed(words):
        if word in MARKS:
            break  # (a quote before the colon has its own attribution)
        cue = context.cue_at(start)
        if cue is not None and cue.reports != "according":
            return Located(cue, _subject(cue), "colon_lead")
    names = [m for m in context.mentions_in(words[0][1], colon)
             if m.kind == "name" and not context.inside_quote(m.start)]
    if names and names[-1].end == words[-1][2]:
        return Located(None, (names[-1].start, names[-1].end), "colon_lead")
    if names and _opens_sentence(context, names[0]):
        # "The Clinton campaign, in a Q&A, worded it more carefully: “…”": the subject
        return Located(None, (names[0].start, names[0].end), "colon_lead")
    subject = _opening_subject(context, colon)
    if subject is not None:  # "But back home, he returned to his familiar lines: “…”"
        return Located(None, subject, "colon_lead")
    return None


@_register("locate", "parse")
def parsed_clause(context: Context, quote: Quote) -> Located | None:
    """Where the text was parsed, a quote with no reporting cue inside a clause: the
    subject of the nearest verb above its words that is not in the quote ("The crew cited
    “leaking pipes”", "Ortiz lamented that the “danger” came from …")."""
    tree = context.tree
    if tree is None or quote.kind not in ("direct", "partial"):
        return None
    fragment = quote.fragments[0] if quote.fragments else quote
    node = tree.at(fragment.start)
    for _ in range(_CLIMB):
        node = tree.head(node) if node is not None else None
        if node is None:
            return _inverted(context, tree, fragment)
        token = tree.tokens[node]
        if fragment.start <= token.start < fragment.end:
            # "As Ilves put it: “…”", "As the band sang, “…”": the clause before the quote
            framing = [c for c in tree.dependents(node, "advcl")
                       if tree.tokens[c].end <= fragment.start and any(
                           tree.tokens[m].text.lower() == "as"
                           for m in tree.dependents(c, "mark"))]
            if framing:
                node = framing[0]
                token = tree.tokens[node]
        if (token.upos not in ("VERB", "AUX") or fragment.start <= token.start < fragment.end
                or _embedded(tree, node)):
            continue  # (a clause inside the content of a verb or a noun above: its subject
            # is not the speaker, in "X asserted that the only answer must be “…”", "X
            # voiced hope that the ferry would become “…”")
        verb = Span(token.text, token.start, token.end)
        subject = parsed_subject(tree, verb)
        if subject is not None and not (subject[0] < fragment.end and fragment.start < subject[1]):
            return Located(verb, subject, "parsed_clause")
    return None


_CLIMB = 8  # heads climbed from a quote's first word to the verb of its clause


def _inverted(context: Context, tree: Tree, fragment: Span | Quote) -> Located | None:
    """The attribution the parse hung from the quote's own verb ("“Let me help you out,”
    the nominee teased": "teased" a clause of "let"): a verb outside the quote, right after
    it, with a subject."""
    node = tree.at(fragment.start)
    for _ in range(_CLIMB):
        head = tree.head(node) if node is not None else None
        if head is None or not fragment.start <= tree.tokens[head].start < fragment.end:
            break
        node = head
    if node is None or not fragment.start <= tree.tokens[node].start < fragment.end:
        return None
    after = bisect.bisect_left(tree.starts, fragment.end)
    for clause in tree.dependents(node, "ccomp", "parataxis"):
        token = tree.tokens[clause]
        if (token.upos != "VERB" or clause < after or context.inside_quote(token.start)
                or min(tree.subtree(clause)) > after + _INVERTED_GAP):
            continue
        verb = Span(token.text, token.start, token.end)
        subject = parsed_subject(tree, verb)
        if subject is not None and subject[0] >= fragment.end:
            return Located(verb, subject, "parsed_clause")
    return None


# Tokens between a quote's words and the attribution after it: its comma and closing mark.
_INVERTED_GAP = 3


def _embedded(tree: Tree, node: int) -> bool:
    """Is the clause of ``node`` inside a clausal complement (of a verb, "said that …") or
    a clause about a noun ("hope that …", "a claim that …") above it?"""
    for _ in range(_CLIMB):
        head = tree.head(node)
        if head is None:
            return False
        if tree.tokens[node].deprel in ("ccomp", "acl"):
            return True
        node = head
    return False


@_register("locate", "parse")
def parsed_prior(context: Context, quote: Quote) -> Located | None:
    """Where the text was parsed, a quote that opens the sentence after “A,” X said. (or
    "A, X said.") in the same paragraph: the last reporting verb of that sentence that the
    parse shows reporting words (a clausal complement, or a dependent in quote marks), and
    that verb's subject, who speaks B. B has no words of its own naming its speaker: like
    any floating quote it is given no mention and no cue (GGT's reading; PolNeAR would give
    it "X"). Also a partial quote whose sentence has no verb outside quote marks ("But
    “B.”")."""
    tree = context.tree
    if (tree is None or quote.kind not in ("direct", "partial") or not quote.marks
            or not context.doc.sentences):
        return None
    open_at = quote.marks[0].start
    index = context.sentence_index(open_at)
    sentences = context.doc.sentences
    here = sentences[index]
    words = [tree.tokens[i] for i in range(bisect.bisect_left(tree.starts, here.start),
                                            bisect.bisect_left(tree.starts, here.end))]
    if index == 0 or sentences[index - 1].paragraph != here.paragraph or any(
            w.upos in ("VERB", "AUX") and not context.inside_quote(w.start) for w in words):
        return None  # (the quote's sentence says something of its own outside the quote)
    before = sentences[index - 1]
    for i in reversed(range(bisect.bisect_left(tree.starts, before.start),
                            bisect.bisect_left(tree.starts, before.end))):
        token = tree.tokens[i]
        cue = context.cue_at(token.start)
        if cue is None and _frames_quote(context, tree, i):
            verb = Span(token.text, token.start, token.end)
            return Located(verb, parsed_subject(tree, verb), "parsed_prior", floating=True)
        if cue is None or cue.reports == "according" or context.inside_quote(token.start):
            continue
        if tree.dependents(i, "ccomp", "parataxis", "discourse") or any(
                context.inside_quote(tree.tokens[c].start) for c in tree.children[i]):
            return Located(cue, _subject(cue), "parsed_prior", floating=True)
    return None


def _frames_quote(context: Context, tree: Tree, verb: int) -> bool:
    """Is ``verb``, no reporting verb of the lexicon, outside quote marks with a clause in
    them hung from it ("“A,” the nominee *teased* on the answer")? Who speaks the quote
    then speaks the one after it."""
    head = tree.head(verb)
    return (tree.tokens[verb].upos == "VERB" and not context.inside_quote(tree.tokens[verb].start)
            and (any(context.inside_quote(tree.tokens[c].start)
                     for c in tree.dependents(verb, "ccomp", "parataxis"))
                 # (or the parse hung it from the quote's verb: "“A,” X teased")
                 or (head is not None and tree.relation(verb) in ("ccomp", "parataxis")
                     and context.inside_quote(tree.tokens[head].start))))


@_register("locate")
def prior_cue(context: Context, quote: Quote) -> Located | None:
    """A quote that opens its sentence after one that ends in a cue reporting nothing of its
    own: "Ann Ruiz agreed. “…”", "Boyle asked Trump. “…?”"."""
    if quote.kind != "direct" or not quote.marks:
        return None
    index = context.sentence_index(quote.marks[0].start)
    sentence = context.doc.sentences[index] if context.doc.sentences else None
    if sentence is None or index == 0 or sentence.start < quote.marks[0].start:
        return None
    before = context.doc.sentences[index - 1]
    words = context.words(before.start, before.end)
    for k in range(len(words) - 1, max(-1, len(words) - 8), -1):
        word, start, _ = words[k]
        if word in MARKS:
            return None
        cue = context.cue_at(start)
        # (not a cue that only attributes after a quote: "The talks went on. “…”")
        if cue is not None and not cue.content and cue.reports not in ("according", "after"):
            return Located(cue, _subject(cue), "prior_cue")
    return None


@_register("locate")
def clause_subject(context: Context, quote: Quote) -> Located | None:
    """Quoted words with no cue of their own inside a sentence that a speaker opens: the
    subject ("Ann Ruiz offered “my thoughts and prayers” to the families", "On Monday, she
    signed a pledge to stay “neutral”"), with a low confidence."""
    if quote.kind != "partial" or quote.cue is not None or not quote.marks:
        return None
    open_at = quote.marks[0].start
    previous = context.previous
    if (previous is not None and previous.quote.end <= open_at
            and context.sentence_index(previous.quote.end - 1) == context.sentence_index(open_at)
            and previous.resolved.mention.end <= open_at):
        # "He vowed to “continue the fight” and to “take our fight …”": the quoted words
        # before in the sentence have found their speaker, and these are the same report's
        mention = previous.resolved.mention
        return Located(None, (mention.start, mention.end), "clause_subject")
    subject = _opening_subject(context, open_at)
    return None if subject is None else Located(None, subject, "clause_subject")


def _opening_subject(context: Context, at: int) -> tuple[int, int] | None:
    """The subject that opens the sentence of ``at`` and whose verb follows it, before
    ``at``: a pronoun or the name of a person or an organisation, after a conjunction and
    an opening adverbial ("But on Monday, she signed …"); not "Ann Ruiz, the mayor, …"."""
    sentence = context.sentence(at)
    if at - sentence.start > _REACH:
        return None  # (too far for an attribution; and a long sentence is read in bounds)
    words = context.words(sentence.start, at)
    while words and words[0][0].lower() in _CLAUSE_OPENERS:
        words = words[1:]  # "But", "And"
    comma = next((i for i, w in enumerate(words[:_SETTING_WORDS]) if w[0] == ","), None)
    if comma is not None and (words[0][0].lower() in _OPENERS or (
            comma + 1 < len(words) and words[comma + 1][0].lower() in _SUBJECT_PRONOUNS)):
        words = words[comma + 1:]  # "On Monday, …", "In a speech, …", "Back home, he …"
    if len(words) < 2 or len(words) > _ATTRIBUTION_WORDS or any(w[0] in MARKS for w in words):
        return None
    if words[0][0] == "The" and len(words) > 2 and words[1][0][:1].isupper():
        words = words[1:]  # "The Washington Post recently ran …"
    first = words[0]
    if first[0].lower() in _SUBJECT_PRONOUNS:
        subject = (first[1], first[2])
        rest = 1
    else:
        names = [m for m in context.mentions_in(first[1], words[-1][2])
                 if m.kind == "name" and m.start == first[1]]
        entity = context.entities.of(names[0]) if names else None
        if entity is None or entity.type not in ("person", "organization"):
            return None
        subject = (names[0].start, names[0].end)
        rest = next((i for i, w in enumerate(words) if w[1] >= names[0].end), len(words))
    # the subject's verb follows it, or a colon after a name ("Ryan: Images Have ‘No …’"),
    # not a role the name qualifies ("The Clinton campaign worded it …")
    if rest >= len(words) or lexicon.is_role(words[rest][0]) or not (
            (words[rest][0].islower() and words[rest][0].isalpha())
            or (words[rest][0] == ":" and first[0].lower() not in _SUBJECT_PRONOUNS)):
        return None
    return subject


_CLAUSE_OPENERS = frozenset({"but", "and", "so", "yet", "still", "then"})
_OPENERS = lexicon.word_class("openers")
_SUBJECT_PRONOUNS = lexicon.word_class("subject_pronouns") - {"who", "it", "you"}
_SETTING_WORDS = 8  # how long an opening adverbial may run to its comma ("In a speech,")


@_register("locate")
def continuation(context: Context, quote: Quote) -> Located | None:
    """A floating quote: no cue of its own (the speaker comes from the quote before)."""
    if quote.kind != "direct":
        return None
    return Located(None, None, "continuation")


def _continued(context: Context, quote: Quote,
               resolvers: Sequence[Resolver]) -> tuple[Attribution | None, Resolved | None]:
    previous = context.previous
    if previous is None or (context.sentence_index(quote.start)
                            - context.sentence_index(previous.quote.end)
                            > _CONTINUATION_SENTENCES):
        return _introduced(context, quote)
    before, resolved = previous.quote, previous.resolved
    # A name between the two quotes may have taken the floor; not one in the attribution
    # of the quote before ("…,” Obama said at a dinner where Clinton also spoke. “…”).
    floor = before.end
    if resolved.mention.start >= before.end:
        floor = max(floor, context.sentence(resolved.mention.start).end)
    between = [m for m in context.mentions_in(floor, quote.start)
               if m.kind == "name" and not context.inside_quote(m.start)
               and (entity := context.entities.of(m)) is not None and entity.type == "person"]
    # A person introduced as the subject of a sentence in between takes the floor ("Jones,
    # the mayor, disagreed. “…”"); one named only in passing leaves it to no one.
    openers = [m for m in between if _opens_sentence(context, m)]
    last = context.entities.of(openers[-1]) if openers else None
    if last is not None and last is not resolved.entity:
        confidence = round(previous.confidence * _CONTINUATION * _FLOOR, 3)
        taken = Resolved(last.speaker(), _span(context.text, openers[-1].start,
                                               openers[-1].end), "name", last)
        return Attribution(last.speaker(), None, None, "continuation", confidence), taken
    if not openers and between and context.entities.of(between[-1]) is not resolved.entity:
        return None, None
    confidence = round(previous.confidence * _CONTINUATION, 3)
    # No words of its own name the speaker of a floating quote: the mention stays empty.
    return Attribution(resolved.speaker, None, None, "continuation", confidence), resolved


def _introduced(context: Context,
                quote: Quote) -> tuple[Attribution | None, Resolved | None]:
    """A floating quote with no quote before it: the person who opens the sentence just
    before it has the floor ("Ann Ruiz backs the plan. “It works.”"), with a low confidence;
    else no one."""
    index = context.sentence_index(quote.start)
    if index == 0:
        return None, None
    sentence = context.doc.sentences[index - 1]
    names = [m for m in context.mentions_in(sentence.start, sentence.end)
             if m.kind == "name" and not context.inside_quote(m.start)]
    if not names or not _opens_sentence(context, names[0]):
        return None, None
    entity = context.entities.of(names[0])
    if entity is None or entity.type != "person":
        return None, None
    taken = Resolved(entity.speaker(), _span(context.text, names[0].start, names[0].end),
                     "name", entity)
    return Attribution(entity.speaker(), None, None, "continuation", _INTRODUCED), taken


def _opens_sentence(context: Context, mention: Mention) -> bool:
    """Is the name the first words of its sentence (after an opening quote mark)?"""
    sentence = context.sentence(mention.start)
    return not any(w[0][:1].isalnum() for w in context.words(sentence.start, mention.start))


# --- resolving sieves ----------------------------------------------------------------------


def _resolve(context: Context, span: tuple[int, int], quote: Quote,
             resolvers: Sequence[Resolver]) -> Resolved | None:
    words = [w[0] for w in context.words(*span)]
    while words and words[0].lower() in _DETERMINERS | _MODIFIERS:
        words = words[1:]
    sieves = list(resolvers)
    first_role = bool(words) and words[0].islower() and lexicon.is_role(words[0]) and not (
        len(words) > 1 and words[1][:1].isupper())  # (not "police Chief Anton Marsh")
    # "the RNC member", "a Kremlin spokesman": a role after a name is the role's
    last_role = (len(words) > 1 and words[-1].islower() and lexicon.is_role(words[-1])
                 and words[-1] not in lexicon.documents()
                 and not any(m.kind == "name" and m.type == "person"
                             for m in context.mentions_in(*span)))
    if by_role in sieves and (first_role or last_role):
        # "A spokeswoman for the mayor": the role speaks, not the name inside it.
        sieves = [by_role, *(s for s in sieves if s is not by_role)]
    for sieve in sieves:
        resolved = sieve(context, span, quote)
        if resolved is not None:
            return resolved
    return None



_OWNER_WORD = regex.compile(r"[\p{L}.']+")


_LETTERS = regex.compile(r"\p{L}+")


_OWNER_BEFORE = regex.compile(r"(\p{Lu}[\p{L}.]*[’']s(?:\s+\p{Ll}+){0,2})\s*$")


_CLAUSE_SPLIT = regex.compile(r"[.;:!?\"“”]|,(?=\s)")


_PHRASE_SPLIT = regex.compile(r"[,.;:]")


_DETERMINERS = lexicon.word_class("determiners")


# Words before a role that leave it a role: "the former sergeant-at-arms", "some experts".
_MODIFIERS = lexicon.word_class("modifiers")


# How far back (in characters) a pronoun, "the statement" or "the ministry" may find whom
# it stands for: a few paragraphs of news.
_LOOK_BACK = 3000


_CONTINUATION_SENTENCES = 4


_PRONOUN_SENTENCES = 6


# Confidence of an attribution: how sure the locating sieve is of the cue, times how sure
# the resolving sieve is of the speaker; a floating quote has the confidence of the quote it
# continues, times _CONTINUATION. Set from the accuracy of each sieve on ggt_dev, so that
# quotes with confidence >= 0.9 are right >= 95 % of the time (`python bench/calibration.py`).
_LOCATE_CONFIDENCE = {
    "clause_subject": 0.5,
    "parsed_clause": 0.7,
    "parsed_prior": 0.9,
    "prior_cue": 0.8,
    "trailing_cue": 0.97,
    "colon_lead": 0.85,
    "leading_cue": 0.85,
    "reported_cue": 0.88,
}


_RESOLVE_CONFIDENCE = {
    "name": 1.0,
    "pronoun": 0.95,
    "pronoun_unlikely": 0.6,
    "document": 0.9,
    "role": 0.85,
    "role_unresolved": 0.7,
    "epithet": 0.75,
    "document_unresolved": 0.7,
    "place": 0.9,
    "phrase": 0.6,
    "subject": 0.5,
}


_CONTINUATION = 0.95
_UNCALIBRATED = 0.6
_INTRODUCED = 0.5  # a floating quote given to the person who opened the sentence before
_FLOOR = 0.8  # a floating quote given to a subject introduced since the last attribution


def _signature(context: Context,
               words: list[tuple[str, int, int]]) -> Located | None:
    """“Q” ― Martha Aguilar: a dash and a name that end the quote's line or come before
    the next quote (readers' comments, epigraphs, posts quoted with their author)."""
    if len(words) < 2 or words[0][0] not in {"―", "—", "–"}:
        return None
    dash = Span(*words[0])
    names = [m for m in context.mentions_in(words[1][1], words[-1][2] + 1)
             if m.kind == "name" and m.start == words[1][1]]
    if not names:
        return None
    name = names[0]
    rest = context.text[name.end:name.end + 2].lstrip(" \t")
    if rest[:1] not in {"", "\n", "\r", "(", "."} | MARKS:
        return None  # the line goes on: no signature
    return Located(dash, (name.start, name.end), "trailing_cue")


@_register("resolve")
def by_name(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """A name in the subject: the first person named, else the first organisation."""
    text = context.text
    mentions = [
        m for m in context.mentions_in(*span)
        if m.kind == "name" and not context.inside_quote(m.start)
        and not (_is_owner(text, m) and m.end + 2 < span[1])  # "Ukraine’s chief of staff"
    ]
    places = lexicon.places()
    for wanted in ("person", "organization", "unknown"):
        for mention in mentions:
            entity = context.entities.of(mention)
            if entity is None or entity.type != wanted:
                continue
            if wanted != "person" and mention.head in places:
                continue  # a place is read by by_place, after roles ("Russia’s military")
            return Resolved(entity.speaker(), _span(text, mention.start, mention.end), "name",
                            entity)
    return None


@_register("resolve", "coref")
def by_coref(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """A pronoun that a coreference model put in a chain: the chain's fullest mention names
    the speaker. Needs a backend that makes coreference chains (stanza)."""
    words = context.words(*span)
    if len(words) != 1 or words[0][0].lower() not in lexicon.pronouns():
        return None
    mention = Span(*words[0])
    representative = context.representative(mention)
    if representative is None:
        return None
    named = by_name(context, (representative.start, representative.end), quote)
    return None if named is None else named._replace(mention=mention, how="pronoun")


@_register("resolve")
def by_pronoun(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """he / she → the nearest earlier compatible person; it / they → an organisation.

    Sentences are searched backwards; in each, a subject (the first name not after a
    preposition) comes before the others. The speaker of the quote just before wins when
    no new person took the floor since.
    """
    text = context.text
    words = context.words(*span)
    word = _OBJECT_PRONOUNS.get(words[0][0].lower(), words[0][0].lower()) if words else ""
    if len(words) != 1 or word not in lexicon.pronouns():
        return None  # ("according to him": the object form stands for the same)
    kind, gender = lexicon.pronouns()[word]
    mention = Span(words[0][0], words[0][1], words[0][2])
    if word == "i" and not context.inside_quote(mention.start):
        # outside quote marks, "I" is the writer, never someone named before
        return Resolved(Speaker(mention.text, "person", ()), mention, "pronoun", None)
    here = context.sentence_index(span[0])
    floor = max(0, here - _PRONOUN_SENTENCES)
    previous = context.previous
    since = previous.quote.end if previous is not None else 0
    unlikely: Resolved | None = None
    fallback: Resolved | None = None
    for index in range(here, floor - 1, -1):
        sentence = context.doc.sentences[index]
        names = [
            m for m in context.mentions_in(max(sentence.start, span[0] - _LOOK_BACK),
                                           min(sentence.end, span[0]))
            if m.kind == "name" and not context.inside_quote(m.start) and not _is_owner(text, m)
        ]
        subjects = [m for m in names if not _after_preposition(text, m)]
        for candidate in (*subjects, *reversed([m for m in names if m not in subjects])):
            entity = context.entities.of(candidate)
            if entity is None or (kind == "person" and entity.type != "person"):
                if (entity is not None and kind == "person" and entity.type == "unknown"
                        and candidate in subjects and candidate.head not in lexicon.places()):
                    # a bare surname never seen with a first name ("Lazar pleaded guilty.
                    # He admitted …"): taken where no person fits
                    unlikely = unlikely or Resolved(entity.speaker(), mention, "pronoun",
                                                    entity)
                continue
            probe = Resolved(entity.speaker(), mention, "pronoun", entity)
            if not _compatible(context, probe, kind, gender):
                continue
            if _unlikely(probe, gender):
                unlikely = unlikely or probe  # (a first name's gender only prefers)
                continue
            if candidate.start >= since and candidate in subjects:
                return probe
            fallback = fallback or probe
            break
        if previous is not None and sentence.start <= previous.quote.start:
            resolved = previous.resolved
            if _compatible(context, resolved, kind, gender) and not _unlikely(resolved, gender):
                return Resolved(resolved.speaker, mention, "pronoun", resolved.entity)
            previous = None
    return fallback or (unlikely and unlikely._replace(how="pronoun_unlikely")) or (
        _named_after(context, mention, kind, gender) if here <= _OPENING_SENTENCES else None)


def _named_after(context: Context, mention: Span, kind: str, gender: str) -> Resolved | None:
    """A pronoun that opens an article before anyone is named ("“…,” she said. ¶ Ann Lee,
    the harbour master, …"): the first person named in the two sentences after it, where
    the gender fits."""
    if kind != "person" or context.previous is not None:
        return None
    here = context.sentence_index(mention.start)
    sentences = context.doc.sentences
    for sentence in sentences[here + 1:here + 3]:
        for candidate in context.mentions_in(sentence.start, sentence.end):
            entity = context.entities.of(candidate)
            if (candidate.kind != "name" or entity is None or entity.type != "person"
                    or context.inside_quote(candidate.start)):
                continue
            probe = Resolved(entity.speaker(), mention, "pronoun_unlikely", entity)
            if _compatible(context, probe, kind, gender) and not _unlikely(probe, gender):
                return probe
            return None  # (the first person named is the one meant, or no one)
    return None


_OPENING_SENTENCES = 1  # a pronoun may look ahead to its name in the article's first two
_PREPOSITIONS = lexicon.word_class("prepositions")
_OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they", "me": "i"}


def _after_preposition(text: str, mention: Mention) -> bool:
    """Is the name an object ("for Tom Baker") or a thing ("the Harbour Tours")?"""
    before = text[max(0, mention.start - 20):mention.start].split()
    return bool(before) and before[-1].lower() in _PREPOSITIONS | {"the", "a", "an"}


@_register("resolve")
def by_document(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """"the statement added" → whoever issued it: a name in the phrase ("a statement from
    the Kremlin"), else the speaker of the quote before, else the last organisation."""
    words = [w[0].lower() for w in context.words(*span)]
    nouns = lexicon.documents()
    if words and words[0] not in _DETERMINERS and len(words) <= 4 and all(
            w.isalpha() and w.islower() for w in words) and (
            words[-1] in nouns or words[-1].removesuffix("s") in nouns):
        # "according to exit polling data", "… , polls show": the document as written
        mention = _span(context.text, *span)
        return Resolved(Speaker(mention.text, "unknown", (mention.text,)), mention,
                        "document_unresolved", None)
    if not words or words[0] not in _DETERMINERS or not any(w in nouns for w in words[:6]):
        return None
    mention = _span(context.text, *span)
    owner = next((w for w in context.words(*span) if w[0].endswith(("’s", "'s"))), None)
    if owner is not None and owner[2] - 2 > span[0]:
        # "the ministry’s report said": whoever owns it
        owned = by_role(context, (span[0], owner[2] - 2), quote)
        if owned is not None:
            return owned._replace(mention=mention, how="document")
    issuer = _issuer(context, span[0], {w for w in words[:6] if w in nouns})
    if issuer is not None:
        return Resolved(issuer.speaker(), mention, "document", issuer)
    if context.previous is not None:
        before, resolved = context.previous.quote, context.previous.resolved
        if context.sentence_index(span[0]) - context.sentence_index(before.end) <= 4:
            return Resolved(resolved.speaker, mention, "document", resolved.entity)
    for candidate in reversed(context.mentions_in(max(0, span[0] - _LOOK_BACK), span[0])):
        entity = context.entities.of(candidate)
        if entity is not None and entity.type == "organization":
            return Resolved(entity.speaker(), mention, "document", entity)
    # No issuer in sight: the document speaks as written ("the lawsuit").
    name = _strip_determiner(mention.text)
    return Resolved(Speaker(name, "unknown", (mention.text,)), mention, "document_unresolved",
                    None)


def _issuer(context: Context, at: int, nouns: Set[str]) -> Entity | None:
    """Who brought in the document "the statement" at ``at`` refers to: "Ann Lee issued a
    statement on Monday. … the statement said": the person or organisation named last
    before "a statement" in its sentence, within the four sentences before."""
    here = context.sentence_index(at)
    sentences = context.doc.sentences
    for index in range(here - 1, max(-1, here - 5), -1):
        sentence = sentences[index]
        words = context.words(sentence.start, sentence.end)
        introduced = next((w for w, before in zip(words[1:], words, strict=False)
                           if w[0].lower() in nouns and before[0].lower() in ("a", "an")), None)
        if introduced is None:
            continue
        for mention in reversed(context.mentions_in(sentence.start, introduced[1])):
            if mention.kind != "name" or context.inside_quote(mention.start):
                continue  # (not a name in quote marks: a title, or someone's words)
            entity = context.entities.of(mention)
            if entity is not None and entity.type in ("person", "organization"):
                return entity
        return None
    return None


@_register("resolve")
def by_role(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """"the chief of the military General Staff" → the person introduced with that role."""
    text = context.text
    phrase = _strip_determiner(text[span[0]:span[1]])
    roles = lexicon.roles()
    phrase, span = _role_phrase(context, span)
    words = _role_words(phrase)
    # The head is the first role word: "chief" in "chief of staff", "ministry" in
    # "the country’s defense ministry".
    head = next((w for w in words if lexicon.is_role(w)), None)
    if head is None:
        return None
    mention = _span(text, *span)
    owner = _owner(phrase)
    best: tuple[float, Entity] | None = None
    plural = head not in roles and head not in lexicon.org_roles()  # "experts" are no one person
    # "a Clinton veteran", "one district GOP leader": someone not named before (but not an
    # apposition: "Tomas Reyes, a port engineer, …")
    indefinite = (text[span[0]:span[1]].split(" ", 1)[0].lower() in _INDEFINITE
                  and not text[max(0, span[0] - 3):span[0]].rstrip().endswith(","))
    for person, alias_words, alias_owner in () if plural or indefinite else context.role_index():
        if head not in alias_words:
            continue
        if owner and owner != alias_owner:
            continue  # "Ukraine’s chief of staff" is not Russia's, nor anyone's
        overlap = len(set(words) & alias_words) / len(set(words))
        if overlap >= 0.6 and (best is None or overlap > best[0]):
            best = (overlap, person)
    if best is not None:
        return Resolved(best[1].speaker(), mention, "role", best[1])
    kind: SpeakerType = "organization" if head in lexicon.org_roles() else "person"
    gender = roles.get(head, "")
    if kind == "organization" and text[span[0]:span[1]].lower().startswith("the "):
        # "The ministry said": the organisation named before whose name has that word.
        floor = context.doc.sentences[max(0, context.sentence_index(span[0]) - 8)].start
        floor = max(floor, span[0] - _LOOK_BACK)
        for candidate in reversed(context.mentions_in(floor, span[0])):
            named = context.entities.of(candidate)
            if (named is not None and named.type == "organization"
                    and head in _role_words(named.name)
                    and not context.inside_quote(candidate.start)):
                return Resolved(named.speaker(), mention, "role", named)
        # "Acme Corp. cut 500 jobs. The company said …": the organisation named last
        described = by_epithet(context, span, quote)
        if described is not None:
            return described
    entity = context.entities.find(phrase) or Entity(phrase, kind, [phrase], _gender(gender))
    return Resolved(entity.speaker(), mention, "role_unresolved", entity)


_INDEFINITE = lexicon.word_class("indefinite_openers")


@_register("resolve")
def by_epithet(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """A description with no name for someone the article is about: "the 43-year-old",
    "the veteran goalkeeper" → the person named last (not after a preposition), else the
    person who spoke last;
    "the utility", "the company" → the organisation named last."""
    words = [w for w in context.words(*span) if w[0][:1].isalnum()]
    if not 2 <= len(words) <= 5 or words[0][0].lower() != "the" or any(
            w[0][:1].isupper() for w in words[1:]):
        return None
    head = words[-1][0].lower()
    if head in lexicon.documents() or (head.endswith("s") and not head.endswith("ss")):
        return None  # documents speak for their issuer; a plural is a group
    wanted: SpeakerType = "organization" if head in lexicon.org_roles() or head in (
        lexicon.group_heads()) else "person"
    if head in _NAMED_BODIES:
        return None  # "the party", "the ministry": only a name with that word (by_role)
    mention = _span(context.text, words[0][1], words[-1][2])
    floor = context.doc.sentences[max(0, context.sentence_index(span[0]) - 3)].start
    places = lexicon.places()
    for candidate in reversed(context.mentions_in(floor, span[0])):
        entity = context.entities.of(candidate)
        if (entity is not None and entity.type == wanted and candidate.kind == "name"
                and not context.inside_quote(candidate.start)
                and not _after_preposition(context.text, candidate)
                # (nor the agency of a dateline: "HALDEN (Reuters) - …")
                and context.text[candidate.start - 1:candidate.start] != "("
                # (a country is no company: "Canada" is not "the group")
                and not (entity.name in places and head not in _STATE_BODIES)):
            return Resolved(entity.speaker(), mention, "epithet", entity)
    previous = context.previous
    if (previous is not None and previous.resolved.speaker.type == wanted
            and context.sentence_index(span[0]) - context.sentence_index(previous.quote.end)
            <= _CONTINUATION_SENTENCES):
        return Resolved(previous.resolved.speaker, mention, "epithet", previous.resolved.entity)
    return None


_NAMED_BODIES = lexicon.word_class("named_bodies")
_STATE_BODIES = lexicon.word_class("state_bodies")


@_register("resolve")
def by_place(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """A country or capital speaking as an institution: "Kyiv denied", "Russia said"."""
    text = context.text
    for mention in context.mentions_in(*span):
        if mention.kind != "name" or _is_owner(text, mention):
            continue
        entity = context.entities.of(mention)
        if entity is not None:
            return Resolved(entity.speaker(), _span(text, mention.start, mention.end), "place",
                            entity)
    return None


@_register("resolve")
def by_phrase(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """Last resort: the subject words themselves ("South Korean and Western intelligence
    agencies"), when they hold a capitalised word; never a bare common noun."""
    text = context.text
    words = [w for w in context.words(*span) if w[0][:1].isalnum()]
    # "About four in 10 said", "only 7 percent said", "just shy of half said": a share of
    # those asked speaks
    share = next((k for k, w in enumerate(words[:_SHARE_HEDGES]) if _number(w[0])), None)
    if share is not None and all(w[0].lower() in _HEDGES for w in words[:share]):
        # (the share as written: "a third", not "third")
        words = words[share - 1 if share and words[share - 1][0].lower() in ("a", "an")
                      else share:]
    counted = bool(words) and (_number(words[0][0]) or (
        len(words) > 1 and words[0][0].lower() in ("a", "an") and _number(words[1][0])))
    if counted and len(words) <= 6:
        mention = _span(context.text, words[0][1], words[-1][2])
        return Resolved(Speaker(mention.text, "unknown", (mention.text,)), mention, "phrase",
                        None)
    if not words or len(words) > 10:
        return None
    lowered = [w[0].lower() for w in words]
    if lowered[0] not in _DETERMINERS | _COUNTS and words[0][0] in lexicon.nonnames():
        return None  # "Hours later …" ("The …" opens a noun phrase)
    those = lowered[0] == "those" and len(words) > 1
    if (lowered[0] in _NOT_A_SPEAKER and not those) or any(
            w in lexicon.pronouns() for w in lowered):
        return None  # (but "those surveyed", "those over 60": the group as written)
    groups = sources.group_nouns()
    if lowered[0] not in _DETERMINERS | _COUNTS and not any(
            _capitalised(w[0]) or lexicon.is_role(w[0].lower()) or w[0].endswith("s")
            or w[0].lower() in groups for w in words):
        return None  # a speaker is named, a role, a group ("forecasters") or a noun phrase
    mention = _span(text, words[0][1], words[-1][2])
    phrase = mention.text if those else _strip_determiner(mention.text)
    if not phrase:
        return None  # only a determiner ("according to a …", "his acclaimed …"): no one
    entity = context.entities.find(phrase)
    if entity is not None:
        return Resolved(entity.speaker(), mention, "phrase", entity)
    kind: SpeakerType = "organization" if any(
        w in lexicon.org_roles() for w in lowered) else "unknown"
    return Resolved(Speaker(phrase, kind, (mention.text,)), mention, "phrase", None)


def _capitalised(word: str) -> bool:
    """A name's word: a capital first, or after a particle ("al-Shabaab", "de-Vries")."""
    return word[:1].isupper() or ("-" in word and word.split("-")[-1][:1].isupper())


_COUNTS = lexicon.word_class("counts")
_HEDGES = frozenset("about only just nearly almost roughly some around over under fully "
                    "barely a an shy of more less fewer than".split())
_SHARE_HEDGES = 5  # words before the number of a share ("just shy of half")
@_register("resolve", "parse")
def by_subject(context: Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """Last resort where the text was parsed: the subject the parse gives a reporting verb,
    as written, also a common noun ("the magazine", "most of the workers", "59 percent"),
    which by_phrase never takes from a run of words. Not a bare pronoun ("that", "who")."""
    if context.tree is None or not _parsed_subject_span(context.tree, span):
        return None
    text = context.text
    phrase = _strip_determiner(text[span[0]:span[1]])
    last = context.tree.at(span[1] - len(phrase.split()[-1])) if phrase else None
    if last is not None and len(phrase.split()) == 1 and context.tree.relation(last) == "acl":
        phrase = text[span[0]:span[1]]  # "those polled", not "polled"
    words = phrase.split()
    if not words or len(words) > 12 or (len(words) == 1 and words[0].lower() in _NOT_SPEAKERS):
        return None
    entity = context.entities.find(phrase) or Entity(phrase, "unknown", [phrase])
    return Resolved(entity.speaker(), _span(text, *span), "subject", entity)


# Words that stand for a speaker named elsewhere, or for none: never one by themselves.
_NOT_SPEAKERS = frozenset({"that", "this", "which", "who", "whom", "what", "it", "there",
                           "these", "those", "some", "one", "none", "all", "both",
                           "he", "she", "they", "we", "i", "you"})


def _parsed_subject_span(tree: Tree, span: tuple[int, int]) -> bool:
    """Is ``span`` the words of a subject in the parse (what parsed_subject gives)?"""
    first = tree.at(span[0])
    if first is None:
        return False
    i = first
    while i < len(tree.tokens) and tree.tokens[i].start < span[1]:
        if tree.relation(i) in ("nsubj", "appos") and (
                tree.span(i) == span or (tree.span(i)[0] == span[0] and any(
                    tree.tokens[p].end == span[1] for p in tree.dependents(i, "acl")))):
            return True  # (also with a participle after it: "those polled")
        i += 1
    return False


def _number(word: str) -> bool:
    return word[:1].isdigit() or word.lower() in _NUMBER_WORDS


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten half third quarter "
                          "dozen dozens hundreds thousands".split())


# Words that open no speaker's description: adverbs, conjunctions, prepositions.
_NOT_A_SPEAKER = lexicon.word_class("not_a_speaker")


def _span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


def _is_owner(text: str, mention: Mention) -> bool:
    """Is this name the owner in a possessive ("Ukraine’s chief of staff")?"""
    return text.startswith(("’s", "'s"), mention.end) or mention.text.endswith(("’s", "'s"))


def _owner(phrase: str) -> str:
    """The country a role belongs to: "Russia’s", "of Russian Armed Forces", "Ukrainian"."""
    places = lexicon.places()
    words = [w.removesuffix("'s") for w in _OWNER_WORD.findall(phrase.replace("’", "'"))]
    for i, word in enumerate(words):
        for candidate in (" ".join(words[i:i + 2]), word):
            if candidate in places:
                return places[candidate]
    return ""


def _role_phrase(context: Context, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """Trim a subject to its role phrase: "Ukraine’s military immediately disputed the
    claim" → "Ukraine’s military"; "the chief of the military General Staff" stays."""
    text = context.text
    words = context.words(*span)
    end = None
    for word, _, stop in words:
        lowered = word.lower()
        if lexicon.is_role(lowered):
            end = stop
            continue
        if end is not None and not (lowered in {"of", "for", "the", "at", "and"}
                                    or word[:1].isupper() or lexicon.is_role(lowered)):
            break
        if end is not None and word[:1].isupper():
            end = stop
    if end is None:
        return _strip_determiner(text[span[0]:span[1]]), span
    return _strip_determiner(text[span[0]:end]), (span[0], end)


def _role_words(phrase: str) -> list[str]:
    stop = {"the", "of", "for", "a", "an", "and", "s"}
    return [w for w in _LETTERS.findall(phrase.lower()) if w not in stop]


def _strip_determiner(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    return " ".join(words)


def _appositions(context: Context, entity: Entity) -> list[str]:
    """Role phrases the article sets beside the entity's name: "the head of X, NAME" and
    "NAME, Chief of the General Staff …,"."""
    text = context.text
    found = []
    for mention in entity.mentions:
        left = text[max(0, mention.start - 80):mention.start]
        owner = _OWNER_BEFORE.search(left)
        if owner is not None:  # "Russia’s military Chief of Staff Valery Gerasimov"
            found.append(owner.group(1) + " " + mention.text)
        if left.endswith(", "):
            clause = _CLAUSE_SPLIT.split(left[:-2])[-1]
            found.append(clause)
        right = text[mention.end:mention.end + 100]
        if right.startswith(", "):
            found.append(_PHRASE_SPLIT.split(right[2:])[0])
    return found


def _shown_gender(genders: Mapping[str, str], resolved: Resolved) -> Mapping[str, str]:
    """``genders`` with what a "he" or "she" attribution shows of its speaker (a new
    mapping where it adds something: the context stays unchanged)."""
    if resolved.how != "pronoun" or resolved.speaker.type != "person":
        return genders
    gender = lexicon.pronouns().get(resolved.mention.text.lower(), ("", ""))[1]
    if not gender or resolved.speaker.name in genders or (
            resolved.entity is not None and resolved.entity.gender):
        return genders
    return {**genders, resolved.speaker.name: gender}


def _compatible(context: Context, resolved: Resolved, kind: str, gender: str) -> bool:
    speaker = resolved.speaker
    if kind == "person":
        if speaker.type == "organization":
            return False
        known = resolved.entity.gender if resolved.entity is not None else ""
        known = known or context.genders.get(speaker.name, "")
        return not (gender and known and known != gender)
    if kind == "organization":
        return speaker.type == "organization"
    return True  # they / we: anyone


def _unlikely(resolved: Resolved, gender: str) -> bool:
    """Does the speaker's first name usually go with the other gender ("she" and
    "Oleksandr")? A preference only: such a speaker is taken when no other fits."""
    words = resolved.speaker.name.split()
    if not gender or resolved.speaker.type != "person" or len(words) < 2:
        return False
    usual = _usual_gender(words[0])
    return bool(usual) and usual != gender


@functools.lru_cache(maxsize=4096)
def _usual_gender(first_name: str) -> str | None:
    return sources.name_gender(first_name)


def _gender(value: str) -> Gender:
    return "male" if value == "male" else "female" if value == "female" else ""


DEFAULT_SIEVES: tuple[str, ...] = (
    "reported_cue", "trailing_cue", "leading_cue", "colon_lead", "parsed_clause",
    "prior_cue", "parsed_prior", "continuation", "clause_subject",
    "by_coref", "by_pronoun", "by_name", "by_document", "by_role", "by_epithet", "by_place",
    "by_phrase", "by_subject",
)
_REACH = 200  # how far (in characters) a quote's cue may lie from its mark
# how many words an attribution after a quote may run to its cue ("…,” Ann Ruiz, who …, said)
_ATTRIBUTION_WORDS = 30
# Attributions below this confidence feed no later quote (continuation, pronouns).
_FEEDS = 0.55
