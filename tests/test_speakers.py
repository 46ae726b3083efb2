"""Tests for speaker attribution through `quoteattr.extract`.

Each table row is (text, expected): for every quote of the text, in order, a tuple
(quote text or a prefix of it, speaker name, mention text, sieve). A speaker of ``None``
says the quote must stay unresolved (its mention and sieve are ``None`` too); a mention
of ``None`` says that no words of the quote's own name the speaker (a floating quote, a
later span of one utterance). One table per sieve, and each table holds the cases where
its sieve must not fire.
"""

from __future__ import annotations

import pytest

import quoteattr
from quoteattr.cli import quote_json
from quoteattr.model import Quote

Row = tuple[str, str | None, str | None, str | None]  # (quote, speaker, mention, sieve)

GERASIMOV = (
    "Chief of the General Staff of Russian Armed Forces Valery Gerasimov reported to Putin "
    "on Saturday. "
)
FAILED = "The Kyiv regime’s adventure has completely failed"


def _check_evidence(text: str, quotes: list[Quote]) -> None:
    """Every span of evidence is exact, and every confidence a probability."""
    for quote in quotes:
        attribution = quote.attribution
        if attribution is None:
            continue
        for span in (attribution.mention, attribution.cue):
            if span is not None:
                assert text[span.start : span.end] == span.text
        assert isinstance(attribution.confidence, float)
        assert 0.0 < attribution.confidence <= 1.0


def _rows(text: str, expected: list[Row]) -> list[Row]:
    """The quotes of ``text`` as rows; a quote's text is cut to the expected prefix."""
    quotes = quoteattr.extract(text)
    _check_evidence(text, quotes)
    rows: list[Row] = []
    for i, quote in enumerate(quotes):
        shown = quote.text
        if i < len(expected) and quote.text.startswith(expected[i][0]):
            shown = expected[i][0]
        a = quote.attribution
        if a is None:
            rows.append((shown, None, None, None))
        else:
            mention = a.mention.text if a.mention is not None else None
            rows.append((shown, a.speaker.name, mention, a.sieve))
    return rows


# --- locating sieves ----------------------------------------------------------------------

