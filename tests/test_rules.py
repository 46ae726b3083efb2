"""The rules backend's sentence splitter: where sentences end, and where they do not."""

from __future__ import annotations

import pytest

from quoteattr.annotate.rules import split_sentences

SENTENCES = [
    # (paragraph, its sentences)
    ("He left. She stayed.", ["He left.", "She stayed."]),
    ("“We won.” Then he left.", ["“We won.”", "Then he left."]),
    ("It ended at the campaign. ''That's what it was for.''",
     ["It ended at the campaign.", "''That's what it was for.''"]),
    ("It ended. ``Fine,'' he said.", ["It ended.", "``Fine,'' he said."]),
    ("Gov. Vadym Filashkin said so. He left.", ["Gov. Vadym Filashkin said so.", "He left."]),
    ("U.S. troops left. B. Chan stayed.", ["U.S. troops left.", "B. Chan stayed."]),
    # must not split: no capital after the full stop, or an abbreviation before it
    ("He paid $3.50 and left.", ["He paid $3.50 and left."]),
    ("Mr. Kowalczyk said so.", ["Mr. Kowalczyk said so."]),
]


@pytest.mark.parametrize(("paragraph", "expected"), SENTENCES)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    sentences = list(split_sentences(paragraph, 0, len(paragraph)))
    assert [s.text for s in sentences] == expected
    assert all(paragraph[s.start:s.end] == s.text for s in sentences)
