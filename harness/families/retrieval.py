"""Retrieval (tatoeba, lareqa, mewslix, bucc2018): nearest neighbours by cosine over pooled
encoder states. One class, configured by the card (docs/design/retrieval.md).

Texts are encoded with the checkpoint's encoder (`head = "encoder"`), pooled (`mean` over the
attention mask, `max` over it, or `cls`) over `hidden_states[layer]`, after the card's
`query_prefix` / `index_prefix` (empty unless a run or manifest sets one), and L2-normalised;
the score of a pair is their dot product (cosine). Every unique text is encoded once per
(checkpoint fingerprint, pooling, layer, max length, precision): the `EmbeddingCache` keeps
the vectors (fp32, or fp16 where the card's `retrieval.embeddings` or `--dtype fp16` asks; the
search then upcasts candidates chunk by chunk and scores in fp32),
so a candidate index is encoded once for every language and noise profile and a noised run
re-encodes only the texts noise changed. What is predicted follows the card's metric:

- `tatoeba_accuracy`: the id of the nearest candidate per query (for Tatoeba, the number of
  the xx line retrieved, as the official prediction file holds it).
- `map` / `mrr`: the 20 best candidate ids per query, best first.
- `bucc_f1`: bitext mining as third_party/utils_retrieve.py `mine_bitext` (ratio margin over
  4 nearest neighbours both ways, `max` retrieval) with the threshold `bucc_optimize` tunes on
  the dev split's gold pairs; per source sentence, its mined target id or "".

Ties: a score within TIE_TOLERANCE of the best counts as tied and the lower candidate index
wins, at every rank, so batch shapes cannot reorder (near-)identical candidates.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import torch
import torch.nn.functional as F

from harness.data.examples import Dataset, Example
from harness.data.official import SPAN_MARK, mention_query, retrieval_sides
from harness.errors import ConfigError, DataError, ModelError
from harness.families.base import TIE_TOLERANCE, Scored, encode_pairs, max_length
from harness.metrics import accuracy_stats, map_stats, metric_def, mrr_stats
from harness.metrics.retrieval import TOP_K
from harness.models.loading import LoadedModel
from harness.models.predict import Features, forward_logits
from harness.models.token_cache import encode_with
from harness.parallel import world
from harness.schema import RetrievalSpec, TaskCard

__all__ = [
    "EmbeddingCache",
    "Retrieval",
    "TextEncoder",
    "item_text",
    "mine_pairs",
    "nearest",
    "ranked",
    "relevant_mask",
    "transformer_encoder",
    "tune_threshold",
]

#: texts -> one (unnormalised) vector per text, [len(texts), dim].
TextEncoder = Callable[[Sequence[str]], torch.Tensor]
#: (checkpoint, card with the effective pooling and layer, batch size) -> a TextEncoder.
EncoderFactory = Callable[[LoadedModel, TaskCard, int | None], TextEncoder]
#: (checkpoint fingerprint, pooling, layer, max length, precision kept): what an embedding
#: depends on.
Namespace = tuple[str, str, int, int, str]
#: `retrieval.embeddings` -> the dtype the cache keeps vectors in.
EMBEDDING_DTYPES = {"fp32": torch.float32, "fp16": torch.float16}

#: Neighbourhood of the ratio margin (utils_retrieve.mine_bitext `neighborhood`).
MARGIN_NEIGHBOURS = 4
#: Texts tokenized and encoded at a time: a chunk's token lists (Python ints) are what a
#: large pool holds besides its vectors; 4,096 keeps that near 50 MB and still gives the
#: length batching enough texts to sort (16,384 held 4x that: issue 16's 10x RSS).
ENCODE_CHUNK = 4096
_EXTRA_RANKED = 64


# --------------------------------------------------------------------------- encoding


class _Space:
    """One namespace's vectors: one [rows, dim] matrix and each text's row in it."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.matrix = torch.zeros((0, 0))

    def add(self, blocks: list[torch.Tensor]) -> None:
        if blocks:
            old = [self.matrix] if self.matrix.shape[0] else []
            self.matrix = torch.cat([*old, *blocks])


