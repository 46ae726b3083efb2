"""Tests for the HTML quote index: structure, escaping, and what a reader sees in Chromium."""

from __future__ import annotations

import copy
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.render import mark_differences, to_html

HOSTILE = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "</style><script>alert(1)</script>",
    "<!-- -->&amp;&lt;",
]

PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "p", "b", "nav", "a",
    "span", "section", "h2", "article", "blockquote", "ol", "li", "code", "time", "mark",
    "footer", "cite",
}
ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "href", "id", "class"}
CLASSES = {
    "summary", "speaker", "kind", "aliases", "counts", "cluster", "wordings", "wording",
    "where", "badge", "exact", "partial", "variant", "paraphrase", "other", "empty", "undated",
}
CSP = "default-src 'none'; style-src 'unsafe-inline'"
SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")


def _index() -> dict[str, Any]:
    """A small index in the contract shape, after the seeds: Kursk, 26 April 2025."""
    return {
        "articles": [
            {"id": "000_1941b27fd2bfbe07", "date": "2025-04-26", "source": "DW"},
            {"id": "001_f57957876d2b9527", "date": "2025-04-26", "source": "Al Jazeera"},
            {"id": "002_1973e27dd785980b", "date": "2025-04-26", "source": "AP"},
            {"id": "003_0073c3238f5d921c", "date": "2025-04-26", "source": "AFP"},
            {"id": "004_d81dce8083a8f717", "date": "2025-04-27", "source": "Reuters"},
        ],
        "speakers": [
            {"id": "s2", "name": "Valery Gerasimov", "type": "person",
             "aliases": ["Gerasimov", "Chief of Staff Valery Gerasimov"]},
            {"id": "s1", "name": "Vladimir Putin", "type": "person",
             "aliases": ["Putin", "Russian President Vladimir Putin"]},
            {"id": "s3", "name": "General Staff of the Armed Forces of Ukraine",
             "type": "organization", "aliases": ["Ukraine's General Staff"]},
        ],
        "clusters": [
            {"id": "c2", "speaker": "s1",
             "text": "The complete defeat of our enemy along Kursk’s border region creates the "
                     "right conditions for further successes for our troops and in other "
                     "important areas of the front,",
             "members": [
                 {"article": "002_1973e27dd785980b", "start": 2310, "end": 2477,
                  "text": "The complete defeat of our enemy along Kursk’s border region creates "
                          "the right conditions for further successes for our troops and in "
                          "other important areas of the front,",
                  "relation": "exact"},
                 {"article": "004_d81dce8083a8f717", "start": 1710, "end": 1865,
                  "text": "The full defeat of the enemy in the Kursk border region creates "
                          "conditions for further successful actions by our forces on other "
                          "important parts of the front,",
                  "relation": "variant"},
             ]},
            {"id": "c1", "speaker": "s1",
             "text": "The Kyiv regime’s adventure has completely failed.",
             "members": [
                 {"article": "000_1941b27fd2bfbe07", "start": 712, "end": 762,
                  "text": "The Kyiv regime’s adventure has completely failed.",
                  "relation": "exact"},
                 {"article": "001_f57957876d2b9527", "start": 489, "end": 539,
                  "text": "The Kyiv regime’s adventure has completely failed,",
                  "relation": "exact"},
                 {"article": "002_1973e27dd785980b", "start": 402, "end": 419,
                  "text": "completely failed", "relation": "partial"},
                 {"article": "003_0073c3238f5d921c", "start": 1019, "end": 1069,
                  "text": "The Kyiv regime's adventure has completely failed,",
                  "relation": "exact"},
             ]},
            {"id": "c3", "speaker": "s1",
             "text": "demonstrated high professionalism, showed fortitude, courage and heroism "
                     "in battle.",
             "members": [
                 {"article": "002_1973e27dd785980b", "start": 2610, "end": 2693,
                  "text": "demonstrated high professionalism, showed fortitude, courage and "
                          "heroism in battle.",
                  "relation": "exact"},
                 {"article": "004_d81dce8083a8f717", "start": 2230, "end": 2282,
                  "text": "high professionalism, fortitude, courage and heroism",
                  "relation": "partial"},
                 {"article": "001_f57957876d2b9527", "start": 2920, "end": 2927,
                  "text": "heroism", "relation": "partial"},
             ]},
            {"id": "c4", "speaker": "s2",
             "text": "provided significant assistance in defeating the group of Ukrainian "
                     "armed forces",
             "members": [
                 {"article": "001_f57957876d2b9527", "start": 1720, "end": 1800,
                  "text": "provided significant assistance in defeating the group of Ukrainian "
                          "armed forces",
                  "relation": "exact"},
                 {"article": "003_0073c3238f5d921c", "start": 1400, "end": 1480,
                  "text": "provided significant assistance in defeating the group of Ukrainian "
                          "armed forces",
                  "relation": "exact"},
             ]},
            {"id": "c7", "speaker": "s2",
             "text": "Today, the last settlement in the Kursk region, the village of Gornal, "
                     "has been liberated from Ukrainian forces,",
             "members": [
                 {"article": "000_1941b27fd2bfbe07", "start": 470, "end": 583,
                  "text": "Today, the last settlement in the Kursk region, the village of "
                          "Gornal, has been liberated from Ukrainian forces,",
                  "relation": "exact"},
             ]},
            {"id": "c5", "speaker": "s3",
             "text": "Ukrainian defensive operations in certain areas of Kursk Oblast continue",
             "members": [
                 {"article": "000_1941b27fd2bfbe07", "start": 812, "end": 884,
                  "text": "Ukrainian defensive operations in certain areas of Kursk Oblast "
                          "continue",
                  "relation": "exact"},
             ]},
            {"id": "c6", "speaker": None,
             "text": "do not correspond to reality.",
             "members": [
                 {"article": "000_1941b27fd2bfbe07", "start": 180, "end": 209,
                  "text": "do not correspond to reality.", "relation": "exact"},
             ]},
        ],
    }


