"""Answer-selection quality on SQuAD v1.1: share of human answers matched by the top-k.

For every paragraph, take the answers of the generator's first k questions (best first,
distinct answers) and count the share of human questions whose answer is matched, exactly
after SQuAD normalisation or by token F1 >= 0.5. A naive ranker (spaCy entities, then noun
chunks) is measured in the same run. Figures are printed for the file's two halves
(articles 1-12 and 13-24) and for all of it.

The generator is given each article's title, as a teacher gives `--title` (the naive ranker
is not). The shipped weights were fitted on `squad-v1.1-dev-a.json` itself
(bench/qg_train.py), so on that file the default run shows fitted figures. `--cv K` gives the
unseen ones: the articles are cut into K consecutive folds, and each fold is answered by a
model refitted, the same way, on the other folds only; no paragraph is ranked by weights that
saw its article. `--cv 2` answers articles 13-24 with weights fitted on articles 1-12
alone, and the reverse.

    .venv/bin/python bench/qg_eval.py [--data ../shared/data/squad-v1.1-dev-a.json] [--cv 4]
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

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.core.generate import pipeline  # noqa: E402
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


def title_of(article: dict) -> str:
    """The article's title as a teacher would pass it (`--title`): 'Super Bowl 50'."""
    return str(article["title"]).replace("_", " ")


def ours(context: str, title: str | None = None) -> list[str]:
    """Distinct answers of the generator's questions, best first."""
    out: list[str] = []
    seen: set[str] = set()
    for d in generate_drafts(context, "txt", limit=60, title=title):
        key = normalize(d.focus.text)
        if key not in seen:
            seen.add(key)
            out.append(d.focus.text)
    return out


def naive(context: str, title: str | None = None) -> list[str]:
    """Baseline: spaCy entities in text order, then noun chunks, distinct (no title)."""
    doc = get_nlp()(context)
    out: list[str] = []
    seen: set[str] = set()
    for span in list(doc.ents) + list(doc.noun_chunks):
        key = normalize(span.text)
        if key and key not in seen:
            seen.add(key)
            out.append(span.text)
    return out


Ranker = Callable[[str, str], list[str]]


def evaluate(articles: list[dict], ranker: Ranker) -> dict[str, float]:
    """Exact and F1>=0.5 match shares at k, and answers per paragraph."""
    hits = {f"{m}@{k}": 0 for m in ("exact", "f1") for k in KS}
    total = 0
    n_answers = 0
    n_paras = 0
    for art in articles:
        for para in art["paragraphs"]:
            preds = ranker(para["context"], title_of(art))
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
    result["hits@5"] = float(hits["exact@5"])
    result["hits@10"] = float(hits["exact@10"])
    return result


def held_out(data: list[dict], folds: int) -> Ranker:
    """A ranker answering each paragraph with a model fitted without its article."""
    from qg_train import collect, fit  # the same fit as the shipped weights

    rows = collect(data)
    fold = np.arange(len(data)) * folds // len(data)  # consecutive folds of articles
    row_fold = fold[np.asarray(rows.article)]
    answers: dict[str, list[str]] = {}
    shipped = pipeline.MODEL
    try:
        for k in range(folds):
            pipeline.MODEL = fit(rows.subset(row_fold != k))
            for number, art in enumerate(data):
                if fold[number] == k:
                    for para in art["paragraphs"]:
                        answers[para["context"]] = ours(para["context"], title_of(art))
            print(f"# fold {k + 1}/{folds} answered", file=sys.stderr, flush=True)
    finally:
        pipeline.MODEL = shipped
    return lambda context, title: answers[context]


def remembered(ranker: Ranker) -> Ranker:
    """The ranker, each paragraph answered once (the 'all' row reuses the halves')."""
    memo: dict[tuple[str, str], list[str]] = {}

    def run(context: str, title: str) -> list[str]:
        if (context, title) not in memo:
            memo[context, title] = ranker(context, title)
        return memo[context, title]

    return run


def main() -> None:
    """Print the figures for both halves and the whole file, ours and the naive baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/squad-v1.1-dev-a.json"))
    parser.add_argument("--articles", type=int, default=0, help="limit articles per half")
    parser.add_argument("--cv", type=int, default=0, metavar="K",
                        help="answer each article with weights refitted on the other folds")
    args = parser.parse_args()
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))["data"]
    half = len(data) // 2
    halves = {
        f"articles 1-{half}": data[:half],
        f"articles {half + 1}-{len(data)}": data[half:],
        "all": data,
    }
    get_nlp()
    generator = held_out(data, args.cv) if args.cv else remembered(ours)
    name_ours = f"held-out (cv {args.cv})" if args.cv else "generator"
    rankers = ((name_ours, generator), ("naive", remembered(naive)))
    for name, arts in halves.items():
        if args.articles:
            arts = arts[: args.articles]
        for label, ranker in rankers:
            t0 = time.perf_counter()
            r = evaluate(arts, ranker)
            dt = time.perf_counter() - t0
            print(
                f"{name:16s} {label:16s} exact@5 {r['exact@5']:.3f}  exact@10 {r['exact@10']:.3f}"
                f"  f1@5 {r['f1@5']:.3f}  f1@10 {r['f1@10']:.3f}"
                f"  answers/para {r['per_paragraph']:.1f}  ({int(r['questions'])} q,"
                f" exact hits {int(r['hits@5'])} / {int(r['hits@10'])}, {dt:.0f}s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