class EmbeddingCache:
    """Unit vectors by namespace and text; only texts not seen before reach the encoder.

    A namespace keeps its vectors in one matrix (a row per text; float32, or float16 for a
    namespace whose precision is `fp16`) and a dict from text to row: a candidate pool of a
    million entities costs its vectors and one dict entry per text, not a tensor object per
    row. `embed` hands back that matrix itself when it is asked for every cached text in
    cache order (a pool embedded once and asked for again), else the rows it names.

    Attributes:
        calls: encoder calls made so far.
        encoded: texts encoded so far (each unique text of a namespace once).
    """

    def __init__(self, max_namespaces: int = 2) -> None:
        self._spaces: OrderedDict[Namespace, _Space] = OrderedDict()
        self.max_namespaces = max_namespaces
        self.calls = 0
        self.encoded = 0

    def _space(self, namespace: Namespace) -> _Space:
        space = self._spaces.get(namespace)
        if space is None:
            space = self._spaces[namespace] = _Space()
            while len(self._spaces) > self.max_namespaces:
                self._spaces.popitem(last=False)
        self._spaces.move_to_end(namespace)
        return space

    def embed(
        self, namespace: Namespace, texts: Sequence[str], encode: TextEncoder
    ) -> torch.Tensor:
        """[len(texts), dim] unit vectors (a zero vector stays zero), in the namespace's
        precision (its last element: `fp32` or `fp16`; normalised in fp32, then rounded)."""
        space = self._space(namespace)
        dtype = EMBEDDING_DTYPES[namespace[4]]
        todo = list(dict.fromkeys(t for t in texts if t not in space.rows))
        blocks: list[torch.Tensor] = []
        for start in range(0, len(todo), ENCODE_CHUNK):
            chunk = todo[start : start + ENCODE_CHUNK]
            vectors = encode(chunk)
            if vectors.shape[0] != len(chunk):
                raise ModelError(
                    f"the encoder returned {vectors.shape[0]} vectors for {len(chunk)}"
                )
            self.calls += 1
            self.encoded += len(chunk)
            blocks.append(F.normalize(vectors.detach().float().cpu(), dim=-1).to(dtype))
            for text in chunk:
                space.rows[text] = len(space.rows)
        space.add(blocks)
        del blocks
        if not texts:
            return torch.zeros((0, 0))
        index = [space.rows[t] for t in texts]
        if len(index) == space.matrix.shape[0] and index == list(range(len(index))):
            return space.matrix  # the whole cache, in order: no copy
        return space.matrix[torch.tensor(index, dtype=torch.long)]


class _LayerReached(Exception):
    """Raised by a hook on the last layer a pooled state needs; carries that layer's output."""

    def __init__(self, hidden: torch.Tensor) -> None:
        super().__init__()
        self.hidden = hidden


def _stop_layer(model: Any, layer: int) -> torch.nn.Module | None:
    """The transformer layer whose output is `hidden_states[layer]`, when the layers above it
    can be skipped: the model keeps its layers as a BERT-style `encoder.layer` list (BERT,
    RoBERTa, XLM-R, ELECTRA...) and `layer` is below the top. The top state may be the output
    of a final norm (`hidden_states[-1]` is `last_hidden_state` in transformers), so it is
    always read from a full forward pass. None: run the whole model."""
    layers = getattr(getattr(model, "encoder", None), "layer", None)
    count = getattr(getattr(model, "config", None), "num_hidden_layers", None)
    if not isinstance(layers, torch.nn.ModuleList) or len(layers) != count:
        return None
    index = layer if layer >= 0 else count + 1 + layer  # hidden_states[0]: the embeddings
    return layers[index - 1] if 1 <= index < count else None


