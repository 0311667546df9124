"""Candidate recall (the ceiling of answer selection) on SQuAD v1.1, by answer kind.

Share of human questions whose answer (exact after SQuAD normalisation) is among ALL the
candidate answers of its paragraph, and among the answers the generator asks about. Only
the tuning half (articles 1-12) unless --unseen is given.

    .venv/bin/python bench/qg_recall.py [--data ../shared/data/squad-v1.1-dev-a.json]
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from qg_eval import normalize  # noqa: E402

from quizapp.core.generate.nlp import get_nlp  # noqa: E402
from quizapp.core.generate.pipeline import draft_questions  # noqa: E402


def gold_kind(text: str) -> str:
    """A rough kind of a human answer from spaCy's parse of it alone."""
    doc = get_nlp()(text)
    if doc.ents and len(doc.ents[0]) == len(doc):
        return "ent:" + doc.ents[0].label_
    return "pos:" + doc[:].root.pos_ if len(doc) else "empty"


def main() -> None:
    """Print overall and per-kind candidate recall."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/squad-v1.1-dev-a.json"))
    parser.add_argument("--unseen", action="store_true", help="measure articles 13-24 instead")
    args = parser.parse_args()
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))["data"]
    arts = data[12:] if args.unseen else data[:12]
    total = in_cands = in_asked = 0
    by_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for art in arts:
        for para in art["paragraphs"]:
            analysis, drafts = draft_questions(para["context"])
            cands = {normalize(a.text) for s in analysis.content for a in analysis.answers[s.index]}
            asked = {normalize(d.focus.text) for d in drafts}
            for qa in para["qas"]:
                golds = {normalize(a["text"]) for a in qa["answers"]}
                total += 1
                hit = bool(golds & cands)
                in_cands += hit
                in_asked += bool(golds & asked)
                row = by_kind[gold_kind(qa["answers"][0]["text"])]
                row[0] += 1
                row[1] += hit
    print(f"questions {total}  in candidates {in_cands / total:.3f}  asked {in_asked / total:.3f}")
    for kind, (n, hit) in sorted(by_kind.items(), key=lambda kv: -kv[1][0])[:20]:
        print(f"  {kind:14s} {n:5d}  recall {hit / n:.3f}  missing {n - hit}")


if __name__ == "__main__":
    main()
