"""The sieve registry: every sieve does work no other sieve does, sieves run alone over a
public context, the order is checked, and attribution is a pure function of its input."""

from __future__ import annotations

import attrs
import pytest

from quoteattr.annotate import get_annotator
from quoteattr.cues import find_cues
from quoteattr.model import Article, CorefChain, Document, Quote, Span
from quoteattr.quotes import detect_quotes
from quoteattr.speakers import (
    DEFAULT_SIEVES,
    SIEVES,
    Context,
    Previous,
    Resolved,
    attribute,
    by_phrase,
    by_pronoun,
    check_sieves,
    trailing_cue,
)

# For each sieve: a text whose last quote only that sieve attributes as expected, and the
# (speaker, type, sieve) of that quote. Without the sieve, the attribution differs.
NEEDED = [
    ("reported_cue", "Mayor Ilse Varga said the bridge would reopen in May.",
     ("Ilse Varga", "person", "reported_cue+name")),
    ("trailing_cue", "“We will rebuild,” Tomas Reyes grumbled.",
     ("Tomas Reyes", "person", "trailing_cue+name")),
    ("leading_cue", "Tomas Reyes said, “We will rebuild the port.”",
     ("Tomas Reyes", "person", "leading_cue+name")),
    ("colon_lead", "Harbour master Tomas Reyes: “We will rebuild the port.”",
     ("Tomas Reyes", "person", "colon_lead+name")),
    ("prior_cue", "Tomas Reyes agreed. “The port opens in May.”",
     ("Tomas Reyes", "person", "prior_cue+name")),
    ("clause_subject", "Tomas Reyes offered “my thoughts and prayers” to the families.",
     ("Tomas Reyes", "person", "clause_subject+name")),
    ("continuation", "“We will rebuild,” Tomas Reyes said. “The port opens in May.”",
     ("Tomas Reyes", "person", "continuation")),
    ("by_pronoun", "Tomas Reyes spoke on Monday. “We will rebuild,” he said.",
     ("Tomas Reyes", "person", "trailing_cue+pronoun")),
    ("by_name", "“We will rebuild,” Tomas Reyes said.",
     ("Tomas Reyes", "person", "trailing_cue+name")),
    ("by_document", "Norvale Energy cut 200 jobs on Monday. “We had no choice,” the statement "
     "said.", ("Norvale Energy", "organization", "trailing_cue+document")),
    ("by_role", "Valery Gerasimov, chief of the General Staff, visited Kursk. “The village is "
     "free,” the chief of the General Staff said.",
     ("Valery Gerasimov", "person", "trailing_cue+role")),
    ("by_epithet", "Nino Lund scored twice on Monday. “We played well,” the 26-year-old "
     "winger said.", ("Nino Lund", "person", "trailing_cue+epithet")),
    ("by_place", "“We will not retreat,” Kyiv said.",
     ("Kyiv", "organization", "trailing_cue+place")),
    ("by_phrase", "“Storms will hit the coast,” forecasters said.",
     ("forecasters", "unknown", "trailing_cue+phrase")),
]


def _last(text: str, sieves: list[str] | None = None) -> tuple[str, str, str] | None:
    doc = get_annotator().annotate(Article("a", text))
    cues = find_cues(doc)
    quote = attribute(doc, detect_quotes(doc, cues), cues=cues, sieves=sieves)[-1]
    a = quote.attribution
    return None if a is None else (a.speaker.name, a.speaker.type, a.sieve)


def test_every_rules_sieve_is_in_the_table() -> None:
    tested = {name for name, _, _ in NEEDED}
    assert tested == {name for name in DEFAULT_SIEVES if not SIEVES[name].needs}


@pytest.mark.parametrize(("sieve", "text", "expected"), NEEDED, ids=[n[0] for n in NEEDED])
def test_each_sieve_is_needed(sieve: str, text: str, expected: tuple[str, str, str]) -> None:
    assert _last(text) == expected
    without = [name for name in DEFAULT_SIEVES if name != sieve and not SIEVES[name].needs]
    assert _last(text, without) != expected


