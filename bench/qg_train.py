"""Fit the answer-worthiness model on SQuAD v1.1 dev articles; write `weights.json`.

Candidates are the generator's own answers; a candidate is positive when it matches a human
answer of its paragraph exactly (SQuAD normalisation). The model is an L2-regularised
logistic regression (numpy, Adam, standardised inputs folded back into the weights) over the
sparse features of `features.py` and the parser's context vector (`features.context_vector`).
Fitted on every article of the file; `bench/qg_eval.py --cv 4` measures the same fit on
articles held out of it.

    .venv/bin/python bench/qg_train.py --data ../shared/data/squad-v1.1-dev-a.json \\
        > quizapp/core/generate/weights.json
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from qg_eval import normalize  # noqa: E402

from quizapp.core.generate.pipeline import draft_questions  # noqa: E402
from quizapp.core.generate.weights import Model  # noqa: E402

L2 = 1000.0
STEPS = 600


@dataclass
class Rows:
    """Training rows: sparse feature names, context vectors, labels, article of each row."""

    feats: list[list[str]]
    vectors: list[np.ndarray]
    labels: list[int]
    article: list[int]

    def subset(self, keep: np.ndarray) -> Rows:
        """The rows whose index is set in the boolean mask `keep`."""
        idx = np.flatnonzero(keep)
        return Rows([self.feats[i] for i in idx], [self.vectors[i] for i in idx],
                    [self.labels[i] for i in idx], [self.article[i] for i in idx])


def collect(articles: list[dict]) -> Rows:
    """Every candidate answer of every paragraph, with its features and label."""
    rows = Rows([], [], [], [])
    for number, art in enumerate(articles):
        for para in art["paragraphs"]:
            golds = {normalize(a["text"]) for qa in para["qas"] for a in qa["answers"]}
            analysis, _ = draft_questions(para["context"])
            for sent in analysis.content:
                for a in analysis.answers[sent.index]:
                    if a.feats and a.vector is not None:
                        rows.feats.append(a.feats)
                        rows.vectors.append(a.vector)
                        rows.labels.append(int(normalize(a.text) in golds))
                        rows.article.append(number)
    return rows


def fit(rows: Rows, l2: float = L2, steps: int = STEPS) -> Model:
    """Logistic regression on standardised inputs; the scaling is folded into the weights."""
    names = sorted({f for r in rows.feats for f in r})
    index = {f: i for i, f in enumerate(names)}
    sparse = np.zeros((len(rows.feats), len(names)), dtype=np.float32)
    for i, r in enumerate(rows.feats):
        for f in r:
            sparse[i, index[f]] = 1.0
    x = np.hstack([sparse, np.stack(rows.vectors).astype(np.float32)])
    y = np.asarray(rows.labels, dtype=np.float32)
    mu = x.mean(0)
    sd = x.std(0) + 1e-6
    z = ((x - mu) / sd).astype(np.float64)  # one copy, not one per step
    w = np.zeros(x.shape[1], dtype=np.float64)
    b = 0.0
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    n = len(y)
    for t in range(1, steps + 1):  # Adam, full batch
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        grad = z.T @ (p - y) / n + l2 * w / n
        b -= 0.05 * float((p - y).mean())
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    scaled = w / sd
    bias = b - float(np.dot(w, mu / sd))
    weights = {f: float(scaled[i]) for i, f in enumerate(names) if abs(scaled[i]) >= 0.0005}
    weights["bias"] = weights.get("bias", 0.0) + bias
    return Model(sparse=weights, dense=scaled[len(names):])


def dump(model: Model, about: str) -> str:
    """The JSON text of `weights.json` (stable key order, rounded weights)."""
    lines = ["{", f'  "about": {json.dumps(about)},', '  "sparse": {']
    items = sorted(model.sparse.items())
    for i, (f, v) in enumerate(items):
        lines.append(f"    {json.dumps(f)}: {v:.4f}" + ("," if i < len(items) - 1 else ""))
    lines.append("  },")
    dense = ", ".join(f"{v:.5f}" for v in model.dense)
    lines.append(f'  "dense": [{dense}]')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Collect the candidates of every article, fit, print weights.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/squad-v1.1-dev-a.json"))
    parser.add_argument("--l2", type=float, default=L2)
    args = parser.parse_args()
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))["data"]
    rows = collect(data)
    model = fit(rows, args.l2)
    print(f"# {len(rows.labels)} candidates, {sum(rows.labels)} positive, "
          f"{len(model.sparse)} sparse and {len(model.dense)} dense weights", file=sys.stderr)
    about = ("Fitted weights of the answer-worthiness model (features.py: sparse features and "
             f"the context vector); fitted by bench/qg_train.py on {Path(args.data).name} "
             f"({len(data)} articles, l2={args.l2:g}); do not edit by hand.")
    print(dump(model, about), end="")


if __name__ == "__main__":
    main()
