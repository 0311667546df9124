"""The fitted weights of the answer-worthiness model, loaded from `weights.json`
(written by bench/qg_train.py; fitted on SQuAD v1.1 dev articles 1-12 only)."""
from __future__ import annotations

import json
from importlib import resources

WEIGHTS: dict[str, float] = json.loads(
    resources.files(__package__).joinpath("weights.json").read_text(encoding="utf-8")
)["weights"]
