"""Quote marks paired into pieces: apostrophes are passed over, and a paragraph is read on
its own (what comes before it in the text does not change its marks)."""

from __future__ import annotations

from quoteattr.marks import Piece, _paragraph_pieces
from quoteattr.model import Paragraph


def test_apostrophes_between_letters_are_no_marks() -> None:
    text = "‘Ukraine’s army won’t stop,’ he said; don't ‘wait’"
    pieces = list(_paragraph_pieces(text, Paragraph(text, 0, len(text)), 0))
    assert [text[p.start:p.end] for p in pieces] == ["Ukraine’s army won’t stop,", "wait"]


def test_a_paragraph_that_starts_after_a_letter_reads_its_first_mark() -> None:
    # a paragraph may start where a header ends mid-line: its first mark opens a quote
    text = "NEWS‘Yes,’ he said."
    paragraph = Paragraph(text[4:], 4, len(text))
    assert list(_paragraph_pieces(text, paragraph, 3)) == [Piece(4, 9, 5, 9, 3, True)]


def test_a_mark_at_the_paragraph_end_closes() -> None:
    text = "He said ‘no’x"
    paragraph = Paragraph(text[:12], 0, 12)
    assert [(p.open_at, p.close_at) for p in _paragraph_pieces(text, paragraph, 0)] == [
        (8, 11)]
