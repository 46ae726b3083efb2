"""Speed, memory and accuracy of ``quoteattr.linking.link`` on synthetic corpora of known truth.

    python bench/link.py [--sizes N ...] [--seed S] [--order news|random]
                         [--scorer lexical|semantic]

Real quote texts come from ``quoteattr.extract`` run on ``seeds/`` and, where they exist, on
``../shared/eval/ggt_dev.jsonl`` and ``polnear_dev.jsonl`` (read at run time, never stored):
every direct quote and every quoted fragment of a partial quote, with its speaker made
canonical across articles by ``SpeakerRegistry``.

A corpus of N quotes is built from them with a known truth:

* families (70 % of the quotes): one utterance and the wordings other outlets give it. The
  utterance is a real quote (each once, with its speaker) or, once those are used up, a
  recombination of chunks of 3-8 words from two or three different real quotes given to a
  speaker from a pool of N/20 names, so that one speaker has several remarks. A family has
  1 + Geometric(mean 2) members, 2 % of them 20-100 (a remark every outlet carries). Each
  member after the first is one perturbation of the utterance:
  ``copy`` (other quote marks, apostrophes, case, end punctuation),
  ``cut`` (a contiguous fragment of 1-8 words that starts and ends on a content word),
  ``swap`` (two neighbouring words swapped, or one content word changed),
  ``translate`` (synonyms from the table below and function words changed, as another
  translation would; where the table has no word of the quote, a quarter of the content
  words are replaced) and ``cut+change`` (a fragment of 3-8 words with one content word
  changed where it has three).
  5 % of the members lose their speaker (unknown), as attribution sometimes fails.
* noise (30 %): distinct quotes that must stay alone: word salads drawn from the words of all
  real quotes, or splices of chunks of different quotes, with speakers from the pool (5 %
  unknown).

Quotes arrive in ``news`` order by default (a family's wordings appear within a short stretch
of the stream, as coverage of one event does) or in ``random`` order (every family spread over
the whole stream: the hardest case for a bounded candidate index).

Each size runs in a fresh process, so that the peak memory is its own: ``peak MB`` is that
process's maximum resident set (corpus included), ``link MB`` what linking added to it.
``seconds`` times building the ``Unit`` records and ``link`` (``cpu s`` is the CPU time of the
same: the machine may be shared; ``embed s`` the part spent embedding, with ``--scorer
semantic``). Pair precision and recall count
the pairs of quotes put in one cluster from the sizes of the clusters and of their overlaps
with the true families, never by listing the pairs. ``10x ≤ 12x`` compares each size with
the one before it, scaled to ten times the quotes; the last column is the cost of adding one
quote in the first and in the last tenth of the stream (flat when the work a quote costs does
not grow with the collection).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import quoteattr
from quoteattr import lexicon
from quoteattr.entities import SpeakerRegistry
from quoteattr.linking import Linker, Unit, normalise

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
EVAL = REPO.parent / "shared" / "eval"
EVAL_FILES = ("ggt_dev.jsonl", "polnear_dev.jsonl")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
MB = 1_000_000

NOISE_SHARE = 0.3
UNKNOWN_SPEAKER = 0.05
HOT_FAMILY = 0.02  # share of families with 20-100 members
MEAN_EXTRA_MEMBERS = 2.0
SPEAKERS_PER_QUOTE = 1 / 20
PERTURBATIONS = (("copy", 35), ("cut", 30), ("swap", 10), ("translate", 15), ("cut+change", 10))
NEWS_SPREAD = 0.002  # a family's wordings arrive within about this share of the stream

# Translation-like pairs (each way): what two translators or two outlets choose differently.
SYNONYMS = """
complete full  defeat rout  enemy adversary  conditions prerequisites  successes gains
troops forces  important key  areas sectors  liberated freed  region province
border frontier  adventure gamble  failed collapsed  completely totally  significant major
assistance help  demonstrated showed  fortitude resilience  courage bravery  battle combat
combat fighting  servicemen soldiers  settlement village  statements claims  leadership leaders
propaganda disinformation  tricks ploys  situation position  positions lines  tasks missions
assigned ordered  continue persist  negotiations talks  preconditions conditions  deal agreement
war conflict  bloodshed killing  senseless pointless  cruel brutal  agreed settled
people citizens  country nation  think believe  know understand  want wish  need require
great tremendous  good fine  big large  bad terrible  help assist  start begin  stop halt
fight struggle  government administration  attack strike  support backing  problem issue
show prove  quickly rapidly  city town  leader head  plan strategy  job work  buy purchase
election vote  campaign race  president leader  candidate nominee  voters electorate
believe feel  important crucial  clear obvious  happy glad  wrong mistaken  true correct
said stated  tell inform  ask request  change alter  hard difficult  difficult tough
""".split()
FUNCTION_SWAPS = {"our": "the", "the": "our", "along": "in", "in": "along", "for": "to",
                  "to": "for", "has": "had", "had": "has", "is": "was", "was": "is",
                  "will": "shall", "and": "as well as"}
QUOTE_MARKS = (("“", "”"), ('"', '"'), ("«", "»"), ("‘", "’"), ("", ""), ("„", "“"))
ENDINGS = ("", ".", ",", "!", "…", ".”")


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child is not None:
        print(json.dumps(_run_one(args.child, args.seed, args.order, args.scorer)))
        return 0
    print(f"linking benchmark: seed {args.seed}, order {args.order}, scorer {args.scorer}, "
          "one core; "
          f"MB = 10**6 bytes")
    print()
    header = (f"{'quotes':>9} {'seconds':>8} {'cpu s':>7} {'embed s':>8} {'peak MB':>8} "
              f"{'link MB':>8} {'clusters':>9} "
              f"{'pair P':>7} {'pair R':>7} {'10x ≤ 12x':>10} {'µs/quote first→last tenth':>26}")
    print(header)
    rows: list[dict[str, Any]] = []
    for size in args.sizes:
        row = _child(size, args.seed, args.order, args.scorer)
        if row is None:
            return 1
        ratio = ""
        if rows and rows[-1]["seconds"] > 0:
            before = rows[-1]
            scaled = (row["seconds"] / before["seconds"]) * (10 * before["quotes"] / row["quotes"])
            ratio = f"{'yes' if scaled <= 12 else 'NO'} {scaled:4.1f}x"
        rows.append(row)
        print(f"{row['quotes']:>9,} {row['seconds']:8.1f} {row['cpu_seconds']:7.1f} "
              f"{row['embed_seconds']:8.1f} {row['peak_mb']:8.0f} "
              f"{row['link_mb']:8.0f} {row['clusters']:>9,} {row['precision']:7.4f} "
              f"{row['recall']:7.4f} {ratio:>10} "
              f"{row['first_us']:>15.0f} → {row['last_us']:<8.0f}", flush=True)
    print()
    print("recall by perturbation: share of the wordings put in their utterance's cluster")
    kinds = [kind for kind, _ in PERTURBATIONS]
    print(f"{'quotes':>9} " + " ".join(f"{k:>10}" for k in kinds) + f" {'noise alone':>11}")
    for row in rows:
        joined = row["joined"]
        print(f"{row['quotes']:>9,} " + " ".join(f"{joined.get(k, 0.0):10.4f}" for k in kinds)
              + f" {row['noise_alone']:11.4f}")
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        metavar="N", help="corpus sizes in quotes (default 10000 100000 1000000)")
    parser.add_argument("--seed", type=int, default=20250426, help="random seed")
    parser.add_argument("--scorer", choices=("lexical", "semantic"), default="lexical",
                        help="the scorer: lexical (default) or quoteattr.semantic's embeddings "
                             "(needs the semantic extra; 'embed s' is the time spent embedding)")
    parser.add_argument("--order", choices=("news", "random"), default="news",
                        help="arrival order of the quotes (default news)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes):
        parser.error("--sizes must be positive")
    return args


def _child(size: int, seed: int, order: str, scorer: str) -> dict[str, Any] | None:
    """One size in a fresh process, so that its peak memory is its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(size), "--seed", str(seed), "--order", order,
         "--scorer", scorer],
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"size {size} failed (exit {done.returncode}):\n{done.stderr}", file=sys.stderr)
        return None
    row: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return row


