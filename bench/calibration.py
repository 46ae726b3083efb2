"""Calibration of attribution confidence against a gold file.

    python bench/calibration.py [GOLD.jsonl] [--by name|either]
                                    (default: ../shared/eval/ggt_dev.jsonl, by name)

Runs ``extract`` on the gold articles, matches quotes the way ``score.py`` does (a
prediction covering more than 30 % of a gold quote), and prints, for each confidence
threshold, how many attributed quotes reach it and how many of those name the right
speaker (``score.py``'s name match; with ``--by either``, right by name or by the mention's
span, the fair measure on PolNeAR, which keeps the mention as written: "he", "the
ministry"), then the same per sieve. The evaluation data is read
where it lies and never copied.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import quoteattr

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "ggt_dev.jsonl"


def _scorer(gold: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", gold.parent / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py beside {gold}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judged(gold_path: Path, by: str = "name") -> list[tuple[float, str, bool]]:
    """(confidence, sieve, right?) for every attributed prediction matched to a gold quote
    that has a gold speaker."""
    score = _scorer(gold_path)
    rows = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        remaining = list(quoteattr.extract(doc["text"], id=str(doc["doc_id"])))
        for gold in doc["quotes"]:
            span = score.trim(doc["text"], gold["start"], gold["end"])
            best, best_score = None, 0.3
            for quote in remaining:
                covered = score.overlap(span, (quote.start, quote.end)) / max(1, span[1] - span[0])
                if covered > best_score:
                    best, best_score = quote, covered
            if best is None:
                continue
            remaining.remove(best)
            if best.attribution is None or not gold.get("speaker"):
                continue
            right = score.name_match(best.attribution.speaker.name, gold["speaker"])
            mention = best.attribution.mention
            if by == "either" and not right:
                spans = gold.get("speaker_spans") or []
                right = (mention is not None and any(
                    score.overlap((mention.start, mention.end), tuple(s)) > 0 for s in spans)
                ) or (not spans and mention is None)
            rows.append((best.attribution.confidence, best.attribution.sieve, bool(right)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--by", choices=("name", "either"), default="name",
                        help="right by canonical name, or by name or mention span")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"no gold file at {args.gold}; nothing to measure", file=sys.stderr)
        return 0
    rows = judged(args.gold, args.by)
    print(f"{'confidence >=':>14} {'quotes':>7} {'right':>7} {'accuracy':>9}")
    for threshold in (0.0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        chosen = [right for confidence, _, right in rows if confidence >= threshold]
        accuracy = sum(chosen) / len(chosen) if chosen else float("nan")
        print(f"{threshold:>14.2f} {len(chosen):>7} {sum(chosen):>7} {accuracy:>9.3f}")
    by_sieve: dict[str, list[bool]] = defaultdict(list)
    for _, sieve, right in rows:
        by_sieve[sieve].append(right)
    print(f"\n{'sieve':<34} {'quotes':>7} {'accuracy':>9}")
    for sieve, results in sorted(by_sieve.items(), key=lambda item: -len(item[1])):
        print(f"{sieve:<34} {len(results):>7} {sum(results) / len(results):>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
