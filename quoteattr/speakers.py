"""Speaker attribution: who said each quote, with the evidence.

Two kinds of sieve, each a small named function tried in a fixed order:

*Locating sieves* find the reporting cue of a quote and the words that name its subject:

- :func:`reported_cue` — the cue that quote detection found for reported speech
  ("Peskov said …", "…, saying …", "according to X");
- :func:`trailing_cue` — a cue after the quote: “Q,” Putin said. / “Q,” said X. /
  “Q,” Putin told Gerasimov. (the addressee is no speaker) / “Q” Trump posted.;
- :func:`leading_cue` — a cue before it: X said: “Q” / X said, “Q” / X praised their “Q”;
- :func:`parsed_clause` — where the text was parsed, a quote with no cue of its own
  inside a clause: the subject of the nearest verb above its words ("The crew cited “…”");
- :func:`continuation` — a floating quote with no cue takes the speaker of the quote
  just before it, up to a few sentences back.

*Resolving sieves* turn those words into a canonical speaker:

- :func:`by_name` — a name, with its titles and appositions ("Kremlin spokesperson
  Dmitry Peskov", "Valery Gerasimov, Chief of the General Staff …");
- :func:`by_pronoun` — he / she / it / they → the nearest earlier compatible speaker,
  using what the article says about gender (he/she, Mr./Ms., spokeswoman);
- :func:`by_document` — "the statement added" → whoever issued the statement;
- :func:`by_role` — "the chief of the military General Staff" → the person the article
  introduced with that role, else the role itself;
- :func:`by_place` — a country or capital speaking as an institution ("Kyiv denied");
- :func:`by_phrase`, then (where the text was parsed) :func:`by_subject` — the subject
  words themselves.

>>> from quoteattr import extract
>>> [(q.text, q.attribution.speaker.name, q.attribution.sieve)
...  for q in extract('Russian President Vladimir Putin spoke. "We won," he said.')]
[('We won,', 'Vladimir Putin', 'trailing_cue+pronoun')]
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import NamedTuple

import attrs
import regex

from quoteattr import lexicon
from quoteattr.entities import ArticleEntities, Entity, article_entities
from quoteattr.model import (
    Attribution,
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
    "attribute",
    "by_document",
    "by_name",
    "by_phrase",
    "by_place",
    "by_pronoun",
    "by_role",
    "by_subject",
    "continuation",
    "leading_cue",
    "parsed_clause",
    "reported_cue",
    "trailing_cue",
]

_WORD = regex.compile(
    r"''|(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:[’'\-][\p{L}\p{N}]+)*(?:[’']s\b)?(?:\.(?=[ \t]+\p{Lu}))?"
    r"|[^\s\p{L}\p{N}]"
)
_OWNER_WORD = regex.compile(r"[\p{L}.']+")
_LETTERS = regex.compile(r"\p{L}+")
_OWNER_BEFORE = regex.compile(r"(\p{Lu}[\p{L}.]*[’']s(?:\s+\p{Ll}+){0,2})\s*$")
_CLAUSE_SPLIT = regex.compile(r"[.;:!?\"“”]|,(?=\s)")
_PHRASE_SPLIT = regex.compile(r"[,.;:]")
_MARKS = frozenset("\"“”„«»‘’‚‹›'") | {"''", "``"}  # '' and `` stand for double marks
_CALENDAR = regex.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Yesterday|Today|Tonight"
)
# Where a subject phrase ends when read leftwards from its verb.
_SUBJECT_STOPS = frozenset(
    "that and but or while as because when where which who after before since if than "
    "what how with".split()
)
# Where a subject phrase ends when read rightwards from an inverted verb ("said X in …").
_AFTER_SUBJECT_STOPS = frozenset(
    "in on at during via from after before while as according when to through with who "
    "which that".split()
)
_DETERMINERS = frozenset("the a an its his her their this that these those".split())
_ORG_ROLES = frozenset(
    "military army ministry government police force forces office administration agency "
    "department council committee staff command navy service campaign company group "
    "organization organisation firm team union board party court report".split()
)
# Words before a role that leave it a role: "the former sergeant-at-arms", "some experts".
_MODIFIERS = frozenset(
    "some several many local former then acting interim deputy senior top one two three "
    "other another both".split()
)
# How far (in characters) a cue and its subject may lie apart: far enough for any
# attribution, and it keeps a sentence of a million characters linear.
_REACH = 200
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
    "trailing_cue": 0.97,
    "leading_cue": 0.85,
    "reported_cue": 0.88,
    "parsed_clause": 0.7,
}
_RESOLVE_CONFIDENCE = {
    "name": 1.0,
    "pronoun": 0.95,
    "document": 0.9,
    "role": 0.85,
    "role_unresolved": 0.7,
    "place": 0.9,
    "phrase": 0.6,
    "subject": 0.5,
}
_CONTINUATION = 0.95


class Located(NamedTuple):
    """Where a locating sieve found the cue and the words that name the subject."""

    cue: Span | None
    subject: tuple[int, int] | None  # character span of the subject words
    sieve: str


class Resolved(NamedTuple):
    speaker: Speaker
    mention: Span
    how: str
    entity: Entity | None


@attrs.define
class _Context:
    """What the sieves of one article share: the text, its sentences and speakers."""

    doc: Document
    entities: ArticleEntities
    sentence_starts: list[int]
    mention_starts: list[int]
    quoted: list[tuple[int, int]]  # spans inside quote marks: names there are no subjects
    tree: Tree | None  # the dependency parse, where the backend made one
    report_cues: frozenset[int]  # where the cues of reported speech start
    previous: list[tuple[Quote, Resolved]] = attrs.field(factory=list)
    confidence: list[float] = attrs.field(factory=list)  # of each attribution in previous
    _roles: list[tuple[Entity, frozenset[str], str]] | None = None
    _chains: dict[tuple[int, int], Span] | None = None
    _sentence_words: dict[int, tuple[list[tuple[str, int, int]], list[int], list[int]]] = (
        attrs.field(factory=dict))

    @property
    def text(self) -> str:
        return self.doc.text

    def sentence_index(self, at: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, at) - 1)

    def sentence(self, at: int) -> Sentence:
        return self.doc.sentences[self.sentence_index(at)]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        mentions = self.doc.mentions
        first = bisect.bisect_left(self.mention_starts, start)
        last = bisect.bisect_left(self.mention_starts, end, lo=first)
        return [mentions[i] for i in range(first, last) if mentions[i].end <= end]

    def role_index(self) -> list[tuple[Entity, frozenset[str], str]]:
        """Every role phrase the article gives a person — titles ("Chief of the General
        Staff … Valery Gerasimov") and appositions ("the head of …, Valery Gerasimov") —
        with its words and its country; made once per article."""
        if self._roles is None:
            self._roles = []
            for entity in self.entities.entities:
                if entity.type != "person":
                    continue
                for alias in {*entity.aliases, *_appositions(self, entity)}:
                    words = frozenset(_role_words(alias))
                    if any(_is_role(w) for w in words):
                        self._roles.append((entity, words, _owner(alias)))
        return self._roles

    def words(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The whole words of ``text[start:end]`` with their offsets. Within one sentence
        they come from that sentence's word list, made once: the sieves read the same
        few words around each cue many times."""
        index = self.sentence_index(start)
        sentence = self.doc.sentences[index] if self.doc.sentences else None
        if sentence is None or not sentence.start <= start or end > sentence.end:
            return _words(self.text, start, end)
        cached = self._sentence_words.get(index)
        if cached is None:
            listed = _words(self.text, sentence.start, sentence.end)
            cached = (listed, [w[1] for w in listed], [w[2] for w in listed])
            self._sentence_words[index] = cached
        listed, starts, ends = cached
        return listed[bisect.bisect_left(starts, start):bisect.bisect_right(ends, end)]

    def representative(self, mention: Span) -> Span | None:
        """The fullest mention of the coreference chain ``mention`` is in, if any."""
        if self._chains is None:
            self._chains = {(m.start, m.end): chain.representative
                            for chain in self.doc.chains for m in chain.mentions}
        found = self._chains.get((mention.start, mention.end))
        return None if found == mention else found

    def inside_quote(self, at: int) -> bool:
        i = bisect.bisect_right(self.quoted, (at, len(self.text))) - 1
        return i >= 0 and self.quoted[i][0] <= at < self.quoted[i][1]


def attribute(doc: Document, quotes: Sequence[Quote]) -> list[Quote]:
    """``quotes`` with their attribution; a quote with no credible speaker keeps ``None``."""
    if not quotes:
        return []
    context = _Context(
        doc,
        article_entities(doc),
        [s.start for s in doc.sentences],
        [m.start for m in doc.mentions],
        sorted((f.start, f.end) for q in quotes if q.kind != "indirect" for f in q.fragments),
        Tree.of(doc),
        frozenset(q.cue.start for q in quotes if q.cue is not None),
    )
    own = [None if q.kind == "scare" else _attribute_one(context, q) for q in quotes]
    # The spans of one utterance share one speaker: the first found from a cue of the
    # utterance's own (“A,” he said, “B.”, or a cue after the last paragraph), else the
    # first found at all; the other spans share it (speaker, mention and cue).
    chosen: dict[str, Attribution] = {}
    for quote, attribution in zip(quotes, own, strict=True):
        best = chosen.get(quote.group)
        if attribution is not None and (best is None or (
                best.sieve == "continuation" and attribution.sieve != "continuation")):
            chosen[quote.group] = attribution
    result = []
    for quote, attribution in zip(quotes, own, strict=True):
        best = chosen.get(quote.group)
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


def _attribute_one(context: _Context, quote: Quote) -> Attribution | None:
    for locate in _LOCATORS:
        located = locate(context, quote)
        if located is None:
            continue
        if located.sieve == "continuation":
            return _continued(context, quote)
        if located.subject is None:
            continue
        resolved = _resolve(context, located.subject, quote)
        if resolved is None:
            continue
        confidence = round(
            _LOCATE_CONFIDENCE[located.sieve] * _RESOLVE_CONFIDENCE[resolved.how], 3)
        context.previous.append((quote, resolved))
        context.confidence.append(confidence)
        return Attribution(resolved.speaker, resolved.mention, located.cue,
                           f"{located.sieve}+{resolved.how}", confidence)
    return None


# --- locating sieves -----------------------------------------------------------------------


def reported_cue(context: _Context, quote: Quote) -> Located | None:
    """The cue quote detection found for reported speech."""
    if quote.cue is None:
        return None
    return Located(quote.cue, _subject_of(context, quote.cue, quote), "reported_cue")


def trailing_cue(context: _Context, quote: Quote) -> Located | None:
    """“Q,” Putin said. / “Q,” said X. / “Q,” Putin told Gerasimov. / “Q” Trump posted."""
    if quote.kind not in ("direct", "partial"):
        return None
    text = context.text
    close = _closing_mark(text, quote.end)
    if close is None:
        return None
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
    depth = 0  # inside a parenthesis ("Rep. Ann Lee (D-Md.) said"), a stop ends nothing
    for i, (word, start, stop) in enumerate(words[:16]):
        depth += (word == "(") - (word == ")")
        if word in _MARKS or (word in {".", ";", ":"} and depth <= 0):
            return None
        if _is_cue(word) and not _noun_here(word, words[i - 1][0] if i else ""):
            if sentence.start > close and start in context.report_cues:
                # a new sentence that reports content of its own: “Open the gates.” The
                # agency said the city had …
                return None
            cue = Span(word, start, stop)
            return Located(cue, _subject_of(context, cue, quote), "trailing_cue")
    return None


def _signature(context: _Context,
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
    if rest[:1] not in {"", "\n", "\r", "(", "."} | _MARKS:
        return None  # the line goes on: no signature
    return Located(dash, (name.start, name.end), "trailing_cue")


def leading_cue(context: _Context, quote: Quote) -> Located | None:
    """X said: “Q” / X said, “Q” / X praised their “Q” (the nearest cue before it)."""
    if quote.kind not in ("direct", "partial"):
        return None
    open_at = quote.fragments[0].start - 1 if quote.fragments else quote.start - 1
    sentence = context.sentence(max(0, open_at))
    words = context.words(max(sentence.start, open_at - _REACH), max(sentence.start, open_at))
    for i in range(len(words) - 1, max(-1, len(words) - 16), -1):
        word, start, stop = words[i]
        if word in _MARKS and i < len(words) - 1:
            return None  # another quote stands between
        # "Said Mayor Ilse Varga: “…”" opens its sentence with a capital
        form = word.lower() if start == sentence.start else word
        if _is_cue(form, frame=True) and not _noun_here(form, words[i - 1][0] if i else ""):
            cue = Span(word, start, stop)
            return Located(cue, _subject_of(context, cue, quote), "leading_cue")
    return None


def continuation(context: _Context, quote: Quote) -> Located | None:
    """A floating quote: no cue of its own (the speaker comes from the quote before)."""
    if quote.kind != "direct":
        return None
    return Located(None, None, "continuation")


def parsed_clause(context: _Context, quote: Quote) -> Located | None:
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
            return None
        token = tree.tokens[node]
        if (token.upos not in ("VERB", "AUX") or fragment.start <= token.start < fragment.end
                or (tree.relation(node) == "ccomp" and tree.head(node) is not None)):
            continue  # (a clause that is the content of a verb above: its subject is not
            # the speaker, in "X asserted that the only answer must be “…”")
        verb = Span(token.text, token.start, token.end)
        subject = _parsed_subject(tree, verb)
        if subject is not None and not (subject[0] < fragment.end and fragment.start < subject[1]):
            return Located(verb, subject, "parsed_clause")
    return None


_CLIMB = 8  # heads climbed from a quote's first word to the verb of its clause

_LOCATORS: tuple[Callable[[_Context, Quote], Located | None], ...] = (
    reported_cue, trailing_cue, leading_cue, parsed_clause, continuation,
)


def _continued(context: _Context, quote: Quote) -> Attribution | None:
    if not context.previous:
        return None
    before, resolved = context.previous[-1]
    gap = context.sentence_index(quote.start) - context.sentence_index(before.end)
    if gap > _CONTINUATION_SENTENCES:
        return None
    # A name between the two quotes may have taken the floor; not one in the attribution
    # of the quote before ("…,” Obama said at a dinner where Clinton also spoke. “…”).
    floor = before.end
    if resolved.mention.start >= before.end:
        floor = max(floor, context.sentence(resolved.mention.start).end)
    between = [m for m in context.mentions_in(floor, quote.start)
               if m.kind == "name" and m.type == "person" and not context.inside_quote(m.start)]
    if between and (resolved.entity is None or context.entities.of(between[-1]) is not
                    resolved.entity):
        return None
    confidence = round(context.confidence[-1] * _CONTINUATION, 3)
    context.previous.append((quote, resolved))
    context.confidence.append(confidence)
    # No words of its own name the speaker of a floating quote: the mention stays empty.
    return Attribution(resolved.speaker, None, None, "continuation", confidence)


# --- the subject of a cue ------------------------------------------------------------------


def _subject_of(context: _Context, cue: Span, quote: Quote,
                own_content: bool = True) -> tuple[int, int] | None:
    """The words that name who spoke: before the verb, after it when inverted, or the
    sentence's subject for a participle ("…, saying") or a second verb ("and said")."""
    text = context.text
    sentence = context.sentence(cue.start)
    if cue.text.lower() == "according to":
        return _phrase_after(context, cue.end, sentence.end)
    owner = _owner_of_claim(context, cue) if own_content else None
    if owner is not None:
        return owner
    if context.tree is not None:
        parsed = _parsed_subject(context.tree, cue)
        # (a subject in quote marks, or in the content itself, is a misparse: the rules
        # read the words instead)
        if parsed is not None and not context.inside_quote(parsed[0]) and not (
                quote.start <= parsed[0] < quote.end):
            return parsed
    before = context.words(max(sentence.start, cue.start - _REACH), cue.start)
    while before and before[-1][0] in lexicon.auxiliaries():
        before.pop()
    if cue.text.endswith("ing") and before and before[-1][0] != ",":
        return _phrase_before(context, before)  # "with the chief … praising their “heroism”"
    if cue.text.endswith("ing") or (before and before[-1][0] in {"and", "but"}):
        # "Gerasimov said, adding that …", "Ukraine denied …, saying …": the subject of
        # the verb before; else the subject that opens the sentence.
        for word, start, stop in reversed(before):
            form = lexicon.reporting_verbs().get(word)
            if form is not None and not form.noun_like and not word.endswith("ing"):
                return _subject_of(context, Span(word, start, stop), quote, own_content=False)
        return _main_subject(context, sentence, cue.start)
    if not before or before[-1][0] in {",", "—", "–"} | _MARKS:
        if before and before[-1][0] == "," and not _quote_ends_at(text, before):
            left = _apposition_subject(context, before[:-1])
            if left is not None:
                return left
            form = lexicon.reporting_verbs().get(cue.text)
            told = form is not None and form.lemma == "tell"
            if told or not _names_follow(text, cue.end, sentence.end):
                # "The Ukrainian military, in a statement …, said its forces …"; and
                # whom something was told never spoke it ("…, told Chinese-language media")
                return _main_subject(context, sentence, cue.start)
        return _phrase_after(context, cue.end, sentence.end)
    relative = next((k for k in range(len(before) - 1, max(0, len(before) - 6), -1)
                     if before[k][0] in ("who", "which") and before[k - 1][0] == ","), None)
    if relative is not None:
        # "Ilse Varga, now the council leader, who in 2020 said …": whom "who" stands for
        head = before[:relative - 1]
        wanted: tuple[SpeakerType, ...] = (
            ("person", "unknown") if before[relative][0] == "who" else ("organization",))
        name = _name_at_end(context, head, wanted)
        if name is not None:
            return name.start, name.end  # "… thanked Ilse Brandt, who said"
        return _apposition_subject(context, head) or _phrase_before(context, head)
    return _phrase_before(context, before)


def _parsed_subject(tree: Tree, cue: Span) -> tuple[int, int] | None:
    """The subject the parse gives the verb: its ``nsubj`` ("Putin told Gerasimov", "said
    Mr. Ortiz", "Anna Reyes, a spokeswoman, said"); for a verb with none of its own (",
    saying …", "and added …") that of the verb it hangs from."""
    verb = tree.at(cue.start)
    for _ in range(3):
        if verb is None:
            return None
        subjects = tree.dependents(verb, "nsubj")
        if subjects:
            # Of two subjects, the one after an inverted verb (", said Marek and others,"),
            # else the nearest before it: in “A. Or B,” Ortiz said a parse may take the
            # quote's last words, or the content's subject, for a second subject.
            before = [s for s in subjects if s < verb]
            after = [s for s in subjects if s > verb]
            inverted = verb > 0 and tree.tokens[verb - 1].text in _INVERTING
            subject: int | None = (after[0] if inverted and after else
                                   before[-1] if before else subjects[0])
            if tree.tokens[verb].deprel == "acl:relcl" and tree.tokens[subjects[0]].lemma in (
                    "who", "which", "that"):
                subject = tree.head(verb)  # "Ilse Brandt, who said …"
            if subject is None:
                return None
            if tree.tokens[subject].upos != "PROPN":
                # "the head of the port authority, Tomasz Kowalczyk, told": the name
                names = [a for a in tree.dependents(subject, "appos")
                         if tree.tokens[a].upos == "PROPN"]
                subject = names[0] if names else subject
            return tree.span(subject)
        if tree.relation(verb) not in _SUBJECT_SHARED:
            return None
        verb = tree.head(verb)
    return None


# What an inverted verb follows: ", said X", "…,” said X"
_INVERTING = frozenset({",", "”", "’", '"', "'", "''", "—", "–"})

# A verb attached by these shares the subject of its head: "…, saying" (advcl), "and added"
# (conj), "went on to say" (xcomp).
_SUBJECT_SHARED = frozenset({"advcl", "conj", "xcomp"})


def _names_follow(text: str, at: int, end: int) -> bool:
    """Does a name (or a role, or a document) follow an inverted verb: "said Gov Lysak"?"""
    words = [w[0] for w in _words(text, at, end)[:8]]
    # A name after articles, modifiers and roles: "said Gov Lysak", "said the Kremlin",
    # "said police Chief Anton Marsh".
    for word in words:
        if word[:1].isupper():
            return True
        if not (word in _MODIFIERS or word in ("the", "a", "an") or _is_role(word)):
            break
    # A role or a document: "said the statement", "said two officials in the room"; not
    # "said its forces were …" (a possessive opens the content) nor "said parents want …".
    while len(words) > 1 and words[0] in _MODIFIERS | {"the", "a", "an"}:
        words = words[1:]
    return bool(words) and words[0] not in _DETERMINERS and lexicon.role_headed(words)


def _owner_of_claim(context: _Context, cue: Span) -> tuple[int, int] | None:
    """"Ukraine denied Gerasimov’s assertion that …": the content is Gerasimov's."""
    window = context.text[cue.end:cue.end + 120]
    if "’s " not in window and "'s " not in window:
        return None  # no possessive, no owner: most cues stop here
    words = context.words(cue.end, min(len(context.text), cue.end + 120))
    nouns = lexicon.cue_nouns()
    for i, (word, _, _) in enumerate(words[:8]):
        if word in {"that", ",", "."} or word in _MARKS:
            break
        if word.lower() in nouns and i > 0 and words[i - 1][0].endswith(("’s", "'s")):
            owner = words[i - 1]
            return owner[1], owner[2] - 2
    return None


def _apposition_subject(context: _Context,
                        words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """"Valery Gerasimov, Chief of the General Staff …, said": the name before the role;
    "the union’s leader, Jonas Petrauskas, told": the name after it."""
    commas = [i for i, w in enumerate(words) if w[0] == ","]
    if not commas:
        return None
    role = words[commas[-1] + 1:]
    named = words[(commas[-2] + 1) if len(commas) > 1 else 0:commas[-1]]
    roles, titles = lexicon.roles(), lexicon.titles()
    if len(named) > 6:
        # "… after Jonas Berg, the ambassador to Norway, told": the name just before
        name = _name_at_end(context, named)
        if name is not None:
            named = [w for w in named if w[1] >= name.start]
    if (role and role[0][0].lower() in ("who", "which") and 0 < len(named) <= 6
            and context.mentions_in(named[0][1], named[-1][2])):
        return named[0][1], named[-1][2]  # "Ilse Varga, who heads the council, said"
    if (0 < len(role) <= 4 and all(w[0][:1].isupper() for w in role)
            and any(m.kind == "name" and m.type == "person"
                    for m in context.mentions_in(role[0][1], role[-1][2]))
            and any(_is_role(w[0]) for w in named if w[0].islower())):
        return role[0][1], role[-1][2]
    if not named or len(named) > 6 or not any(w[0][:1].isupper() for w in named):
        return None
    if not any(w[0].lower() in roles or w[0] in titles for w in role):
        return None
    return named[0][1], named[-1][2]


def _name_at_end(context: _Context, words: list[tuple[str, int, int]],
                 types: tuple[SpeakerType, ...] = ("person", "organization", "unknown"),
                 ) -> Mention | None:
    """The name (of one of ``types``) that ends with the last of ``words``."""
    if not words:
        return None
    names = [m for m in context.mentions_in(words[0][1], words[-1][2])
             if m.kind == "name" and m.end == words[-1][2] and m.type in types]
    return names[-1] if names else None


def _quote_ends_at(text: str, words: list[tuple[str, int, int]]) -> bool:
    return len(words) >= 2 and words[-2][0] in _MARKS


def _phrase_before(context: _Context,
                   words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The noun phrase that ends right before a verb, read leftwards (past a parenthesis
    after a name: "Rep. Ann Lee (D-Md.) said")."""
    end = len(words)
    if end and words[-1][0] == ")":
        opened = next((j for j in range(end - 2, max(-1, end - 8), -1) if words[j][0] == "("),
                      None)
        if opened is not None:
            end = opened
    i = end - 1
    while i >= 0:
        word = words[i][0]
        if (word in _MARKS or word in {".", ";", ":", "(", ")", ","}
                or word.lower() in _SUBJECT_STOPS):
            break
        i -= 1
    start = i + 1
    if start >= end:
        return None
    if end - start > 12:
        start = end - 12
    return words[start][1], words[end - 1][2]


def _phrase_after(context: _Context, at: int, stop: int) -> tuple[int, int] | None:
    """The noun phrase right after an inverted verb: "said Gov Serhiy Lysak in a post"."""
    words = context.words(at, stop)
    taken: list[tuple[str, int, int]] = []
    for word in words:
        if word[0] in {",", ".", ";", ":", "(", "—", "–"} or word[0] in _MARKS:
            break
        if word[0].lower() in _AFTER_SUBJECT_STOPS and taken:
            break
        if _CALENDAR.fullmatch(word[0]) and taken:
            break  # "said Putin Saturday"
        taken.append(word)
        if len(taken) >= 10:
            break
    if not taken:
        return None
    return taken[0][1], taken[-1][2]


def _main_subject(context: _Context, sentence: Sentence, limit: int) -> tuple[int, int] | None:
    """The subject at the head of a sentence: its words up to the first comma, after an
    opening adverbial ("In a statement,") and a conjunction ("But")."""
    words = context.words(sentence.start, min(limit, sentence.start + _REACH))
    while words and words[0][0].lower() in {"but", "and", "so", "yet", "however", "still"}:
        words = words[1:]
    comma = next((i for i, w in enumerate(words[:8]) if w[0] == ","), None)
    if comma is not None and words and words[0][0].lower() in _OPENERS:
        words = words[comma + 1:]
    taken: list[tuple[str, int, int]] = []
    for word in words[:12]:
        if word[0] in {",", ";", ":", "—", "–"} or word[0] in _MARKS:
            break
        if word[0].lower() in _SUBJECT_STOPS and taken:
            break
        taken.append(word)
        if word[0].lower() in lexicon.pronouns():
            break
    if not taken:
        return None
    return taken[0][1], taken[-1][2]


_OPENERS = frozenset(
    "in on at after before during following meanwhile however speaking announcing earlier "
    "later separately also asked when given despite".split()
)


# --- resolving sieves ----------------------------------------------------------------------


def _resolve(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    words = [w[0] for w in context.words(*span)]
    while words and words[0].lower() in _DETERMINERS | _MODIFIERS:
        words = words[1:]
    sieves = _RESOLVERS
    if words and words[0].islower() and _is_role(words[0]) and not (
            len(words) > 1 and words[1][:1].isupper()):  # "police Chief Anton Marsh"
        # "A spokeswoman for the mayor": the role speaks, not the name inside it.
        sieves = (by_role, *(s for s in _RESOLVERS if s is not by_role))
    for sieve in sieves:
        resolved = sieve(context, span, quote)
        if resolved is not None:
            return resolved
    return None


def by_name(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
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


def by_pronoun(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """he / she → the nearest earlier compatible person; it / they → an organisation.

    Sentences are searched backwards; in each, a subject (the first name not after a
    preposition) comes before the others. The speaker of the quote just before wins when
    no new person took the floor since.
    """
    text = context.text
    words = context.words(*span)
    if len(words) != 1 or words[0][0].lower() not in lexicon.pronouns():
        return None
    kind, gender = lexicon.pronouns()[words[0][0].lower()]
    mention = Span(words[0][0], words[0][1], words[0][2])
    representative = context.representative(mention)
    if representative is not None:
        # A coreference model linked the pronoun: its chain names the speaker.
        named = by_name(context, (representative.start, representative.end), quote)
        if named is not None:
            return named._replace(mention=mention, how="pronoun")
    here = context.sentence_index(span[0])
    floor = max(0, here - _PRONOUN_SENTENCES)
    previous = context.previous[-1] if context.previous else None
    since = previous[0].end if previous is not None else 0
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
                continue
            probe = Resolved(entity.speaker(), mention, "pronoun", entity)
            if not _compatible(probe, kind, gender):
                continue
            if candidate.start >= since and candidate in subjects:
                _learn_gender(entity, gender)
                return probe
            fallback = fallback or probe
            break
        if previous is not None and sentence.start <= previous[0].start:
            resolved = previous[1]
            if _compatible(resolved, kind, gender):
                _learn_gender(resolved.entity, gender)
                return Resolved(resolved.speaker, mention, "pronoun", resolved.entity)
            previous = None
    if fallback is not None:
        _learn_gender(fallback.entity, gender)
    return fallback


_PREPOSITIONS = frozenset(
    "for to with from by against of at in on about into over under between than like "
    "after before during toward towards".split()
)


def _after_preposition(text: str, mention: Mention) -> bool:
    """Is the name an object ("for Tom Baker") or a thing ("the Harbour Tours")?"""
    before = text[max(0, mention.start - 20):mention.start].split()
    return bool(before) and before[-1].lower() in _PREPOSITIONS | {"the", "a", "an"}


def by_document(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """"the statement added" → whoever issued it: a name in the phrase ("a statement from
    the Kremlin"), else the speaker of the quote before, else the last organisation."""
    words = [w[0].lower() for w in context.words(*span)]
    nouns = lexicon.cue_nouns()
    if not words or not any(w in nouns for w in words) or words[0] not in _DETERMINERS:
        return None
    mention = _span(context.text, *span)
    owner = next((w for w in context.words(*span) if w[0].endswith(("’s", "'s"))), None)
    if owner is not None and owner[2] - 2 > span[0]:
        # "the ministry’s report said": whoever owns it
        owned = by_role(context, (span[0], owner[2] - 2), quote)
        if owned is not None:
            return owned._replace(mention=mention, how="document")
    if context.previous:
        before, resolved = context.previous[-1]
        if context.sentence_index(span[0]) - context.sentence_index(before.end) <= 4:
            return Resolved(resolved.speaker, mention, "document", resolved.entity)
    for candidate in reversed(context.mentions_in(max(0, span[0] - _LOOK_BACK), span[0])):
        entity = context.entities.of(candidate)
        if entity is not None and entity.type == "organization":
            return Resolved(entity.speaker(), mention, "document", entity)
    return None


def by_role(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """"the chief of the military General Staff" → the person introduced with that role."""
    text = context.text
    phrase = _strip_determiner(text[span[0]:span[1]])
    roles = lexicon.roles()
    phrase, span = _role_phrase(text, span)
    words = _role_words(phrase)
    # The head is the first role word: "chief" in "chief of staff", "ministry" in
    # "the country’s defense ministry".
    head = next((w for w in words if _is_role(w)), None)
    if head is None:
        return None
    mention = _span(text, *span)
    owner = _owner(phrase)
    best: tuple[float, Entity] | None = None
    plural = head not in roles and head not in _ORG_ROLES  # "experts" are no one person
    for person, alias_words, alias_owner in () if plural else context.role_index():
        if head not in alias_words:
            continue
        if owner and owner != alias_owner:
            continue  # "Ukraine’s chief of staff" is not Russia's, nor anyone's
        overlap = len(set(words) & alias_words) / len(set(words))
        if overlap >= 0.6 and (best is None or overlap > best[0]):
            best = (overlap, person)
    if best is not None:
        return Resolved(best[1].speaker(), mention, "role", best[1])
    kind: SpeakerType = "organization" if head in _ORG_ROLES else "person"
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
    entity = context.entities.find(phrase) or context.entities.new(phrase, kind, _gender(gender))
    return Resolved(entity.speaker(), mention, "role_unresolved", entity)


def by_place(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
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


def by_phrase(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """Last resort: the subject words themselves ("South Korean and Western intelligence
    agencies"), when they hold a capitalised word; never a bare common noun."""
    text = context.text
    phrase = _strip_determiner(text[span[0]:span[1]])
    words = phrase.split()
    if not words or len(words) > 8 or not any(w[:1].isupper() for w in words):
        return None
    if words[0] in lexicon.nonnames():
        return None
    entity = context.entities.find(phrase) or context.entities.new(phrase, "unknown")
    return Resolved(entity.speaker(), _span(text, *span), "phrase", entity)


def by_subject(context: _Context, span: tuple[int, int], quote: Quote) -> Resolved | None:
    """Last resort where the text was parsed: the subject the parse gives a reporting verb,
    as written, also a common noun ("the magazine", "most of the workers", "59 percent"),
    which by_phrase never takes from a run of words. Not a bare pronoun ("that", "who")."""
    if context.tree is None or not _parsed_subject_span(context.tree, span):
        return None
    text = context.text
    phrase = _strip_determiner(text[span[0]:span[1]])
    words = phrase.split()
    if not words or len(words) > 12 or (len(words) == 1 and words[0].lower() in _NOT_SPEAKERS):
        return None
    entity = context.entities.find(phrase) or context.entities.new(phrase, "unknown")
    return Resolved(entity.speaker(), _span(text, *span), "subject", entity)


# Words that stand for a speaker named elsewhere, or for none: never one by themselves.
_NOT_SPEAKERS = frozenset({"that", "this", "which", "who", "whom", "what", "it", "there",
                           "these", "those", "some", "one", "none", "all", "both",
                           "he", "she", "they", "we", "i", "you"})


def _parsed_subject_span(tree: Tree, span: tuple[int, int]) -> bool:
    """Is ``span`` the words of a subject in the parse (what _parsed_subject gives)?"""
    first = tree.at(span[0])
    if first is None:
        return False
    i = first
    while i < len(tree.tokens) and tree.tokens[i].start < span[1]:
        if tree.relation(i) in ("nsubj", "appos") and tree.span(i) == span:
            return True
        i += 1
    return False


_RESOLVERS: tuple[Callable[[_Context, tuple[int, int], Quote], Resolved | None], ...] = (
    by_pronoun, by_name, by_document, by_role, by_place, by_phrase, by_subject,
)


# --- helpers -------------------------------------------------------------------------------


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


def _is_cue(word: str, frame: bool = False) -> bool:
    form = lexicon.reporting_verbs().get(word)
    return form is not None and (frame or form.reports != "frame")


def _noun_here(word: str, previous: str) -> bool:
    """Is a cue word that is also a noun one here: "the report", "his statement"?"""
    form = lexicon.reporting_verbs().get(word)
    return (form is not None and form.noun_like
            and (previous.lower() in _DETERMINERS or previous.endswith(("’s", "'s"))))


def _closing_mark(text: str, end: int) -> int | None:
    """Where the closing mark of a quote that ends at ``end`` is."""
    at = end
    while at < len(text) and text[at] in " \t":
        at += 1
    if at < len(text) and text[at] in _MARKS:
        while at + 1 < len(text) and text[at + 1] in _MARKS:
            at += 1
        return at
    return None


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


def _is_role(word: str) -> bool:
    """A role word, singular or plural ("officials", "agencies")."""
    roles = lexicon.roles()
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else ""
    return any(w in roles or w in _ORG_ROLES for w in (word, singular) if w)


def _role_phrase(text: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """Trim a subject to its role phrase: "Ukraine’s military immediately disputed the
    claim" → "Ukraine’s military"; "the chief of the military General Staff" stays."""
    words = _words(text, *span)
    end = None
    for word, _, stop in words:
        lowered = word.lower()
        if _is_role(lowered):
            end = stop
            continue
        if end is not None and not (lowered in {"of", "for", "the", "at", "and"}
                                    or word[:1].isupper() or _is_role(lowered)):
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


def _appositions(context: _Context, entity: Entity) -> list[str]:
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


def _compatible(resolved: Resolved, kind: str, gender: str) -> bool:
    speaker = resolved.speaker
    if kind == "person":
        if speaker.type == "organization":
            return False
        known = resolved.entity.gender if resolved.entity is not None else ""
        return not (gender and known and known != gender)
    if kind == "organization":
        return speaker.type == "organization"
    return True  # they / we: anyone


def _gender(value: str) -> Gender:
    return "male" if value == "male" else "female" if value == "female" else ""


def _learn_gender(entity: Entity | None, gender: str) -> None:
    if entity is not None and gender and not entity.gender and entity.type == "person":
        entity.gender = gender
