"""The rules backend's sentence splitter (where sentences end, and where they do not) and
tokens."""

from __future__ import annotations

import random

import pytest

from quoteattr.annotate.rules import _ASCII_TOKEN, _TOKEN, split_sentences, tokenize
from quoteattr.model import Sentence

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


# --- tokens: an ASCII sentence goes through the standard library's pattern --------------------

TOKENS = [
    # (one sentence, its tokens)
    ("Microsoft Corp. said it.", ["Microsoft", "Corp.", "said", "it", "."]),
    ("U.S. troops left.", ["U.S.", "troops", "left", "."]),
    ("Sanders' campaign ''won.''", ["Sanders'", "campaign", "''", "won", ".", "''"]),
    ("See acme.example.com now", ["See", "acme.example.com", "now"]),
    ("Gov. Ann Lee's aide", ["Gov.", "Ann", "Lee's", "aide"]),
    ("It is well-known, ``so'' $3.50", ["It", "is", "well-known", ",", "``", "so", "''",
                                         "$", "3", ".", "50"]),
    ("Café Noël: “déjà vu”", ["Café", "Noël", ":", "“", "déjà", "vu", "”"]),
    ("Lee’s aide said “no” — Sanders’ team…", ["Lee’s", "aide", "said", "“", "no", "”", "—",
                                               "Sanders’", "team", "…"]),
]


@pytest.mark.parametrize(("sentence", "expected"), TOKENS)
def test_tokenize(sentence: str, expected: list[str]) -> None:
    tokens = tokenize(sentence, [Sentence(sentence, 0, len(sentence), 0)])
    assert [t.text for t in tokens] == expected
    assert all(sentence[t.start:t.end] == t.text for t in tokens)


def test_the_ascii_pattern_tokenises_as_the_unicode_one() -> None:
    """The two patterns give the same tokens on ASCII text with typographic marks, also where
    a sentence's bounds cut the text (what looks ahead must not see past the sentence)."""
    rng = random.Random(12)
    pieces = [*"aAsSzZ09'`-. \t\n\x0b\x0c\r_,;\"()$\x1c\x7f“”‘’—–…", "com", "org", "gov",
              " A", " a", "S' x", "s’ x", "’’", "''", "``", "U.S.", "e.g.", ".com"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        expected = [m.span() for m in _TOKEN.finditer(text, start, end)]
        assert [m.span() for m in _ASCII_TOKEN.finditer(text, start, end)] == expected, text


def test_a_sentence_with_one_non_ascii_character_uses_the_unicode_pattern() -> None:
    # "Ölçek" is one word only for the Unicode classes; the ASCII pattern would split it
    text = "Mayor Ölçek said so."
    assert [t.text for t in tokenize(text, [Sentence(text, 0, len(text), 0)])] == [
        "Mayor", "Ölçek", "said", "so", "."]
    assert [m.group() for m in _ASCII_TOKEN.finditer(text)][:3] == ["Mayor", "Ö", "l"]