def test_by_coref_reads_a_chain_and_needs_one() -> None:
    text = "Dale Kimura met Tom Lee. Lee left early. “We will rebuild,” he said."
    doc = get_annotator().annotate(Article("a", text))
    he = text.index("he said")
    chained = attrs.evolve(doc, chains=(CorefChain(Span("Dale Kimura", 0, 11),
                                                   (Span("he", he, he + 2),)),))
    cues = find_cues(chained)
    quotes = detect_quotes(chained, cues)
    with_chain = attribute(chained, quotes, cues=cues)[-1].attribution
    assert with_chain is not None
    assert (with_chain.speaker.name, with_chain.sieve) == ("Dale Kimura", "trailing_cue+pronoun")
    # without the chain the rules take the nearest subject
    plain = attribute(doc, quotes, cues=cues)[-1].attribution
    assert plain is not None and plain.speaker.name == "Tom Lee"
    # a document with no chains cannot be asked for the sieve
    with pytest.raises(ValueError, match="needs coref"):
        attribute(doc, quotes, cues=cues, sieves=["trailing_cue", "by_coref"])


def test_a_sieve_runs_alone_over_a_public_context() -> None:
    text = "“Storms will hit the coast,” forecasters said."
    doc = get_annotator().annotate(Article("a", text))
    quotes = detect_quotes(doc)
    context = Context.of(doc, quotes)
    located = trailing_cue(context, quotes[0])
    assert located is not None and located.cue is not None
    assert (located.cue.text, located.subject) == ("said", (29, 40))
    resolved = by_phrase(context, located.subject, quotes[0])
    assert resolved is not None
    assert (resolved.speaker.name, resolved.mention.text) == ("forecasters", "forecasters")
    # must not fire: a pronoun is no phrase, and a preposition opens no speaker
    assert by_phrase(context, (0, 0), quotes[0]) is None


def test_a_context_after_a_quote_is_the_same_context_moved_on() -> None:
    text = "“We will rebuild,” Tomas Reyes said. “Soon,” he added. Ann Lee said so."
    doc = get_annotator().annotate(Article("a", text))
    quotes = detect_quotes(doc)
    context = Context.of(doc, quotes)
    done = attribute(doc, quotes)[0]
    assert done.attribution is not None
    speaker = done.attribution.speaker
    assert speaker is not None
    previous = Previous(done, Resolved(speaker, Span("Tomas Reyes", 19, 30), "name", None), 0.9)
    moved = context.after(previous, {"Tomas Reyes": "male"})
    # every field as attrs.evolve would set it, the role index made once for both
    assert moved == attrs.evolve(context, previous=previous, genders={"Tomas Reyes": "male"})
    assert moved.role_index() is context.role_index()
    assert (context.previous, dict(context.genders)) == (None, {})


def test_by_pronoun_reads_i_as_the_writer_outside_quotes_only() -> None:
    text = "Ann Lee spoke. “I said the port would close,” she said. I asked her why."
    doc = get_annotator().annotate(Article("a", text))
    quotes = detect_quotes(doc)
    context = Context.of(doc, quotes)
    inside, outside = text.index("I said"), text.index("I asked")
    within = by_pronoun(context, (inside, inside + 1), quotes[0])
    writer = by_pronoun(context, (outside, outside + 1), quotes[0])
    assert within is not None and within.speaker.name == "Ann Lee"  # the quote's speaker
    assert writer is not None and (writer.speaker.name, writer.entity) == ("I", None)


@pytest.mark.parametrize(("names", "message"), [
    (["by_guess"], "unknown sieve 'by_guess'; known: reported_cue"),
    (["by_coref"], "needs coref"),
])
def test_check_sieves_refuses(names: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_sieves(names)


def test_check_sieves_wants_a_list() -> None:
    with pytest.raises(TypeError, match="list of sieve names"):
        check_sieves("by_name")


def test_order_is_the_callers() -> None:
    text = "“We will not retreat,” Kyiv said."
    assert _last(text, ["trailing_cue", "by_phrase", "by_place"]) == (
        "Kyiv", "organization", "trailing_cue+phrase")


def test_attribution_is_pure() -> None:
    text = ("Tomas Reyes spoke on Monday. “We will rebuild,” he said. Norvale Energy cut "
            "jobs. “We had no choice,” the utility said. “It hurts,” she added.")
    doc = get_annotator().annotate(Article("a", text))
    cues = find_cues(doc)
    quotes = tuple(detect_quotes(doc, cues))
    first = attribute(doc, quotes, cues=cues)
    again = attribute(doc, quotes, cues=cues)
    assert first == again
    assert all(q.attribution is None for q in quotes)  # the input is left as it was
    # a quote's attribution does not depend on quotes after it
    assert attribute(doc, quotes[:2], cues=cues) == first[:2]


def test_attribute_checks_its_input() -> None:
    with pytest.raises(TypeError, match="doc must be a Document"):
        attribute("text", [])  # type: ignore[arg-type]
    doc: Document = get_annotator().annotate(Article("a", "Nothing was said."))
    assert attribute(doc, []) == []
    assert isinstance(Quote, type)