def _hostile_index(payload: str) -> dict[str, Any]:
    """The sample index with ``payload`` in every string the data can carry."""
    data = _index()
    data["articles"].append({"id": f"evil{payload}", "date": payload, "source": payload})
    data["speakers"].append({"id": f"s9{payload}", "name": f"Mallory {payload}", "type": payload,
                             "aliases": [payload, f"M. {payload}"]})
    data["clusters"].append({
        "id": f"c9{payload}", "speaker": f"s9{payload}", "text": f"I said {payload}",
        "members": [
            {"article": f"evil{payload}", "start": 0, "end": 9, "text": f"I said {payload}",
             "relation": "exact"},
            {"article": f"evil{payload}", "start": 0, "end": 9, "text": f"I wrote {payload}",
             "relation": "variant"},
            {"article": f"evil{payload}", "start": 0, "end": 9, "text": payload,
             "relation": payload},
        ]})
    data["clusters"].append({
        "id": f"c10{payload}", "speaker": f"nobody{payload}", "text": payload,
        "members": [{"article": "000_1941b27fd2bfbe07", "start": 0, "end": 1, "text": payload,
                     "relation": "partial"}]})
    return data


class _Page(HTMLParser):
    """Every element of a page with its attributes, and its text as a reader sees it."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._open: list[str] = []
        self._text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in {"meta", "img", "br", "link", "input"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if "title" in self._open:
            self.title += data
        elif not {"head", "style", "script"} & set(self._open):
            self._text.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self._text).split())

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    def values(self, attribute: str) -> list[str]:
        return [str(attrs[attribute]) for _, attrs in self.elements if attribute in attrs]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_safe(page: str) -> _Page:
    """Only the page's own markup: known tags and attributes, anchors from [A-Za-z0-9_-]."""
    parsed = _Page(page)
    assert parsed.tags() <= PAGE_TAGS
    for _, attrs in parsed.elements:
        assert set(attrs) <= ATTRIBUTES
    ids = parsed.values("id")
    assert len(ids) == len(set(ids))
    assert all(SAFE_ID.fullmatch(value) for value in ids)
    for href in parsed.values("href"):
        assert href.startswith("#") and href[1:] in ids
    for value in parsed.values("class"):
        assert set(value.split()) <= CLASSES
    assert parsed.values("http-equiv") == ["Content-Security-Policy"]
    assert parsed.values("content")[0] == CSP
    assert parsed.title == "Quote index"
    return parsed


# --- structure ---------------------------------------------------------------------------


def test_page_is_self_contained() -> None:
    page = to_html(_index())
    assert page.startswith("<!DOCTYPE html>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    for external in ("<script", "<link", "<img", "http://", "https://", "url(", "@import",
                     "@font-face", "src="):
        assert external not in page
    _check_safe(page)


def test_summary_counts() -> None:
    text = _Page(to_html(_index())).text
    assert "5 articles, 3 speakers, 7 remarks, 14 quotes, 2025-04-26 to 2025-04-27" in text


