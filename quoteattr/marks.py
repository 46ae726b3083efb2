"""Quote marks: every quoted stretch of an article, read off its marks, and the lines that
hold no speech.

Every quote mark of a paragraph is read as an opener, a closer or an apostrophe from its
neighbours, and paired on a stack, so that mismatched pairs as real outlets write them
(“… front," he said), nested quotes and unclosed quotes all come out as stretches. A
paragraph that ends inside a quote and a next paragraph that opens with a mark make one
multi-paragraph quote (:func:`continues`). Marks are characters, not words: this is the one
stage that reads the text by character, once, paragraph by paragraph.

>>> from quoteattr.annotate import get_annotator
>>> from quoteattr.model import Article
>>> doc = get_annotator().annotate(Article("a", '“We won,” she said of the “deal”.'))
>>> [(doc.text[p.start:p.end], p.closed) for p in quote_pieces(doc)]
[('We won,', True), ('deal', True)]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

import regex

from quoteattr.model import Document, Paragraph

__all__ = ["MARKS", "Piece", "continues", "link_lines", "quote_pieces"]

# Every quote mark, as a word of the token layer ('' and `` stand for double marks).
MARKS = frozenset("\"“”„«»‘’‚‹›'") | {"''", "``"}


def quote_pieces(doc: Document) -> list[Piece]:
    """The outermost quoted stretches of ``doc``, in text order."""
    return list(_all_pieces(doc.text, doc.paragraphs))


# '' and `` stand for double marks in some outlets' copy (''It's anti-reform.'').
_MARK = regex.compile(r"''|``|[\"“”„«»‘’‚‹›']")
# The marks a paragraph's scan reads: a single mark between two letters or digits is an
# apostrophe (Ukraine’s, don't) and is left out here, not read and passed over.
_SCANNED = regex.compile(
    r"''|``|[\"“”„«»]|(?<![\p{L}\p{N}])[‘’‚‹›']|[‘’‚‹›'](?![\p{L}\p{N}])")


_DOUBLE = frozenset("\"“”„«»")


_OPENS_AFTER = frozenset("([{—–-/:…")


_CLOSES_BEFORE = frozenset(".,;:!?)]}—–-…")


_LETTER = regex.compile(r"[\p{L}\p{N}]")


class Piece(NamedTuple):
    """One quoted stretch between marks (or to the end of its paragraph): the positions of
    its marks, its words without marks and outer blanks, and its paragraph's index."""

    open_at: int  # position of the opening mark
    close_at: int  # position of the closing mark, or the paragraph end if unclosed
    start: int  # the quoted words, without marks and outer blanks
    end: int
    paragraph: int
    closed: bool


def _all_pieces(text: str, paragraphs: Sequence[Paragraph]) -> Iterator[Piece]:
    for number, paragraph in enumerate(paragraphs):
        yield from _paragraph_pieces(text, paragraph, number)


def _paragraph_pieces(text: str, paragraph: Paragraph, number: int) -> Iterator[Piece]:
    """Pair the marks of one paragraph; only outermost quotes come out."""
    start, end = paragraph.start, paragraph.end
    stack: list[tuple[bool, int, str]] = []  # (double?, position, mark)
    # Double quotes never nest (an opener inside one is a slip or a lost closer), so the
    # stack holds at most one: kept at hand, not searched for at every mark.
    double_open: tuple[bool, int, str] | None = None

    def piece(open_at: int, close_at: int, closed: bool) -> Piece:
        s, e = open_at + (2 if text.startswith(("''", "``"), open_at) else 1), close_at
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return Piece(open_at, close_at, s, e, number, closed)

    # (scanned in a copy of the paragraph: no look-behind sees the text before it)
    for match in _SCANNED.finditer(text[start:end]):
        at = start + match.start()
        mark = match.group()
        after_at = start + match.end()
        before = text[at - 1] if at > start else " "
        after = text[after_at] if after_at < end else " "
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


def continues(pieces: Sequence[Piece], i: int) -> bool:
    """Does piece i carry on a quote left open at the end of the paragraph before?"""
    if i == 0:
        return False
    previous, piece = pieces[i - 1], pieces[i]
    return (
        not previous.closed
        and previous.paragraph == piece.paragraph - 1
        and piece.open_at == _paragraph_first_mark(pieces, i)
    )


def _paragraph_first_mark(pieces: Sequence[Piece], i: int) -> int:
    first = i
    while first > 0 and pieces[first - 1].paragraph == pieces[i].paragraph:
        first -= 1
    return pieces[first].open_at


# "READ MORE: …", "WATCH: …": a line that links to another story, whose quotes are the
# words of its headline, not speech in this article. (Not a section head such as "JAPAN
# ECONOMY: …", which goes on with the article.)
_LINK_LABEL = regex.compile(
    r"\s*(?:READ MORE|ALSO READ|SEE ALSO|MORE|WATCH|RELATED|LISTEN|VIDEO|PHOTOS)[ \t]*:",
    regex.IGNORECASE)


def link_lines(doc: Document) -> frozenset[int]:
    """The paragraphs (by number) that are link lines."""
    text = doc.text
    return frozenset(number for number, paragraph in enumerate(doc.paragraphs)
                     if _LINK_LABEL.match(text, paragraph.start, paragraph.end))
