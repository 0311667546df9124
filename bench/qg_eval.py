"""Answer-selection quality on SQuAD v1.1: share of human answers matched by the top-k.

For every paragraph, take the answers of the generator's first k questions (best first,
distinct answers) and count the share of human questions whose answer is matched, exactly
after SQuAD normalisation or by token F1 >= 0.5. A naive ranker (spaCy entities, then noun
chunks) is measured in the same run. The first 12 articles are the tuning half, the other
12 are reported as unseen.

    .venv/bin/python bench/qg_eval.py [--data ../shared/data/squad-v1.1-dev-a.json]
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.core.generate.nlp import get_nlp  # noqa: E402
from quizapp.core.generate.pipeline import generate_drafts  # noqa: E402

KS = (5, 10)


def normalize(s: str) -> str:
    """SQuAD answer normalisation: lower, no punctuation, no articles, single spaces."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def f1(pred: str, gold: str) -> float:
    """SQuAD token F1."""
    p, g = normalize(pred).split(), normalize(gold).split()
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0.0
    prec, rec = same / len(p), same / len(g)
    return 2 * prec * rec / (prec + rec)


def ours(context: str) -> list[str]:
    """Distinct answers of the generator's questions, best first."""
    out: list[str] = []
    seen: set[str] = set()
    for d in generate_drafts(context, "txt", limit=60):
        key = normalize(d.focus.text)
        if key not in seen:
            seen.add(key)
            out.append(d.focus.text)
    return out


def naive(context: str) -> list[str]:
    """Baseline: spaCy entities in text order, then noun chunks, distinct."""
    doc = get_nlp()(context)
    out: list[str] = []
    seen: set[str] = set()
    for span in list(doc.ents) + list(doc.noun_chunks):
        key = normalize(span.text)
        if key and key not in seen:
            seen.add(key)
            out.append(span.text)
    return out


def evaluate(articles: list[dict], ranker: Callable[[str], list[str]]) -> dict[str, float]:
    """Exact and F1>=0.5 match shares at k, and answers per paragraph."""
    hits = {f"{m}@{k}": 0 for m in ("exact", "f1") for k in KS}
    total = 0
    n_answers = 0
    n_paras = 0
    for art in articles:
        for para in art["paragraphs"]:
            preds = ranker(para["context"])
            n_answers += len(preds)
            n_paras += 1
            for qa in para["qas"]:
                golds = [a["text"] for a in qa["answers"]]
                total += 1
                for k in KS:
                    top = preds[:k]
                    if any(normalize(p) == normalize(g) for p in top for g in golds):
                        hits[f"exact@{k}"] += 1
                    if any(f1(p, g) >= 0.5 for p in top for g in golds):
                        hits[f"f1@{k}"] += 1
    result = {key: v / max(1, total) for key, v in hits.items()}
    result["per_paragraph"] = n_answers / max(1, n_paras)
    result["questions"] = float(total)
    return result


def main() -> None:
    """Print the figures for both halves, ours and the naive baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/squad-v1.1-dev-a.json"))
    parser.add_argument("--articles", type=int, default=0, help="limit articles per half")
    args = parser.parse_args()
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))["data"]
    halves = {"tune (articles 1-12)": data[:12], "unseen (articles 13-24)": data[12:]}
    get_nlp()
    for name, arts in halves.items():
        if args.articles:
            arts = arts[: args.articles]
        for label, ranker in (("generator", ours), ("naive", naive)):
            t0 = time.perf_counter()
            r = evaluate(arts, ranker)
            dt = time.perf_counter() - t0
            print(
                f"{name:24s} {label:9s} exact@5 {r['exact@5']:.3f}  exact@10 {r['exact@10']:.3f}"
                f"  f1@5 {r['f1@5']:.3f}  f1@10 {r['f1@10']:.3f}"
                f"  answers/para {r['per_paragraph']:.1f}  ({int(r['questions'])} q, {dt:.0f}s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
