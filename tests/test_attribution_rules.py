"""General attribution rules of the redesign, one invented sentence each (and the cases
that must give nothing): typed speakers, appositions, participles, passives, shares."""

from __future__ import annotations

import pytest

from quoteattr import extract

Row = tuple[str, str, str | None, str | None, str | None]


def _rows(text: str) -> list[Row]:
    return [(q.kind, q.text, q.attribution and q.attribution.speaker.name,
             q.attribution and q.attribution.mention and q.attribution.mention.text,
             q.attribution and q.attribution.sieve) for q in extract(text)]


CASES = [
    pytest.param("About four in 10 said they were angry with the council.",
                 [("indirect", "they were angry with the council", "four in 10", "four in 10",
                   "reported_cue+phrase")], id="share-of-those-asked"),
    pytest.param("Only 7 percent said they were undecided about the vote.",
                 [("indirect", "they were undecided about the vote", "7 percent", "7 percent",
                   "reported_cue+phrase")], id="percent"),
    pytest.param("In the end, just shy of half said they would vote again.",
                 [("indirect", "they would vote again", "half", "half", "reported_cue+phrase")],
                 id="share-after-hedges"),
    pytest.param("Nearly a third said the plan was too costly.",
                 [("indirect", "the plan was too costly", "a third", "a third",
                   "reported_cue+phrase")], id="share-as-written"),
    pytest.param("The roads were worse, those surveyed said.",
                 [("indirect", "The roads were worse", "those surveyed", "those surveyed",
                   "reported_cue+phrase")], id="those-asked"),
    pytest.param("The deal is close, people in the room said.",
                 [("indirect", "The deal is close", "people in the room", "people in the room",
                   "reported_cue+phrase")], id="group-noun-people"),
    pytest.param("Clinton won among the 30 percent of voters who said the economy was weak.",
                 [("indirect", "the economy was weak", "30 percent of voters", "who",
                   "reported_cue+role_unresolved")], id="restrictive-who"),
    pytest.param("At the hearing he met Ann Lee who said the plan was dead.",
                 [("indirect", "the plan was dead", "Ann Lee", "who", "reported_cue+name")],
                 id="restrictive-who-after-a-name"),
    pytest.param("Mayor Ann Ruiz backs the new rules, which she said would take effect in May.",
                 [("indirect", "would take effect in May", "Ann Ruiz", "she",
                   "reported_cue+pronoun")], id="which-with-a-subject-of-its-own"),
    pytest.param("The port will get new cranes, which officials said would arrive in May.",
                 [("indirect", "would arrive in May", "officials", "officials",
                   "reported_cue+role_unresolved")], id="what-the-which-clause-says"),
    pytest.param("Ann Ruiz said the port needs cranes, which officials said would arrive soon.",
                 [("indirect", "the port needs cranes", "Ann Ruiz", "Ann Ruiz",
                   "reported_cue+name"),
                  ("indirect", "would arrive soon", "officials", "officials",
                   "reported_cue+role_unresolved")], id="a-report-before-the-which-clause"),
    pytest.param("Mayor Ann Ruiz spoke on Monday. She memorably promised that the harbour "
                 "would stay open.",
                 [("indirect", "the harbour would stay open", "Ann Ruiz", "She",
                   "reported_cue+pronoun")], id="adverb-after-pronoun"),
    pytest.param("A few days later, Tomas Reyes reversed himself, telling reporters that the "
                 "port would close.",
                 [("indirect", "the port would close", "Tomas Reyes", "Tomas Reyes",
                   "reported_cue+name")], id="time-adverbial-is-no-subject"),
    pytest.param("The town released a statement Wednesday saying the mayor’s comments “are not "
                 "facts,” and invited him.",
                 [("partial", "are not facts,", "town", "The town", "leading_cue+phrase")],
                 id="participle-takes-the-sentence-subject"),
    pytest.param("A harbour official responded by saying the ships should be careful “not to "
                 "stir up trouble” there.",
                 [("partial", "the ships should be careful “not to stir up trouble” there",
                   "harbour official", "A harbour official", "reported_cue+role_unresolved")],
                 id="by-saying"),
    pytest.param("“We disagree,” Microsoft Corp. said.",
                 [("direct", "We disagree,", "Microsoft Corp", "Microsoft Corp",
                   "trailing_cue+name")], id="legal-form-organisation"),
    pytest.param("“Trains will run,” Deutsche Bahn said. It said the strike was over.",
                 [("direct", "Trains will run,", "Deutsche Bahn", "Deutsche Bahn",
                   "trailing_cue+name"),
                  ("indirect", "the strike was over", "Deutsche Bahn", "It",
                   "reported_cue+pronoun")], id="it-is-the-organisation"),
    pytest.param("“It was a panic,” Ki Hong, 33, said of the discovery.",
                 [("direct", "It was a panic,", "Ki Hong", "Ki Hong", "trailing_cue+name")],
                 id="age-apposition"),
    pytest.param("“The bill will pass,” Sen. Tom Rix, D-Ohio, a panel member, said.",
                 [("direct", "The bill will pass,", "Tom Rix", "Sen. Tom Rix",
                   "trailing_cue+name")], id="party-tag-and-role-apposition"),
    pytest.param("“Most campaigns run on donors,” the RNC member said.",
                 [("direct", "Most campaigns run on donors,", "RNC member", "the RNC member",
                   "trailing_cue+role_unresolved")], id="role-after-a-name"),
    pytest.param("“You know, it happens, right?” Ann Ruiz went on, smiling.",
                 [("direct", "You know, it happens, right?", "Ann Ruiz", "Ann Ruiz",
                   "trailing_cue+name")], id="went-on"),
    pytest.param("“I was at home,” Ann Ruiz told NBC’s “Today” on Monday.",
                 [("direct", "I was at home,", "Ann Ruiz", "Ann Ruiz", "trailing_cue+name"),
                  ("scare", "Today", None, None, None)], id="a-show-is-no-quote"),
    pytest.param("Most of the help comes through the clinic’s “Activate” website, says Kim Lee.",
                 [("indirect", "Most of the help comes through the clinic’s “Activate” website",
                   "Kim Lee", "Kim Lee", "reported_cue+name"),
                  ("scare", "Activate", None, None, None)], id="term-in-reported-speech"),
    pytest.param("Ann Ruiz told the court she was innocent.",
                 [("indirect", "she was innocent", "Ann Ruiz", "Ann Ruiz",
                   "reported_cue+name")], id="told-the-court"),
    pytest.param("Harbor Lines chief executive Mara Quist said the ferries would run.",
                 [("indirect", "the ferries would run", "Mara Quist", "Mara Quist",
                   "reported_cue+name")],
                 id="org-role-name"),
    pytest.param("“The pier is safe,” Ilse Varga, the harbour master, said of the repairs. "
                 "“Boats can dock again.”",
                 [("direct", "The pier is safe,", "Ilse Varga", "Ilse Varga", "trailing_cue+name"),
                  ("direct", "Boats can dock again.", "Ilse Varga", None, "continuation")],
                 id="said-of-is-no-inversion"),
    pytest.param("The pier is safe, Ilse Varga, the harbour master, said at the Port Office.",
                 [("indirect", "The pier is safe", "Ilse Varga", "Ilse Varga",
                   "reported_cue+name")], id="content-ends-before-the-apposed-subject"),
    pytest.param("Mayor Ann Ruiz spoke first. On Monday, she offered “my thoughts and prayers” "
                 "to the families.",
                 [("partial", "my thoughts and prayers", "Ann Ruiz", "she",
                   "clause_subject+pronoun")], id="quoted-words-take-the-clause-subject"),
    pytest.param("Tomas Reyes spoke in Kyiv. But back home, he returned to his familiar lines: "
                 "“We will rebuild the port.”",
                 [("direct", "We will rebuild the port.", "Tomas Reyes", "he",
                   "colon_lead+pronoun")], id="colon-after-the-clause-of-a-subject-pronoun"),
    pytest.param("In Kyiv, Tomas Reyes endured a lecture from the Ukrainian president, who said "
                 "that the war was not over.",
                 [("indirect", "the war was not over", "Ukrainian president", "who",
                   "reported_cue+role_unresolved")], id="who-after-a-role"),
    pytest.param("“You will have a hard time,” said Ana Ortiz, the director of the Harbour "
                 "Fund, who also said that the two men must do more.",
                 [("direct", "You will have a hard time,", "Ana Ortiz", "Ana Ortiz",
                   "trailing_cue+name"),
                  ("indirect", "the two men must do more", "Ana Ortiz", "who",
                   "reported_cue+name")], id="who-after-an-inverted-attribution"),
    pytest.param("“We can wait,” Tomas Reyes said in an interview, pointing out that 98 senators "
                 "voted for a review.",
                 [("direct", "We can wait,", "Tomas Reyes", "Tomas Reyes", "trailing_cue+name"),
                  ("indirect", "98 senators voted for a review", "Tomas Reyes", "Tomas Reyes",
                   "reported_cue+name")], id="participle-of-several-words"),
    pytest.param("Pilots are tired of the rules and generally agree that the port should close "
                 "at night.",
                 [("indirect", "the port should close at night", "Pilots", "Pilots",
                   "reported_cue+name")], id="adverb-after-and"),
    pytest.param("Rep. Ann Lee (D-Md.) last month joked to the chair that rates would stay low.",
                 [("indirect", "rates would stay low", "Ann Lee", "Rep. Ann Lee",
                   "reported_cue+name")], id="a-time-between-subject-and-verb"),
    pytest.param("Jorge Ramos moved to Miami. He left after, according to him, the network "
                 "censured his first report.",
                 [("indirect", "the network censured his first report", "Jorge Ramos", "him",
                   "reported_cue+pronoun")], id="according-to-him"),
    pytest.param("Ann Lee met the judge. I urged the judge to be fair, which I said was not too "
                 "much to ask.",
                 [("indirect", "was not too much to ask", "I", "I", "reported_cue+pronoun")],
                 id="i-outside-quotes-is-the-writer"),
    pytest.param("Mark Cuban spoke on Sunday. “It is more of a consideration,” Cuban said.",
                 [("direct", "It is more of a consideration,", "Mark Cuban", "Cuban",
                   "trailing_cue+place")], id="a-surname-that-is-also-a-demonym"),
    pytest.param("“We will trade more,” Cuban officials said.",
                 [("direct", "We will trade more,", "Cuban officials", "Cuban officials",
                   "trailing_cue+role_unresolved")], id="a-demonym-with-no-such-person"),
    pytest.param("Tomas Reyes vowed to “continue the fight in the next primary” and to “take our "
                 "fight to the convention.”",
                 [("partial", "continue the fight in the next primary", "Tomas Reyes",
                   "Tomas Reyes", "leading_cue+name"),
                  ("partial", "take our fight to the convention.", "Tomas Reyes", "Tomas Reyes",
                   "clause_subject+name")], id="quoted-words-after-others-in-the-sentence"),
    pytest.param("Paul Ryan: Harbour Plan Has ‘No Place In A Modern Port.’",
                 [("partial", "No Place In A Modern Port.", "Paul Ryan", "Paul Ryan",
                   "clause_subject+name")], id="headline-name-colon"),
    pytest.param("Yin Myint May, 60, a doctor, said she was elated but still feared the military.",
                 [("indirect", "she was elated but still feared the military", "Yin Myint",
                   "Yin Myint", "reported_cue+name")], id="a-name-whose-last-word-is-a-month"),
    pytest.param("The Daily Post recently ran a piece that noted his “plan would benefit the rich "
                 "more than the poor.”",
                 [("partial", "plan would benefit the rich more than the poor.", "Daily Post",
                   "Daily Post", "clause_subject+name")], id="the-and-a-name-open-the-sentence"),
    pytest.param("The mayor did well among older voters, according to exit polling data.",
                 [("indirect", "The mayor did well among older voters", "exit polling data",
                   "exit polling data", "reported_cue+document_unresolved")],
                 id="a-document-without-a-determiner"),
    pytest.param("As Professor Ana Foner put it: “The country does a better job at accepting "
                 "immigrants.”",
                 [("direct", "The country does a better job at accepting immigrants.",
                   "Ana Foner", "Professor Ana Foner", "leading_cue+name")], id="as-x-put-it"),
    pytest.param("She put it in the closet.", [], id="put-it-without-a-quote"),
    # Must give no speaker: a quoted fragment in a sentence no speaker opens.
    pytest.param("The plan is “a total disaster for the town,” in the view of many.",
                 [("partial", "a total disaster for the town,", None, None, None)],
                 id="no-subject-opens-the-sentence"),
    pytest.param("The Ruiz campaign worded it more carefully: “The mayor never sent the files.”",
                 [("direct", "The mayor never sent the files.", None, None, None)],
                 id="a-name-that-qualifies-a-role-is-no-subject"),
    pytest.param("Ann Ruiz, the mayor of the town, is “a total disaster for the port.”",
                 [("partial", "a total disaster for the port.", None, None, None)],
                 id="an-apposition-is-no-verb"),
    pytest.param("“How are you today?” Eva Miller said pleasantly into the phone.",
                 [("direct", "How are you today?", "Eva Miller", "Eva Miller",
                   "trailing_cue+name")], id="a-manner-adverb-is-no-content"),
    # Must find nothing: speech denied, a time where content would be, a quoted title.
    pytest.param("He won't say what he'll do.", [], id="negated-speech"),
    pytest.param("The Hawks replied 20 seconds later.", [], id="no-content-but-a-time"),
    pytest.param("They watched the film “The Last Lantern Keeper” on Friday.",
                 [("scare", "The Last Lantern Keeper", None, None, None)], id="film-title"),
    # Must give no speaker: a passive with no agent, a pronoun with no antecedent.
    pytest.param("The council met on Monday. “We will not pay,” she said.",
                 [("direct", "We will not pay,", None, None, None)], id="no-antecedent"),
    pytest.param("The harbour was closed on Monday. Ruiz was asked whether it would reopen.",
                 [], id="passive-is-no-report"),
    pytest.param("Recently she announced on her page, “I am leaving the party!”",
                 [("partial", "I am leaving the party!", None, None, None)],
                 id="pronoun-without-antecedent"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_attribution_rules(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected
