"""The quote index as a small static site: an overview, a page per speaker, the articles.

:func:`build_site` takes the index in its JSON contract shape (best with
``QuoteIndex.export_data(context=True)``, which adds each wording's sentence and each
speaker's indirect quotes) and writes into a folder:

- ``index.html``: the overview: counts, a timeline of the corpus, the most quoted speakers
  and the most reported remarks, with a search box and speaker, outlet and date filters;
- ``speaker-<id>.html``: one speaker: a timeline (quotes per day, and the day each remark
  first appeared), every remark with every wording, the sentence it was quoted in and a
  link back to its article, then the speaker's indirect quotes; ``unattributed.html`` for
  remarks of no known speaker;
- ``speakers-N.html`` (every quoted speaker), ``reported-N.html`` (speakers with no linked
  remark, with their indirect quotes) and ``articles-N.html`` (every article: title, source,
  date or "undated", URL);
- ``site.css`` and ``site.js``, the only files the pages load.

No page grows past ``page_bytes`` (a list goes on in ``…-2.html``, a long remark on the
next page). Every value from the index is text, never markup (escaped; an anchor or file
name is rebuilt from ``[A-Za-z0-9_-]``; a URL becomes a link only when it is plain
``http``/``https``); a Content-Security-Policy lets a page load only its own folder's script
and style sheet, and the script makes no request: it only hides what the filters leave out.
The grouping and order of speakers and remarks is :func:`quoteattr.index.group_index`, as in
the Markdown and the single HTML page.
"""

from __future__ import annotations

import datetime
import html
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import regex

from quoteattr.index import IndexGroups, SpeakerGroup, group_index
from quoteattr.render import CSS, dated_summary, short, where_html, wording_html

__all__ = ["PAGE_BYTES", "build_site", "safe_url", "timeline_svg"]

PAGE_BYTES = 900_000  # under the ~1 MB a page may weigh, with room for its head
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "form-action 'none'; base-uri 'none'")
_TOP = 100  # speakers and remarks on the overview
_REPORTED_SHOWN = 5  # indirect quotes of a speaker shown on the reported-speech pages
_UNSAFE = regex.compile(r"[^A-Za-z0-9_-]+")
_DAY = regex.compile(r"\d{4}-\d{2}-\d{2}")
_URL_CHARS = regex.compile(r"[\s\p{Cc}\p{Cf}]")
_OWN_PAGE = regex.compile(r"(speaker-[A-Za-z0-9_-]+|(speakers|articles|reported|unattributed)"
                          r"(-\d+)?)\.html")