TRAILING_CUE = [
    pytest.param(
        f"“{FAILED},” Putin said.",
        [(FAILED, "Putin", "Putin", "trailing_cue+name")],
        id="name-said",
    ),
    # a dash and a name after the quote: readers' comments, epigraphs, posts
    pytest.param(
        "“The park should stay green.” ― Marta Ilves\n“Fix the buses first.” ― Omar Haddad",
        [("The park should stay green.", "Marta Ilves", "Marta Ilves", "trailing_cue+name"),
         ("Fix the buses first.", "Omar Haddad", "Omar Haddad", "trailing_cue+name")],
        id="dash-signature",
    ),
    # Must not read on: a new sentence with content of its own is no attribution.
    pytest.param(
        "The talks went on in Vienna. “Open the gates now.” The agency in Vienna "
        "said the city had ignored the rules for a year.",
        [("Open the gates now.", None, None, None),
         ("the city had ignored the rules", "agency", "The agency",
          "reported_cue+role_unresolved")],
        id="next-sentence-has-its-own-content",
    ),
    # a parenthesis after the name, with full stops inside it
    pytest.param(
        "“The budget is a fair one,” Rep. Ann Lee (D-Md.) said in a radio interview.",
        [("The budget is a fair one,", "Ann Lee", "Rep. Ann Lee", "trailing_cue+name")],
        id="parenthesis-after-name",
    ),
    # '' for double marks (some outlets' copy): a quote, an inverted cue, a new sentence
    pytest.param(
        "''The harbour stays open all winter,'' said Ilse Varga, an adviser to the "
        "mayor. ''Nobody will lose a berth.''",
        [("The harbour stays open", "Ilse Varga", "Ilse Varga", "trailing_cue+name"),
         ("Nobody will lose a berth.", "Ilse Varga", None, "continuation")],
        id="two-apostrophe-marks",
    ),
    pytest.param(
        "“Statements by the enemy leadership about the ‘defeat’ of the Ukrainian troops are "
        "nothing more than propaganda tricks,” said Ukraine’s chief of staff in a post on "
        "Telegram.",
        [("Statements by the enemy", "Ukraine’s chief of staff", "Ukraine’s chief of staff",
          "trailing_cue+role_unresolved")],
        id="said-inverted-role-in-a-post",
    ),
    pytest.param(
        "“We will be wherever is necessary to help facilitate the END to this cruel and "
        "senseless war!\" Trump posted.",
        [("We will be wherever", "Trump", "Trump", "trailing_cue+name")],
        id="no-comma-posted",
    ),
    pytest.param(
        "“Stop the bloodshed, NOW” Trump posted.",
        [("Stop the bloodshed, NOW", "Trump", "Trump", "trailing_cue+name")],
        id="no-punctuation-posted",
    ),
    pytest.param(
        "“Stop the bloodshed,” Trump posted on Truth Social.",
        [("Stop the bloodshed,", "Trump", "Trump", "trailing_cue+name")],
        id="posted-on",
    ),
    # The addressee of "told" is no speaker.
    pytest.param(
        f"“{FAILED},” Putin told Gerasimov.",
        [(FAILED, "Putin", "Putin", "trailing_cue+name")],
        id="told-addressee",
    ),
    pytest.param(
        f"“{FAILED},” Putin told Gerasimov on Saturday.",
        [(FAILED, "Putin", "Putin", "trailing_cue+name")],
        id="told-addressee-then-time",
    ),
    # Must not fire: a name after the quote with no reporting verb.
    pytest.param(
        "“We will win the war this year, whatever it costs.” Putin arrived in Rome on Saturday.",
        [("We will win the war", None, None, None)],
        id="no-cue-after",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRAILING_CUE)
def test_trailing_cue(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


LEADING_CUE = [
    pytest.param(
        "The plan was vague. Said Mayor Ilse Varga: “The vote comes too early.”",
        [("The vote comes too early.", "Ilse Varga", "Mayor Ilse Varga",
          "leading_cue+role")],
        id="inverted-said-opens-the-sentence",
    ),
    pytest.param(
        f"Putin said: “{FAILED}.”",
        [(FAILED, "Putin", "Putin", "leading_cue+name")],
        id="said-colon",
    ),
    pytest.param(
        f'President Putin said, "{FAILED}."',
        [(FAILED, "Putin", "President Putin", "leading_cue+name")],
        id="said-comma-title",
    ),
    pytest.param(
        "Trump posted: “Stop the bloodshed, NOW!”",
        [("Stop the bloodshed", "Trump", "Trump", "leading_cue+name")],
        id="posted-colon",
    ),
    pytest.param(
        f"Putin told Gerasimov: “{FAILED}.”",
        [(FAILED, "Putin", "Putin", "leading_cue+name")],
        id="told-addressee",
    ),
    # Must not fire: a sentence before the quote with no reporting verb.
    pytest.param(
        "Zelensky arrived in Rome on Saturday. “We will win the war this year, whatever it costs.”",
        [("We will win the war", None, None, None)],
        id="no-cue-before",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LEADING_CUE)
def test_leading_cue(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


REPORTED_CUE = [
    pytest.param(
        "Gerasimov said that they took part in “combat missions shoulder to shoulder with "
        "Russian servicemen.”",
        [("they took part in “combat missions", "Gerasimov", "Gerasimov", "reported_cue+name")],
        id="said-that-partial",
    ),
    pytest.param(
        "Gerasimov praised the North Korean soldiers, saying they had shown “high "
        "professionalism, fortitude, courage and heroism.”",
        [("they had shown “high professionalism", "Gerasimov", "Gerasimov",
          "reported_cue+name")],
        id="saying-takes-the-subject",
    ),
    pytest.param(
        "According to Kremlin spokesperson Dmitry Peskov, the talks “went well.”",
        [("the talks “went well", "Dmitry Peskov", "Dmitry Peskov", "reported_cue+name")],
        id="according-to",
    ),
    # Must not fire: a scare quote has no cue.
    pytest.param(
        "The so-called “special military operation” began in 2022.",
        [("special military operation", None, None, None)],
        id="so-called",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REPORTED_CUE)
def test_reported_cue(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


CONTINUATION = [
    pytest.param(
        f"“We will win,” Putin said.\n\n“{FAILED}.”",
        [("We will win,", "Putin", "Putin", "trailing_cue+name"),
         (FAILED, "Putin", None, "continuation")],
        id="floating-paragraph",
    ),
    pytest.param(
        f"“We will win,” Putin said.\n\n“{FAILED}.”\n\n"
        "“The Kursk region is free again, thanks to our soldiers.”",
        [("We will win,", "Putin", "Putin", "trailing_cue+name"),
         (FAILED, "Putin", None, "continuation"),
         ("The Kursk region is free", "Putin", None, "continuation")],
        id="two-floating-paragraphs",
    ),
    pytest.param(
        f"Russian President Vladimir Putin spoke on Saturday. “We will win,” Putin said.\n\n"
        f"“{FAILED}.”",
        [("We will win,", "Vladimir Putin", "Putin", "trailing_cue+name"),
         (FAILED, "Vladimir Putin", None, "continuation")],
        id="floating-canonical-name",
    ),
    pytest.param(
        "“The harbour stays open,” Mayor Ilse Varga said at a dinner where Governor Tomas "
        "Brandt also spoke. “Nobody will lose a job.”",
        [("The harbour stays open,", "Ilse Varga", "Mayor Ilse Varga", "trailing_cue+name"),
         ("Nobody will lose a job.", "Ilse Varga", None, "continuation")],
        id="a-name-in-the-attribution-takes-no-floor",
    ),
    # A person introduced as a sentence's subject after the attribution takes the floor.
    pytest.param(
        "“The harbour stays open,” Mayor Ilse Varga said. Governor Tomas Brandt disagreed. "
        "“Nobody will lose a job.”",
        [("The harbour stays open,", "Ilse Varga", "Mayor Ilse Varga", "trailing_cue+name"),
         ("Nobody will lose a job.", "Tomas Brandt", "Governor Tomas Brandt",
          "prior_cue+name")],
        id="another-name-took-the-floor",
    ),
    # With no quote before, the person who opens the sentence before has the floor.
    pytest.param(
        "Ann Ruiz backs the plan. “It will work.”",
        [("It will work.", "Ann Ruiz", None, "continuation")],
        id="introduced-before-the-first-quote",
    ),
    pytest.param(
        "The plan was approved by Ann Ruiz. “It will work.”",
        [("It will work.", None, None, None)],
        id="named-in-passing-before-the-first-quote",
    ),
    # Must not fire: a person named in passing takes no floor, and leaves it to no one.
    pytest.param(
        "“The harbour stays open,” Mayor Ilse Varga said. She met Governor Tomas Brandt later. "
        "“Nobody will lose a job.”",
        [("The harbour stays open,", "Ilse Varga", "Mayor Ilse Varga", "trailing_cue+name"),
         ("Nobody will lose a job.", None, None, None)],
        id="a-name-in-passing-takes-no-floor",
    ),
    # Must not fire: the quote before is many sentences away.
    pytest.param(
        "“We will win,” Putin said. The war started in 2022. Prices rose. Troops moved. "
        f"Winter came. Spring came. The talks failed. Nothing changed.\n\n“{FAILED}.”",
        [("We will win,", "Putin", "Putin", "trailing_cue+name"),
         (FAILED, None, None, None)],
        id="too-far",
    ),
    # Must not fire: there is no quote before.
    pytest.param(
        f"The weather was cold. “{FAILED}.”",
        [(FAILED, None, None, None)],
        id="no-quote-before",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CONTINUATION)
def test_continuation(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


# The later spans of one utterance share its speaker, and the words that name it.
GROUP = [
    pytest.param(
        f"“{FAILED},” Putin said, “and the Kursk region is free.”",
        [(FAILED, "Putin", "Putin", "trailing_cue+name"),
         ("and the Kursk region is free.", "Putin", "Putin", "group")],
        id="interrupted",
    ),
    pytest.param(
        "Russian President Vladimir Putin spoke on Saturday. “We will not stop,” he said, "
        "“and the front is holding.”",
        [("We will not stop,", "Vladimir Putin", "he", "trailing_cue+pronoun"),
         ("and the front is holding.", "Vladimir Putin", "he", "group")],
        id="interrupted-pronoun",
    ),
    pytest.param(
        "Putin said: “We will not stop. The front is holding.\n\n"
        "“The war is not over and we will win it.”",
        [("We will not stop.", "Putin", "Putin", "leading_cue+name"),
         ("The war is not over", "Putin", "Putin", "group")],
        id="multi-paragraph",
    ),
]


@pytest.mark.parametrize(("text", "expected"), GROUP)
def test_group(text: str, expected: list[Row]) -> None:
    quotes = quoteattr.extract(text)
    assert len({q.group for q in quotes}) == 1  # one utterance
    assert _rows(text, expected) == expected


# --- resolving sieves ---------------------------------------------------------------------

BY_NAME = [
    pytest.param(
        "Valery Gerasimov, Chief of the General Staff for Russia’s Armed Forces, said the last "
        "village had been liberated.",
        [("the last village", "Valery Gerasimov", "Valery Gerasimov", "reported_cue+name")],
        id="apposition-reported",
    ),
    pytest.param(
        "Valery Gerasimov, Chief of the General Staff for Russia’s Armed Forces, said: "
        "“The village has been liberated.”",
        [("The village has been", "Valery Gerasimov", "Valery Gerasimov", "leading_cue+name")],
        id="apposition-leading",
    ),
    pytest.param(
        "Kremlin spokesperson Dmitry Peskov said: “The talks are over.”",
        [("The talks are over.", "Dmitry Peskov", "Dmitry Peskov", "leading_cue+name")],
        id="role-before-name-not-the-kremlin",
    ),
    pytest.param(
        "“The talks are over,” Kremlin spokesperson Dmitry Peskov said.",
        [("The talks are over,", "Dmitry Peskov", "Dmitry Peskov", "trailing_cue+name")],
        id="role-before-name-trailing",
    ),
    pytest.param(
        "Kremlin spokesperson Dmitry Peskov said the talks would go on.",
        [("the talks would go on", "Dmitry Peskov", "Dmitry Peskov", "reported_cue+name")],
        id="role-before-name-reported",
    ),
    pytest.param(
        "“Two people were killed in a strike on the town,” local Gov. Vadym Filashkin said in "
        "a post on social media.",
        [("Two people were killed", "Vadym Filashkin", "Gov. Vadym Filashkin",
          "trailing_cue+name")],
        id="local-gov-trailing",
    ),
    pytest.param(
        "In Donetsk, local Gov. Vadym Filashkin said two people were killed.",
        [("two people were killed", "Vadym Filashkin", "Gov. Vadym Filashkin",
          "reported_cue+name")],
        id="local-gov-reported",
    ),
    pytest.param(
        f"“{FAILED},” Russian President Vladimir Putin told Gerasimov.",
        [(FAILED, "Vladimir Putin", "Russian President Vladimir Putin", "trailing_cue+name")],
        id="title-and-addressee",
    ),
    pytest.param(
        "The union’s leader, Jonas Petrauskas, told Ilse Brandt on Friday that the strike "
        "would go on.",
        [("the strike would go on", "Jonas Petrauskas", "Jonas Petrauskas",
          "reported_cue+name")],
        id="role-then-apposed-name-not-the-addressee",
    ),
    pytest.param(
        "“We are ready,” the head of the port authority, Tomasz Kowalczyk, told reporters.",
        [("We are ready,", "Tomasz Kowalczyk", "Tomasz Kowalczyk", "trailing_cue+name")],
        id="role-then-apposed-name-trailing",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BY_NAME)
def test_by_name(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


BY_PRONOUN = [
    pytest.param(
        "Russian President Vladimir Putin met his generals. “The adventure has failed,” he said.",
        [("The adventure has failed,", "Vladimir Putin", "he", "trailing_cue+pronoun")],
        id="he-said",
    ),
    pytest.param(
        "Prime Minister Giorgia Meloni met Pope Leo. “We talked about peace,” she added.",
        [("We talked about peace,", "Giorgia Meloni", "she", "trailing_cue+pronoun")],
        id="she-added",
    ),
    pytest.param(
        "Putin said: “We will win.” “The war is not over,” he added.",
        [("We will win.", "Putin", "Putin", "leading_cue+name"),
         ("The war is not over,", "Putin", "he", "trailing_cue+pronoun")],
        id="he-the-speaker-before",
    ),
    # Gender from the first name: "she" skips the nearer man.
    pytest.param(
        "Maria Zakharova spoke first. Then Sergei Lavrov spoke. “We will respond,” she said.",
        [("We will respond,", "Maria Zakharova", "she", "trailing_cue+pronoun")],
        id="she-skips-nearer-man",
    ),
    pytest.param(
        "Maria Zakharova spoke first. Then Sergei Lavrov spoke. “We will respond,” he said.",
        [("We will respond,", "Sergei Lavrov", "he", "trailing_cue+pronoun")],
        id="he-takes-the-man",
    ),
    pytest.param(
        "Yulia Svyrydenko met Antony Blinken. “We agreed on the minerals deal,” she said.",
        [("We agreed on", "Yulia Svyrydenko", "she", "trailing_cue+pronoun")],
        id="she-first-name",
    ),
    # Gender from Mr. / Ms.
    pytest.param(
        "Mr. Blake met Ms. Reed in Kyiv. “We won the vote,” she said.",
        [("We won the vote,", "Reed", "she", "trailing_cue+pronoun")],
        id="she-ms",
    ),
    pytest.param(
        "Ms. Reed met Mr. Blake in Kyiv. “We won the vote,” he said.",
        [("We won the vote,", "Blake", "he", "trailing_cue+pronoun")],
        id="he-mr",
    ),
    # Gender from an earlier he / she: first names that tell nothing.
    pytest.param(
        "Taylor Reed spoke first. “We won the vote,” she said. Then Jordan Blake spoke. "
        "“It is over,” he said. “We will be back next year,” she added.",
        [("We won the vote,", "Taylor Reed", "she", "trailing_cue+pronoun"),
         ("It is over,", "Jordan Blake", "he", "trailing_cue+pronoun"),
         ("We will be back", "Taylor Reed", "she", "trailing_cue+pronoun")],
        id="gender-learned-from-pronouns",
    ),
    # "he" skips a name that is only an object.
    pytest.param(
        "Coach Jim Smith spoke after the game. The Flyers traded him for Tom Baker. "
        "“It was a hard decision,” he said.",
        [("It was a hard decision,", "Jim Smith", "he", "trailing_cue+pronoun")],
        id="he-skips-object",
    ),
    pytest.param(
        "Jim Smith joined in 2019. The Flyers later traded him for Tom Baker. "
        "“It was a hard decision,” he said.",
        [("It was a hard decision,", "Jim Smith", "he", "trailing_cue+pronoun")],
        id="he-skips-object-two-sentences",
    ),
    pytest.param(
        "The Kremlin said the talks went well. “We are ready for more talks,” it said.",
        [("the talks went well", "Kremlin", "Kremlin", "reported_cue+name"),
         ("We are ready", "Kremlin", "it", "trailing_cue+pronoun")],
        id="it-organisation",
    ),
    # Must not fire: no compatible person before.
    pytest.param(
        "The Kremlin met on Friday. “We will win the war this year,” he said.",
        [("We will win the war", None, None, None)],
        id="he-no-person",
    ),
    pytest.param(
        "Vladimir Putin met Sergei Lavrov on Friday. “We will win the war this year,” she said.",
        # a first name's usual gender prefers, never excludes: taken, with low confidence
        [("We will win the war", "Vladimir Putin", "she", "trailing_cue+pronoun_unlikely")],
        id="she-only-men",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BY_PRONOUN)
def test_by_pronoun(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


BY_DOCUMENT = [
    pytest.param(
        "“Ukrainian defensive operations in certain areas of Kursk Oblast continue,” Ukraine's "
        "General Staff said.\n\n“The situation is difficult, but our units continue to hold "
        "certain positions,” the statement added.",
        [("Ukrainian defensive operations", "Ukraine's General Staff", "Ukraine's General Staff",
          "trailing_cue+name"),
         ("The situation is difficult", "Ukraine's General Staff", "the statement",
          "trailing_cue+document")],
        id="statement-added",
    ),
    pytest.param(
        "Ukraine's General Staff said the fighting continued. “The situation is difficult,” "
        "the statement added.",
        [("the fighting continued", "Ukraine's General Staff", "Ukraine's General Staff",
          "reported_cue+name"),
         ("The situation is difficult", "Ukraine's General Staff", "the statement",
          "trailing_cue+document")],
        id="statement-added-after-reported",
    ),
    # Must not fire: no one issued the statement.
    pytest.param(
        "“The situation is difficult but stable,” the statement added.",
        # no issuer in sight: the document speaks as written
        [("The situation is difficult", "statement", "the statement",
          "trailing_cue+document_unresolved")],
        id="no-issuer",
    ),
    pytest.param(
        "The weather was cold. “The situation is difficult but stable,” the statement added.",
        [("The situation is difficult", "statement", "the statement",
          "trailing_cue+document_unresolved")],
        id="no-issuer-before",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BY_DOCUMENT)
def test_by_document(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


BY_ROLE = [
    # a document with an owner speaks for the owner
    pytest.param(
        "The Foreign Ministry met on Sunday. The economy will grow, the ministry's report "
        "said on Monday.",
        [("The economy will grow", "Foreign Ministry", "the ministry's report",
          "reported_cue+document")],
        id="owned-document",
    ),
    pytest.param(
        GERASIMOV + "In a video call, the chief of the military General Staff praised their "
        "“heroism” in the battles.",
        [("heroism", "Valery Gerasimov", "the chief of the military General Staff",
          "reported_cue+role")],
        id="role-introduced-before-name",
    ),
    pytest.param(
        "Valery Gerasimov, Chief of the General Staff for Russia’s Armed Forces, met Putin on "
        "Saturday. “The village has been liberated,” the chief of the General Staff said.",
        [("The village has been", "Valery Gerasimov", "the chief of the General Staff",
          "trailing_cue+role")],
        id="role-introduced-in-apposition",
    ),
    # The same country: Gerasimov was introduced as chief of Russia's General Staff.
    pytest.param(
        GERASIMOV + "“The village has been liberated,” Russia’s chief of staff said.",
        [("The village has been", "Valery Gerasimov", "Russia’s chief of staff",
          "trailing_cue+role")],
        id="role-same-country",
    ),
    # Inverted, with no name: the role phrase after the verb speaks, not the content.
    pytest.param(
        "The talks have failed, said a senior official.",
        [("The talks have failed", "senior official", "a senior official",
          "reported_cue+role_unresolved")],
        id="inverted-role",
    ),
    pytest.param(
        "The talks have failed, said two officials in the room.",
        [("The talks have failed", "two officials", "two officials",
          "reported_cue+role_unresolved")],
        id="inverted-plural-role",
    ),
    pytest.param(
        "Three bridges were closed by the flood, said police Chief Anton Marsh.",
        [("Three bridges were closed by the flood", "Anton Marsh", "Chief Anton Marsh",
          "reported_cue+name")],
        id="inverted-role-then-name",
    ),
    # "who" stands for the name before its comma (a person; "which" for an organisation);
    # the mention is "who", the word nearest the quote that names the speaker
    pytest.param(
        "The plan was backed by Mayor Ilse Varga, who said it would create jobs.",
        [("it would create jobs", "Ilse Varga", "who", "reported_cue+name")],
        id="relative-who-after-a-name",
    ),
    # Must not read as inverted: content ("parents …") or a circumstance after the verb.
    pytest.param(
        "Mayor Ilse Varga, who heads the council, said residents still want the old ferry.",
        [("residents still want the old ferry", "Ilse Varga", "Mayor Ilse Varga",
          "reported_cue+name")],
        id="content-after-said-not-a-role",
    ),
    pytest.param(
        "“The harbour stays open,” Mayor Ilse Varga, who heads the council, said in a radio "
        "interview.",
        [("The harbour stays open,", "Ilse Varga", "Mayor Ilse Varga", "trailing_cue+name")],
        id="circumstance-after-said",
    ),
    # Must not resolve: another country's chief of staff stays the role.
    pytest.param(
        GERASIMOV + "“We hold our positions,” said Ukraine’s chief of staff in a post on "
        "Telegram.",
        [("We hold our positions,", "Ukraine’s chief of staff", "Ukraine’s chief of staff",
          "trailing_cue+role_unresolved")],
        id="role-other-country-possessive",
    ),
    pytest.param(
        GERASIMOV + "“The village has been liberated,” the Ukrainian chief of staff said.",
        [("The village has been", "Ukrainian chief of staff", "the Ukrainian chief of staff",
          "trailing_cue+role_unresolved")],
        id="role-other-country-adjective",
    ),
    # Must not resolve: no one was introduced with the role.
    pytest.param(
        "The chief of the military General Staff praised their “heroism” in the battles.",
        [("heroism", "chief of the military General Staff",
          "The chief of the military General Staff", "reported_cue+role_unresolved")],
        id="role-nobody-introduced",
    ),
    pytest.param(
        "“We will hold our positions,” a spokesperson said.",
        [("We will hold", "spokesperson", "a spokesperson", "trailing_cue+role_unresolved")],
        id="role-a-spokesperson",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BY_ROLE)
def test_by_role(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


BY_PLACE = [
    pytest.param(
        "“The village is free,” Moscow said.",
        [("The village is free,", "Moscow", "Moscow", "trailing_cue+place")],
        id="capital-trailing",
    ),
    pytest.param(
        "Kyiv denied the claim, saying the fighting “continues.”",
        [("the fighting “continues", "Kyiv", "Kyiv", "reported_cue+place")],
        id="capital-saying",
    ),
    pytest.param(
        "Russia said it had recaptured the village.",
        [("it had recaptured the village", "Russia", "Russia", "reported_cue+place")],
        id="country-reported",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BY_PLACE)
def test_by_place(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


# Institutions speak as organisations; a possessive place is their owner, not the speaker.
ORGANISATIONS = [
    pytest.param(
        "“The talks are constructive,” the Kremlin said.",
        [("The talks are constructive,", "Kremlin", "Kremlin", "trailing_cue+name")],
        id="kremlin",
    ),
    pytest.param(
        "Trump and Zelensky met in Rome. “It was a good meeting,” the White House said.",
        [("It was a good meeting,", "White House", "White House", "trailing_cue+name")],
        id="white-house",
    ),
    pytest.param(
        "“The village has been liberated,” Russia’s Defence Ministry said.",
        [("The village has been", "Russia’s Defence Ministry", "Russia’s Defence Ministry",
          "trailing_cue+name")],
        id="defence-ministry",
    ),
    pytest.param(
        "“Eleven drones were shot down,” Ukraine’s air force said.",
        [("Eleven drones", "Ukraine’s air force", "Ukraine’s air force",
          "trailing_cue+role_unresolved")],
        id="air-force",
    ),
    pytest.param(
        "“Ukrainian defensive operations continue,” Ukraine's General Staff said.",
        [("Ukrainian defensive", "Ukraine's General Staff", "Ukraine's General Staff",
          "trailing_cue+name")],
        id="general-staff",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ORGANISATIONS)
def test_organisations(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected
    speakers = [q.attribution.speaker for q in quoteattr.extract(text) if q.attribution]
    assert [s.type for s in speakers] == ["organization"] * len(expected)


# --- no speaker ----------------------------------------------------------------------------

NO_SPEAKER = [
    pytest.param(
        "The so-called “peace talks” went on.",
        [("peace talks", None, None, None)],
        id="scare-so-called",
    ),
    pytest.param(
        "A film called “The Last Stand” opened on Friday.",
        [("The Last Stand", None, None, None)],
        id="scare-title",
    ),
    pytest.param(
        f"“{FAILED}.”",
        [(FAILED, None, None, None)],
        id="no-cue-no-quote-before",
    ),
    pytest.param(
        "“We will win the war this year, whatever it costs.” Putin arrived in Rome on Saturday.",
        [("We will win the war", None, None, None)],
        id="no-cue-name-after",
    ),
    pytest.param(
        "“We will win,” he said. “The war is not over,” she added.",
        [("We will win,", None, None, None), ("The war is not over,", None, None, None)],
        id="no-names",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NO_SPEAKER)
def test_no_speaker(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected


# --- canonical speakers and evidence ------------------------------------------------------

CANONICAL = [
    pytest.param(
        f"Russian President Vladimir Putin said the war was over. “{FAILED},” Putin said.",
        [("the war was over", "Vladimir Putin", "Russian President Vladimir Putin",
          "reported_cue+name"),
         (FAILED, "Vladimir Putin", "Putin", "trailing_cue+name")],
        id="full-then-surname",
    ),
    pytest.param(
        f"Russian President Vladimir Putin met Gerasimov. President Putin said: “{FAILED}.”",
        [(FAILED, "Vladimir Putin", "President Putin", "leading_cue+name")],
        id="full-then-title-surname",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CANONICAL)
def test_canonical_name(text: str, expected: list[Row]) -> None:
    assert _rows(text, expected) == expected
    for quote in quoteattr.extract(text):
        assert quote.attribution is not None
        speaker = quote.attribution.speaker
        assert speaker.type == "person"
        assert "Russian President Vladimir Putin" in speaker.aliases
        assert speaker.name not in speaker.aliases


CUES = [
    pytest.param(f"“{FAILED},” Putin told Gerasimov.", "told", id="told"),
    pytest.param("“Stop the bloodshed, NOW!” Trump posted.", "posted", id="posted"),
    pytest.param("“The situation is difficult,” Ukraine's General Staff added.", "added",
                 id="added"),
    pytest.param(f"Putin said: “{FAILED}.”", "said", id="said-leading"),
    pytest.param("According to Kremlin spokesperson Dmitry Peskov, the talks “went well.”",
                 "According to", id="according-to"),
]


@pytest.mark.parametrize(("text", "cue"), CUES)
def test_cue(text: str, cue: str) -> None:
    [quote] = quoteattr.extract(text)
    assert quote.attribution is not None
    assert quote.attribution.cue is not None
    assert quote.attribution.cue.text == cue


def test_quote_json_contract() -> None:
    text = (
        "Russian President Vladimir Putin met his generals on Saturday. "
        f"“{FAILED},” Putin told Gerasimov."
    )
    [quote] = quoteattr.extract(text)
    record = quote_json(quote)
    speaker, cue = record["speaker"], record["cue"]
    assert record["text"] == text[record["start"] : record["end"]] == f"{FAILED},"
    assert speaker == {
        "name": "Vladimir Putin",
        "mention": "Putin",
        "start": text.rindex("Putin"),
        "end": text.rindex("Putin") + len("Putin"),
        "type": "person",
    }
    assert text[speaker["start"] : speaker["end"]] == speaker["mention"]
    assert cue == {"text": "told", "start": text.index("told"), "end": text.index("told") + 4}
    assert text[cue["start"] : cue["end"]] == cue["text"]
    assert isinstance(record["confidence"], float)
    assert 0.0 < record["confidence"] <= 1.0


def test_quote_json_unresolved() -> None:
    [quote] = quoteattr.extract(f"The weather was cold. “{FAILED}.”")
    record = quote_json(quote)
    assert record["speaker"] is None
    assert record["confidence"] is None
