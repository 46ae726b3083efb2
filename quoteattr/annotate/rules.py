"""The embedded default backend: rules and word lists, no model, no download.

Paragraphs are lines (news text puts one paragraph on a line, blank lines or not);
sentences end at ``.!?`` (also inside a closing quote mark) unless the word before
is an abbreviation or an initial; names are runs of capitalised words, split into
titles/roles and the name proper, and typed with the organisation and place lists.

>>> from quoteattr.model import Article
>>> doc = RulesAnnotator().annotate(Article("a", "Gov. Vadym Filashkin said so. He left."))
>>> [s.text for s in doc.sentences]
['Gov. Vadym Filashkin said so.', 'He left.']
>>> [(m.text, m.head, m.type) for m in doc.mentions if m.kind == "name"]
[('Gov. Vadym Filashkin', 'Vadym Filashkin', 'person')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence, Set
from functools import lru_cache
from operator import itemgetter
from typing import overload

import attrs
import regex

from quoteattr import lexicon
from quoteattr.lexicon import sources
from quoteattr.model import (
    Article,
    Document,
    Gender,
    Mention,
    Paragraph,
    Sentence,
    SpeakerType,
    Token,
)

__all__ = ["RulesAnnotator", "classify_name", "place_tokens", "split_sentences", "tokenize"]

_LINE = regex.compile(r"[^\n\r]+")
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")
# A sentence ends after .!? (and any closing marks) when a new one visibly starts.
_BOUNDARY = regex.compile(
    r"""[.!?…]+["”’»)\]']*(?=\s+(?:''|``|["“‘«(\['])?[\p{Lu}\p{N}])|[.!?…]+["”’»)\]']*\s*$"""
)
_WORD_BEFORE = regex.compile(r"(?<![\p{L}.])([\p{L}.]+)\.$")
# A word, with the full stop of an abbreviation kept ("Gov.", "U.S."): sentences are split
# first, so a full stop followed by a capital inside one is an abbreviation's. '' and `` are
# double quote marks in some outlets' copy.
_TOKEN = regex.compile(
    r"''|``|(?:\p{L}\.){2,}"
    r"|[\p{L}\p{N}\p{M}]+(?:[’'\-][\p{L}\p{N}\p{M}]+)*"
    r"(?:(?:\.[\p{L}\p{N}]+)*\.(?:com|org|net|gov|edu)\b|\.(?=[ \t]+\p{Lu})"
    r"|(?<=[sS])[’'](?=[ \t]+\p{Ll}))?"  # a plural's possessive: "Sanders' campaign"
    r"|[^\s\p{L}\p{N}]"
)

# The same tokens for a sentence of ASCII text and typographic marks (“”‘’—–…, none of them
# a letter, digit or space), where the letter, digit and space classes are the ASCII ones:
# the standard library's engine runs it about twice as fast, and nearly every sentence of
# English news is such a sentence.
_ASCII_TOKEN = re.compile(
    r"''|``|(?:[A-Za-z]\.){2,}"
    r"|[A-Za-z0-9]+(?:[’'\-][A-Za-z0-9]+)*"
    r"(?:(?:\.[A-Za-z0-9]+)*\.(?:com|org|net|gov|edu)(?![A-Za-z0-9_])|\.(?=[ \t]+[A-Z])"
    r"|(?<=[sS])[’'](?=[ \t]+[a-z]))?"
    r"|[^\t\n\v\f\r A-Za-z0-9]"
)
_NOT_ASCII_OR_TYPOGRAPHIC = regex.compile(r"[^\x00-\x7f“”‘’—–…]")

_CAP = r"(?:\p{Lu}\.(?:\p{Lu}\.)+|\p{Lu}[\p{L}\p{M}]*(?:[’'\-](?!s\b)\p{L}[\p{L}\p{M}]*)*\.?)"
# A name may open with an Arabic article ("al-Shabaab", "Abdel Fattah el-Sisi"). A run's
# first word is found by its capital (the search is about twice as slow where the article
# may lead it): the article before it is taken in afterwards.
_ARTICLE = r"(?:al|el|ad|ar|as|ash|at|az|ul)-"
_ARTICLE_BEFORE = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_ARTICLE}$")
_NEXT_CAP = rf"(?:{_ARTICLE})?{_CAP}"
_LINKS = r"(?:of|for|the|de|del|della|da|dos|van|von|der|den|al|el|bin|ibn|la|le|du)"
_RUN = rf"{_CAP}(?:[ \t]+(?:{_LINKS}[ \t]+)*{_NEXT_CAP})*"
_NAME_RUN = regex.compile(
    rf"(?:(?<![\p{{L}}\p{{N}}’'\-.])|(?<=(?<![\p{{L}}\p{{N}}]){_ARTICLE})){_RUN}")
# "Ukraine’s General Staff", "Russia's Defence Ministry": a possessive organisation.
_POSSESSIVE_ORG = regex.compile(rf"[’']s[ \t]+({_RUN})")
_NONSPACE = regex.compile(r"\S+")
_INITIALS = regex.compile(r"(?:\p{Lu}\.)+")
_PRONOUN = regex.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)\b")


class RulesAnnotator:
    """Sentences, tokens and name mentions from rules and word lists."""

    name = "rules"
    provides: frozenset[str] = frozenset()

    def annotate(self, article: Article) -> Document:
        if not isinstance(article, Article):
            raise TypeError(f"article must be an Article, not {type(article).__name__}")
        text = article.text
        paragraphs = tuple(_paragraphs(article))
        sentences = tuple(
            sentence
            for number, paragraph in enumerate(paragraphs)
            for sentence in split_sentences(text, paragraph.start, paragraph.end, number)
        )
        body = slice(article.body_start, article.body_end)
        tokens = tokenize(text, sentences)
        mentions = sorted(
            [*_name_mentions(text, body.start, body.stop, _openings(text, sentences),
                             {w for w in set(map(itemgetter(0), tokens.spans))
                              if w[:1].islower()}),
             *_pronoun_mentions(text, body.start, body.stop)],
            key=lambda m: m.start,
        )
        return Document(article, paragraphs, sentences, tokens, tuple(mentions), self.name)


def tokenize(text: str, sentences: Sequence[Sentence]) -> _Tokens:
    """The token layer of the rules backend: the words of each sentence.

    The words are found at once and kept as ``(text, start, end)``; the Token records are
    made on first use (the rules read the words; a record a word is most of the cost).

    >>> [t.text for t in tokenize("Gov. Ann Lee’s aide said ''no.''", [Sentence("", 0, 33, 0)])]
    ['Gov.', 'Ann', 'Lee’s', 'aide', 'said', "''", 'no', '.', "''"]
    """
    spans: list[tuple[str, int, int]] = []
    numbers: list[int] = []
    for number, sentence in enumerate(sentences):
        plain = text[sentence.start:sentence.end].isascii() or (
            _NOT_ASCII_OR_TYPOGRAPHIC.search(text, sentence.start, sentence.end) is None)
        finditer = (_ASCII_TOKEN if plain else _TOKEN).finditer
        words = [(m[0], m.start(), m.end()) for m in finditer(text, sentence.start, sentence.end)]
        # "Microsoft Corp. said": the full stop of an abbreviation mid-sentence stays with it
        # (only a sentence with a full stop before its last word can hold one)
        if len(words) > 2 and text.find(".", sentence.start, words[-1][1]) >= 0:
            stops = [i for i in range(1, len(words) - 1) if words[i][0] == "."
                     and words[i][1] == words[i - 1][2]
                     and _abbreviated(words[i - 1][0] + ".")]
            for i in reversed(stops):
                word, start, _ = words[i - 1]
                words[i - 1:i + 1] = [(word + ".", start, words[i][2])]
        spans += words
        numbers += [number] * len(words)
    return _Tokens(spans, numbers, [s.paragraph for s in sentences])


class _Tokens(Sequence[Token]):
    """Tokens kept as words, made into Token records when one is asked for."""

    def __init__(self, spans: list[tuple[str, int, int]], sentences: list[int],
                 paragraphs: list[int]) -> None:
        self.spans = spans  # read directly by Document.words
        self._sentences = sentences
        self._paragraphs = paragraphs
        self._made: tuple[Token, ...] | None = None

    def _all(self) -> tuple[Token, ...]:
        if self._made is None:
            self._made = tuple(
                Token(word, start, end, sentence=number, paragraph=self._paragraphs[number])
                for (word, start, end), number in zip(self.spans, self._sentences, strict=True))
        return self._made

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Token, ...]: ...
    def __getitem__(self, index: int | slice) -> Token | tuple[Token, ...]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self.spans)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"<{len(self)} tokens>"


def _abbreviated(word: str) -> bool:
    return (word[:-1] in lexicon.abbreviations() or word in lexicon.titles()
            or word.casefold() in sources.org_suffixes().legal)


def place_tokens(tokens: Sequence[Token], sentences: Sequence[Sentence]) -> tuple[Token, ...]:
    """``tokens`` with their sentence and paragraph index, for a backend whose tokens come
    from elsewhere (a token between sentences takes the sentence before)."""
    starts = [s.start for s in sentences]
    placed = []
    for token in tokens:
        number = max(0, bisect.bisect_right(starts, token.start) - 1)
        paragraph = sentences[number].paragraph if sentences else -1
        placed.append(attrs.evolve(token, sentence=number if sentences else -1,
                                   paragraph=paragraph))
    return tuple(placed)


def _paragraphs(article: Article) -> Iterator[Paragraph]:
    text = article.text
    for line in _LINE.finditer(text, article.body_start, article.body_end):
        start, end = line.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if _HAS_WORD.search(text, start, end):
            yield Paragraph(text[start:end], start, end)


def split_sentences(text: str, start: int, end: int, paragraph: int = 0) -> Iterator[Sentence]:
    """Sentences of ``text[start:end]``, which is one paragraph."""
    abbreviations = lexicon.abbreviations()
    begin = start
    for boundary in _BOUNDARY.finditer(text, start, end):
        stop = boundary.end()
        # "Gov. Vadym", "U.S. troops", "B. Chan": a full stop after an abbreviation
        # or a single initial does not end the sentence.
        if text[boundary.start()] == ".":
            # Only the last word matters: look no further back than an abbreviation reaches.
            before = _WORD_BEFORE.search(text, max(begin, boundary.start() - 12),
                                         boundary.start() + 1)
            if before is not None:
                word = before.group(1)
                if word in abbreviations or (len(word) == 1 and word.isupper()):
                    continue
        stop = _rstrip(text, begin, stop)
        if stop > begin:
            yield Sentence(text[begin:stop], begin, stop, paragraph)
        begin = boundary.end()
        while begin < end and text[begin].isspace():
            begin += 1
    stop = _rstrip(text, begin, end)
    if stop > begin:
        yield Sentence(text[begin:stop], begin, stop, paragraph)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _pronoun_mentions(text: str, start: int, end: int) -> Iterator[Mention]:
    typed = _typed_pronouns()
    for match in _PRONOUN.finditer(text, start, end):
        word = match.group()
        speaker_type, gender = typed[word]
        yield Mention(word, match.start(), match.end(), "pronoun", speaker_type, gender=gender)


@lru_cache(maxsize=1)
def _typed_pronouns() -> dict[str, tuple[SpeakerType, Gender]]:
    """What each word ``_PRONOUN`` matches refers to, as it is written ("He" and "he")."""
    typed: dict[str, tuple[SpeakerType, Gender]] = {}
    for word, (kind, gender) in lexicon.pronouns().items():
        for form in {word, word.capitalize(), word.upper()}:
            typed[form] = (_speaker_type(kind), _gender(gender))
    return typed


def _nonname(word: str, nonnames: frozenset[str]) -> bool:
    """A capitalised word that starts no name; in capitals too ("READ MORE:")."""
    word = word.rstrip(".")
    return word in nonnames or (len(word) > 1 and word.isupper() and word.title() in nonnames)


def _openings(text: str, sentences: Sequence[Sentence]) -> frozenset[int]:
    """Where the first word of each sentence starts (after an opening quote mark)."""
    found = set()
    for sentence in sentences:
        at = sentence.start
        while at < sentence.end and not text[at].isalnum():
            at += 1
        found.add(at)
    return frozenset(found)


def _common_opening(word: str, lowered: Set[str]) -> bool:
    """A capitalised word that opens a sentence and is written in small letters elsewhere
    in the article ("Looks like …", "Having announced …", "Hours later"): no name, unless
    it is a known first name, place, organisation, title or role."""
    bare = word.rstrip(".")
    if bare.endswith("ly") and len(bare) > 4 and bare not in lexicon.first_names():
        return True  # "Recently she announced …": an adverb
    return (bare.lower() in lowered and bare not in lexicon.first_names()
            and bare not in lexicon.places() and bare not in lexicon.organizations()
            and word not in lexicon.titles() and not lexicon.is_role(bare.lower()))


def _name_mentions(text: str, start: int, end: int, openings: Set[int] = frozenset(),
                   lowered: Set[str] = frozenset()) -> Iterator[Mention]:
    position = start
    search = _NAME_RUN.search
    while True:
        match = search(text, position, end)
        if match is None:
            return
        run_start = match.start()
        if text[run_start - 1:run_start] == "-":  # ("al-Shabaab": the article opens the run)
            article = _ARTICLE_BEFORE.search(text, max(start, run_start - 4), run_start)
            run_start = article.start() if article is not None else run_start
        run = text[run_start:match.end()]
        # What the run's own words decide, read once for each distinct run (cached)
        words, cut = _run_words(run)
        position = run_start + cut if cut else match.end()
        if not words:
            continue
        # "Looks like …": a common word opening a sentence (what the article decides)
        first = 0
        while first < len(words) and run_start + words[first][0] in openings:
            word = run[words[first][0]:words[first][1]]
            if not _common_opening(word, lowered):
                break
            first += 1
            while first < len(words) and _dropped(
                    run[words[first][0]:words[first][1]], len(words) - first > 1):
                first += 1
        if first == len(words):
            continue
        run_start, run_end = run_start + words[first][0], run_start + words[-1][1]
        # "Ukraine’s General Staff" is one organisation; "Russia’s Kursk" is two names.
        possessive = (_POSSESSIVE_ORG.match(text, run_end, end)
                      if text[run_end:run_end + 1] in _APOSTROPHE_CHARS else None)
        if possessive is not None:
            owned = classify_name(possessive.group(1), possessive.start(1))
            if owned is not None and owned.type == "organization" and owned.kind == "name":
                mention = classify_name(text[run_start:possessive.end()], run_start)
                position = possessive.end()
                if mention is not None:
                    yield mention
                continue
            position = run_end
        mention = classify_name(text[run_start:run_end], run_start)
        if mention is not None:
            yield mention


@lru_cache(maxsize=65536)
def _run_words(run: str) -> tuple[tuple[tuple[int, int], ...], int]:
    """The words of a run of capitalised words that may name someone, as offsets into the
    run, and where a full stop that is no abbreviation ends the run (0: it does not).

    Capitalised function words and sentence-initial participles at the front are dropped
    ("The", "But Vadym Filashkin", "Speaking Tuesday, …").
    """
    words = _words(run, 0, len(run))
    cut = 0
    # A full stop that is no abbreviation ends the sentence, and so the name.
    for i, (word_start, word_end) in enumerate(words):
        if run[word_end - 1] == "." and not _keeps_period(run[word_start:word_end]):
            words = words[: i + 1]
            cut = word_end - 1
            words[-1] = (word_start, cut)
            break
    first = 0
    while first < len(words) and _dropped(run[words[first][0]:words[first][1]],
                                          len(words) - first > 1):
        first += 1
    return tuple(words[first:]), cut


def _dropped(word: str, more: bool) -> bool:
    """Does a word at the front of a run start no name (``more``: other words follow)?"""
    lower = word.lower()
    return (_nonname(word, lexicon.nonnames()) or (more and lower.endswith("ing"))
            or lower in _LINK_WORDS or (more and _hyphened_adjective(word)))


def _hyphened_adjective(word: str) -> bool:
    """"Al-Qaeda-linked", "Iran-backed", "Moscow-based": a name made an adjective."""
    head, _, tail = word.rpartition("-")
    return bool(head) and tail.islower() and tail.endswith("ed")


_APOSTROPHE_CHARS = ("’", "'")  # what a possessive starts with (see _POSSESSIVE_ORG)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of a run of capitalised words, which only spaces and tabs separate."""
    if "\t" in text[start:end]:
        return [word.span() for word in _NONSPACE.finditer(text, start, end)]
    words = []
    at = start
    for part in text[start:end].split(" "):
        if part:
            words.append((at, at + len(part)))
        at += len(part) + 1
    return words


def classify_name(phrase: str, start: int = 0) -> Mention | None:
    """Type a run of capitalised words and find the name inside it.

    >>> m = classify_name("Russian President Vladimir Putin")
    >>> (m.head, m.type)
    ('Vladimir Putin', 'person')
    >>> classify_name("Ukraine’s General Staff").type
    'organization'
    >>> classify_name("Kursk").type
    'unknown'
    """
    found = _classify(phrase)  # the same names come back again and again: cached
    if found is None or start == 0:
        return found
    return Mention(found.text, found.start + start, found.end + start, found.kind, found.type,
                   found.head, found.gender)


@lru_cache(maxsize=65536)
def _classify(phrase: str) -> Mention | None:
    start = 0
    end = start + len(phrase)
    phrase_stripped = phrase.rstrip(".")
    if phrase_stripped != phrase and not _keeps_period(phrase):
        end -= len(phrase) - len(phrase_stripped)
        phrase = phrase_stripped
    words = phrase.split()
    nonnames = lexicon.nonnames()
    # "President Vladimir Putin Saturday": calendar words trail, they are no part of a name.
    while len(words) > 1 and words[-1].rstrip(".") in nonnames:
        words.pop()
    if not words:
        return None
    if len(words) < len(phrase.split()):
        phrase = phrase[: phrase.rindex(words[-1]) + len(words[-1])]
        end = start + len(phrase)
    organizations = lexicon.organizations()
    places = lexicon.places()
    titles = lexicon.titles()
    roles = lexicon.roles()

    last = words[-1].rstrip(".")
    lead = [w for w in words if w not in places]
    first = lead[0].rstrip(".") if lead else ""
    if (phrase in organizations or last in organizations
            or " ".join(words[-2:]) in organizations or _organization(words)):
        if (first in titles or first.lower() in roles) and len(lead) > 2 and lead[1] in _LINKS_SET:
            # "Chief of the General Staff for Russia’s Armed Forces": a role, held by a person.
            return Mention(phrase, start, end, "role", "person", head="")
        return Mention(phrase, start, end, "name", "organization", head=_strip_the(phrase))
    if phrase in places or (last in places and len(words) > 1):
        return Mention(phrase, start, end, "name", "unknown", head=places.get(phrase, phrase))

    # The name proper is the longest tail of words that are no title, role or place
    # (but "Peter King", "Jim Justice": such a word after a first name is a surname).
    gender = ""
    cut = len(words)
    surname = _role_as_surname(words)
    while cut > 0:
        word = words[cut - 1]
        bare = word.rstrip(".")
        if (word in titles or bare in titles or bare.lower() in roles or word in places
                or bare in organizations or word.lower() in _LINK_WORDS
                or bare in nonnames) and not (surname and cut == len(words)):
            break
        cut -= 1
    head_words = words[cut:]
    prefix = words[:cut]
    link = next((i for i, w in enumerate(words) if w in ("of", "for")), None)
    if link is not None and link >= 2 and not any(
        w in titles or w.rstrip(".") in titles or w.lower() in roles or w in places
        for w in words[:link]
    ):
        # "Lena Ortiz of Acme Capital": a person of an organisation.
        name = " ".join(words[:link])
        return Mention(name, start, start + phrase.index(name) + len(name), "name", "person",
                       head=name)
    for word in prefix:
        gender = gender or titles.get(word, "") or titles.get(word.rstrip("."), "")
    if not head_words:
        return Mention(phrase, start, end, "role", "person", head="", gender=_gender(gender))
    first_names = lexicon.first_names()
    if len(head_words) > 2 and head_words[0] not in first_names:
        # "Getty Images Maria Lopez": a credit line runs into the name.
        k = next((k for k in range(1, len(head_words) - 1) if head_words[k] in first_names), 0)
        if k:
            prefix, head_words = prefix + head_words[:k], head_words[k:]
    # (A first name's usual gender is no evidence to exclude anyone by: attribution only
    # prefers by it; titles and roles are the evidence kept here.)
    head = " ".join(head_words)
    # A title or a role before a single name makes a person ("President Putin"); a place
    # adjective does not ("British Columbia").
    titled = any(w not in places for w in prefix)
    kind: SpeakerType = "person" if titled or len(head_words) >= 2 else "unknown"
    if len(head_words) >= 2 and all(w in places for w in head_words):
        kind = "unknown"
    return Mention(phrase, start, end, "name", kind, head=head, gender=_gender(gender))


def _role_as_surname(words: list[str]) -> bool:
    """Is the last word, a title or a role ("King", "Justice", "Bishop"), a surname: does a
    first name come before it, with any initials ("Peter King", "Carole T. King")?"""
    k = len(words) - 2
    while k >= 0 and _INITIALS.fullmatch(words[k]):
        k -= 1
    if k < 0:
        return False
    first = words[k]
    return (first in lexicon.first_names() and first not in lexicon.titles()
            and not lexicon.is_role(first.lower()))


def _organization(words: list[str]) -> bool:
    """Is a run of capitalised words an organisation's name: a known one ("Amnesty
    International", "BBC"), or one that ends in a legal form ("Microsoft Corp.", "Deutsche
    Bahn AG") or an organisation's head word ("Norvale Energy", "Harbor Lines")?"""
    names = sources.org_names()
    bare = [w for w in words if w.lower() != "the"]
    if " ".join(bare) in names or (len(bare) > 1 and " ".join(bare[-2:]) in names):
        return True
    suffixes = sources.org_suffixes()
    last = bare[-1] if bare else ""
    return len(bare) > 1 and (last.casefold() in suffixes.legal or last in suffixes.heads
                              or last.rstrip(".") in suffixes.heads)


_LINK_WORDS = frozenset({"of", "for", "the", "and"})
_LINKS_SET = frozenset(_LINKS[3:-1].split("|"))


def _keeps_period(phrase: str) -> bool:
    last = phrase.split()[-1]
    return last in lexicon.abbreviations() or last.rstrip(".") + "." in lexicon.titles() or (
        _INITIALS.fullmatch(last) is not None
    )


def _strip_the(phrase: str) -> str:
    return phrase[4:] if phrase.startswith(("The ", "the ")) else phrase


def _speaker_type(kind: str) -> SpeakerType:
    return kind if kind in ("person", "organization") else "unknown"  # type: ignore[return-value]


def _gender(value: str) -> Gender:
    if value == "male":
        return "male"
    return "female" if value == "female" else ""