class _Pooler:
    """Stands in for the model inside `forward_logits`: runs it and returns pooled states.

    Only the layers up to the pooled one run: for layer 8 of a 12-layer encoder (the Tatoeba
    and BUCC convention) that is a third less work than the full forward pass, with the same
    states (a hook on that layer ends the pass with its output; tests compare them)."""

    def __init__(self, model: Any, layer: int, pooling: str) -> None:
        self.model, self.layer, self.pooling = model, layer, pooling
        self.stop = _stop_layer(model, layer)

    def __call__(self, **inputs: torch.Tensor) -> torch.Tensor:
        hidden = self._hidden(inputs)
        if self.pooling == "cls":
            return hidden[:, 0]
        mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        if self.pooling == "max":  # as sentence-transformers: padding never wins
            return hidden.masked_fill(mask == 0, torch.finfo(hidden.dtype).min).max(dim=1).values
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)

    def _hidden(self, inputs: dict[str, torch.Tensor]) -> torch.Tensor:
        if self.stop is None:
            return cast(
                torch.Tensor,
                self.model(**inputs, output_hidden_states=True).hidden_states[self.layer],
            )

        def reached(_module: torch.nn.Module, _args: Any, output: Any) -> None:
            raise _LayerReached(output[0] if isinstance(output, tuple) else output)

        handle = self.stop.register_forward_hook(reached)
        try:
            self.model(**inputs)
        except _LayerReached as done:
            return done.hidden
        finally:
            handle.remove()
        raise ModelError(f"layer {self.layer} of the encoder never ran in its forward pass")


def _identity(outputs: Any) -> torch.Tensor:
    return cast(torch.Tensor, outputs)


def transformer_encoder(loaded: LoadedModel, card: TaskCard, batch_size: int | None) -> TextEncoder:
    """Encode texts with the checkpoint: `hidden_states[layer]` (0 = embeddings, negative from
    the top) pooled by `mean` (over the attention mask, special tokens included, as
    evaluate_retrieval.py) or `cls` (the first token), truncated to the card's max length.

    Under torchrun every rank is handed the same texts (the embedding cache is in step on
    every rank), runs its share of the length batches and receives every vector, so queries
    and candidates are both encoded in parallel and searched whole, once per rank, with
    results bit-identical to one process. So under torchrun every rank must encode the same
    texts at the same point (as the runner does); a rank that encodes alone waits for the
    others.

    Raises:
        ModelError: the layer does not exist in this checkpoint.
    """
    spec = _spec(card)
    layers = getattr(loaded.model.config, "num_hidden_layers", None)
    if isinstance(layers, int) and not -(layers + 1) <= spec.layer <= layers:
        raise ModelError(
            f"checkpoint {loaded.path} has {layers} layers (hidden states 0..{layers}, or "
            f"-1..-{layers + 1} from the top); layer {spec.layer} does not exist",
            hint="pass --layer N within that range",
        )
    limit = max_length(loaded, card)
    pooler: Any = _Pooler(loaded.model, spec.layer, spec.pooling)
    pooled = dataclasses.replace(loaded, model=pooler)

    ranks = world()  # under torchrun each rank runs a share of the batches (parallel.py)

    def encode(texts: Sequence[str]) -> torch.Tensor:
        def tokenize() -> list[list[Features]]:
            return [[f] for f in encode_pairs(loaded.tokenizer, list(texts), None, limit)]

        # shared by checkpoints with this tokenizer (token_cache.py)
        features = encode_with(loaded.token_cache, ["text", limit, list(texts)], tokenize)
        vectors = forward_logits(pooled, features, batch_size, extract=_identity, world=ranks)
        return torch.stack(vectors)

    return encode


def item_text(card: TaskCard, item: Example, side: str) -> str:
    """The text a query or candidate is encoded as.

    - A side field holding the span mark (a Mewsli-X mention query) is rendered as the official
      baseline renders it, with the item's mention field put back in place.
    - An item that also carries the card's extra field (LAReQA candidates carry their
      paragraph) is the side text directly followed by it, newlines removed, as
      evaluate_retrieval.py encodes `(sentence + context).replace("\n", "")`.
    - Otherwise the side field as it is.
    """
    return _render(card.name, item, side, retrieval_sides(card)[2])


def _render(task: str, item: Example, side: str, extra: str | None) -> str:
    text = item.text(side)
    if SPAN_MARK in text:
        if extra is None or extra not in item.fields:
            raise DataError(f"{task} example {item.id!r}: a marked span but no span text")
        try:
            return mention_query(text, item.text(extra))
        except DataError as exc:
            raise DataError(f"{task} example {item.id!r}: {exc.message}") from None
    if extra is not None and extra in item.fields:
        return (text + item.text(extra)).replace("\n", "")
    return text


# --------------------------------------------------------------------------- search