def _sections(page: str) -> list[str]:
    """The text of each speaker's section, in page order."""
    return [_Page(part).text for part in page.split('<section class="speaker"')[1:]]


def test_speakers_by_number_of_remarks_then_unattributed_last() -> None:
    page = to_html(_index())
    assert re.findall(r"<h2>([^<]*)", page) == [
        "Vladimir Putin ", "Valery Gerasimov ", "General Staff of the Armed Forces of Ukraine ",
        "Unattributed"]
    assert "do not correspond to reality." in _sections(page)[3]


def test_remarks_with_most_wordings_first() -> None:
    putin = _sections(to_html(_index()))[0]
    assert putin.index("The Kyiv regime’s adventure") < putin.index("demonstrated high") \
        < putin.index("The complete defeat")


def test_every_wording_with_article_date_source_and_relation() -> None:
    data = _index()
    page = to_html(data)
    text = _Page(page).text
    for cluster in data["clusters"]:
        assert _squash(cluster["text"]) in text
        for member in cluster["members"]:
            assert _squash(member["text"]) in text
            assert member["article"] in text
    assert "completely failed partial 002_1973e27dd785980b · 2025-04-26 · AP" in text
    assert page.count('<span class="badge exact">exact</span>') == 10
    assert page.count('<span class="badge partial">partial</span>') == 3
    assert page.count('<span class="badge variant">variant</span>') == 1


def test_speaker_type_and_aliases_shown() -> None:
    text = _Page(to_html(_index())).text
    assert "Vladimir Putin person Also named: Putin, Russian President Vladimir Putin" in text
    assert "3 remarks, 9 wordings" in text


def test_variant_words_not_in_the_remark_are_marked() -> None:
    page = to_html(_index())
    assert ("The <mark>full</mark> defeat of <mark>the</mark> enemy <mark>in the</mark> "
            "Kursk border region creates conditions for further <mark>successful actions "
            "by</mark> our <mark>forces on</mark> other important <mark>parts</mark> of the "
            "front,") in page
    # exact wordings and clean fragments carry no marks
    assert "<mark>" not in page.split("The Kyiv regime")[1].split("</article>")[0]
    assert "high professionalism, fortitude, courage and heroism<" in page


def test_navigation_links_each_speaker() -> None:
    parsed = _check_safe(to_html(_index()))
    assert parsed.values("href") == ["#speaker-s1", "#speaker-s2", "#speaker-s3",
                                     "#speaker-unattributed"]


def test_unknown_speaker_id_keeps_its_remarks() -> None:
    data = _index()
    next(c for c in data["clusters"] if c["id"] == "c5")["speaker"] = "s42"
    text = _Page(to_html(data)).text
    assert "s42 1 remark, 1 wording Ukrainian defensive operations" in text


def test_empty_index() -> None:
    page = to_html({"articles": [], "speakers": [], "clusters": []})
    text = _check_safe(page).text
    assert "0 articles, 0 speakers, 0 remarks, 0 quotes" in text
    assert "The index is empty." in text


def test_not_a_list_names_the_key() -> None:
    with pytest.raises(TypeError, match=r"index\['clusters'\] must be a list, not str"):
        to_html({"clusters": "c1"})


@pytest.mark.parametrize(
    ("member", "cluster", "expected"),
    [
        ("The Kyiv regime's adventure has completely failed,",
         "The Kyiv regime’s adventure has completely failed.",
         "The Kyiv regime&#x27;s adventure has completely failed,"),
        ("“COMPLETELY failed”", "has completely failed", "“COMPLETELY failed”"),
        ("heroism", "courage and heroism in battle.", "heroism"),
        ("high professionalism, fortitude, courage", "demonstrated high professionalism, "
         "showed fortitude, courage", "high professionalism, fortitude, courage"),
        ("the full  defeat", "the complete defeat", "the <mark>full</mark>  defeat"),
        ("a very big  new thing", "a thing", "a <mark>very big  new</mark> thing"),
        ("  brand new  ", "", "  <mark>brand new</mark>  "),
        ("Zelenskyy said", "Zelenskyy told", "Zelenskyy <mark>said</mark>"),
        ("— failed", "failed", "— failed"),
        ("", "failed", ""),
        ("<b>x</b> failed", "failed", "<mark>&lt;b&gt;x&lt;/b&gt;</mark> failed"),
    ],
    ids=["apostrophe", "case-and-marks", "one-word", "gaps", "changed", "run", "edges",
         "last-word",
         "punctuation-only", "empty", "markup"],
)
def test_mark_differences(member: str, cluster: str, expected: str) -> None:
    assert mark_differences(member, cluster) == expected


