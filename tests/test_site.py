"""The quote index as a static site (quoteattr/site.py): what the pages hold, that their
links resolve, that data stays text, page sizes, and in headless Chromium: the filters and
the search narrow the page, and no request leaves it."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from quoteattr.index import group_index, to_markdown
from quoteattr.render import to_html
from quoteattr.site import CSP, build_site, safe_url, timeline_svg

KYIV = "The Kyiv regime’s adventure has completely failed."
GORNAL = "Today the village of Gornal has been liberated."
TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "main", "p", "a", "h1", "h2",
    "h3", "span", "b", "form", "input", "select", "option", "label", "button", "output",
    "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "article", "blockquote",
    "code", "time", "cite", "mark", "nav", "svg", "rect", "line", "text",
}
ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "href", "id", "class", "rel", "src",
    "defer", "type", "placeholder", "aria-label", "value", "role", "hidden", "data-speaker",
    "data-outlets", "data-dates", "viewbox", "xmlns", "x", "y", "x1", "y1", "x2", "y2",
    "width", "height", "text-anchor",
}
SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")
CODES = re.compile(r"[A-Za-z0-9_ -]*")


def _sample() -> dict[str, Any]:
    """An index in the contract shape with what the site shows: titles and URLs, an
    undated article, sentences, indirect quotes, a remark of no known speaker."""
    return {
        "articles": [
            {"id": "a1", "date": "2025-04-26", "source": "AP", "title": "Kursk retaken",
             "url": "https://news.example/a1"},
            {"id": "a2", "date": "2025-04-27", "source": "Reuters", "title": "Putin hails win"},
            {"id": "a3", "date": None, "source": "CMSD"},
            {"id": "a4", "date": "2025-04-26", "source": "DW", "url": "javascript:alert(1)"},
        ],
        "speakers": [
            {"id": "s1", "name": "Vladimir Putin", "type": "person", "aliases": ["Putin"],
             "indirect": []},
            {"id": "s2", "name": "Valery Gerasimov", "type": "person", "aliases": [],
             "indirect": [{"article": "a2", "start": 5, "end": 20, "sentence":
                           "Gerasimov said the troops had held the line.",
                           "text": "the troops had held the line"}]},
            {"id": "s3", "name": "Defence Ministry", "type": "organization", "aliases": [],
             "indirect": [
                 {"article": "a1", "start": 0, "end": 10, "text": "the operation was over",
                  "sentence": "The ministry said the operation was over."},
                 {"article": "a3", "start": 0, "end": 10, "text": "losses were light",
                  "sentence": "It added that losses were light."}]},
            {"id": "s4", "name": "Ann Lee", "type": "person", "aliases": [],
             "indirect": [{"article": "a4", "start": 0, "end": 9, "text": "talks go on",
                           "sentence": "Ann Lee said talks go on."}]},
        ],
        "clusters": [
            {"id": "c1", "speaker": "s1", "text": KYIV, "members": [
                {"article": "a1", "start": 1, "end": 51, "text": KYIV, "relation": "exact",
                 "sentence": f"“{KYIV}” Putin told Gerasimov."},
                {"article": "a2", "start": 9, "end": 26, "text": "completely failed",
                 "relation": "partial",
                 "sentence": "Putin said the Kyiv regime had “completely failed”."},
                {"article": "a3", "start": 1, "end": 51, "text": KYIV, "relation": "exact",
                 "sentence": f"“{KYIV}” Putin said."},
            ]},
            {"id": "c2", "speaker": "s1", "text": "Our troops showed heroism.",
             "also_attributed": [{"speaker": "s2", "name": "Valery Gerasimov", "articles": 1}],
             "members": [
                 {"article": "a4", "start": 1, "end": 27, "text": "Our troops showed heroism.",
                  "relation": "exact", "sentence": "“Our troops showed heroism.”"}]},
            {"id": "c3", "speaker": "s2", "text": GORNAL, "members": [
                {"article": "a2", "start": 1, "end": 48, "text": GORNAL, "relation": "exact",
                 "sentence": f"“{GORNAL}” Gerasimov said."},
                {"article": "a1", "start": 0, "end": 40, "relation": "paraphrase",
                 "text": "the village had been liberated",
                 "sentence": "Gerasimov said the village had been liberated."},
            ]},
            {"id": "c4", "speaker": None, "text": "do not correspond to reality", "members": [
                {"article": "a3", "start": 3, "end": 31, "text": "do not correspond to reality",
                 "relation": "exact", "sentence": "Reports “do not correspond to reality”."}]},
        ],
    }


class _Page(HTMLParser):
    """Every element of a page with its attributes, and the text a reader sees."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self._skip = 0
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("head", "script", "svg") or "hidden" in dict(attrs):
            self._skip += 1
        self.chunks.append(" ")  # cells and blocks read apart, as on the screen

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "script", "svg") or (tag == "span" and self._hidden_span()):
            self._skip -= 1
        self.chunks.append(" ")

    def _hidden_span(self) -> bool:
        # the only hidden element the site writes: a speaker's other names, for the search
        return bool(self._skip) and any("hidden" in a for t, a in self.elements if t == "span")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())

    def values(self, attribute: str) -> list[str]:
        return [str(attrs[attribute]) for _, attrs in self.elements if attribute in attrs]


