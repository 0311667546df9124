"""The fitted answer-worthiness model, loaded from `weights.json`.

Written by `bench/qg_train.py`: a logistic model over the sparse features of `features.py`
(`sparse`, name -> weight, standardisation folded in) and the parser's contextual vectors
around the answer (`dense`, one weight per component of `features.context_vector`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import numpy as np


@dataclass(frozen=True)
class Model:
    """Weights of a logistic scorer: sparse binary features plus a dense vector."""

    sparse: dict[str, float]
    dense: np.ndarray

    def logit(self, feats: list[str], vector: np.ndarray | None) -> float:
        """The log-odds that a person would ask about this answer."""
        z = sum(self.sparse.get(f, 0.0) for f in feats)
        if vector is not None and len(self.dense) and len(vector) == len(self.dense):
            z += float(np.dot(self.dense, vector))
        return round(z, 6)  # stable ties whatever the float summation order


def load(text: str) -> Model:
    """A model from the JSON text of `weights.json`."""
    data = json.loads(text)
    return Model(
        sparse={k: float(v) for k, v in data["sparse"].items()},
        dense=np.asarray(data.get("dense", []), dtype=np.float64),
    )


MODEL: Model = load(
    resources.files(__package__).joinpath("weights.json").read_text(encoding="utf-8")
)
