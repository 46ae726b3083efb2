"""Quote detection: quoted and reported speech in an annotated document.

Quote detection reads what the stages before it made: the quoted stretches of
:mod:`quoteattr.marks` and the reporting events of :mod:`quoteattr.cues`.

1. *Reported speech.* The content of each cue ("X said (that) …", "…, X said.",
   "according to X, …", ", saying …") is a quote: ``indirect`` where it holds no quote
   marks, ``partial`` where it carries quoted words.
2. *Quoted stretches.* Every other stretch between marks is a quote of its own, and its
   kind comes from the words around it: one that opens its sentence or follows "said:" is
   ``direct``; quoted words with no speech around them are ``scare``.
3. *Utterances.* The spans of one utterance share a ``group``: an interrupted quote
   (“A,” he said, “B.”) and the paragraphs of a multi-paragraph quote.

Each quote carries its marks and its cue, so that attribution does not look for them again.

>>> from quoteattr import extract
>>> [(q.kind, q.text) for q in extract('“We will win,” she said of the so-called “deal”.')]
[('direct', 'We will win,'), ('scare', 'deal')]
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

import regex

from quoteattr import lexicon
from quoteattr.cues import find_cues
from quoteattr.marks import MARKS, Piece, continues, link_lines, quote_pieces
from quoteattr.model import Cue, Document, Quote, QuoteKind, Sentence, Span

__all__ = ["detect_quotes"]

_SPEECH_WORDS = lexicon.word_class("speech_words")
_PARTIAL_MIN_WORDS = 6
_LETTER = regex.compile(r"[\p{L}\p{N}]")

_Found = tuple[int, int, QuoteKind, tuple[Span, ...], Cue | None, bool, tuple[Span, ...]]


def detect_quotes(doc: Document, cues: Sequence[Cue] | None = None,
                  pieces: Sequence[Piece] | None = None) -> list[Quote]:
    """All quotes of ``doc`` in text order, with ids ``q1``, ``q2``, … and groups.

    ``cues`` and ``pieces`` are the document's reporting events and quoted stretches, found
    here where they are not given.
    """
    if not isinstance(doc, Document):
        raise TypeError(f"doc must be a Document, not {type(doc).__name__}")
    text = doc.text
    pieces = quote_pieces(doc) if pieces is None else list(pieces)
    cues = find_cues(doc, pieces) if cues is None else cues
    starts = [s.start for s in doc.sentences]
    found: list[_Found] = []
    consumed: set[int] = set()  # pieces that became fragments of partial quotes
    opening = [p.open_at for p in pieces]
    links = link_lines(doc)
    cue_at = {cue.start: cue for cue in cues}

    for cue in cues:
        for content in cue.content:
            sentence = doc.sentence_at(content.start)
            inside_sentence = list(range(bisect.bisect_left(opening, sentence.start),
                                         bisect.bisect_left(opening, sentence.end)))
            start, end = _through_quotes(text, doc.sentences, starts, content,
                                         [pieces[i] for i in inside_sentence])
            if start >= end:
                continue
            within = [i for i in inside_sentence
                      if start <= pieces[i].open_at and pieces[i].close_at <= end + 1
                      and pieces[i].start < pieces[i].end]
            inner = [i for i in within
                     if not _is_scare_cue(_words_before(doc, pieces[i].open_at))
                     and not _named(doc, cue, pieces[i])]
            if not inner:
                # (terms and titles in quote marks inside what a "said" reports leave it
                # indirect; a cue that needs a quote reports nothing with only a term)
                if (within and cue.reports == "bare") or not _overlapping(
                        pieces, opening, start, end):
                    found.append((start, end, "indirect", (), cue, False, ()))
                continue
            if _is_whole(doc, start, end, [pieces[i] for i in inner]):
                continue  # the content is the quote itself: a direct quote, kept below
            consumed.update(inner)
            if cue.reports == "frame":
                # "called the plan “reckless” and based on “wishful thinking”": a
                # verb that only frames quotes reports no content of its own but the words.
                found.extend((pieces[i].start, pieces[i].end, "partial", (_words(text, pieces[i]),),
                              cue, False, _marks(text, pieces[i])) for i in inner)
                continue
            # A quote left open runs to its paragraph's end, maybe past the report's.
            fragments = tuple(_words(text, pieces[i]) for i in inner)
            end = max(end, *(f.end for f in fragments))
            marks = tuple(mark for i in inner for mark in _marks(text, pieces[i]))
            found.append((start, end, "partial", fragments, cue, False, marks))

    for i, piece in enumerate(pieces):
        if i in consumed or piece.start >= piece.end:
            continue
        kind = "scare" if piece.paragraph in links else _kind(doc, starts, pieces, i, cue_at)
        found.append((piece.start, piece.end, kind, (_words(text, piece),), None,
                      continues(pieces, i), _marks(text, piece)))

    found.sort(key=lambda f: (f[0], f[1]))
    quotes: list[Quote] = []
    for number, (start, end, kind, fragments, reported, continued, marks) in enumerate(found, 1):
        quote_id = f"q{number}"
        group = quote_id
        if quotes and (continued or _interrupted(doc, quotes[-1], start, kind)):
            group = quotes[-1].group
        quotes.append(Quote(quote_id, group, text[start:end], start, end, kind,
                            fragments or (Span(text[start:end], start, end),), reported,
                            marks=marks))
    return quotes


def _named(doc: Document, cue: Cue, piece: Piece) -> bool:
    """A film called “The Last Stand”: a frame verb right before a title names a thing; the
    quote marks hold a title, not speech."""
    if cue.reports != "frame" or doc.text[cue.end:piece.open_at].strip():
        return _show(doc, piece)
    return _title(doc, piece)


def _show(doc: Document, piece: Piece) -> bool:
    """CNN’s “State of the Union”, on “Meet the Press”: a title after a possessive or a
    preposition names a programme, a book, a film — not speech."""
    before = doc.words(max(0, piece.open_at - 40), piece.open_at)
    if not before or not _title(doc, piece) or _word_count(doc, piece.start, piece.end) > 6:
        return False
    last = before[-1][0]
    return last.endswith(("’s", "'s")) or last.lower() in ("on", "in", "of", "from")


def _named_thing(doc: Document, piece: Piece, quoted_words: int) -> bool:
    """Quoted words of three or more written as a title, that do not end a sentence, ask
    or exclaim (“Tales From the Crypt,” but not “Feel the Bern!” nor “That’s Ann Ruiz.”):
    the name of a thing."""
    words = doc.text[piece.start:piece.end].rstrip(" ,")
    return (quoted_words >= 3 and words[:1].isupper() and not words.endswith(".")
            and "!" not in words and "?" not in words and _title(doc, piece))


def _title(doc: Document, piece: Piece) -> bool:
    """Are the quoted words written as a title ("The Last Stand", "Girls, Girls, Girls")?"""
    words = [w[0] for w in doc.words(piece.start, piece.end) if w[0][:1].isalnum()]
    return bool(words) and all(w[:1].isupper() or len(w) <= 3 for w in words)


def _words(text: str, piece: Piece) -> Span:
    return Span(text[piece.start:piece.end], piece.start, piece.end)


def _marks(text: str, piece: Piece) -> tuple[Span, ...]:
    """The opening mark of a piece and, where it was closed, its closing mark."""
    width = 2 if text.startswith(("''", "``"), piece.open_at) else 1
    opening = Span(text[piece.open_at:piece.open_at + width], piece.open_at,
                   piece.open_at + width)
    if not piece.closed:
        return (opening,)
    width = 2 if text.startswith(("''", "``"), piece.close_at) else 1
    return opening, Span(text[piece.close_at:piece.close_at + width], piece.close_at,
                         piece.close_at + width)


def _overlapping(pieces: Sequence[Piece], opening: list[int], start: int, end: int) -> bool:
    """Does a quote reach into the report (also one that opened in an earlier sentence)?"""
    last = bisect.bisect_left(opening, end)
    return any(pieces[i].close_at >= start for i in range(max(0, last - 3), last))


def _through_quotes(text: str, sentences: Sequence[Sentence], starts: list[int],
                    content: Span, pieces: Sequence[Piece]) -> tuple[int, int]:
    """Carry a content that ends inside a quote on to the quote's close.

    Sentences are split inside quotes ("… next week. Stay tuned!”"); reported content
    that opens a quote goes on until the quote closes and its sentence ends.
    """
    last = next((p for p in reversed(pieces)
                 if content.start <= p.open_at < content.end < p.close_at), None)
    if last is None:
        return content.start, content.end
    index = bisect.bisect_right(starts, last.close_at) - 1
    end = max(last.close_at + 1, sentences[index].end if index >= 0 else last.close_at + 1)
    end = min(end, len(text))
    while end > content.start and (text[end - 1] in ".!?…" or text[end - 1].isspace()):
        end -= 1
    return content.start, end


def _word_count(doc: Document, start: int, end: int) -> int:
    # a word starts with a letter or a digit: str.isalnum is _LETTER's test, without a call
    return len([word for word in doc.words(start, end) if word[0][:1].isalnum()])


def _is_whole(doc: Document, start: int, end: int, inner: Sequence[Piece]) -> bool:
    """Is the reported content nothing but the quoted words?"""
    covered = sum(_word_count(doc, p.start, p.end) for p in inner)
    return covered >= _word_count(doc, start, end) - 1


def _kind(doc: Document, starts: list[int], pieces: Sequence[Piece], i: int,
          cue_at: Mapping[int, Cue]) -> QuoteKind:
    piece = pieces[i]
    text = doc.text
    if continues(pieces, i):
        return "direct"
    index = bisect.bisect_right(starts, piece.open_at) - 1
    sentence_start = doc.sentences[index].start if index >= 0 else 0
    between = index >= 0 and doc.sentences[index].end <= piece.open_at
    # The five words before the mark are all that is read.
    words_before = [] if between else doc.words(
        max(sentence_start, piece.open_at - 120), piece.open_at)[-5:]
    before = "" if between else text[max(sentence_start, piece.open_at - 120):
                                     piece.open_at].rstrip()
    quoted_words = _word_count(doc, piece.start, piece.end)
    scare_cue = _is_scare_cue([w[0] for w in words_before])
    if (scare_cue and not _attributed_after(doc, piece, cue_at)) or _show(doc, piece):
        return "scare"
    near = _cue_near(doc, piece, words_before, cue_at)
    if not before or before[-1] in "([":
        if quoted_words <= 5 and not near and _alone_in_paragraph(doc, index, piece):
            return "scare"  # a headline or a title on a line of its own
        if not near and _named_thing(doc, piece, quoted_words):
            return "scare"  # “Tales From the Crypt,” an HBO series, …
        return "direct"
    if before.endswith((":", "—")):
        # (or a sentence of its own: "the answer is simple: “Close the port.”")
        sentence = text[piece.start:piece.start + 1].isupper() and text[
            piece.start:piece.end].rstrip().endswith((".", "!", "?"))
        return "direct" if quoted_words >= 4 or near or (
            sentence and quoted_words >= 2) else "scare"
    said = [w for w in words_before if _LETTER.match(w[0])]
    # the cue that ends at the last word ("said", or "put it" as in "As Ruiz put it, “…”")
    cue = next((found for found in (cue_at.get(w[1]) for w in reversed(said[-2:]))
                if found is not None and found.end >= said[-1][2]), None)
    starts_upper = piece.start < piece.end and text[piece.start].isupper()
    if i > 0 and pieces[i - 1].closed and pieces[i - 1].close_at >= sentence_start:
        # “A,” said Putin, “B.”: the second piece goes on after an attribution.
        gap = [w for w in doc.words(pieces[i - 1].close_at + 1, piece.open_at)
               if _LETTER.match(w[0])]
        if 0 < len(gap) <= 30 and before.endswith((",", ":", "—", "–")) and any(
                w[1] in cue_at for w in gap):
            return "direct"
    if cue is not None and cue.reports == "frame" and not before.endswith(",") and _title(
            doc, piece):
        return "scare"  # a film called “The Last Stand”
    if cue is not None and (before.endswith(",") or starts_upper) and quoted_words >= 3:
        return "direct"  # Fans chanted “Bring him home!”
    if not near and _named_thing(doc, piece, quoted_words):
        return "scare"  # no cue near, and written as a title: “Person of the Year”
    if quoted_words >= _PARTIAL_MIN_WORDS or any(
            w[0] in _SPEECH_WORDS for w in doc.words(piece.start, piece.end)):
        return "partial"
    return "partial" if near else "scare"


def _attributed_after(doc: Document, piece: Piece, cue_at: Mapping[int, Cue]) -> bool:
    """Do the quoted words end with a comma and an attribution follow them ("The ferry
    program “is gaining ground,” Ann Ruiz said"): speech, whatever the words before?"""
    text = doc.text
    if (not piece.closed or not text[piece.start:piece.end].rstrip().endswith(",")
            or _title(doc, piece)):
        return False  # (the show “The Apprentice,” said …: a title ends an apposition)
    after = doc.words(piece.close_at + 1, min(len(text), piece.close_at + 60))[:4]
    return any(w[1] in cue_at for w in after)


def _cue_near(doc: Document, piece: Piece, words_before: list[tuple[str, int, int]],
              cue_at: Mapping[int, Cue]) -> bool:
    """A reporting cue or a cue noun ("statement") just before the quoted words or just
    after them."""
    after = [w for w in doc.words(piece.close_at + 1, piece.close_at + 60)
             if w[0] not in MARKS and _LETTER.match(w[0])][:4]
    nouns = lexicon.cue_nouns()
    return any(w[1] in cue_at or w[0] in nouns for w in (*words_before[-5:], *after))


def _alone_in_paragraph(doc: Document, index: int, piece: Piece) -> bool:
    if index < 0:
        return False
    text = doc.text
    paragraph = doc.paragraphs[doc.sentences[index].paragraph]
    return (_LETTER.search(text, paragraph.start, piece.open_at) is None
            and _LETTER.search(text, piece.close_at + 1, paragraph.end) is None)


def _words_before(doc: Document, at: int) -> list[str]:
    return [w[0] for w in doc.words(max(0, at - 40), at)]


def _is_scare_cue(words_before: list[str]) -> bool:
    words = [w for w in words_before if w != ","]
    if not words:
        return False
    cues = lexicon.scare_cues()
    last = words[-1].lower()
    return last in cues or (
        len(words) > 1 and f"{words[-2].lower()} {last}" in cues  # "known as"
    )


def _interrupted(doc: Document, previous: Quote, start: int, kind: QuoteKind) -> bool:
    """“A,” he said, “B.”: B goes on the utterance A began."""
    if kind != "direct" or previous.kind != "direct" or previous.end > start:
        return False
    text = doc.text
    if "\n" in text[previous.end:start]:
        return False
    gap = [w[0] for w in doc.words(previous.end, start) if w[0] not in MARKS]
    # (or between dashes: “A” – he said – “B.”)
    if not (previous.text.rstrip().endswith(",") or gap[:1] in (["—"], ["–"])):
        return False
    while gap and gap[0] in {",", ".", ":", ";", "—", "–"}:
        gap.pop(0)
    words = [w for w in gap if _LETTER.match(w)]
    verbs = lexicon.reporting_verbs()
    # “A,” he said, “B.” — not “A,” he said. “B.”, which starts a sentence of its own; the
    # attribution may hold an apposition (“A,” said Ann Ruiz, an economist at …, “B.”).
    return 0 < len(words) <= 30 and any(w in verbs for w in words) and gap[-1:] in (
        [","], [":"], ["—"], ["–"]) and "." not in gap