def _site(tmp_path: Path, data: dict[str, Any] | None = None, **options: Any) -> Path:
    folder = tmp_path / "site"
    build_site(_sample() if data is None else data, folder, **options)
    return folder


def _pages(folder: Path) -> dict[str, _Page]:
    return {p.name: _Page(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.html"))}


def _check_safe(folder: Path) -> dict[str, _Page]:
    """Only the site's own markup on every page: known tags and attributes, one script
    (site.js), one style sheet (site.css), the policy; ids and data codes from safe
    characters; every link to a page of the site or a plain web address."""
    pages = _pages(folder)
    for name, page in pages.items():
        assert {tag for tag, _ in page.elements} <= TAGS, name
        for tag, attrs in page.elements:
            assert set(attrs) <= ATTRIBUTES, (name, tag, attrs)
            for key in ("data-speaker", "data-outlets", "data-dates"):
                assert CODES.fullmatch(attrs.get(key) or ""), (name, attrs)
        assert page.values("src") == ["site.js"]
        assert [a.get("href") for t, a in page.elements if t == "link"] == ["site.css"]
        assert page.values("http-equiv") == ["Content-Security-Policy"]
        assert page.values("content")[0] == CSP
        ids = page.values("id")
        assert len(ids) == len(set(ids)) and all(SAFE_ID.fullmatch(i) for i in ids), name
        for href in page.values("href"):
            if href != "site.css":
                assert safe_url(href) or re.fullmatch(r"[A-Za-z0-9_.-]+\.html(#[A-Za-z0-9_-]+)?",
                                                      href), (name, href)
    return pages


def _resolve(folder: Path, pages: dict[str, _Page]) -> list[str]:
    """Every link of the site to one of its pages, checked: the file is there and, where
    the link names an anchor, so is the anchor. The web addresses linked to."""
    outside = []
    for name, page in pages.items():
        for href in page.values("href"):
            if href == "site.css":
                continue
            if urlsplit(href).scheme:
                outside.append(href)
                continue
            file, _, anchor = href.partition("#")
            assert file in pages, f"{name} links to {href}: no such page"
            if anchor:
                assert anchor in pages[file].values("id"), f"{name} links to {href}: no anchor"
    return outside


# --- what the pages hold ---------------------------------------------------------------------


def test_pages_of_the_site(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == [
        "articles.html", "index.html", "reported.html", "site.css", "site.js",
        "speaker-s1.html", "speaker-s2.html", "speaker-s3.html", "speaker-s4.html",
        "speakers.html", "unattributed.html"]
    pages = _check_safe(folder)
    assert _resolve(folder, pages) == ["https://news.example/a1"] * len(
        [1 for p in pages.values() for h in p.values("href") if h.startswith("https:")])
    assert "https://news.example/a1" in pages["speaker-s1.html"].values("href")
    assert "javascript:" not in " ".join(v for p in pages.values() for v in p.values("href"))


def test_overview(tmp_path: Path) -> None:
    text = _check_safe(_site(tmp_path))["index.html"].text
    assert ("4 articles, 3 of 4 dated, 2025-04-26 to 2025-04-27; 2 speakers quoted, 4 remarks in "
            "7 wordings; 2 speakers with reported speech only.") in text
    assert "1 article undated: 2 wordings from them are listed but on no timeline." in text
    # speakers most quoted first, then the remarks most reported first
    assert text.index("Vladimir Putin person 2 4 2025-04-26 2025-04-27") < text.index(
        "Valery Gerasimov person 1 2 2025-04-26 2025-04-27")
    assert f"Vladimir Putin {KYIV} 3 wordings · first reported 2025-04-26 by AP" in text
    assert "Ann Lee" not in text.split("Most quoted speakers")[1]  # only indirect quotes


def test_speaker_page_shows_each_wording_with_its_sentence_and_article(tmp_path: Path) -> None:
    pages = _check_safe(_site(tmp_path))
    putin = pages["speaker-s1.html"].text
    assert "Vladimir Putin person Also named: Putin 2 remarks, 4 wordings, 0 indirect quotes;" \
        in putin
    assert (f"{KYIV} 3 wordings in 3 articles · first reported 2025-04-26 by AP "
            f"{KYIV} “{KYIV}” Putin told Gerasimov. exact 2025-04-26 · AP · Kursk retaken "
            "· a1") in putin
    assert ("completely failed Putin said the Kyiv regime had “completely failed”. "
            "partial 2025-04-27 · Reuters · Putin hails win · a2") in putin
    assert f"“{KYIV}” Putin said. exact undated · CMSD · a3" in putin
    # the URL that is not http(s) is dropped; the article is still there by its id
    assert "exact 2025-04-26 · DW · a4" in putin
    assert "Also attributed to Valery Gerasimov in 1 article." in putin
    gerasimov = pages["speaker-s2.html"]
    assert "paraphrase 2025-04-26 · AP" in gerasimov.text
    # wordings oldest first, whatever the cluster's order
    assert gerasimov.text.index("paraphrase 2025-04-26") < gerasimov.text.index(
        "exact 2025-04-27 · Reuters")
    assert "badge paraphrase" in gerasimov.values("class")
    assert ("Reported speech Indirect quotes linked to no remark. the troops had held the line "
            "Gerasimov said the troops had held the line.") in gerasimov.text


def test_article_links(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    pages = _check_safe(folder)
    putin = pages["speaker-s1.html"]
    assert [h for h in putin.values("href") if h.startswith("articles")] == [
        "articles.html#a-0", "articles.html#a-1", "articles.html#a-2", "articles.html#a-3"]
    articles = pages["articles.html"].text
    assert "a1 2025-04-26 AP Kursk retaken 3" in articles
    assert "a3 undated CMSD 3" in articles
    assert "a4 2025-04-26 DW 2" in articles


def test_speakers_without_a_remark_are_apart_with_their_indirect_quotes(tmp_path: Path) -> None:
    pages = _check_safe(_site(tmp_path))
    reported = pages["reported.html"].text
    assert reported.index("Ann Lee") < reported.index("Defence Ministry")  # by name
    assert ("Defence Ministry organization the operation was over The ministry said the "
            "operation was over. 2025-04-26 · AP · Kursk retaken · a1") in reported
    assert "losses were light It added that losses were light. undated · CMSD · a3" \
        in reported
    assert "Defence Ministry" not in pages["speakers.html"].text
    assert "2 remarks" not in pages["speaker-s3.html"].text
    assert "0 remarks, 0 wordings, 2 indirect quotes;" in pages["speaker-s3.html"].text
    assert "Vladimir Putin" not in reported


def test_unattributed_remarks(tmp_path: Path) -> None:
    pages = _check_safe(_site(tmp_path))
    assert "do not correspond to reality 1 wording in 1 article · undated" in pages[
        "unattributed.html"].text


def test_one_grouping_for_every_export(tmp_path: Path) -> None:
    """Markdown, the single page and the site list speakers in group_index's order."""
    data = _sample()
    order = [g.name for g in group_index(data).quoted]
    assert order == ["Vladimir Putin", "Valery Gerasimov"]
    markdown = re.findall(r"^## (.+)$", to_markdown(data), flags=re.M)
    assert markdown[:2] == order
    page = re.findall(r"<h2>([^<]+?) <span", to_html(data))
    assert page[:2] == order
    speakers = _check_safe(_site(tmp_path, data))["speakers.html"].text
    assert speakers.index(order[0]) < speakers.index(order[1])


def test_timeline(tmp_path: Path) -> None:
    page = (_site(tmp_path) / "speaker-s1.html").read_text(encoding="utf-8")
    svg = page[page.index("<svg"):page.index("</svg>")]
    # three dated wordings on two days (a3 is undated); both remarks first seen on the 26th
    assert re.findall(r"<title>([^<]*)</title></rect>", svg) == [
        "2025-04-26: 2 quotes, 2 new", "2025-04-26: 2 quotes, 2 new",
        "2025-04-27: 1 quote, 0 new"]
    assert "1 quote from undated articles, not on the timeline" in _Page(page).text


@pytest.mark.parametrize(("days", "unit"), [(30, "day"), (200, "week"), (1500, "30 days")])
def test_timeline_bins_long_spans(days: int, unit: str) -> None:
    import datetime
    start = datetime.date(2024, 1, 1)
    quotes = {(start + datetime.timedelta(days=d)).isoformat(): 1 for d in range(days)}
    svg = timeline_svg(quotes, {}, label="t")
    bars = svg.count('class="bar"')
    assert bars == {"day": days, "week": -(-days // 7), "30 days": -(-days // 30)}[unit]
    assert (f"{unit} from 2024-01-01" in svg) == (unit != "day")


def test_undated_only_has_no_timeline(tmp_path: Path) -> None:
    data = _sample()
    for article in data["articles"]:
        article["date"] = None
    pages = _check_safe(_site(tmp_path, data))
    assert "<svg" not in (tmp_path / "site" / "speaker-s1.html").read_text(encoding="utf-8")
    assert "No dated quotes: no timeline." in pages["speaker-s1.html"].text
    assert "4 articles, none dated;" in pages["index.html"].text


def test_empty_index(tmp_path: Path) -> None:
    pages = _check_safe(_site(tmp_path, {"articles": [], "speakers": [], "clusters": []}))
    assert "The index is empty." in pages["index.html"].text


# --- size -------------------------------------------------------------------------------------


def _big(remarks: int, wordings: int) -> dict[str, Any]:
    articles = [{"id": f"a{n}", "date": f"2025-04-{1 + n % 28:02d}", "source": f"Outlet {n % 7}",
                 "title": f"Story {n}"} for n in range(wordings)]
    clusters = [
        {"id": f"c{r}", "speaker": "s1", "text": f"Remark number {r} about the war.",
         "members": [{"article": f"a{w}", "start": 0, "end": 10, "relation": "exact",
                      "text": f"Remark number {r} about the war.",
                      "sentence": f"“Remark number {r} about the war,” she said. " * 3}
                     for w in range(wordings if r == 0 else 3)]}
        for r in range(remarks)]
    return {"articles": articles, "clusters": clusters,
            "speakers": [{"id": "s1", "name": "Ann Lee", "type": "person", "aliases": []}]}


def test_no_page_over_the_budget_and_nothing_lost(tmp_path: Path) -> None:
    data = _big(remarks=400, wordings=900)  # remark c0 alone is several pages long
    folder = _site(tmp_path, data, page_bytes=60_000)
    sizes = {p.name: p.stat().st_size for p in folder.glob("*.html")}
    assert max(sizes.values()) <= 60_000
    speaker_pages = sorted(n for n in sizes if n.startswith("speaker-s1"))
    assert len(speaker_pages) > 5 and "articles-2.html" in sizes
    pages = _check_safe(folder)
    _resolve(folder, pages)
    # every wording once, whatever page it landed on; the long remark goes on over pages
    wordings = [li for name in speaker_pages for li in re.findall(
        r'<li class="part".*?</li>', (folder / name).read_text(encoding="utf-8"), flags=re.S)]
    assert len(wordings) == 900 + 399 * 3
    heads = sum((folder / n).read_text(encoding="utf-8").count('id="cluster-c0"')
                for n in speaker_pages)
    assert heads > 1
    # the overview links each remark to the page it starts on
    overview = pages["index.html"].values("href")
    assert "speaker-s1.html#cluster-c0" in overview
    assert any(h.startswith("speaker-s1-") and "#cluster-" in h for h in overview)


def test_page_bytes_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="page_bytes must be an integer of at least 50000"):
        build_site(_sample(), tmp_path / "s", page_bytes=10)


# --- bad data ---------------------------------------------------------------------------------

HOSTILE = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "</style><script>alert(1)</script>",
    "<!-- -->&amp;&lt;",
]


def _hostile(payload: str, url: str = "") -> dict[str, Any]:
    """The sample with ``payload`` in every string the data can carry."""
    data = _sample()
    data["articles"].append({"id": f"x{payload}", "date": payload, "source": payload,
                             "title": payload, "url": url or payload})
    data["speakers"].append({"id": f"s9{payload}", "name": f"Mallory {payload}",
                             "type": payload, "aliases": [payload],
                             "indirect": [{"article": f"x{payload}", "text": payload,
                                           "sentence": payload}]})
    data["clusters"].append({
        "id": f"c9{payload}", "speaker": f"s9{payload}", "text": f"I said {payload}",
        "also_attributed": [{"speaker": payload, "name": payload, "articles": payload}],
        "members": [{"article": f"x{payload}", "start": 0, "end": 1, "text": payload,
                     "relation": payload, "sentence": payload}]})
    return data


@pytest.mark.parametrize("payload", HOSTILE)
def test_data_is_text_never_markup(tmp_path: Path, payload: str) -> None:
    folder = _site(tmp_path, _hostile(payload))
    pages = _check_safe(folder)
    _resolve(folder, pages)
    for page in (folder / "index.html", *folder.glob("speaker-*.html")):
        if set(payload) & set("<>\"'"):
            assert payload not in page.read_text(encoding="utf-8")
    assert f"Mallory {payload}" in pages["index.html"].text
    mallory = next(p for name, p in pages.items() if "Mallory" in p.text and
                   name.startswith("speaker-"))
    assert f"I said {payload}" in mallory.text


def test_input_is_not_changed(tmp_path: Path) -> None:
    data = _hostile(HOSTILE[0])
    before = copy.deepcopy(data)
    _site(tmp_path, data)
    assert data == before


def test_a_title_of_a_megabyte_and_control_characters(tmp_path: Path) -> None:
    data = _sample()
    data["articles"][0]["title"] = "Long " + "x" * 1_000_000
    data["articles"][1]["title"] = "Bell\x07 null\x00 form\x0c feed\u2028 line"
    data["articles"][1]["source"] = "Reu\x1bters"
    folder = _site(tmp_path, data)
    pages = _check_safe(folder)
    assert max(p.stat().st_size for p in folder.glob("*.html")) < 50_000
    assert "Long xxxx" in pages["speaker-s1.html"].text
    assert "xxx… ·" in pages["speaker-s1.html"].text
    text = (folder / "speaker-s1.html").read_text(encoding="utf-8")
    assert "Bell null form feed line" in pages["speaker-s1.html"].text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028]", text)


# --- in a real browser ------------------------------------------------------------------------


def _shown(browser: Any, selector: str) -> list[str]:
    """The text of the elements matching ``selector`` that the reader sees."""
    return list(browser.run(
        f"Array.from(document.querySelectorAll({selector!r}))"
        ".filter(e => e.offsetParent !== null).map(e => e.textContent.trim())"))


def _set(browser: Any, field: str, value: str) -> str:
    """Type into (or choose in) a filter as a reader would; the count it then shows."""
    browser.run(f"(() => {{ const f = document.getElementById({field!r}); f.focus(); "
                f"f.value = {value!r}; f.dispatchEvent(new Event('input', {{bubbles: true}})); "
                "})()")
    return str(browser.run("document.getElementById('f-count').textContent"))


def test_browser_filters_narrow_the_overview(tmp_path: Path, browser: Any) -> None:
    folder = _site(tmp_path)
    browser.open((folder / "index.html").as_uri())
    everything = _shown(browser, "tr.item, li.item")
    assert len(everything) == 6  # two speakers, four remarks
    assert _set(browser, "f-words", "kyiv") == "1 of 6 shown"
    assert [t.startswith("Vladimir Putin") for t in _shown(browser, "li.item")] == [True]
    assert _shown(browser, "tr.item") == []
    assert _set(browser, "f-words", "putin") == "3 of 6 shown"  # the speaker, his remarks
    assert _set(browser, "f-words", "") == "6 of 6 shown"
    assert _set(browser, "f-speaker", "speaker-s2") == "2 of 6 shown"
    assert all("Gerasimov" in t for t in _shown(browser, "tr.item, li.item"))
    assert _set(browser, "f-speaker", "") == "6 of 6 shown"
    outlets = browser.run("Array.from(document.querySelectorAll('#f-outlet option'))"
                          ".map(o => [o.value, o.textContent])")
    dw = next(code for code, name in outlets if name == "DW")
    assert _set(browser, "f-outlet", dw) == "2 of 6 shown"  # Putin, his heroism remark
    assert "Our troops showed heroism." in " ".join(_shown(browser, "li.item"))
    assert _set(browser, "f-outlet", "") == "6 of 6 shown"
    assert _set(browser, "f-from", "2025-04-27") == "4 of 6 shown"
    assert "Our troops showed heroism." not in " ".join(_shown(browser, "li.item"))
    assert _set(browser, "f-to", "2025-04-26") == "0 of 6 shown"
    browser.run("document.querySelector('button[type=reset]').click()")
    browser.run("new Promise(r => setTimeout(r, 50))")
    assert browser.run("document.getElementById('f-count').textContent") == "6 of 6 shown"


def test_browser_filters_narrow_a_speaker_page(tmp_path: Path, browser: Any) -> None:
    folder = _site(tmp_path)
    browser.open((folder / "speaker-s1.html").as_uri())
    assert len(_shown(browser, "article.cluster")) == 2
    assert _set(browser, "f-words", "heroism") == "1 of 2 shown"
    assert _shown(browser, "article.cluster blockquote") == ["Our troops showed heroism."]
    assert _set(browser, "f-words", "") == "2 of 2 shown"
    outlets = dict(browser.run("Array.from(document.querySelectorAll('#f-outlet option'))"
                               ".map(o => [o.textContent, o.value])"))
    assert _set(browser, "f-outlet", outlets["Reuters"]) == "1 of 2 shown"
    [wording] = _shown(browser, "li.part")  # of the three, the one Reuters printed
    assert wording.startswith("“completely failed”") or "completely failed" in wording
    assert "Reuters" in wording
    assert _set(browser, "f-outlet", "") == "2 of 2 shown"
    # a day asked for: the undated wording goes, the remark stays with its dated ones
    assert _set(browser, "f-from", "2025-04-26") == "2 of 2 shown"
    assert not any("undated" in w for w in _shown(browser, "li.part"))
    assert len(_shown(browser, "li.part")) == 3


def test_browser_links_resolve_and_nothing_leaves(tmp_path: Path, browser: Any,
                                                  listener: Any) -> None:
    payloads = [*HOSTILE, f'<img src="{listener.url}/img">',
                f'<link rel="stylesheet" href="{listener.url}/css">',
                f'<iframe src="{listener.url}/frame"></iframe>']
    data = _sample()
    for n, payload in enumerate(payloads):
        extra = _hostile(payload, url=f"{listener.url}/page{n}")
        data["articles"] += extra["articles"][-1:]
        data["speakers"] += extra["speakers"][-1:]
        data["clusters"] += extra["clusters"][-1:]
    folder = _site(tmp_path, data)
    pages = _check_safe(folder)
    _resolve(folder, pages)
    for name in pages:
        browser.open((folder / name).as_uri())
        assert browser.run("document.title").endswith("Quote index"), name
        assert browser.run("document.scripts.length") == 1
        assert browser.run("document.querySelectorAll('img, iframe, object, embed').length") == 0
        # the script ran: the filters counted the page's items
        count = browser.run("(document.getElementById('f-count') || {}).textContent")
        assert count is None or count.endswith("shown"), name
    # follow a link as a reader: from the overview to a speaker, to an article
    browser.open((folder / "index.html").as_uri())
    browser.run("setTimeout(() => document.querySelector('tr.item a').click(), 10)")
    browser.wait_for("location.pathname.endsWith('/speaker-s1.html') && "
                     "document.readyState === 'complete'")
    assert browser.run("document.querySelector('h1').textContent").startswith("Vladimir Putin")
    requested = browser.requested()
    assert requested and all(url.startswith(("file://", "data:")) for url in requested), [
        u for u in requested if not u.startswith(("file://", "data:"))]
    assert listener.requests == []
    assert not [line for line in browser.console() if "Content Security Policy" in line]


def test_browser_harness_sees_requests(tmp_path: Path, browser: Any, listener: Any) -> None:
    """The control: a page that does load from the network is seen doing it."""
    page = tmp_path / "raw.html"
    page.write_text(f'<!DOCTYPE html><html><body><img src="{listener.url}/control">'
                    "<script>document.title='ran'</script></body></html>", encoding="utf-8")
    browser.open(page.as_uri())
    assert browser.run("document.title") == "ran"
    assert f"{listener.url}/control" in browser.requested()
    assert "/control" in listener.requests


def test_a_new_export_replaces_the_old_site(tmp_path: Path) -> None:
    folder = _site(tmp_path, _big(remarks=200, wordings=300), page_bytes=60_000)
    assert (folder / "speaker-s1-3.html").exists()
    (folder / "notes.html").write_text("mine", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    build_site(_sample(), folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "articles.html", "index.html", "notes.html", "notes.txt", "reported.html", "site.css",
        "site.js", "speaker-s1.html", "speaker-s2.html", "speaker-s3.html", "speaker-s4.html",
        "speakers.html", "unattributed.html"]
