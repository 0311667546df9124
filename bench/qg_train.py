"""Fit the answer-worthiness weights on the tuning half of SQuAD (articles 1-12 only).

Prints `quizapp/core/generate/weights.json`. Candidates are the generator's own answers;
a candidate is positive when it matches a human answer of its paragraph exactly (SQuAD
normalisation). L2-regularised logistic regression by gradient descent (numpy).

    .venv/bin/python bench/qg_train.py --data ../shared/data/squad-v1.1-dev-a.json \
        > quizapp/core/generate/weights.json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from qg_eval import normalize  # noqa: E402

from quizapp.core.generate.pipeline import draft_questions  # noqa: E402


def main() -> None:
    """Collect features on the tuning half, fit, print the weights module."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/squad-v1.1-dev-a.json"))
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))["data"][:12]
    rows: list[list[str]] = []
    labels: list[int] = []
    for art in data:
        for para in art["paragraphs"]:
            golds = {normalize(a["text"]) for qa in para["qas"] for a in qa["answers"]}
            analysis, _ = draft_questions(para["context"])
            for sent in analysis.content:
                for a in analysis.answers[sent.index]:
                    if a.feats:
                        rows.append(a.feats)
                        labels.append(int(normalize(a.text) in golds))
    names = sorted({f for r in rows for f in r})
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, r in enumerate(rows):
        for f in r:
            x[i, index[f]] = 1.0
    y = np.array(labels, dtype=float)
    w = np.zeros(len(names))
    for _ in range(3000):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + args.l2 * w / len(y)
        w -= 1.0 * grad
    print(f"# {len(rows)} candidates, {int(y.sum())} positive", file=sys.stderr)
    kept = [(f, v) for f, v in zip(names, w, strict=True) if abs(v) >= 0.005]
    print("{")
    print('  "about": "Fitted weights of the answer-worthiness model (see features.py, '
          'bench/qg_train.py); fitted on SQuAD v1.1 dev articles 1-12 only; do not edit by '
          'hand.",')
    print('  "weights": {')
    for i, (f, v) in enumerate(kept):
        print(f"    {json.dumps(f)}: {v:.3f}" + ("," if i < len(kept) - 1 else ""))
    print("  }")
    print("}")

if __name__ == "__main__":
    main()
