"""The quote index as one static HTML page: speakers → their remarks → every wording.

:func:`to_html` takes the index in its JSON contract shape (``articles``, ``speakers``,
``clusters``; see docs/contract.md) and returns one self-contained HTML document: inline CSS, no
JavaScript, no fonts or other external resources. Speakers come in order of how many remarks
(clusters) they have; each remark lists its wordings with article, date and relation, and in a
``partial`` or ``variant`` wording the words the cluster's text does not have are marked.

Everything taken from the data is text, never markup: it is escaped with
:func:`html.escape` (``quote=True``), no attribute carries raw data (anchors are rebuilt from
``[A-Za-z0-9_-]``), and a Content-Security-Policy forbids scripts and every network request,
so even a page edited by hand after export cannot load anything.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from itertools import groupby
from typing import Any

import regex

from quoteattr.index import SpeakerGroup, also_attributed, group_index
from quoteattr.linking import normalise

__all__ = ["CSS", "dated_summary", "mark_differences", "short", "to_html", "where_html",
           "wording_html"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_RELATIONS = ("exact", "partial", "variant", "paraphrase")
_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]")
_UNSAFE_ID = regex.compile(r"[^A-Za-z0-9_-]+")
_SPACES = regex.compile(r"(\s+)")
# a possessive is the same word for the reader: Kursk’s border region ~ the Kursk border region
_POSSESSIVE = regex.compile(r"['’ʼ]s\b")
_EMPTY = '<span class="empty">(no text)</span>'

CSS = """
:root { color-scheme: light; --ink: #1d232b; --muted: #5d6875; --rule: #dde2e8;
  --card: #ffffff; --page: #f4f6f8; --accent: #2f5d8a; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.summary { color: var(--muted); margin: 0 0 1rem; }
.summary b { color: var(--ink); }
nav { margin: 0 0 1.5rem; line-height: 2; }
nav a { display: inline-block; margin: 0 .35rem .35rem 0; padding: 0 .6rem;
  border: 1px solid var(--rule); border-radius: 1rem; background: var(--card);
  color: var(--accent); text-decoration: none; font-size: .9rem; }
nav a span { color: var(--muted); }
section.speaker { background: var(--card); border: 1px solid var(--rule);
  border-radius: .5rem; padding: 1rem 1.25rem; margin: 0 0 1.25rem; }
section.speaker > h2 { font-size: 1.3rem; margin: 0; }
.kind { font-size: .75rem; font-weight: normal; color: var(--muted); text-transform: uppercase;
  letter-spacing: .05em; margin-left: .5rem; }
.aliases, .counts { color: var(--muted); font-size: .9rem; margin: .1rem 0 0; }
article.cluster { border-top: 1px solid var(--rule); margin-top: 1rem; padding-top: .75rem; }
blockquote { margin: 0 0 .5rem; padding: .1rem 0 .1rem .9rem;
  border-left: 4px solid var(--accent); font-size: 1.1rem; font-weight: 600; }
ol.wordings { list-style: none; margin: 0; padding: 0 0 0 1rem; }
ol.wordings li { margin: .45rem 0; }
.wording { display: block; }
.wording::before { content: "“"; color: var(--muted); }
.wording::after { content: "”"; color: var(--muted); }
.where { display: block; font-size: .85rem; color: var(--muted); }
.where code { font-size: .85rem; color: var(--ink); }
.badge { display: inline-block; min-width: 4.2rem; text-align: center; margin-right: .4rem;
  padding: 0 .45rem; border-radius: .25rem; font-size: .75rem; font-weight: 600;
  text-transform: uppercase; letter-spacing: .04em; border: 1px solid; }
.badge.exact { color: #1e6b34; background: #e7f5ea; border-color: #a9d8b4; }
.badge.partial { color: #7a5200; background: #fdf3dc; border-color: #ecd08e; }
.badge.variant { color: #234f86; background: #e6effa; border-color: #a9c4e8; }
.badge.paraphrase { color: #5b3a86; background: #f1eafa; border-color: #cdb8e8; }
.undated { font-style: italic; }
cite { font-style: normal; color: var(--ink); }
.also { color: #555; font-style: italic; }
.badge.other { color: var(--muted); background: var(--page); border-color: var(--rule); }
mark { background: #ffe680; color: inherit; padding: 0 .1rem; border-radius: .15rem; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .85rem; }
"""


def _text(value: object) -> str:
    """Data as HTML text: every value from the index goes through here."""
    return html.escape("" if value is None else str(value), quote=True)


class _Anchors:
    """Unique ``id`` values built only from ``[A-Za-z0-9_-]``, whatever the data's ids are."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def new(self, prefix: str, raw: object) -> str:
        base = f"{prefix}-{_UNSAFE_ID.sub('_', str(raw))[:60]}"
        anchor, n = base, 1
        while anchor in self._taken:
            n += 1
            anchor = f"{base}-{n}"
        self._taken.add(anchor)
        return anchor


def _words(text: str) -> tuple[list[str], list[list[str]]]:
    """The text split on whitespace, kept whole (spaces included), with each piece's words."""
    pieces = _SPACES.split(text)
    return pieces, [_normalise(p) if not p.isspace() else [] for p in pieces]


def _normalise(text: str) -> list[str]:
    return normalise(_POSSESSIVE.sub("", text)).split()


def mark_differences(member: str, cluster_text: str) -> str:
    """The member's own words as HTML, those not in ``cluster_text`` wrapped in ``<mark>``.

    Words are compared once normalised (case, punctuation, quote marks, diacritics), so
    only a real change in wording is marked; the member is shown as written, escaped.

    >>> mark_differences("The full defeat of the enemy", "The complete defeat of our enemy")
    'The <mark>full</mark> defeat of <mark>the</mark> enemy'
    >>> mark_differences("successful actions by our forces", "successes for our troops")
    '<mark>successful actions by</mark> our <mark>forces</mark>'
    >>> mark_differences("has <failed>", "It has failed")
    'has &lt;failed&gt;'
    """
    pieces, piece_words = _words(member)
    flat: list[str] = []
    owner: list[int] = []
    for i, words in enumerate(piece_words):
        flat.extend(words)
        owner.extend([i] * len(words))
    matcher = SequenceMatcher(None, flat, _normalise(cluster_text), autojunk=False)
    kept = [False] * len(flat)
    for block in matcher.get_matching_blocks():
        kept[block.a:block.a + block.size] = [True] * block.size
    changed = {owner[k] for k, ok in enumerate(kept) if not ok}
    # split() alternates words and spaces; a space between two changed words joins them, so
    # a changed phrase reads as one highlight, not a row of boxes
    changed |= {i for i in range(1, len(pieces) - 1, 2) if {i - 1, i + 1} <= changed}
    out: list[str] = []
    for is_changed, run in groupby(range(len(pieces)), key=changed.__contains__):
        text = _text("".join(pieces[i] for i in run))
        out.append(f"<mark>{text}</mark>" if is_changed else text)
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def where_html(article_id: object, article: Mapping[str, Any]) -> list[str]:
    """An article as HTML text pieces: its id, date (or "undated"), source and title."""
    where = [f"<code>{_text(short(article_id, 200))}</code>"]
    date = article.get("date")
    where.append(f"<time>{_text(short(date, 40))}</time>" if date
                 else '<span class="undated">undated</span>')
    if article.get("source"):
        where.append(_text(short(article["source"], 200)))
    if article.get("title"):
        where.append(f'<cite>{_text(short(article["title"]))}</cite>')
    return where


def short(value: object, most: int = 300) -> str:
    """At most ``most`` characters of a value, on one line, without control characters: a
    title of a megabyte or with control codes in it takes one line of the page."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def wording_html(member: Mapping[str, Any], cluster_text: str) -> tuple[str, str]:
    """A member's relation (its CSS class) and its words as HTML, words it adds marked."""
    text = str(member.get("text") or "")
    relation = str(member.get("relation") or "")
    css = relation if relation in _RELATIONS else "other"
    if not text:
        return css, _EMPTY
    if css in ("partial", "variant"):
        return css, mark_differences(text, cluster_text)
    return css, _text(text)


def _member_html(member: Mapping[str, Any], cluster_text: str,
                 articles: Mapping[str, Mapping[str, Any]]) -> str:
    css, wording = wording_html(member, cluster_text)
    article_id = member.get("article")
    where = where_html(article_id, articles.get(str(article_id), {}))
    return (
        f'<li><span class="wording">{wording}</span>\n'
        f'<span class="where"><span class="badge {css}">{_text(member.get("relation") or "?")}'
        f'</span> {" · ".join(where)}</span></li>'
    )


def _cluster_html(cluster: Mapping[str, Any], anchor: str,
                  articles: Mapping[str, Mapping[str, Any]]) -> str:
    text = str(cluster.get("text") or "")
    members = [m for m in cluster.get("members") or [] if isinstance(m, Mapping)]
    dates = sorted({str(articles.get(str(m.get("article")), {}).get("date") or "")
                    for m in members} - {""})
    span = f" · {dates[0]}" + (f" to {dates[-1]}" if len(dates) > 1 else "") if dates else ""
    items = "\n".join(_member_html(m, text, articles) for m in members)
    quote = _text(text) if text else _EMPTY
    others = [o for o in cluster.get("also_attributed") or () if isinstance(o, Mapping)]
    also = f'<p class="also">{_text(also_attributed(others))}</p>\n' if others else ""
    return (
        f'<article class="cluster" id="{anchor}">\n'
        f"<blockquote>{quote}</blockquote>\n"
        f'<p class="counts">{_plural(len(members), "wording")}{_text(span)}</p>\n{also}'
        f'<ol class="wordings">\n{items}\n</ol>\n</article>'
    )


def _speaker_html(group: SpeakerGroup, anchor: str,
                  articles: Mapping[str, Mapping[str, Any]], anchors: _Anchors) -> str:
    other_names = [a for a in group.aliases if a != group.name]
    kind = group.type
    parts = [
        f'<section class="speaker" id="{anchor}">',
        f"<h2>{_text(group.name)}" + (f' <span class="kind">{_text(kind)}</span>' if kind else "")
        + "</h2>",
    ]
    if other_names:
        parts.append(f'<p class="aliases">Also named: {_text(", ".join(other_names))}</p>')
    parts.append(f'<p class="counts">{_plural(len(group.clusters), "remark")}, '
                 f'{_plural(group.wordings, "wording")}</p>')
    parts.extend(_cluster_html(c, anchors.new("cluster", c.get("id")), articles)
                 for c in group.clusters)
    if not group.clusters:
        parts.append('<p class="empty">No quotes in the index.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def dated_summary(articles: Sequence[Mapping[str, Any]]) -> str:
    """How many articles are dated, and over which days: ", 3 of 5 dated, 2025-04-26 to …"."""
    dates = sorted({str(a.get("date")) for a in articles if a.get("date")})
    dated = sum(1 for a in articles if a.get("date"))
    if not dates:
        return ", none dated" if articles else ""
    period = f"{dates[0]} to {dates[-1]}" if len(dates) > 1 else dates[0]
    return f", {dated:,} of {len(articles):,} dated, {period}" if dated < len(articles) else (
        f", {period}")


def to_html(data: Mapping[str, Any]) -> str:
    """The quote index (its JSON contract shape) as one self-contained HTML page.

    >>> page = to_html({
    ...     "articles": [{"id": "ap", "date": "2025-04-26", "source": "AP"}],
    ...     "speakers": [{"id": "s1", "name": "Vladimir Putin", "type": "person",
    ...                   "aliases": ["Putin"]}],
    ...     "clusters": [{"id": "c1", "speaker": "s1", "text": "It has completely failed.",
    ...                   "members": [{"article": "ap", "start": 0, "end": 17,
    ...                                "text": "<script> completely failed",
    ...                                "relation": "partial"}]}]})
    >>> page.startswith("<!DOCTYPE html>") and "Vladimir Putin" in page
    True
    >>> "<script>" in page, "&lt;script&gt;" in page
    (False, True)
    """
    groups = group_index(data)
    articles = groups.by_id
    anchors = _Anchors()
    sections: list[str] = []
    nav: list[str] = []
    shown = [*groups.quoted, *groups.unquoted]
    if groups.unattributed:
        shown.append(groups.unattributed)
    for group in shown:
        anchor = anchors.new("speaker", group.id or "unattributed")
        nav.append(f'<a href="#{anchor}">{_text(group.name)} '
                   f"<span>{len(group.clusters)}</span></a>")
        sections.append(_speaker_html(group, anchor, articles, anchors))
    speakers = len(shown) - (1 if groups.unattributed else 0)
    summary = ", ".join(
        f"<b>{n}</b> {_plural(n, word).split(' ', 1)[1]}"
        for n, word in ((len(groups.articles), "article"), (speakers, "speaker"),
                        (groups.clusters, "remark"), (groups.wordings, "quote"))
    )
    period = dated_summary(groups.articles)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Quote index</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        "<h1>Quote index</h1>",
        f'<p class="summary">{summary}{_text(period)}</p>',
        f"<nav>\n{chr(10).join(nav)}\n</nav>" if nav else "",
        "\n".join(sections) or '<p class="empty">The index is empty.</p>',
        '<footer>Highlighted words: where a partial or variant wording differs from the '
        "remark's text.</footer>",
        "</main></body>",
        "</html>",
        "",
    ])