def _run_one(size: int, seed: int, order: str, scorer: str = "lexical") -> dict[str, Any]:
    quotes = _real_quotes()
    corpus = Corpus(quotes, random.Random(f"{seed}/{size}"))
    rows = corpus.build(size, order)
    gc.collect()
    before = _rss_mb()
    # link(units) is Linker().add(units) then clusters(); adding a tenth at a time also
    # gives the cost of a quote early and late in the stream.
    began, cpu = time.perf_counter(), time.process_time()
    units = [Unit(f"u{i}", text, speaker) for i, (text, speaker, _, _) in enumerate(rows)]
    embedding = 0.0
    if scorer == "semantic":
        from quoteattr.semantic import SemanticScorer

        semantic = SemanticScorer()
        embedded = time.perf_counter()
        semantic.prepare(units)  # every wording once, in batches
        embedding = time.perf_counter() - embedded
        linker = Linker(scorer=semantic)
    else:
        linker = Linker()
    tenth = max(1, len(units) // 10)
    marginal: list[float] = []
    for start in range(0, len(units), tenth):
        chunk = units[start:start + tenth]
        added = time.perf_counter()
        linker.add(chunk)
        marginal.append((time.perf_counter() - added) / len(chunk) * 1e6)
    clusters = linker.clusters()
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu
    peak = _maxrss_mb()
    predicted = [0] * len(rows)
    for number, cluster in enumerate(clusters):
        for unit in cluster.units:
            predicted[int(unit.key[1:])] = number
    truth = [family for _, _, family, _ in rows]
    precision, recall = pair_scores(predicted, truth)
    return {"quotes": len(rows), "seconds": seconds, "cpu_seconds": cpu,
            "embed_seconds": embedding,
            "peak_mb": peak,
            "first_us": marginal[0], "last_us": marginal[-1],
            "link_mb": peak - before, "clusters": len(clusters),
            "precision": precision, "recall": recall,
            "joined": _joined_by_kind(rows, predicted),
            "noise_alone": _noise_alone(rows, predicted)}


# --- accuracy ------------------------------------------------------------------------------


def pair_scores(predicted: list[int], truth: list[int]) -> tuple[float, float]:
    """Pair precision and recall of a clustering, from cluster sizes (no pair is listed).

    >>> pair_scores([0, 0, 1, 1], [0, 0, 0, 1])
    (0.5, 0.3333333333333333)
    """
    both = sum(_pairs(n) for n in Counter(zip(predicted, truth, strict=True)).values())
    linked = sum(_pairs(n) for n in Counter(predicted).values())
    true = sum(_pairs(n) for n in Counter(truth).values())
    return (both / linked if linked else 1.0), (both / true if true else 1.0)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _joined_by_kind(rows: list[tuple[str, str | None, int, str]],
                    predicted: list[int]) -> dict[str, float]:
    """How often a perturbed wording landed in the cluster of its family's first wording."""
    first: dict[int, int] = {}
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for i, (_, _, family, kind) in enumerate(rows):
        if kind == "noise":
            continue
        if kind == "source":
            first.setdefault(family, i)
    for i, (_, _, family, kind) in enumerate(rows):
        if kind in ("noise", "source"):
            continue
        totals[kind] += 1
        hits[kind] += predicted[i] == predicted[first[family]]
    return {kind: hits[kind] / totals[kind] for kind in totals}


def _noise_alone(rows: list[tuple[str, str | None, int, str]], predicted: list[int]) -> float:
    """The share of noise quotes left in a cluster of their own."""
    sizes = Counter(predicted)
    noise = [i for i, row in enumerate(rows) if row[3] == "noise"]
    return sum(sizes[predicted[i]] == 1 for i in noise) / len(noise) if noise else 1.0


# --- real quotes ---------------------------------------------------------------------------


def _real_quotes() -> list[tuple[str, str | None]]:
    """Direct quotes and quoted fragments of the seeds and the eval sets, each text once."""
    registry = SpeakerRegistry()
    seen: set[str] = set()
    quotes: list[tuple[str, str | None]] = []
    for article_id, text in _articles():
        for quote in quoteattr.extract(text, id=article_id):
            if quote.kind not in ("direct", "partial"):
                continue
            attribution = quote.attribution
            speaker = registry.add(attribution.speaker).name if attribution else None
            for fragment in quote.fragments:
                words = text[fragment.start:fragment.end]
                key = normalise(words)
                if key and key not in seen:
                    seen.add(key)
                    quotes.append((words, speaker))
    return quotes


def _articles() -> Iterator[tuple[str, str]]:
    for path in sorted(SEEDS.glob("*.txt")):
        yield path.stem, path.read_text(encoding="utf-8")
    for name in EVAL_FILES:
        path = EVAL / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if line.strip():
                    record = json.loads(line)
                    yield str(record.get("doc_id", f"{name}:{number}")), record["text"]


# --- synthesis -----------------------------------------------------------------------------


class Corpus:
    """Quotes with known truth, drawn from real quotes (see the module docstring)."""

    def __init__(self, quotes: list[tuple[str, str | None]], rng: random.Random) -> None:
        self.rng = rng
        self.common = lexicon.common_words()
        self.quotes = [(text.split(), speaker) for text, speaker in quotes]
        self.sources = [(words, speaker) for words, speaker in self.quotes
                        if sum(self._content(w) for w in words) >= 4]
        self.vocabulary = [w for words, _ in self.quotes for w in words]
        self.content_vocabulary = [w for w in self.vocabulary if self._content(w)]
        self.synonyms: dict[str, str] = {}
        for a, b in zip(SYNONYMS[::2], SYNONYMS[1::2], strict=True):
            self.synonyms.setdefault(a, b)
            self.synonyms.setdefault(b, a)

    def build(self, size: int, order: str) -> list[tuple[str, str | None, int, str]]:
        """``size`` rows of (text, speaker, true family, kind), in arrival order."""
        rng = self.rng
        invented = max(50, int(size * SPEAKERS_PER_QUOTE))
        pool = sorted({speaker for _, speaker in self.quotes if speaker})
        pool += [f"Speaker {i}" for i in range(invented)]
        noise_count = int(size * NOISE_SHARE)
        rows: list[tuple[float, str, str | None, int, str]] = []
        family = 0
        real = list(self.sources)
        rng.shuffle(real)
        while len(rows) < size - noise_count:
            members = self._family_size(size - noise_count - len(rows))
            if real:
                words, speaker = real.pop()
                speaker = speaker or rng.choice(pool)
            else:
                words, speaker = self._utterance(), rng.choice(pool)
            moment = rng.random()
            for number in range(members):
                kind = "source" if number == 0 else self._kind()
                text = " ".join(words) if number == 0 else self._perturb(words, kind)
                said = None if number and rng.random() < UNKNOWN_SPEAKER else speaker
                when = moment + abs(rng.gauss(0, NEWS_SPREAD)) if order == "news" else rng.random()
                rows.append((when, text, said, family, kind))
            family += 1
        while len(rows) < size:
            words = self._splice() if rng.random() < 0.5 else self._salad()
            speaker = None if rng.random() < UNKNOWN_SPEAKER else rng.choice(pool)
            rows.append((rng.random(), " ".join(words), speaker, family, "noise"))
            family += 1
        rows.sort(key=lambda row: row[0])
        return [(text, speaker, truth, kind) for _, text, speaker, truth, kind in rows]

    def _family_size(self, room: int) -> int:
        rng = self.rng
        if rng.random() < HOT_FAMILY:
            size = rng.randint(20, 100)
        else:
            size = 1
            while rng.random() < MEAN_EXTRA_MEMBERS / (1 + MEAN_EXTRA_MEMBERS):
                size += 1
        return max(1, min(size, room))

    def _kind(self) -> str:
        kinds, weights = zip(*PERTURBATIONS, strict=True)
        return self.rng.choices(kinds, weights)[0]

    def _content(self, word: str) -> bool:
        words = normalise(word).split()
        return bool(words) and words[0] not in self.common

    # perturbations

    def _perturb(self, words: list[str], kind: str) -> str:
        if kind == "cut":
            return self._marks(self._cut(words, 1, 8))
        if kind == "swap":
            return self._marks(self._swap(words))
        if kind == "translate":
            return self._marks(self._translate(words))
        if kind == "cut+change":
            return self._marks(self._change(self._cut(words, 3, 8)))
        return self._marks(words)

    def _marks(self, words: list[str]) -> str:
        """The same words with other quote marks, apostrophes, case or end punctuation."""
        rng = self.rng
        text = " ".join(words).rstrip(".,!…")
        if rng.random() < 0.5:
            text = text.replace("'", "’") if rng.random() < 0.5 else text.replace("’", "'")
        roll = rng.random()
        if roll < 0.15:
            text = text.lower()
        elif roll < 0.2:
            text = text.upper()
        elif roll < 0.5 and text:
            text = text[0].upper() + text[1:]
        if rng.random() < 0.2:
            text = text.replace(",", "")
        opening, closing = rng.choice(QUOTE_MARKS)
        return f"{opening}{text}{rng.choice(ENDINGS)}{closing}"

    def _cut(self, words: list[str], shortest: int, longest: int) -> list[str]:
        """A contiguous fragment that starts and ends on a content word."""
        rng = self.rng
        length = min(len(words), rng.randint(shortest, longest))
        start = rng.randrange(len(words) - length + 1)
        piece = words[start:start + length]
        while piece and not self._content(piece[0]):
            piece = piece[1:]
        while piece and not self._content(piece[-1]):
            piece = piece[:-1]
        if piece:
            return piece
        return [rng.choice([w for w in words if self._content(w)])]

    def _swap(self, words: list[str]) -> list[str]:
        if len(words) > 3 and self.rng.random() < 0.5:
            i = self.rng.randrange(len(words) - 1)
            return [*words[:i], words[i + 1], words[i], *words[i + 2:]]
        return self._change(words)

    def _change(self, words: list[str]) -> list[str]:
        """One content word replaced by a word from another quote."""
        content = [i for i, w in enumerate(words) if self._content(w)]
        if len(content) < 3:
            return list(words)
        i = self.rng.choice(content)
        return [*words[:i], self.rng.choice(self.content_vocabulary), *words[i + 1:]]

    def _translate(self, words: list[str]) -> list[str]:
        rng = self.rng
        out: list[str] = []
        changed = 0
        for word in words:
            bare = word.strip(".,;:!?\"'“”‘’").lower()
            other = self.synonyms.get(bare) or FUNCTION_SWAPS.get(bare)
            if other and rng.random() < 0.6:
                out.append(word.lower().replace(bare, other))
                changed += bare in self.synonyms
            else:
                out.append(word)
        if changed:
            return out
        content = [i for i, w in enumerate(out) if self._content(w)]
        for i in rng.sample(content, min(len(content), max(1, len(content) // 4))):
            out[i] = rng.choice(self.content_vocabulary)
        return out

    # noise

    def _splice(self) -> list[str]:
        """Chunks of 3-8 words from two or three different real quotes."""
        rng = self.rng
        words: list[str] = []
        for _ in range(rng.randint(2, 3)):
            source, _ = rng.choice(self.quotes)
            length = min(len(source), rng.randint(3, 8))
            start = rng.randrange(len(source) - length + 1)
            words += source[start:start + length]
        return words

    def _utterance(self) -> list[str]:
        """A splice with at least four content words, as a family's remark."""
        while True:
            words = self._splice()
            if sum(self._content(w) for w in words) >= 4:
                return words

    def _salad(self) -> list[str]:
        length = len(self.rng.choice(self.quotes)[0])
        return [self.rng.choice(self.vocabulary) for _ in range(max(1, length))]


# --- memory --------------------------------------------------------------------------------


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / MB if sys.platform == "darwin" else rss * 1024 / MB  # bytes vs KiB


def _rss_mb() -> float:
    """The current resident set (Linux); the peak so far elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return _maxrss_mb()
    return pages * resource.getpagesize() / MB


if __name__ == "__main__":
    sys.exit(main())
