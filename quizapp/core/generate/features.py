"""Answer-worthiness features and a logistic scorer ("would a person ask about this?").

Sparse features describe the answer's kind, role, place in its sentence and how rare its
words are in English (wordfreq's Zipf scale); the context vector is the parser's own
contextual token vectors (spaCy's `doc.tensor`, the tok2vec layer) around the answer. The
weights (`weights.json`) are fitted by `bench/qg_train.py` on the SQuAD v1.1 dev file;
`bench/qg_eval.py --cv` measures them on articles held out of the fit.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.segment import Sentence
from quizapp.core.generate.weights import Model

_DEPS = (
    "nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "compound", "amod",
    "nummod", "npadvmod", "poss", "nmod",
)


_PREV = frozenset("the of in by as to from for with at on and , ( called named".split())


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common an English word is: wordfreq's Zipf scale (the 7.7, phlogiston 1.7, an
    unknown word 0), from the word lists the package ships (nothing is downloaded)."""
    from wordfreq import zipf_frequency  # loads its English list on first use

    return float(zipf_frequency(word, "en"))


def rarity(answer: Answer, sent: Sentence) -> list[str]:
    """The answer's rarest word and its head word on the Zipf scale: a person asks about
    "phlogiston theory" before "the role"."""
    span = sent.span.doc[answer.tok_start : answer.tok_end]
    words = [t.lower_ for t in span if t.is_alpha]
    if not words:
        return ["zmin:na", "zroot:na"]
    rarest = str(int(min(zipf(w) for w in words)))
    return ["zmin:" + rarest, "zroot:" + str(int(zipf(span.root.lower_))),
            "kind_zmin:" + answer.kind + ":" + rarest]


def features(answer: Answer, sent: Sentence, position: int, named: int, freq: int,
             has_wh: bool, modifier: bool) -> list[str]:
    """Sparse binary features of one candidate answer in its sentence."""
    doc = sent.span.doc
    root = doc[answer.tok_start : answer.tok_end].root
    dep = root.dep_ if root.dep_ in _DEPS else "other"
    head_dep = root.head.dep_ if root.head.dep_ in ("ROOT", "prep", "agent", "pobj") else "x"
    if root.dep_ == "pobj":
        head_dep = "prep:" + root.head.lower_ if root.head.lower_ in (
            "in", "on", "at", "by", "of", "for", "to", "from", "with", "during", "as"
        ) else "prep:x"
    length = min(4, answer.tok_end - answer.tok_start)
    first = doc[answer.tok_start]
    prev = doc[answer.tok_start - 1] if answer.tok_start > sent.span.start else None
    nxt = doc[answer.tok_end] if answer.tok_end < sent.span.end else None
    return [
        "bias",
        "kind:" + answer.kind,
        "dep:" + dep,
        "kind_dep:" + answer.kind + ":" + dep,
        "head:" + head_dep,
        "len:" + str(length),
        "pos:" + str(min(4, position)),
        "named:" + str(min(4, named)),
        "freq:" + str(min(3, freq)),
        "wh:" + str(has_wh),
        "mod:" + str(modifier),
        "alpha_number:" + str(answer.kind == "number" and answer.text.isalpha()),
        "cap:" + str(first.text[:1].isupper()),
        "paren:" + str(bool(prev is not None and prev.text == "(")),
        "before_paren:" + str(bool(nxt is not None and nxt.text == "(")),
        "sent_len:" + str(min(4, len(sent.span) // 10)),
        "propn:" + str(root.pos_ == "PROPN"),
        "label:" + answer.label,
        "kind_head:" + answer.kind + ":" + head_dep,
        "next:" + (nxt.pos_ if nxt is not None else "END"),
        "prev:" + (prev.lower_ if prev is not None and prev.lower_ in _PREV else "x"),
        "main:" + dep + ":" + str(root.head.dep_ == "ROOT" or root.head.head.dep_ == "ROOT"),
        "kind_len:" + answer.kind + ":" + str(min(6, answer.tok_end - answer.tok_start)),
        *rarity(answer, sent),
    ]


CONTEXT_PARTS = ("root", "mean", "before", "after", "sentence")


def context_vector(answer: Answer, sent: Sentence) -> np.ndarray | None:
    """The parser's contextual vectors: the answer's root token, the mean over the answer,
    the tokens just before and after it (zeros at the sentence edge), the sentence mean."""
    span = sent.span
    tensor = span.doc.tensor
    if tensor is None or len(tensor) != len(span.doc) or not tensor.shape[-1]:
        return None  # a pipeline without a tok2vec tensor: the sparse features alone
    width = tensor.shape[1]
    zeros = np.zeros(width, dtype=tensor.dtype)
    root = span.doc[answer.tok_start : answer.tok_end].root.i
    before = tensor[answer.tok_start - 1] if answer.tok_start > span.start else zeros
    after = tensor[answer.tok_end] if answer.tok_end < span.end else zeros
    parts = (tensor[root], tensor[answer.tok_start : answer.tok_end].mean(0), before, after,
             tensor[span.start : span.end].mean(0))
    return np.concatenate(parts).astype(np.float64)


def probability(feats: list[str], vector: np.ndarray | None, model: Model) -> float:
    """Probability from the logistic model over sparse features and the context vector."""
    z = model.logit(feats, vector)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