def _device_for(loaded: LoadedModel) -> torch.device:
    device = getattr(loaded, "device", None)
    return (
        device
        if isinstance(device, torch.device) and device.type == "cuda"
        else torch.device("cpu")
    )


def _chunks(rows: int, columns: int, device: torch.device) -> range:
    budget = (1 << 28) if device.type == "cuda" else (1 << 25)
    return range(0, rows, max(1, budget // max(1, columns)))


#: Candidate rows upcast to fp32 at a time when candidates are kept as fp16.
UPCAST_ROWS = 65536


def _scores(queries: torch.Tensor, cand: torch.Tensor) -> torch.Tensor:
    """[queries, candidates] fp32 dot products. fp16 vectors (either side) are upcast to fp32
    first, candidates `UPCAST_ROWS` at a time, so a pool kept as fp16 is never held as fp32
    whole and every score is the fp32 dot product of the fp16 values."""
    queries = queries.float()
    if cand.dtype == torch.float32:
        return queries @ cand.T
    out = torch.empty((queries.shape[0], cand.shape[0]), dtype=torch.float32, device=cand.device)
    for start in range(0, cand.shape[0], UPCAST_ROWS):
        block = cand[start : start + UPCAST_ROWS].float()
        out[:, start : start + block.shape[0]] = queries @ block.T
    return out


def nearest(
    queries: torch.Tensor, candidates: torch.Tensor, device: torch.device | None = None
) -> list[int]:
    """Per query, the index of the candidate with the highest dot product; candidates within
    TIE_TOLERANCE of the best count as tied and the lowest index wins."""
    if queries.shape[0] == 0:
        return []
    if candidates.shape[0] == 0:
        raise DataError("no candidates to retrieve from")
    device = device or torch.device("cpu")
    cand = candidates.to(device)
    out: list[int] = []
    step = _chunks(queries.shape[0], cand.shape[0], device).step
    for start in range(0, queries.shape[0], step):
        scores = _scores(queries[start : start + step].to(device), cand)
        best = scores.max(dim=1, keepdim=True).values
        out.extend((scores >= best - TIE_TOLERANCE).int().argmax(dim=1).tolist())
    return out


def ranked(
    queries: torch.Tensor, candidates: torch.Tensor, k: int, device: torch.device | None = None
) -> list[list[int]]:
    """Per query, the indices of the `k` best candidates, best first. Each rank takes the
    lowest-index remaining candidate within TIE_TOLERANCE of the best remaining score."""
    if queries.shape[0] == 0:
        return []
    n = candidates.shape[0]
    if n == 0:
        raise DataError("no candidates to retrieve from")
    device = device or torch.device("cpu")
    cand = candidates.to(device)
    k = min(k, n)
    pool = min(n, k + _EXTRA_RANKED)
    step = _chunks(queries.shape[0], n, device).step
    out: list[list[int]] = []
    for start in range(0, queries.shape[0], step):
        scores = _scores(queries[start : start + step].to(device), cand)
        top, index = torch.topk(scores, pool, dim=1)  # best first
        picks = index[:, :k].clone()
        # Rows without two scores within the tolerance among their k + 1 best are in order
        # already; the others take the tie rule rank by rank.
        gaps = top[:, :-1] - top[:, 1:] if pool > 1 else top[:, :0]
        rows = (gaps[:, :k] <= TIE_TOLERANCE).any(dim=1).nonzero().squeeze(1)
        if rows.numel():
            sub_top, sub_index = top[rows], index[rows]
            big = torch.full_like(sub_index, n)
            for rank in range(k):
                best = sub_top.max(dim=1, keepdim=True).values
                tied = torch.where(sub_top >= best - TIE_TOLERANCE, sub_index, big)
                slot = tied.argmin(dim=1, keepdim=True)
                picks[rows, rank] = sub_index.gather(1, slot).squeeze(1)
                sub_top = sub_top.scatter(1, slot, float("-inf"))
        out.extend(picks.cpu().tolist())
    return out


def _knn(
    x: torch.Tensor, y: torch.Tensor, k: int, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """The k highest dot products of each row of x with the rows of y, and their indices."""
    yd = y.to(device)
    sims, inds = [], []
    step = _chunks(x.shape[0], y.shape[0], device).step
    for start in range(0, x.shape[0], step):
        s, i = torch.topk(_scores(x[start : start + step].to(device), yd), k, dim=1)
        sims.append(s.cpu())
        inds.append(i.cpu())
    return torch.cat(sims), torch.cat(inds)


def mine_pairs(
    x: torch.Tensor, y: torch.Tensor, device: torch.device | None = None
) -> list[tuple[int, int, float]]:
    """Mine (x row, y row, score) pairs as utils_retrieve.mine_bitext (mode `mine`, retrieval
    `max`, margin `ratio`, cosine over unit rows, threshold 0), best first.

    Each row's best partner among its 4 nearest neighbours, both ways, scored by
    cos / ((mean cos of x's neighbours + mean cos of y's neighbours) / 2); all candidates are
    taken by descending score (stable), skipping any whose source or target is already used.
    """
    if x.shape[0] == 0 or y.shape[0] == 0:
        return []
    device = device or torch.device("cpu")
    x2y_sim, x2y_ind = _knn(x, y, min(y.shape[0], MARGIN_NEIGHBOURS), device)
    y2x_sim, y2x_ind = _knn(y, x, min(x.shape[0], MARGIN_NEIGHBOURS), device)
    x2y_mean, y2x_mean = x2y_sim.mean(dim=1), y2x_sim.mean(dim=1)
    fwd = x2y_sim / ((x2y_mean[:, None] + y2x_mean[x2y_ind]) / 2)
    bwd = y2x_sim / ((y2x_mean[:, None] + x2y_mean[y2x_ind]) / 2)
    fwd_arg, bwd_arg = fwd.argmax(dim=1), bwd.argmax(dim=1)
    fwd_best = x2y_ind.gather(1, fwd_arg[:, None]).squeeze(1)
    bwd_best = y2x_ind.gather(1, bwd_arg[:, None]).squeeze(1)
    src = np.concatenate([np.arange(x.shape[0]), bwd_best.numpy()])
    trg = np.concatenate([fwd_best.numpy(), np.arange(y.shape[0])])
    scores = np.concatenate([fwd.max(dim=1).values.numpy(), bwd.max(dim=1).values.numpy()])
    seen_src: set[int] = set()
    seen_trg: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for i in np.argsort(-scores, kind="stable"):
        s, t = int(src[i]), int(trg[i])
        if s in seen_src or t in seen_trg:
            continue
        seen_src.add(s)
        seen_trg.add(t)
        if scores[i] > 0:
            out.append((s, t, float(scores[i])))
    return out


def tune_threshold(
    candidates: Sequence[tuple[str, str, float]], gold: set[tuple[str, str]]
) -> float:
    """The score threshold with the best F1 on gold pairs (utils_retrieve.bucc_optimize): walk
    the candidates by descending score; at each new best F1 the threshold is the midpoint to
    the next candidate's score (its own score for the last one). 0 when nothing is correct."""
    items = sorted(candidates, key=lambda c: -c[2])
    threshold, best = 0.0, 0.0
    correct = 0
    for n, (src, trg, score) in enumerate(items, start=1):
        correct += (src, trg) in gold
        if correct:
            precision, recall = correct / n, correct / len(gold)
            f1 = 2 * precision * recall / (precision + recall)
            if f1 > best:
                best = f1
                threshold = (score + items[n][2]) / 2 if n < len(items) else score
    return threshold


# --------------------------------------------------------------------------- the family


def relevant_mask(ranked_ids: Sequence[str], relevant: Sequence[str], k: int = TOP_K) -> int:
    """Which of the top `k` ranks hold a relevant candidate: bit r-1 set for rank r (a
    candidate repeated lower down counts at its first rank only, as in the metrics)."""
    targets, mask = set(relevant), 0
    seen: set[str] = set()
    for rank, candidate in enumerate(ranked_ids[:k]):
        if candidate in targets and candidate not in seen:
            mask |= 1 << rank
        seen.add(candidate)
    return mask


def _spec(card: TaskCard) -> RetrievalSpec:
    if card.retrieval is None:
        raise ConfigError(f"task {card.name!r} has no retrieval settings")
    return card.retrieval


class Retrieval:
    """Retrieval by cosine similarity of pooled encoder states.

    Args:
        encoder: makes the text encoder for a checkpoint and card (the seam tests use to inject
            embeddings); defaults to `transformer_encoder`.
        cache: the embedding cache (one per family instance by default).
    """

    name = "retrieval"
    head = "encoder"
    # A prediction depends on the other examples (they are the candidates, or noise changes
    # the candidates); the embedding cache is what makes noised runs cheap instead.
    independent = False

    def __init__(
        self, encoder: EncoderFactory | None = None, cache: EmbeddingCache | None = None
    ) -> None:
        self.encoder = encoder or transformer_encoder
        self.cache = cache or EmbeddingCache()
        self._thresholds: dict[tuple[Namespace, str], float] = {}

    def clear(self) -> None:
        """Forget every cached embedding and tuned threshold, so that the next prediction in
        this process encodes as a fresh process does (benchmarks time cold runs with this)."""
        self.cache = EmbeddingCache(self.cache.max_namespaces)
        self._thresholds.clear()

    def predict(
        self,
        loaded: LoadedModel,
        card: TaskCard,
        examples: Sequence[Example],
        batch_size: int | None,
    ) -> list[Any]:
        return self.predict_dataset(loaded, card, None, examples, batch_size)

    def predict_dataset(
        self,
        loaded: LoadedModel,
        card: TaskCard,
        dataset: Dataset | None,
        examples: Sequence[Example],
        batch_size: int | None,
    ) -> list[Any]:
        """Predictions for `examples` (the cell's queries, possibly noised) against
        `dataset.index` (the candidates, possibly noised too where the card noises that side)."""
        spec = _spec(card)
        if not examples:
            return []
        namespace: Namespace = (
            loaded.fingerprint,
            spec.pooling,
            spec.layer,
            min(card.max_seq_length, loaded.max_length),
            spec.embeddings,
        )
        encode = self.encoder(loaded, card, batch_size)
        device = _device_for(loaded)

        extra = retrieval_sides(card)[2]

        prefixes = {spec.query_side: spec.query_prefix, spec.index_side: spec.index_prefix}

        def embed(items: Sequence[Example], side: str, prefix: str | None = None) -> torch.Tensor:
            # the prefix (e5's "query: ") goes before the rendered, possibly noised text
            lead = prefixes.get(side, "") if prefix is None else prefix
            texts = [lead + _render(card.name, i, side, extra) for i in items]
            return self.cache.embed(namespace, texts, encode)

        index = dataset.index if dataset is not None else ()
        metric = card.metric.name
        if metric == "bucc_f1":
            tune = dataset.tune if dataset is not None else None
            if tune is None:
                raise DataError(f"{card.name}: mining needs the dev split to tune a threshold")
            key = (namespace, tune.fingerprint)
            if key not in self._thresholds:
                gold = {(e.id, t) for e in tune.examples for t in e.label or ()}
                mined = self._mine(tune.examples, tune.index, spec, embed, device)
                self._thresholds[key] = tune_threshold(mined, gold)
            threshold = self._thresholds[key]
            best = {s: (t, v) for s, t, v in self._mine(examples, index, spec, embed, device)}
            return [
                best[e.id][0] if e.id in best and best[e.id][1] >= threshold else ""
                for e in examples
            ]
        if not index:
            raise DataError(f"{card.name}: no candidates to retrieve from (an empty index)")
        queries = embed(examples, spec.query_side, spec.query_prefix)
        vectors = embed(index, spec.index_side, spec.index_prefix)
        keys = [c.id for c in index]
        if metric in ("tatoeba_accuracy", "accuracy"):
            return [keys[i] for i in nearest(queries, vectors, device)]
        if metric in ("map", "mrr"):
            return [[keys[i] for i in row] for row in ranked(queries, vectors, TOP_K, device)]
        raise ConfigError(f"task {card.name!r}: retrieval does not predict for metric {metric!r}")

    @staticmethod
    def _mine(
        sources: Sequence[Example],
        targets: Sequence[Example],
        spec: RetrievalSpec,
        embed: Callable[[Sequence[Example], str], torch.Tensor],
        device: torch.device,
    ) -> list[tuple[str, str, float]]:
        """Mined (source id, target id, score), best first. As the official pipeline, mining
        runs over unique sentences and a sentence repeated in its corpus (compared stripped)
        maps to no id, so pairs holding one are dropped (utils_retrieve.read_sent2id)."""
        sides: list[tuple[list[str | None], torch.Tensor]] = []
        for items, field in ((sources, spec.query_side), (targets, spec.index_side)):
            texts = [i.text(field) for i in items]
            unique = list(dict.fromkeys(texts))
            counts: dict[str, int] = {}
            for t in texts:
                counts[t.strip()] = counts.get(t.strip(), 0) + 1
            owner = {t: i.id for t, i in zip(texts, items, strict=True)}
            ids = [owner[t] if counts[t.strip()] == 1 else None for t in unique]
            first = {t: i for i, t in reversed(list(enumerate(texts)))}
            vectors = embed([items[first[t]] for t in unique], field)
            sides.append((ids, vectors))
        (src_ids, x), (trg_ids, y) = sides
        out: list[tuple[str, str, float]] = []
        for row, col, score in mine_pairs(x, y, device):
            a, b = src_ids[row], trg_ids[col]
            if a is not None and b is not None:
                out.append((a, b, score))
        return out

    def score(
        self,
        card: TaskCard,
        language: str,
        examples: Sequence[Example],
        predictions: Sequence[Any],
    ) -> Scored:
        metric = card.metric.name
        columns: dict[str, list[Any]] = {"prediction": list(predictions)}
        if metric == "bucc_f1":
            for e, p in zip(examples, predictions, strict=True):
                gold = tuple(e.label or ())
                columns.setdefault("n_gold", []).append(len(gold))
                columns.setdefault("n_pred", []).append(int(bool(p)))
                columns.setdefault("n_correct", []).append(int(bool(p) and p in gold))
            scores = metric_def(metric).scores(columns)
            return Scored(scores=scores, main=scores[card.metric.main], per_example=columns)
        if metric in ("tatoeba_accuracy", "accuracy"):
            columns["correct"] = accuracy_stats(
                [str(p) for p in predictions], [str(e.label) for e in examples]
            )
        elif metric in ("map", "mrr"):
            return self._score_ranked(card, examples, predictions)
        else:
            raise ConfigError(f"task {card.name!r}: retrieval cannot score metric {metric!r}")
        scores = metric_def(metric).scores(columns)
        return Scored(scores=scores, main=scores[card.metric.main], per_example=columns)

    @staticmethod
    def _score_ranked(
        card: TaskCard, examples: Sequence[Example], predictions: Sequence[Any]
    ) -> Scored:
        """mAP@20 / MRR@20 over the ranked lists, as the official code computes them; the
        per-example columns keep what the metric and a reader need, not the lists: the top
        candidate (`prediction`), which of the top 20 ranks hold a relevant candidate
        (`relevant_at`, bit r-1 for rank r), for mAP the number of relevant candidates
        (`n_relevant`), and the example's AP or reciprocal rank (which the store derives from
        the others instead of storing it)."""
        metric = card.metric.name
        lists = [[str(c) for c in p] for p in predictions]
        if metric == "map":
            relevant = [[str(c) for c in e.label or ()] for e in examples]
        else:
            relevant = [[str(e.label)] for e in examples]
        ranked_ids = {e.id: r for e, r in zip(examples, lists, strict=True)}
        columns: dict[str, list[Any]] = {
            "prediction": [r[0] if r else "" for r in lists],
            "relevant_at": [relevant_mask(r, g) for r, g in zip(lists, relevant, strict=True)],
        }
        if metric == "map":
            columns["n_relevant"] = [len(set(g)) for g in relevant]
            gold_sets = {e.id: g for e, g in zip(examples, relevant, strict=True)}
            columns["average_precision"] = map_stats(ranked_ids, gold_sets).score
        else:
            gold_ids = {e.id: g[0] for e, g in zip(examples, relevant, strict=True)}
            columns["reciprocal_rank"] = mrr_stats(ranked_ids, gold_ids).score
        scores = metric_def(metric).scores(columns)
        return Scored(
            scores=scores, main=scores[card.metric.main], per_example=columns, ranked=lists
        )