def _text(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def safe_url(value: object) -> str | None:
    """``value`` when it is a plain ``http``/``https`` URL a link may carry, else None.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> safe_url(" https://example.org/x y"), safe_url("//example.org"), safe_url(3)
    (None, None, None)
    """
    if not isinstance(value, str) or len(value) > 2000 or _URL_CHARS.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _day(value: object) -> str | None:
    """A valid ``YYYY-MM-DD`` day, or None (an undated article, or a date not understood)."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return value


# --- the timeline ----------------------------------------------------------------------------


def timeline_svg(quotes: Mapping[str, int], remarks: Mapping[str, int], *, label: str) -> str:
    """Quotes per day (blue bars) over the days each remark first appeared (orange bars),
    as inline SVG; days are grouped into weeks or months where the span is long.

    ``quotes`` and ``remarks`` map ``YYYY-MM-DD`` to counts; other keys are left out. An
    empty timeline is "" (a page then says its quotes are undated).

    >>> svg = timeline_svg({"2025-04-26": 3, "2025-04-28": 1}, {"2025-04-26": 2}, label="x")
    >>> svg.count('class="bar"'), svg.count('class="new"')
    (2, 1)
    >>> timeline_svg({"undated": 4}, {}, label="x")
    ''
    """
    days = sorted(d for d in {*quotes, *remarks} if _day(d))
    if not days:
        return ""
    first = datetime.date.fromisoformat(days[0])
    span = (datetime.date.fromisoformat(days[-1]) - first).days + 1
    size = 1 if span <= 120 else 7 if span <= 7 * 120 else 30
    unit = {1: "day", 7: "week", 30: "30 days"}[size]
    bins = (span + size - 1) // size
    per_bin: list[list[int]] = [[0, 0] for _ in range(bins)]
    for series, counts in ((0, quotes), (1, remarks)):
        for day, n in counts.items():
            if _day(day):
                per_bin[(datetime.date.fromisoformat(day) - first).days // size][series] += n
    width, left, right, top, mid, bottom = 800, 40, 10, 14, 92, 132
    step = (width - left - right) / bins
    bar = max(1.0, step * 0.8)
    most = [max(1, max(b[i] for b in per_bin)) for i in (0, 1)]
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {bottom + 24}" role="img" '
        f'aria-label="{_text(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_text(label)}</title>",
        f'<line class="axis" x1="{left}" y1="{mid}" x2="{width - right}" y2="{mid}"/>',
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{most[0]}</text>',
        f'<text x="{left - 4}" y="{mid + 14}" text-anchor="end">{most[1]}</text>',
    ]
    for i, (n_quotes, n_new) in enumerate(per_bin):
        if not n_quotes and not n_new:
            continue
        start = first + datetime.timedelta(days=i * size)
        when = start.isoformat() if size == 1 else f"{unit} from {start.isoformat()}"
        x = left + i * step + (step - bar) / 2
        tip = f"<title>{when}: {_plural(n_quotes, 'quote')}, {n_new} new</title>"
        if n_quotes:
            h = (mid - top) * n_quotes / most[0]
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{mid - h:.1f}" width="{bar:.1f}" '
                         f'height="{h:.1f}">{tip}</rect>')
        if n_new:
            h = (bottom - mid - 6) * n_new / most[1]
            parts.append(f'<rect class="new" x="{x:.1f}" y="{bottom - h:.1f}" '
                         f'width="{bar:.1f}" height="{h:.1f}">{tip}</rect>')
    parts += [
        f'<text x="{left}" y="{bottom + 16}">{days[0]}</text>',
        f'<text x="{width - right}" y="{bottom + 16}" text-anchor="end">{days[-1]}</text>',
        "</svg>",
        '<p class="legend"><span class="swatch"></span>quotes a '
        f'{"day" if size == 1 else unit}<span class="swatch new"></span>remarks first '
        "reported then</p>",
    ]
    return "\n".join(parts)


# --- pages -----------------------------------------------------------------------------------


@attrs.frozen
class _Block:
    """Markup that a page break may split between ``items`` (a remark's wordings), repeating
    ``head`` on the next page; ``key`` records the page the block starts on."""

    head: str
    items: Sequence[str] = ()
    tail: str = ""
    key: str | None = None


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _paginate(blocks: Iterable[_Block], budget: int) -> tuple[list[str], dict[str, int]]:
    """The blocks' markup cut into pages of at most ``budget`` bytes where it can be (a
    head and one item together may be more), and the page each keyed block starts on."""
    pages: list[list[str]] = [[]]
    size = 0
    starts: dict[str, int] = {}
    for block in blocks:
        head, tail = _size(block.head), _size(block.tail)
        whole = head + tail + sum(_size(item) for item in block.items)
        if size and size + whole > budget:
            pages.append([])
            size = 0
        if block.key is not None:
            starts[block.key] = len(pages) - 1
        pages[-1].append(block.head)
        size += head
        on_page = 0
        for item in block.items:
            n = _size(item)
            if on_page and size + n + tail > budget:
                pages[-1].append(block.tail)
                pages.append([block.head])
                size, on_page = head, 0
            pages[-1].append(item)
            size += n
            on_page += 1
        pages[-1].append(block.tail)
        size += tail
    return ["\n".join(page) for page in pages], starts


def _paged_name(stem: str, number: int) -> str:
    return f"{stem}.html" if number == 0 else f"{stem}-{number + 1}.html"


def _pager(stem: str, count: int, current: int) -> str:
    if count < 2:
        return ""
    links = [f"<b>{n + 1}</b>" if n == current else
             f'<a href="{_paged_name(stem, n)}">{n + 1}</a>' for n in range(count)]
    return f'<nav class="pager">Page {" ".join(links)}</nav>'


def _shell(title: str, body: str, crumb: str | None) -> str:
    trail = ('<p class="crumbs"><a href="index.html">Quote index</a> › '
             f"{_text(crumb)}</p>" if crumb is not None else "")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>",
        '<link rel="stylesheet" href="site.css">',
        '<script src="site.js" defer></script>',
        "</head>",
        "<body><main>",
        trail,
        body,
        "</main></body>",
        "</html>",
        "",
    ])


def _options(name: str, label: str, choices: Iterable[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{_text(code)}">{_text(short(text, 80))}</option>'
                      for code, text in choices)
    return (f'<select id="{name}" aria-label="{label}"><option value="">{label}</option>'
            f"{options}</select>")


class _Site:
    """What every page of one site needs: the grouped index, codes for outlets and
    speakers, where each article is listed."""

    def __init__(self, groups: IndexGroups) -> None:
        self.groups = groups
        self.articles = groups.by_id
        sources = sorted({str(a["source"]) for a in groups.articles if a.get("source")},
                         key=str.casefold)
        self.outlet_code = {source: f"o{n}" for n, source in enumerate(sources, 1)}
        self.outlets = [(code, source) for source, code in self.outlet_code.items()]
        self.files: dict[str | None, str] = {}  # speaker id → the stem of their page(s)
        taken: set[str] = set()
        for n, group in enumerate([*groups.quoted, *groups.unquoted]):
            stem = f"speaker-{_UNSAFE.sub('_', str(group.id))[:40]}"
            self.files[group.id] = stem if stem not in taken else f"{stem}-n{n}"
            taken.add(self.files[group.id])
        self.files[None] = "unattributed"
        self.article_page: dict[str, str] = {}  # article id → page#anchor
        self.cluster_page: dict[str, str] = {}  # cluster id → page#anchor

    def article_codes(self, article_id: object) -> tuple[str, str]:
        """data-outlets and data-dates of one article."""
        article = self.articles.get(str(article_id), {})
        outlet = self.outlet_code.get(str(article.get("source")), "")
        return outlet, _day(article.get("date")) or ""

    def data(self, article_ids: Iterable[object], speaker: str | None = None) -> str:
        """data- attributes of an item quoted in these articles (codes and days only)."""
        outlets, days = set(), set()
        for article_id in article_ids:
            outlet, day = self.article_codes(article_id)
            outlets.add(outlet)
            days.add(day)
        attributes = (f' data-outlets="{" ".join(sorted(outlets - {""}))}" '
                      f'data-dates="{" ".join(sorted(days - {""}))}"')
        if speaker is not None:
            attributes += f' data-speaker="{_text(self.files.get(speaker, ""))}"'
        return attributes

    def where(self, article_id: object) -> str:
        """An article's date (or "undated"), source and title, the title a link to its URL
        where it has a safe one, and its id a link to its line in the list of articles."""
        article = self.articles.get(str(article_id), {})
        pieces = where_html(article_id, {**article, "title": None})
        target = self.article_page.get(str(article_id))
        if target:
            pieces[0] = f'<a href="{target}">{pieces[0]}</a>'
        title = article.get("title")
        url = safe_url(article.get("url"))
        if title or url:
            shown = _text(short(title) if title else short(url, 80))
            pieces.append(f'<a href="{_text(url)}" rel="noopener noreferrer">{shown}</a>'
                          if url else f"<cite>{shown}</cite>")
        return " · ".join(pieces[1:] + pieces[:1])

    def filters(self, speakers: Sequence[SpeakerGroup] = ()) -> str:
        controls = ['<input type="search" id="f-words" placeholder="Search words…" '
                    'aria-label="Search words">']
        if speakers:
            controls.append(_options("f-speaker", "All speakers",
                                     ((self.files[g.id], g.name) for g in speakers)))
        if self.outlets:
            controls.append(_options("f-outlet", "All outlets", self.outlets))
        controls.append('<label>from <input type="date" id="f-from"></label>'
                        '<label>to <input type="date" id="f-to"></label>'
                        '<button type="reset">Clear</button><output id="f-count"></output>')
        return f'<form class="filters" id="filters" role="search">{"".join(controls)}</form>'

    def speaker_link(self, speaker: str | None, name: str) -> str:
        stem = self.files.get(speaker)
        return f'<a href="{stem}.html">{_text(name)}</a>' if stem else _text(name)


def _first_seen(site: _Site, cluster: Mapping[str, Any]) -> tuple[str | None, list[str]]:
    """A remark's first day and the outlets that reported it that day (or all, undated)."""
    dated = sorted(
        (day, str(site.articles.get(str(m.get("article")), {}).get("source") or ""))
        for m in _members(cluster)
        if (day := _day(site.articles.get(str(m.get("article")), {}).get("date"))))
    if not dated:
        return None, []
    first = dated[0][0]
    return first, sorted({source for day, source in dated if day == first and source})


def _members(cluster: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    members = cluster.get("members")
    return [m for m in members if isinstance(m, Mapping)] if isinstance(members, list) else []


def _also(site: _Site, cluster: Mapping[str, Any]) -> str:
    others = cluster.get("also_attributed")
    if not isinstance(others, list):
        return ""
    notes = []
    for other in others:
        if not isinstance(other, Mapping):
            continue
        n = other.get("articles")
        count = n if isinstance(n, int) and not isinstance(n, bool) else 0
        name = str(other.get("name") or other.get("speaker") or "someone")
        notes.append(f"{site.speaker_link(_opt(other.get('speaker')), name)} in "
                     f"{_plural(count, 'article')}")
    return f'<p class="also">Also attributed to {"; ".join(notes)}.</p>' if notes else ""


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _remark_block(site: _Site, cluster: Mapping[str, Any], speaker: str | None) -> _Block:
    text = str(cluster.get("text") or "")
    members = _members(cluster)
    anchor = f"cluster-{_UNSAFE.sub('_', str(cluster.get('id')))[:60]}"
    first, outlets = _first_seen(site, cluster)
    seen = (f"first reported {first}" + (f" by {', '.join(outlets)}" if outlets else "")
            if first else "undated")
    articles = len({str(m.get("article")) for m in members})
    head = (
        f'<article class="cluster item" id="{anchor}"'
        f'{site.data((m.get("article") for m in members), speaker)}>\n'
        f"<blockquote>{_text(text) if text else '(no text)'}</blockquote>\n"
        f'<p class="counts">{_plural(len(members), "wording")} in '
        f"{_plural(articles, 'article')} · {_text(seen)}</p>\n"
        f"{_also(site, cluster)}"
        '<ol class="wordings">'
    )
    items = []
    # oldest first, undated last: the remark's way through the press (sorted() is stable)
    for member in sorted(members, key=lambda m: site.article_codes(m.get("article"))[1] or "~"):
        css, wording = wording_html(member, text)
        outlet, day = site.article_codes(member.get("article"))
        sentence = member.get("sentence")
        items.append(
            f'<li class="part" data-outlets="{outlet}" data-dates="{day}">'
            f'<span class="wording">{wording}</span>\n'
            + (f'<span class="sentence">{_text(short(sentence, 1200))}</span>\n'
               if sentence else "")
            + f'<span class="where"><span class="badge {css}">'
            f'{_text(short(member.get("relation") or "?", 20))}</span> '
            f"{site.where(member.get('article'))}</span></li>")
    return _Block(head, items, "</ol>\n</article>", key=str(cluster.get("id")))


def _indirect_html(site: _Site, quote: Mapping[str, Any], speaker: str | None) -> str:
    sentence = quote.get("sentence")
    return (
        f'<li class="item"{site.data([quote.get("article")], speaker)}>'
        f'<span class="wording">{_text(short(quote.get("text"), 1200))}</span>\n'
        + (f'<span class="sentence">{_text(short(sentence, 1200))}</span>\n' if sentence else "")
        + f'<span class="where">{site.where(quote.get("article"))}</span></li>')


def _speaker_counts(site: _Site, group: SpeakerGroup) -> tuple[Counter[str], Counter[str], int]:
    """Quotes per day, remarks first reported per day, and undated quotes of a speaker."""
    quotes: Counter[str] = Counter()
    remarks: Counter[str] = Counter()
    undated = 0
    for cluster in group.clusters:
        first, _ = _first_seen(site, cluster)
        if first:
            remarks[first] += 1
        for member in _members(cluster):
            _, day = site.article_codes(member.get("article"))
            if day:
                quotes[day] += 1
            else:
                undated += 1
    for quote in group.indirect:
        _, day = site.article_codes(quote.get("article"))
        if day:
            quotes[day] += 1
        else:
            undated += 1
    return quotes, remarks, undated


def _speaker_pages(site: _Site, group: SpeakerGroup, budget: int) -> dict[str, str]:
    stem = site.files[group.id]
    quotes, remarks, undated = _speaker_counts(site, group)
    other_names = [a for a in group.aliases if a != group.name]
    kind = f' <span class="kind">{_text(group.type)}</span>' if group.type else ""
    svg = timeline_svg(quotes, remarks, label=f"Quotes of {group.name} over time")
    about = [
        f"<h1>{_text(short(group.name, 200))}{kind}</h1>",
        f'<p class="aliases">Also named: {_text(short(", ".join(other_names), 1000))}</p>'
        if other_names else "",
        f'<p class="counts">{_plural(len(group.clusters), "remark")}, '
        f'{_plural(group.wordings, "wording")}, '
        f'{_plural(len(group.indirect), "indirect quote")}'
        + (f"; {_plural(undated, 'quote')} from undated articles, not on the timeline"
           if undated else "") + "</p>",
        svg or '<p class="empty">No dated quotes: no timeline.</p>',
        site.filters(),
    ]
    blocks = [_remark_block(site, c, group.id) for c in group.clusters]
    if group.indirect:
        blocks.append(_Block(
            '<h2 class="part-title">Reported speech</h2>\n<p class="counts">Indirect '
            "quotes linked to no remark.</p>\n<ul class=\"plain\">",
            [_indirect_html(site, q, group.id) for q in group.indirect], "</ul>"))
    if not blocks:
        blocks.append(_Block('<p class="empty">No quotes in the index.</p>'))
    pages, starts = _paged(stem, group.name, "\n".join(about), blocks, budget)
    for key, page in starts.items():
        site.cluster_page.setdefault(key, f"{page}#cluster-{_UNSAFE.sub('_', key)[:60]}")
    return pages


def _paged(stem: str, title: str, top: str, blocks: Sequence[_Block], budget: int,
           wrap: tuple[str, str] = ("", "")) -> tuple[dict[str, str], dict[str, str]]:
    """Pages ``stem``, ``stem-2``… of ``blocks`` (inside ``wrap``) under ``top`` (on every
    page), and the page each keyed block starts on."""
    bodies, starts = _paginate(blocks, budget - _size(top) - 4000)
    pages = {}
    for number, body in enumerate(bodies):
        pager = _pager(stem, len(bodies), number)
        heading = title if number == 0 else f"{title} (page {number + 1})"
        pages[_paged_name(stem, number)] = _shell(
            f"{heading} · Quote index",
            f"{top}\n{pager}\n{wrap[0]}\n{body}\n{wrap[1]}\n{pager}", short(title, 200))
    return pages, {key: _paged_name(stem, page) for key, page in starts.items()}


def _article_pages(site: _Site, counts: Counter[str], budget: int) -> dict[str, str]:
    rows = []
    keys = []
    for n, article in enumerate(site.groups.articles):
        article_id = str(article.get("id"))
        anchor = f"a-{n}"
        keys.append((article_id, anchor))
        rows.append(_Block(
            f'<tr class="item" id="{anchor}"{site.data([article_id])}>'
            f"<td><code>{_text(short(article_id, 120))}</code></td>"
            f'<td>{_text(article.get("date")) if article.get("date") else "undated"}</td>'
            f'<td>{_text(short(article.get("source") or "", 120))}</td>'
            f"<td>{_title_cell(article)}</td>"
            f'<td class="n">{counts.get(article_id, 0)}</td></tr>',
            key=article_id))
    table = ('<table class="list"><thead><tr><th>Article</th><th>Date</th><th>Source</th>'
             "<th>Title</th><th>Quotes</th></tr></thead><tbody>")
    dated = dated_summary(site.groups.articles)
    top = (f"<h1>Articles</h1>\n<p class=\"counts\">{_plural(len(rows), 'article')}"
           f"{_text(dated)}</p>\n{site.filters()}")
    pages, starts = _paged("articles", "Articles", top, rows, budget,
                           (table, "</tbody></table>"))
    for article_id, anchor in keys:
        site.article_page[article_id] = f"{starts[article_id]}#{anchor}"
    return pages


def _title_cell(article: Mapping[str, Any]) -> str:
    title, url = article.get("title"), safe_url(article.get("url"))
    shown = _text(short(title)) if title else ""
    if not url:
        return shown
    return f'<a href="{_text(url)}" rel="noopener noreferrer">{shown or _text(short(url, 80))}</a>'


def _article_counts(groups: IndexGroups) -> Counter[str]:
    counts: Counter[str] = Counter()
    for group in [*groups.quoted, *groups.unquoted,
                  *([groups.unattributed] if groups.unattributed else [])]:
        for cluster in group.clusters:
            counts.update(str(m.get("article")) for m in _members(cluster))
        counts.update(str(q.get("article")) for q in group.indirect)
    return counts


def _speaker_row(site: _Site, group: SpeakerGroup) -> _Block:
    articles = [m.get("article") for c in group.clusters for m in _members(c)]
    days = sorted({d for a in articles if (d := site.article_codes(a)[1])})
    names = " ".join(a for a in group.aliases if a != group.name)
    return _Block(
        f'<tr class="item"{site.data(articles, group.id)}>'
        f"<td>{site.speaker_link(group.id, short(group.name, 200))}"
        + (f'<span class="aliases" hidden>{_text(short(names, 500))}</span>' if names else "")
        + f'</td><td>{_text(group.type)}</td><td class="n">{len(group.clusters):,}</td>'
        f'<td class="n">{group.wordings:,}</td>'
        f'<td>{days[0] if days else "undated"}</td><td>{days[-1] if days else ""}</td></tr>')


_SPEAKER_TABLE = ('<table class="list"><thead><tr><th>Speaker</th><th>Type</th>'
                  "<th>Remarks</th><th>Wordings</th><th>First</th><th>Last</th></tr></thead>"
                  "<tbody>")


def _speaker_list_pages(site: _Site, budget: int) -> dict[str, str]:
    quoted = site.groups.quoted
    top = (f"<h1>Speakers</h1>\n<p class=\"counts\">{_plural(len(quoted), 'speaker')} with a "
           f"remark, most quoted first</p>\n{site.filters()}")
    return _paged("speakers", "Speakers", top, [_speaker_row(site, g) for g in quoted],
                  budget, (_SPEAKER_TABLE, "</tbody></table>"))[0]


def _reported_pages(site: _Site, budget: int) -> dict[str, str]:
    unquoted = site.groups.unquoted
    blocks = []
    for group in unquoted:
        shown = group.indirect[:_REPORTED_SHOWN]
        more = len(group.indirect) - len(shown)
        blocks.append(_Block(
            f'<li class="item"{site.data([q.get("article") for q in group.indirect], group.id)}>'
            f"<h3>{site.speaker_link(group.id, short(group.name, 200))}"
            f' <span class="kind">{_text(group.type)}</span></h3>\n<ul class="plain">'
            + "\n".join(_indirect_html(site, q, None).replace('<li class="item"', '<li', 1)
                        for q in shown)
            + "</ul>"
            + (f'<p class="counts">and {more:,} more on '
               f"{site.speaker_link(group.id, 'their page')}</p>" if more else "")
            + "</li>"))
    top = ("<h1>Reported speech only</h1>\n<p class=\"counts\">"
           f"{_plural(len(unquoted), 'speaker')} whose words the index holds only as indirect "
           f"quotes, linked to no remark</p>\n{site.filters()}")
    return _paged("reported", "Reported speech", top, blocks, budget,
                  ('<ul class="plain">', "</ul>"))[0]


def _overview(site: _Site) -> str:
    groups = site.groups
    quotes: Counter[str] = Counter()
    remarks: Counter[str] = Counter()
    undated = 0
    for group in [*groups.quoted, *([groups.unattributed] if groups.unattributed else [])]:
        q, r, u = _speaker_counts(site, attrs.evolve(group, indirect=()))
        quotes.update(q)
        remarks.update(r)
        undated += u
    articles = groups.articles
    no_date = sum(1 for a in articles if not _day(a.get("date")))
    summary = (
        f"{_plural(len(articles), 'article')}{_text(dated_summary(articles))}; "
        f"{_plural(len(groups.quoted), 'speaker')} quoted, "
        f"{_plural(groups.clusters, 'remark')} in {_plural(groups.wordings, 'wording')}; "
        f"{_plural(len(groups.unquoted), 'speaker')} with reported speech only")
    top_speakers = groups.quoted[:_TOP]
    clusters = sorted(
        ((c, g) for g in [*groups.quoted, *([groups.unattributed] if groups.unattributed
                                           else [])] for c in g.clusters),
        key=lambda cg: -len(_members(cg[0])))[:_TOP]
    remark_items = []
    for cluster, group in clusters:
        members = _members(cluster)
        first, outlets = _first_seen(site, cluster)
        target = site.cluster_page.get(str(cluster.get("id")), f"{site.files[group.id]}.html")
        remark_items.append(
            f'<li class="item"{site.data((m.get("article") for m in members), group.id)}>'
            f'<p class="who">{site.speaker_link(group.id, short(group.name, 200))}</p>'
            f'<blockquote><a href="{target}">{_text(short(cluster.get("text"), 600))}</a>'
            f'</blockquote><p class="counts">{_plural(len(members), "wording")} · '
            + _text(f"first reported {first}" + (f" by {', '.join(outlets)}" if outlets else "")
                    if first else "undated") + "</p></li>")
    parts = [
        "<h1>Quote index</h1>",
        f'<p class="summary">{summary}.</p>',
        (f'<p class="counts">{_plural(no_date, "article")} undated: '
         f"{_plural(undated, 'wording')} from them are listed but on no timeline.</p>"
         if no_date else ""),
        timeline_svg(quotes, remarks, label="Quotes in the index over time")
        or '<p class="empty">No dated quotes: no timeline.</p>',
        f'<p class="pager"><a href="speakers.html">All {_plural(len(groups.quoted), "speaker")}'
        f'</a> <a href="articles.html">All {_plural(len(articles), "article")}</a>'
        + (f' <a href="reported.html">Reported speech only ({len(groups.unquoted):,})</a>'
           if groups.unquoted else "")
        + (' <a href="unattributed.html">Unattributed remarks '
           f"({len(groups.unattributed.clusters):,})</a>" if groups.unattributed else "")
        + "</p>",
        site.filters(top_speakers),
        f'<h2 class="part-title">Most quoted speakers</h2>\n{_SPEAKER_TABLE}',
        "\n".join(_speaker_row(site, g).head for g in top_speakers),
        "</tbody></table>",
        '<h2 class="part-title">Most reported remarks</h2>',
        '<ul class="plain box">', "\n".join(remark_items), "</ul>",
    ]
    if not groups.quoted and not groups.unquoted and not groups.unattributed:
        parts.append('<p class="empty">The index is empty.</p>')
    return _shell("Quote index", "\n".join(parts), None)


def build_site(data: Mapping[str, Any], folder: str | os.PathLike[str], *,
               page_bytes: int = PAGE_BYTES) -> list[Path]:
    """Write the site of the index ``data`` into ``folder`` (created if missing, its
    parent must exist); the files written, ``index.html`` first. Pages of an earlier site
    in the folder that this one does not have are removed.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "site"
    >>> written = build_site({
    ...     "articles": [{"id": "a1", "date": "2025-04-26", "source": "AP"}],
    ...     "speakers": [{"id": "s1", "name": "Ann Lee", "type": "person", "aliases": []}],
    ...     "clusters": [{"id": "c1", "speaker": "s1", "text": "We won.",
    ...                   "members": [{"article": "a1", "start": 1, "end": 8,
    ...                                "text": "We won.", "relation": "exact"}]}]}, folder)
    >>> sorted(p.name for p in written)
    ['articles.html', 'index.html', 'site.css', 'site.js', 'speaker-s1.html', 'speakers.html']
    """
    if isinstance(page_bytes, bool) or not isinstance(page_bytes, int) or page_bytes < 50_000:
        raise ValueError(f"page_bytes must be an integer of at least 50000, got {page_bytes!r}")
    groups = group_index(data)
    site = _Site(groups)
    pages: dict[str, str] = {}
    pages.update(_article_pages(site, _article_counts(groups), page_bytes))
    for group in [*groups.quoted, *groups.unquoted]:
        pages.update(_speaker_pages(site, group, page_bytes))
    if groups.unattributed:
        pages.update(_speaker_pages(site, groups.unattributed, page_bytes))
    pages.update(_speaker_list_pages(site, page_bytes))
    if groups.unquoted:
        pages.update(_reported_pages(site, page_bytes))
    pages = {"index.html": _overview(site), **pages}
    out = Path(folder)
    out.mkdir(exist_ok=True)
    written = []
    for name, page in [*pages.items(), *_assets()]:
        (out / name).write_text(page, encoding="utf-8")
        written.append(out / name)
    # pages of an earlier export that this one does not have (a speaker gone, fewer pages):
    # left there, they would show an index that no longer is
    for stale in out.glob("*.html"):
        if stale.name not in pages and _OWN_PAGE.fullmatch(stale.name):
            stale.unlink()
    return written


def _assets() -> Iterator[tuple[str, str]]:
    static = resources.files("quoteattr") / "static"
    yield "site.css", CSS.strip() + "\n" + (static / "site.css").read_text(encoding="utf-8")
    yield "site.js", (static / "site.js").read_text(encoding="utf-8")
