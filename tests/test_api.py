"""The Python API: ``Quote.speaker``, ``Quote.to_dict`` and ``extract_many``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import quoteattr
from quoteattr.articles import ArticleError
from quoteattr.cli import quote_json

TEXTS = [
    "“The adventure has failed,” Putin told Gerasimov.",
    "The weather was fine. Nobody said anything.",
    "“We will respond,” the ministry said. Critics called it “a stunt”.",
    "",
    "Biden said the talks would go on.",
]


def test_speaker_is_the_attributions_speaker_or_none() -> None:
    [quote] = quoteattr.extract("“The adventure has failed,” Putin told Gerasimov.")
    assert quote.speaker is not None and quote.attribution is not None
    assert quote.speaker is quote.attribution.speaker
    assert quote.speaker.name == "Putin"
    [scare] = quoteattr.extract("The word “stunt” appeared.")
    assert scare.kind == "scare" and scare.speaker is None


def test_to_dict_is_the_extract_contract() -> None:
    text = "“The adventure has failed,” Putin told Gerasimov."
    [quote] = quoteattr.extract(text)
    record = quote.to_dict()
    assert record == {
        "id": "q1", "group": "q1", "text": "The adventure has failed,", "start": 1, "end": 26,
        "kind": "direct",
        "speaker": {"name": "Putin", "mention": "Putin", "start": 28, "end": 33,
                    "type": record["speaker"]["type"]},
        "cue": {"text": "told", "start": 34, "end": 38},
        "confidence": quote.attribution.confidence if quote.attribution else None,
    }
    assert text[record["start"]:record["end"]] == record["text"]
    assert json.loads(json.dumps(record)) == record
    assert quote_json(quote) == record  # the command line's name for it, kept


def test_to_dict_of_an_unattributed_quote() -> None:
    [quote] = quoteattr.extract("The word “stunt” appeared.")
    assert quote.to_dict() == {
        "id": "q1", "group": "q1", "text": "stunt", "start": 10, "end": 15, "kind": "scare",
        "speaker": None, "cue": None, "confidence": None}


def _dicts(results: Iterator[list[quoteattr.Quote]]) -> list[list[dict[str, object]]]:
    return [[q.to_dict() for q in quotes] for quotes in results]


def test_extract_many_is_extract_for_each_text_in_order() -> None:
    expected = [[q.to_dict() for q in quoteattr.extract(t)] for t in TEXTS]
    assert expected[0] and not expected[1] and not expected[3]
    assert _dicts(quoteattr.extract_many(TEXTS)) == expected
    assert _dicts(quoteattr.extract_many(iter(TEXTS))) == expected


def test_extract_many_in_two_processes_keeps_the_order() -> None:
    texts = TEXTS * 7
    expected = _dicts(quoteattr.extract_many(texts))
    assert _dicts(quoteattr.extract_many(iter(texts), n_process=2, chunksize=3)) == expected


def test_extract_many_streams() -> None:
    """A result comes before the input is exhausted: an endless input still yields."""

    def endless() -> Iterator[str]:
        while True:
            yield TEXTS[0]

    results = quoteattr.extract_many(endless())
    assert [q.text for q in next(results)] == ["The adventure has failed,"]
    assert [q.text for q in next(results)] == ["The adventure has failed,"]


@pytest.mark.parametrize("n_process", [1, 2])
def test_extract_many_names_a_bad_item(n_process: int) -> None:
    results = quoteattr.extract_many(["fine", b"bytes"], n_process=n_process)  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str, not bytes"):
        list(results)


@pytest.mark.parametrize(
    ("texts", "kwargs", "error", "message"),
    [
        ("one text", {}, TypeError, "texts must be an iterable of str, not str"),
        (42, {}, TypeError, "texts must be an iterable of str, not int"),
        ([], {"n_process": 0}, ValueError, "n_process must be a positive integer, got 0"),
        ([], {"backend": "nope"}, ValueError, "unknown backend 'nope'; accepted: .*rules"),
    ],
)
def test_extract_many_rejects_bad_arguments(
    texts: object, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        quoteattr.extract_many(texts, **kwargs)  # type: ignore[arg-type]


def test_extract_many_of_nothing() -> None:
    assert list(quoteattr.extract_many([])) == []
    assert list(quoteattr.extract_many([], n_process=2)) == []


# --- extract_articles: loaded articles, the reader's stream as it is --------------------------


def _stream() -> list[quoteattr.Article | ArticleError]:
    return [
        quoteattr.Article("a1", TEXTS[0], title="Talks"),
        ArticleError("feed.jsonl", 2, "invalid JSON"),
        quoteattr.Article("a2", TEXTS[1]),
        quoteattr.Article("a3", TEXTS[2]),
    ]


@pytest.mark.parametrize("n_process", [1, 2])
def test_extract_articles_pairs_each_article_with_its_quotes_in_order(n_process: int) -> None:
    stream = _stream()
    pairs = list(quoteattr.extract_articles(iter(stream), n_process=n_process, chunksize=1))
    assert [item for item, _ in pairs] == stream  # the client's own records, in order
    assert [[(q.text, q.speaker.name if q.speaker else None) for q in quotes]
            for _, quotes in pairs] == [
        [("The adventure has failed,", "Putin")],
        [],  # the unreadable input: no quotes, in its place
        [],
        [("We will respond,", "ministry"), ("a stunt", "Critics")],
    ]
    # the same quotes as one article at a time, offsets and ids included
    assert [[q.to_dict() for q in quotes] for item, quotes in pairs
            if isinstance(item, quoteattr.Article)] == [
        [q.to_dict() for q in quoteattr.extract_article(item)]
        for item in stream if isinstance(item, quoteattr.Article)]


@pytest.mark.parametrize("n_process", [1, 2])
def test_extract_articles_names_a_bad_item(n_process: int) -> None:
    results = quoteattr.extract_articles(
        [quoteattr.Article("a1", "fine"), "a text"],  # type: ignore[list-item]
        n_process=n_process)
    with pytest.raises(TypeError, match=r"articles\[1\] must be an Article, not str"):
        list(results)


def test_extract_articles_rejects_bad_arguments() -> None:
    with pytest.raises(TypeError, match="articles must be an iterable of Article, not int"):
        quoteattr.extract_articles(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="chunksize must be a positive integer, got 0"):
        quoteattr.extract_articles([], chunksize=0)
    assert list(quoteattr.extract_articles([], n_process=2)) == []
