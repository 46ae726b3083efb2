"""Quote detection: quoted and reported speech in an annotated document.

Three passes, each linear in the length of the text:

1. *Marks.* Every quote mark of a paragraph is read as an opener, a closer or an
   apostrophe from its neighbours, and paired on a stack, so that mismatched pairs as
   real outlets write them (“… front," he said), nested quotes and unclosed quotes all
   come out as spans. A paragraph that ends inside a quote and a next paragraph that
   opens with a mark make one multi-paragraph quote.
2. *Reported speech.* Each sentence is read for reporting cues: "X said (that) …",
   "…, X said.", "according to X, …", ", saying …", "X denied that …".
3. *Kinds.* A quoted span that opens its sentence or follows "said:" is ``direct``; one
   inside reported content makes that content ``partial``; reported content with no
   marks is ``indirect``; quoted words with no speech around them are ``scare``.

>>> from quoteattr import extract
>>> [(q.kind, q.text) for q in extract('“We will win,” she said of the so-called “deal”.')]
[('direct', 'We will win,'), ('scare', 'deal')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from functools import cache
from typing import NamedTuple

import regex

from quoteattr import lexicon
from quoteattr.model import Document, Paragraph, Quote, QuoteKind, Sentence, Span
from quoteattr.syntax import Tree

__all__ = ["detect_quotes"]

# '' and `` stand for double marks in some outlets' copy (''It's anti-reform.'').
_MARK = regex.compile(r"''|``|[\"“”„«»‘’‚‹›']")
_DOUBLE = frozenset("\"“”„«»")
_OPENS_AFTER = frozenset("([{—–-/:…")
_CLOSES_BEFORE = frozenset(".,;:!?)]}—–-…")
# Words, with the full stop of an abbreviation ("Gov.", "U.S.") kept: sentences are
# already split, so a full stop followed by a capital inside one is an abbreviation.
_WORD = regex.compile(
    r"''|``|(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:[’'\-][\p{L}\p{N}]+)*(?:\.(?=[ \t]+\p{Lu}))?"
    r"|[^\s\p{L}\p{N}]"
)
_LETTER = regex.compile(r"[\p{L}\p{N}]")
_WORD_ONLY = regex.compile(r"[\p{L}\p{N}]+")
_LETTERS = regex.compile(r"\p{L}+")
_SPEECH_WORDS = regex.compile(r"\b(?:I|I'm|I’m|we|We|my|My|our|Our|us|me)\b")

# A reporting verb right after these is no report ("is said to", "to say", "that said").
_NOT_SUBJECT = frozenset(
    "to be been being is was were are am that which as what it's let not never "
    "the a an this these those".split()
)
_MIN_CONTENT_WORDS = 3
# Not part of reported content: "that" opening it, and punctuation at its edges.
_OUTSIDE_CONTENT = frozenset({"mark", "punct"})
_MAX_ATTRIBUTION_WORDS = 16
_PARTIAL_MIN_WORDS = 6


class _Piece(NamedTuple):
    """One quoted stretch between marks (or to the end of its paragraph)."""

    open_at: int  # position of the opening mark
    close_at: int  # position of the closing mark, or the paragraph end if unclosed
    start: int  # the quoted words, without marks and outer blanks
    end: int
    paragraph: int
    closed: bool


class _Report(NamedTuple):
    """Reported content in one sentence and the cue that introduces it."""

    start: int
    end: int
    cue: Span


def detect_quotes(doc: Document) -> list[Quote]:
    """All quotes of ``doc`` in text order, with ids ``q1``, ``q2``, … and groups."""
    text = doc.text
    pieces = list(_pieces(text, doc.paragraphs))
    starts = [s.start for s in doc.sentences]
    found: list[tuple[int, int, QuoteKind, tuple[Span, ...], Span | None, bool]] = []
    consumed: set[int] = set()  # pieces that became fragments of partial quotes
    opening = [p.open_at for p in pieces]
    tree = Tree.of(doc)
    links = _link_lines(doc)
    reports_by_sentence: dict[int, list[_Report]] = {}
    for i, s in _sentences_with_cues(doc, links):
        parsed = _parsed_reports(text, tree, s) if tree is not None else []
        reports_by_sentence[i] = parsed or _reports(
            text, s, opening[bisect.bisect_left(opening, s.start):
                             bisect.bisect_left(opening, s.end)])

    for sentence_index, found_reports in reports_by_sentence.items():
        sentence = doc.sentences[sentence_index]
        inside_sentence = list(range(bisect.bisect_left(opening, sentence.start),
                                     bisect.bisect_left(opening, sentence.end)))
        for report in found_reports:
            report = _through_quotes(text, doc.sentences, starts, report,
                                     [pieces[i] for i in inside_sentence])
            if report.start >= report.end:
                continue
            inner = [
                i for i in inside_sentence
                if report.start <= pieces[i].open_at and pieces[i].close_at <= report.end + 1
                and pieces[i].start < pieces[i].end
                and not _is_scare_cue(_words_before(text, pieces[i].open_at))
            ]
            overlapping = _overlapping(pieces, opening, report)
            if not inner:
                if not overlapping:
                    found.append((report.start, report.end, "indirect", (), report.cue, False))
                continue
            if _is_whole(text, report, [pieces[i] for i in inner]):
                continue  # the content is the quote itself: a direct quote, kept below
            fragments = tuple(Span(text[pieces[i].start:pieces[i].end], pieces[i].start,
                                   pieces[i].end) for i in inner)
            consumed.update(inner)
            if _frames_only(report.cue.text):
                # "called the plan “reckless” and based on “wishful thinking”": a
                # verb that only frames quotes reports no content of its own but the words.
                found.extend((f.start, f.end, "partial", (f,), report.cue, False)
                             for f in fragments)
                continue
            # A quote left open runs to its paragraph's end, maybe past the report's.
            end = max(report.end, *(f.end for f in fragments))
            found.append((report.start, end, "partial", fragments, report.cue, False))

    for i, piece in enumerate(pieces):
        if i in consumed or piece.start >= piece.end:
            continue
        kind = "scare" if piece.paragraph in links else _kind(text, doc, starts, pieces, i)
        span = Span(text[piece.start:piece.end], piece.start, piece.end)
        found.append((piece.start, piece.end, kind, (span,), None, _continues(pieces, i)))

    found.sort(key=lambda f: (f[0], f[1]))
    quotes: list[Quote] = []
    for number, (start, end, kind, fragments, cue, continued) in enumerate(found, 1):
        quote_id = f"q{number}"
        group = quote_id
        if quotes and (continued or _interrupted(text, quotes[-1], start, kind)):
            group = quotes[-1].group
        quotes.append(Quote(quote_id, group, text[start:end], start, end, kind,
                            fragments or (Span(text[start:end], start, end),), cue))
    return quotes


def _overlapping(pieces: Sequence[_Piece], opening: list[int], report: _Report) -> bool:
    """Does a quote reach into the report (also one that opened in an earlier sentence)?"""
    last = bisect.bisect_left(opening, report.end)
    return any(
        pieces[i].close_at >= report.start for i in range(max(0, last - 3), last)
    )


# --- pass 1: marks -------------------------------------------------------------------------


def _pieces(text: str, paragraphs: Sequence[Paragraph]) -> Iterator[_Piece]:
    for number, paragraph in enumerate(paragraphs):
        yield from _paragraph_pieces(text, paragraph, number)


def _paragraph_pieces(text: str, paragraph: Paragraph, number: int) -> Iterator[_Piece]:
    """Pair the marks of one paragraph; only outermost quotes come out."""
    start, end = paragraph.start, paragraph.end
    stack: list[tuple[bool, int, str]] = []  # (double?, position, mark)
    # Double quotes never nest (an opener inside one is a slip or a lost closer), so the
    # stack holds at most one: kept at hand, not searched for at every mark.
    double_open: tuple[bool, int, str] | None = None

    def piece(open_at: int, close_at: int, closed: bool) -> _Piece:
        s, e = open_at + (2 if text.startswith(("''", "``"), open_at) else 1), close_at
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return _Piece(open_at, close_at, s, e, number, closed)

    for match in _MARK.finditer(text, start, end):
        at = match.start()
        mark = match.group()
        before = text[at - 1] if at > start else " "
        after = text[match.end()] if match.end() < end else " "
        if len(mark) == 2:
            mark = '"'  # treated as one straight double mark
        opens = not after.isspace() and (
            before.isspace() or before in _OPENS_AFTER or _MARK.match(before) is not None
        )
        closes = not before.isspace() and (
            after.isspace() or after in _CLOSES_BEFORE or _MARK.match(after) is not None
        )
        if mark in _DOUBLE:
            role = _double_role(mark, double_open[2] if double_open else None, opens, closes)
            if role == "close" and double_open is not None:
                while stack and stack[-1] is not double_open:
                    stack.pop()  # an unclosed nested single quote ends with its outer quote
                stack.pop()
                if not stack:
                    yield piece(double_open[1], at, True)
                double_open = None
            elif role == "open":
                if double_open is not None and mark != '"':
                    # “A. “B.”: an opener inside an open quote is a slip of the pen; the
                    # quote goes on (a straight mark below may also be a lost closer).
                    continue
                if double_open is not None:
                    # A new opener while a quote is open: the earlier one lost its closer.
                    while stack and stack[-1] is not double_open:
                        stack.pop()
                    stack.pop()
                    if not stack:
                        yield piece(double_open[1], at, False)
                double_open = (True, at, mark)
                stack.append(double_open)
            continue
        # single marks, which are also apostrophes
        if _LETTER.match(before) and _LETTER.match(after):
            continue  # Ukraine’s, don't
        single_open = stack[-1][2] if stack and not stack[-1][0] else None
        closer = "‘" if single_open == "‚" else "›" if single_open == "‹" else "’'"
        if single_open and closes and mark in closer:
            if (before in "sS" and after == " " and at + 2 < end and text[at + 2].islower()
                    and text.find(mark, at + 1, end) != -1):
                continue  # ‘The soldiers’ contribution …’: a plural possessive
            open_at = stack.pop()[1]
            if not stack:
                yield piece(open_at, at, True)
        elif (mark in "‘‚‹" and opens) or (mark == "'" and opens and before.isspace()):
            stack.append((False, at, mark))

    # An open double quote runs to the paragraph end (the news convention for a quote
    # that goes on in the next paragraph); a stray single mark is no quote.
    outer = next((entry for entry in stack if entry[0]), None)
    if outer is not None and outer is stack[0]:
        yield piece(outer[1], end, False)


# What closes a quote opened by each double mark; „…“ and »…« are German, «…» French.
_CLOSERS = {"“": "”“\"", "„": "“”\"", "«": "»", "»": "«", '"': '"”', "”": '”"'}


def _double_role(mark: str, open_mark: str | None, opens: bool, closes: bool) -> str:
    """Is a double mark an opener, a closer or neither, given the quote open before it?"""
    if open_mark is not None and mark in _CLOSERS[open_mark]:
        if (mark in "”»«" and mark != open_mark) or (mark == "“" and open_mark == "„"):
            return "close"  # a mark that only closes this quote
        if closes or not opens:
            return "close"  # “… front," he said / “… front,“ he said
    if mark in "“„«" or (mark in '"»”' and opens):
        return "open"
    return "close" if open_mark is not None else "skip"


def _continues(pieces: Sequence[_Piece], i: int) -> bool:
    """Does piece i carry on a quote left open at the end of the paragraph before?"""
    if i == 0:
        return False
    previous, piece = pieces[i - 1], pieces[i]
    return (
        not previous.closed
        and previous.paragraph == piece.paragraph - 1
        and piece.open_at == _paragraph_first_mark(pieces, i)
    )


def _paragraph_first_mark(pieces: Sequence[_Piece], i: int) -> int:
    first = i
    while first > 0 and pieces[first - 1].paragraph == pieces[i].paragraph:
        first -= 1
    return pieces[first].open_at


# --- pass 2: reported speech ---------------------------------------------------------------

_Word = tuple[str, int, int]


def _sentences_with_cues(doc: Document,
                         links: frozenset[int]) -> Iterator[tuple[int, Sentence]]:
    """Sentences that hold a reporting cue, but for those of link lines (``links``)."""
    verbs = lexicon.reporting_verbs().keys()
    text = doc.text
    for i, sentence in enumerate(doc.sentences):
        if sentence.paragraph in links:
            continue
        if not verbs.isdisjoint(_LETTERS.findall(text, sentence.start, sentence.end)) or (
            "ccording to" in sentence.text
        ):
            yield i, sentence


# "READ MORE: …", "WATCH: …": a line that links to another story, whose quotes are the
# words of its headline, not speech in this article. (Not a section head such as "JAPAN
# ECONOMY: …", which goes on with the article.)
_LINK_LABEL = regex.compile(
    r"\s*(?:READ MORE|ALSO READ|SEE ALSO|MORE|WATCH|RELATED|LISTEN|VIDEO|PHOTOS)[ \t]*:",
    regex.IGNORECASE)


def _link_lines(doc: Document) -> frozenset[int]:
    """The paragraphs (by number) that are link lines."""
    text = doc.text
    return frozenset(number for number, paragraph in enumerate(doc.paragraphs)
                     if _LINK_LABEL.match(text, paragraph.start, paragraph.end))


def _reports(text: str, sentence: Sentence, quoted: Sequence[int]) -> list[_Report]:
    """Reported content in one sentence, found from its reporting cues."""
    words = [(m.group(), m.start(), m.end())
             for m in _WORD.finditer(text, sentence.start, sentence.end)]
    if not words:
        return []
    start = _skip_dateline(text, words)
    end = _content_end(text, sentence.start, sentence.end)
    according = _according_to(text, words, start, end)
    found = [according] if according else _long_enough(text, _cue_after(text, words, start, end))
    before = _long_enough(text, _cue_before(text, words, end, quoted))
    if not found:
        return before
    # "A, he said, adding that B": a cue after the attribution reports on its own.
    last = max(max(r.end, r.cue.end) for r in found)
    return found + [r for r in before if r.cue.start >= last and r.start >= last]


def _parsed_reports(text: str, tree: Tree, sentence: Sentence) -> list[_Report]:
    """Reported content read off a dependency parse: the clausal complement of a reporting
    verb ("X said *that A*", "told Y *A*"), or the clause the verb follows ("*A*, X said").

    Empty when the parse shows none, and the rules read the sentence instead.
    """
    verbs = lexicon.reporting_verbs()
    tokens = tree.tokens
    reports: list[_Report] = []
    for i in range(bisect.bisect_left(tree.starts, sentence.start),
                   bisect.bisect_left(tree.starts, sentence.end)):
        token = tokens[i]
        if token.upos not in ("VERB", "") or token.text.lower() not in verbs:
            continue
        cue = Span(token.text, token.start, token.end)
        for clause in tree.dependents(i, "ccomp"):
            start, end = tree.span(clause, leave_out=_OUTSIDE_CONTENT)
            reports.append(_Report(start, end, cue))
        head = tree.head(i)
        if tree.relation(i) == "parataxis" and head is not None and tokens[head].start < cue.start:
            # "A, the ministry said": the content runs up to the attribution clause.
            attribution = set(tree.subtree(i))
            clause_start = min(tokens[n].start for n in attribution)
            before = [n for n in tree.subtree(head, leave_out=_OUTSIDE_CONTENT)
                      if n not in attribution and tokens[n].end <= clause_start]
            if before:
                reports.append(_Report(min(tokens[n].start for n in before),
                                       max(tokens[n].end for n in before), cue))
    return _long_enough(text, reports)


def _long_enough(text: str, reports: list[_Report]) -> list[_Report]:
    return [r for r in reports if _word_count(text, r.start, r.end) >= _MIN_CONTENT_WORDS]


def _through_quotes(text: str, sentences: Sequence[Sentence], starts: list[int],
                    report: _Report, pieces: Sequence[_Piece]) -> _Report:
    """Carry a content that ends inside a quote on to the quote's close.

    Sentences are split inside quotes ("… next week. Stay tuned!”"); reported content
    that opens a quote goes on until the quote closes and its sentence ends.
    """
    last = next((p for p in reversed(pieces)
                 if report.start <= p.open_at < report.end < p.close_at), None)
    if last is None:
        return report
    index = bisect.bisect_right(starts, last.close_at) - 1
    end = max(last.close_at + 1, sentences[index].end if index >= 0 else last.close_at + 1)
    return report._replace(end=_content_end(text, report.start, min(end, len(text))))


def _skip_dateline(text: str, words: list[_Word]) -> int:
    """Where the sentence starts after a dateline such as "KYIV –"."""
    for i, (word, _, _) in enumerate(words[:6]):
        if word in {"–", "—", "-"} and i > 0:
            if all(w[0].isupper() or not w[0].isalpha() for w in words[:i]) and i + 1 < len(words):
                return words[i + 1][1]
            break
    return words[0][1]


def _according_to(text: str, words: list[_Word], start: int, end: int) -> _Report | None:
    lowered = [w[0].lower() for w in words]
    for i in range(len(words) - 1):
        if lowered[i] != "according" or lowered[i + 1] != "to":
            continue
        cue = Span(text[words[i][1]:words[i + 1][2]], words[i][1], words[i + 1][2])
        if words[i][1] == start:  # "According to X, CONTENT."
            comma = next((j for j in range(i + 2, len(words)) if words[j][0] == ","), None)
            if comma is None or comma + 1 >= len(words):
                return None
            return _Report(words[comma + 1][1], end, cue)
        if words[i - 1][0] == ",":
            comma = next((j for j in range(i + 2, len(words)) if words[j][0] == ","), None)
            if comma is not None and len(words) - comma > _MIN_CONTENT_WORDS:
                # "On Saturday, according to the Kremlin, the village was liberated."
                return _Report(words[comma + 1][1], end, cue)
            return _Report(start, words[i - 1][1], cue)  # "CONTENT, according to X."
    return None


def _cue_after(text: str, words: list[_Word], start: int, end: int) -> list[_Report]:
    """"CONTENT, X said." / "CONTENT,” said X on Saturday." / "“Q,” Putin told Gerasimov."

    A parenthetical attribution reports on both sides: "A, he said, but B."
    """
    verbs = lexicon.reporting_verbs()
    for split in range(len(words) - 2, 0, -1):
        mark = words[split][0]
        after_quote = mark in _CLOSING and words[split - 1][0] in {",", "?", "!"}
        if mark != "," and not after_quote:
            continue
        # The attribution clause runs from the split to the next comma.
        clause_end = next((j for j in range(split + 1, len(words)) if words[j][0] == ","),
                          len(words))
        clause = words[split + 1:clause_end]
        if clause and clause[0][0] in _OPENING:
            continue  # “A,” Putin told Gerasimov, “B.”: the attribution is further left
        # (not a noun: in "…, the report said" the cue is "said")
        cue_at = next((j for j, w in enumerate(clause[:10]) if _is_cue(w[0], "frame") and not (
            j > 0 and verbs[w[0]].noun_like and (clause[j - 1][0].lower() in _DETERMINERS
                                                 or clause[j - 1][0].endswith(("’s", "'s"))))),
            None)
        if cue_at is None or clause[cue_at][0].endswith("ing"):
            # Look further left past an apposition (", Valery Gerasimov.") or a participle
            # or relative clause (", admitting …", ", who is leading the “Activate” …";
            # ", saying …" introduces content: see _cue_before).
            if mark == "," and (len(clause) <= 6 or clause[0][0].endswith("ing")
                                or clause[0][0] in {"who", "which", "where", "whose"}
                                or clause[0][0] in _TRAILING):
                continue  # (", but one person ran …": a clause of its own, read on)
            return []
        if any(w[0] in _OPENING or w[0] in _CLOSING for w in clause):
            return []  # an attribution clause holds no quote: "X had admitted “…”"
        form = verbs[clause[cue_at][0]]
        trailing = clause[cue_at + 1:]
        if trailing and (
            trailing[0][0].lower() in _PRONOUNS | _COMPLEMENT_STARTS
            or (trailing[0][0].lower() in _DETERMINERS and len(trailing) >= 5
                and form.lemma != "tell")
        ):
            return []  # "…, Smith said he is confident …" reports what follows
        if cue_at == 0:  # "…, said Gov Serhiy Lysak." / "…, said a senior official."
            named = clause[1:]
            # "…, told reporters": whom something was told never spoke it (no "told X" is
            # inverted), and the subject stands before.
            if form.lemma == "tell" or not named or len(named) > 10 or not _names_someone(
                    [w[0] for w in named]):
                return []
        else:
            subject = [w[0] for w in clause[:cue_at] if w[0] not in lexicon.auxiliaries()]
            if not _subject_like(subject) or (form.noun_like and not _verb_reading(
                    clause[cue_at - 1][0], trailing[0][0] if trailing else "")):
                return []
        limit = _MAX_ATTRIBUTION_WORDS * (2 if after_quote else 1)
        if len(words) - split - 1 > limit and clause_end == len(words):
            return []
        if any(w[0] == "that" and j > 0 and _is_cue(words[j - 1][0], "")
               for j, w in enumerate(words[:split])):
            return []  # "X announced that A, a claim Y denied": X's report, read leftwards
        content_end = words[split][2] if after_quote else words[split][1]
        if not after_quote and words[0][0].lower() in _ADVERBIAL_STARTS and not any(
                w[0] == "," for w in words[:split]):
            return []  # "At the hearing, the judge proposed …": no content, a setting
        cue = Span(clause[cue_at][0], clause[cue_at][1], clause[cue_at][2])
        reports = [_Report(start, content_end, cue)]
        rest = [w[0].lower() for w in words[clause_end + 1:]]
        # "…, he said, but B" / "…, he said, it was …"; not an apposition to the speaker
        # ("…, said Ilse Varga, an adviser …", "…, said Lisa Harris, Liberal MLA for …")
        if (rest and len(trailing) <= 3
                and (rest[0] in _TRAILING | {"though", "although", "yet", "so"}
                     or rest[0] in _PRONOUNS - {"who"}
                     or (rest[0] == "the" and not lexicon.role_headed(rest)))):
            reports.append(_Report(words[clause_end + 1][1], end, cue))  # "…, he said, but B."
        return reports
    return []


def _names_someone(words: Sequence[str]) -> bool:
    """Do the words after an inverted verb name a speaker: a name ("Gov Serhiy Lysak") or
    a role or document ("a senior official", "the statement")?"""
    return any(word[:1].isupper() for word in words) or lexicon.role_headed(words)


def _cue_before(text: str, words: list[_Word], end: int,
                quoted: Sequence[int]) -> list[_Report]:
    """"X said (that) CONTENT." / "…, saying (that) CONTENT." / "X denied that CONTENT."

    Several cues in one sentence split it: the content of one ends where the clause of
    the next begins ("X announced that A, a claim Y denied, saying that B"). A verb that
    needs "that" (or only frames a quote) reports without it when the content holds one of
    the ``quoted`` stretches (opening marks at those positions).
    """
    verbs = lexicon.reporting_verbs()
    found: list[tuple[int, int, Span, bool]] = []  # (clause start, content start, cue, …)
    for i, (word, word_start, word_end) in enumerate(words):
        form = verbs.get(word)
        if form is None or (form.reports == "frame" and not quoted):
            continue
        previous = words[i - 1][0] if i else ""
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if previous.endswith(("’s", "'s")):
            continue  # "Kursk's claimed recapture": no verb follows a possessive
        if word.endswith("ing"):
            # ", saying …"; "… the vote is “still open,” noting that …"; "with the
            # chief of staff praising their “heroism”"
            after_comma = previous == "," or (
                previous in _CLOSING and i > 1 and words[i - 2][0] == ",")
            if not after_comma and not (form.reports == "frame" and quoted):
                continue
        elif previous != "," and (
            # (")" may close a parenthesis after the subject: "Sen. Ann Lee (D-Ore.) said")
            i == 0 or previous.lower() in _NOT_SUBJECT or previous in _PUNCTUATION - {")"}
            or (form.noun_like and not _verb_reading(previous, following))
        ):
            continue
        # Positions, not slices, keep a sentence with many cues linear.
        rest = _skip_addressee(words, i + 1) if form.lemma == "tell" else i + 1
        # "that" after a preposition is no complementizer ("worked on that bridge"), nor
        # after an object ("opened a bridge that replaced …", "posted small
        # profits but are hopeful that …"): only what the verb reports follows its "that".
        that = next((j for j in range(rest, min(rest + 10, len(words)))
                     if words[j][0] == "that"
                     and words[j - 1][0].lower() not in _NOT_CONTENT_START), None)
        if (that is not None and form.lemma != "tell" and rest < len(words)
                and words[rest][0].lower() in _OBJECT_STARTS
                and words[that - 1][0].lower() not in lexicon.cue_nouns()):
            that = None  # (but "added the caveat that …": the noun's content is reported)
        content = _skip_commas(words, rest)
        if that is not None and not any(
            words[j][0] in {",", ".", ";", "“", '"'} for j in range(rest, that)
        ):
            content = that + 1
        elif content < len(words) and words[content][0] in _OPENING:
            pass  # "… had admitted “there is some uncertainty” …"
        elif form.reports == "bare" or (form.lemma == "tell" and rest > i + 1):
            if content >= len(words) or words[content][0].lower() in _NOT_CONTENT_START:
                continue
        elif (content < len(words) and _quoted_within(quoted, words[content][1], end)
              and words[content][0].lower() not in _NOT_CONTENT_START):
            pass  # "acknowledged … is “difficult”", "praised the “heroism” of …"
        else:
            continue
        if content >= len(words) or words[content][0] in _PUNCTUATION - _OPENING:
            continue
        first = words[content][0]
        if _is_cue(first, "frame") and first.endswith("ing"):
            continue  # "said, adding that …": the next cue introduces the content
        clause_start = words[i - 1][1] if previous == "," else _subject_start(words, i)
        needs_quote = form.reports != "bare" and that is None and form.lemma != "tell"
        found.append((clause_start, words[content][1], Span(word, word_start, word_end),
                      needs_quote))
    reports = []
    for n, (_, content_start, cue, needs_quote) in enumerate(found):
        content_end = end
        if n + 1 < len(found):
            content_end = found[n + 1][0]
        if needs_quote and not _quoted_within(quoted, content_start, content_end):
            continue  # "praised the officers’ contribution, saying …": no quote of its own
        if content_end > content_start:
            reports.append(_Report(content_start, _rstrip_punctuation(text, content_start,
                                                                      content_end), cue))
    return reports


_CLOSING = frozenset({"”", '"', "’", "»", "''", "'"})
_OPENING = frozenset({"“", '"', "‘", "«", "„", "''", "``", "'"})
_ADDRESSEES = frozenset(
    "reporters journalists him her them us me me. lawmakers parliament senators".split()
)
_PUNCTUATION = frozenset(",.;:!?()[]—–-“”\"'‘’«»") | {"''", "``"}
_NOT_IN_SUBJECT = frozenset(
    "against about into than because if when while although whether not".split()
)
_TRAILING = frozenset("and but or while as".split())
_ING_PREPOSITIONS = frozenset("during including following regarding concerning".split())
# After a reporting verb these open its complement, not a circumstance: "complained about
# what they called", "asked whether …" — the clause is no attribution of what precedes it.
_COMPLEMENT_STARTS = frozenset("that there about what how why whether if".split())
_OBJECT_STARTS = frozenset(
    "the a an its his her their this these those little no some much more few".split())
# A sentence opening that is only a setting, not reported content: "In its ruling, …".
_ADVERBIAL_STARTS = frozenset(
    "in on at during after before as while despite since following amid under".split())
_PRONOUNS = frozenset("i we you he she it they who".split())
_DETERMINERS = frozenset(
    "the a an its his her their our my your this that these those whose".split()
)
_NOT_CONTENT_START = frozenset(
    "in on at during after before by with for from to about over as while via through "
    "of and or but so nothing little".split()  # (not "said nothing about …")
)


def _subject_start(words: list[_Word], cue: int) -> int:
    """Where the clause of the verb at ``cue`` begins: after the comma, conjunction or
    quote mark before its subject ("…, and Gerasimov said …")."""
    i = cue
    while i > 0 and cue - i < 8 and words[i - 1][0] not in _CLAUSE_BREAKS:
        i -= 1
    return words[i][1]


_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "and", "but", "while", "whereas", "“", "”", '"', "‘", "’", "'"}
)


def _frames_only(word: str) -> bool:
    form = lexicon.reporting_verbs().get(word)
    return form is not None and form.reports == "frame"


def _is_cue(word: str, excluded: str) -> bool:
    form = lexicon.reporting_verbs().get(word)
    return form is not None and form.reports != excluded


def _verb_reading(previous: str, following: str) -> bool:
    """Is a word that is also a noun ("claims", "state") a verb here?"""
    if previous.lower() in _PRONOUNS:
        return True
    if previous.islower() and previous.endswith("s") and not previous.endswith("ss"):
        return True  # "researchers say", "officials claim"
    if (previous.lower() in _DETERMINERS or previous.endswith(("’s", "'s", "s’", "s'"))
            or previous in lexicon.places()):
        return False  # "the claim", "Russia's claim", "Russian claims"
    return following.lower() in _PRONOUNS | _DETERMINERS | {"that"}


def _skip_addressee(words: list[_Word], at: int) -> int:
    """After "told": skip "reporters", "him", "the Globe" to what was told."""
    if at < len(words) and words[at][0].lower() in _ADDRESSEES:
        return at + 1
    start = at + 1 if at < len(words) and words[at][0] == "the" else at
    named = start
    while named < min(len(words), start + 4) and words[named][0][:1].isupper():
        named += 1
    if named > start and named < len(words) and (
        words[named][0].lower() in _PRONOUNS | _DETERMINERS or words[named][0][:1].isupper()
    ):
        return named
    return at


def _skip_commas(words: list[_Word], at: int) -> int:
    while at < len(words) and words[at][0] in {",", ":"}:
        at += 1
    return at


def _quoted_within(quoted: Sequence[int], start: int, end: int) -> bool:
    """Does a quote open in [start, end)? (``quoted`` is sorted.)"""
    i = bisect.bisect_left(quoted, start)
    return i < len(quoted) and quoted[i] < end


def _rstrip_punctuation(text: str, start: int, end: int) -> int:
    """Drop what joins a content to the clause after it: "…, and said"."""
    while True:
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
            end -= 1
        last = text.rfind(" ", start, end) + 1
        if end - last > 0 and text[max(start, last):end] in _TRAILING:
            end = max(start, last)
            continue
        return end


def _subject_like(subject: list[str]) -> bool:
    """Could these words be the subject of a reporting verb in an attribution?"""
    if not subject or len(subject) > 10:
        return False
    if subject[-1].lower() in _NOT_SUBJECT or subject[0].lower() in _NOT_CONTENT_START:
        return False
    if any(w.islower() and ((w.endswith("ing") and w not in _ING_PREPOSITIONS)
                            or w in _NOT_IN_SUBJECT) for w in subject):
        return False  # "pushing back against Russian claims that …" (not "on duty during …")
    return all(w not in {".", ";", ":", "“", "”", '"'} for w in subject)


def _content_end(text: str, start: int, end: int) -> int:
    """The sentence end without its final full stop (the content of a report)."""
    while end > start and (text[end - 1] in ".!?…" or text[end - 1].isspace()):
        end -= 1
    return end


def _word_count(text: str, start: int, end: int) -> int:
    return len(_WORD_ONLY.findall(text, start, end))


def _is_whole(text: str, report: _Report, inner: Sequence[_Piece]) -> bool:
    """Is the reported content nothing but the quoted words?"""
    covered = sum(_word_count(text, p.start, p.end) for p in inner)
    return covered >= _word_count(text, report.start, report.end) - 1


# --- pass 3: kinds -------------------------------------------------------------------------


def _kind(text: str, doc: Document, starts: list[int],
          pieces: Sequence[_Piece], i: int) -> QuoteKind:
    piece = pieces[i]
    sentences = doc.sentences
    if _continues(pieces, i):
        return "direct"
    index = bisect.bisect_right(starts, piece.open_at) - 1
    sentence_start = sentences[index].start if index >= 0 else 0
    # The five words before the mark are all that is read: 120 characters hold them.
    before = text[max(sentence_start, piece.open_at - 120):piece.open_at].rstrip()
    if index >= 0 and sentences[index].end <= piece.open_at:
        before = ""  # the mark lies between sentences
    words_before = before.rsplit(None, 5)[-5:]
    quoted_words = _word_count(text, piece.start, piece.end)
    if _is_scare_cue(words_before):
        return "scare"
    if not before or before[-1] in "([":
        if (quoted_words <= 5 and not _cue_near(text, piece, words_before)
                and _alone_in_paragraph(text, doc, index, piece)):
            return "scare"  # a headline or a title on a line of its own
        return "direct"
    if before.endswith((":", "—")):
        return ("direct" if quoted_words >= 4 or _cue_near(text, piece, words_before)
                else "scare")
    last = words_before[-1].lower().strip(",:;") if words_before else ""
    starts_upper = piece.start < piece.end and text[piece.start].isupper()
    if i > 0 and pieces[i - 1].closed and pieces[i - 1].close_at >= sentence_start:
        # “A,” said Putin, “B.”: the second piece goes on after an attribution.
        gap = text[pieces[i - 1].close_at + 1:piece.open_at].split()
        if 0 < len(gap) <= 8 and before.endswith((",", ":")) and any(
            w.strip(",:").lower() in lexicon.reporting_verbs() for w in gap
        ):
            return "direct"
    if last in lexicon.reporting_verbs() and (before.endswith(",") or starts_upper) \
            and quoted_words >= 3:
        return "direct"
    if quoted_words >= _PARTIAL_MIN_WORDS or _SPEECH_WORDS.search(text, piece.start, piece.end):
        return "partial"
    return "partial" if _cue_near(text, piece, words_before) else "scare"


def _cue_near(text: str, piece: _Piece, words_before: list[str]) -> bool:
    """A reporting word just before the quoted words or just after them."""
    after = text[piece.close_at + 1:piece.close_at + 60].split()[:4]
    # Case kept: "United States President" holds no verb "states".
    cues = _cue_words()
    return any(w.strip(",.;:“”\"'’‘") in cues for w in (*words_before[-5:], *after))


@cache
def _cue_words() -> frozenset[str]:
    """Reporting verbs and cue nouns ("said", "statement"), one set to look words up in."""
    return frozenset(lexicon.reporting_verbs()) | lexicon.cue_nouns()


def _alone_in_paragraph(text: str, doc: Document, index: int, piece: _Piece) -> bool:
    if index < 0:
        return False
    paragraph = doc.paragraphs[doc.sentences[index].paragraph]
    return (_LETTER.search(text, paragraph.start, piece.open_at) is None
            and _LETTER.search(text, piece.close_at + 1, paragraph.end) is None)


def _words_before(text: str, at: int) -> list[str]:
    return text[max(0, at - 40):at].split()


def _is_scare_cue(words_before: list[str]) -> bool:
    cues = lexicon.scare_cues()
    if not words_before:
        return False
    last = words_before[-1].lower().strip(",")
    return last in cues or (
        len(words_before) > 1 and f"{words_before[-2].lower()} {last}" in cues  # "known as"
    )


def _interrupted(text: str, previous: Quote, start: int, kind: QuoteKind) -> bool:
    """“A,” he said, “B.”: B goes on the utterance A began."""
    if kind != "direct" or previous.kind != "direct" or previous.end > start:
        return False
    raw = text[previous.end:start]
    gap = raw.strip().strip("\"“”‘’'«»„").strip()
    if "\n" in raw or not previous.text.rstrip().endswith(","):
        return False
    words = [w.strip(",.:;") for w in gap.split()]
    words = [w for w in words if w]
    verbs = lexicon.reporting_verbs()
    # “A,” he said, “B.” — not “A,” he said. “B.”, which starts a sentence of its own.
    return 0 < len(words) <= 8 and any(w in verbs for w in words) and gap[-1:] in (",", ":", "—")
