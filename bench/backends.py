"""Backends side by side: quote and speaker accuracy and throughput on gold files.

    python bench/backends.py [GOLD.jsonl ...] [--backends rules,spacy] [--out DIR]

(default: ../shared/eval/ggt_dev.jsonl and polnear_tune.jsonl, rules and spacy). Each
backend extracts every gold article in one process (the pipeline loaded once, before the
clock starts); the predictions, in the JSON of ``python -m quoteattr extract``, are scored
with the ``score.py`` beside the gold file, for all kinds and for direct and mixed quotes,
at its 30 % overlap. Prints one Markdown table row per (file, kinds, backend) with P, R, F1,
speaker span / name / either and MB/s. ``--out`` keeps the predictions. The evaluation data
is read where it lies and never copied.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from calibration import _scorer  # (bench/ is on the path of a bench script)

from quoteattr.annotate import get_annotator
from quoteattr.articles import parse_article
from quoteattr.cli import quote_json
from quoteattr.pipeline import extract_article

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_GOLD = [EVAL / "ggt_dev.jsonl", EVAL / "polnear_tune.jsonl"]
KINDS = {"all": "direct,mixed,indirect", "direct+mixed": "direct,mixed"}


def predict(gold: list[dict[str, object]], backend: str) -> tuple[list[dict[str, object]], float]:
    """Predictions for every gold article, and the MB/s of the extraction."""
    annotator = get_annotator(backend)
    pipeline = getattr(annotator, "pipeline", None)
    if pipeline is not None:
        pipeline()  # loading a model is not extraction
    size = sum(len(str(doc["text"]).encode("utf-8")) for doc in gold)
    began = time.perf_counter()
    predictions = []
    for doc in gold:
        article = parse_article(str(doc["text"]), str(doc["doc_id"]))
        quotes = extract_article(article, annotator=annotator)
        predictions.append({"id": article.id, "quotes": [quote_json(q) for q in quotes]})
    return predictions, size / 1e6 / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--backends", default="rules,spacy")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    print("| data | kinds | backend | P | R | F1 | speaker (span) | speaker (name) "
          "| speaker (either) | MB/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for path in args.gold:
        score = _scorer(path)
        gold = score.load(path)
        for backend in args.backends.split(","):
            predictions, speed = predict(gold, backend)
            with (out / f"{path.stem}.{backend}.jsonl").open("w", encoding="utf-8") as f:
                f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions)
            for label, kinds in KINDS.items():
                r = score.score(gold, predictions, set(kinds.split(",")), 0.3)
                print(f"| {path.stem} | {label} | {backend} | {r['precision']:.3f} "
                      f"| {r['recall']:.3f} | {r['f1']:.3f} | {r['speaker_span_acc']:.3f} "
                      f"| {r['speaker_name_acc']:.3f} | {r['speaker_either_acc']:.3f} "
                      f"| {speed:.3f} |", flush=True)


if __name__ == "__main__":
    main()