# --- escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", HOSTILE)
def test_data_is_text_never_markup(payload: str) -> None:
    page = to_html(_hostile_index(payload))
    parsed = _check_safe(page)
    if set(payload) & set("<>\"'&"):
        assert payload not in page
    assert "javascript:" not in " ".join(parsed.values("href"))
    # and the reader still sees it, verbatim, as text
    assert f"Mallory {_squash(payload)}" in parsed.text
    assert f"I wrote {_squash(payload)}" in parsed.text
    assert f"evil{_squash(payload)}" in parsed.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_stays_text(payload: str) -> None:
    _check_safe(to_html(_hostile_index(payload)))


def test_input_is_not_changed() -> None:
    data = _hostile_index(HOSTILE[0])
    before = copy.deepcopy(data)
    to_html(data)
    assert data == before


# --- in a real browser -------------------------------------------------------------------


def _browse(binary: str, page: Path, profile: Path, *extra: str) -> str:
    """The DOM of ``page`` after Chromium loaded it and ran whatever it was allowed to run."""
    result = subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
         "--virtual-time-budget=2000", "--dump-dom", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_browser_harness_sees_scripts_and_requests(tmp_path: Path, listener: Any,
                                                   chromium_binary: str) -> None:
    """The control: without escaping, the same payloads do run and do reach the network."""
    binary = chromium_binary
    raw = tmp_path / "raw.html"
    raw.write_text(
        "<!DOCTYPE html><html><head><title>Quote index</title></head><body>"
        "<script>document.title='pwned'</script>"
        f"<img src=\"{listener.url}/control\"></body></html>", encoding="utf-8")
    dom = _Page(_browse(binary, raw, tmp_path / "profile"))
    assert dom.title == "pwned"
    assert "/control" in listener.requests


def test_reader_sees_the_index_and_no_payload_runs(tmp_path: Path, listener: Any,
                                                   chromium_binary: str) -> None:
    binary = chromium_binary
    data = _index()
    payloads = [*HOSTILE, f'<img src="{listener.url}/img">',
                f'<link rel="stylesheet" href="{listener.url}/css">',
                f'<iframe src="{listener.url}/frame"></iframe>']
    for payload in payloads:
        extra = _hostile_index(payload)
        data["articles"] += extra["articles"][-1:]
        data["speakers"] += extra["speakers"][-1:]
        data["clusters"] += extra["clusters"][-2:]
    page = tmp_path / "index.html"
    page.write_text(to_html(data), encoding="utf-8")

    # what Chromium holds after loading: only the page's own elements, title unchanged
    dom = _check_safe(_browse(binary, page, tmp_path / "profile"))
    for speaker in _index()["speakers"]:
        assert speaker["name"] in dom.text
    assert "Unattributed" in dom.text
    for cluster in _index()["clusters"]:
        assert _squash(cluster["text"]) in dom.text
        for member in cluster["members"]:
            assert _squash(member["text"]) in dom.text
            assert member["article"] in dom.text
    for payload in payloads:
        assert f"Mallory {_squash(payload)}" in dom.text
    assert listener.requests == []


def test_undated_articles_and_titles_are_shown() -> None:
    data = _index()
    data["articles"][3]["date"] = None
    data["articles"][0]["title"] = "Kursk region retaken"
    text = _check_safe(to_html(data)).text
    assert ("The Kyiv regime's adventure has completely failed, exact 003_0073c3238f5d921c · "
            "undated · AFP") in text
    assert "000_1941b27fd2bfbe07 · 2025-04-26 · DW · Kursk region retaken" in text
    assert "5 articles, 3 speakers, 7 remarks, 14 quotes, 4 of 5 dated, 2025-04-26 to " \
        "2025-04-27" in text


def test_a_title_of_a_megabyte_and_control_characters() -> None:
    data = _index()
    data["articles"][0]["title"] = "Long " + "x" * 1_000_000
    data["articles"][1]["title"] = "Bell\x07 null\x00 line\u2028 end"
    page = to_html(data)
    assert len(page) < 60_000
    text = _check_safe(page).text
    assert "Long xxx" in text and "xxx… " in text and "Bell null line end" in text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u2028]", page)


def test_paraphrase_is_a_relation() -> None:
    data = _index()
    data["clusters"][0]["members"][1]["relation"] = "paraphrase"
    assert to_html(data).count('<span class="badge paraphrase">paraphrase</span>') == 1
