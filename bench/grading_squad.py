"""Measure text grading on SQuAD answers: typo recall against false accepts of other facts.

Prints, for quizapp's grader and for a naive baseline (whole-string Damerau-Levenshtein
with the issue's suggested budget: 1 edit for 5-8 chars, 2 for 9-15, 3 beyond):

* false accepts: answers to *other* questions of the same article (different facts)
  accepted for an answer, among pairs whose normalised texts differ;
* typo recall: the answer with 1 or 2 random keyboard-free edits (never the first
  letter of a word, never a digit) accepted, by answer length;
* human variants: other crowd answers to the same question accepted.

Usage: .venv/bin/python bench/grading_squad.py [path/to/squad.json] [--pairs N]
"""

from __future__ import annotations

import argparse
import json
import random
import string
import time
from pathlib import Path

from rapidfuzz.distance import DamerauLevenshtein

from quizapp.core.grading import grade_text, normalise

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "squad-v1.1-dev-a.json"


def naive_accepts(given: str, answer: str) -> bool:
    """The baseline: whole normalised string within the issue's suggested edit budget."""
    g, a = normalise(given), normalise(answer)
    n = len(a)
    budget = 0 if n <= 4 else 1 if n <= 8 else 2 if n <= 15 else 3
    return DamerauLevenshtein.distance(g, a) <= budget


def typo(answer: str, edits: int, rng: random.Random) -> str:
    """Apply `edits` random edits (substitute, delete, insert, swap) inside words."""
    chars = list(answer)
    for _ in range(edits):
        spots = [
            i for i in range(1, len(chars))
            if chars[i].isalpha() and chars[i - 1].isalpha()
        ]
        if not spots:
            break
        i = rng.choice(spots)
        kind = rng.choice("sdit")
        letter = rng.choice(string.ascii_lowercase)
        if kind == "s":
            chars[i] = letter if letter != chars[i].lower() else "q"
        elif kind == "d":
            del chars[i]
        elif kind == "i":
            chars.insert(i, letter)
        elif i + 1 < len(chars) and chars[i + 1].isalpha():
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = letter if letter != chars[i].lower() else "q"
    return "".join(chars)


def main() -> None:
    """Run the measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("squad", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--pairs", type=int, default=40000, help="different-fact pairs to grade")
    args = parser.parse_args()
    data = json.loads(args.squad.read_text(encoding="utf-8"))
    rng = random.Random(2026)
    articles = []
    variants = []
    for article in data["data"]:
        answers = []
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                texts = [a["text"].strip() for a in qa["answers"]]
                answers.append(texts[0])
                variants.extend((texts[0], t) for t in texts[1:] if t != texts[0])
        articles.append(answers)

    pairs = []
    while len(pairs) < args.pairs:
        answers = rng.choice(articles)
        a, b = rng.sample(answers, 2)
        if normalise(a) != normalise(b):
            pairs.append((a, b))
    start = time.perf_counter()
    ours = [(g, a) for g, a in pairs if grade_text(g, a).correct]
    elapsed = time.perf_counter() - start
    naive = [(g, a) for g, a in pairs if naive_accepts(g, a)]
    print(f"different-fact pairs: {len(pairs)}")
    print(f"  false accepts, quizapp: {len(ours)} ({100 * len(ours) / len(pairs):.3f}%)")
    print(f"  false accepts, naive:   {len(naive)} ({100 * len(naive) / len(pairs):.3f}%)")
    for g, a in ours[:10]:
        print(f"    quizapp accepted {g!r} for {a!r}")
    for g, a in naive[:10]:
        print(f"    naive accepted {g!r} for {a!r}")
    print(f"  grading speed: {1e6 * elapsed / len(pairs):.1f} us per answer")

    every = [a for answers in articles for a in answers]
    for edits in (1, 2):
        buckets: dict[str, list[tuple[bool, bool]]] = {}
        for answer in every:
            bad = typo(answer, edits, rng)
            if normalise(bad) == normalise(answer):
                continue
            n = len(normalise(answer).replace(" ", ""))
            key = "1-4" if n <= 4 else "5-8" if n <= 8 else "9-15" if n <= 15 else "16+"
            buckets.setdefault(key, []).append(
                (grade_text(bad, answer).correct, naive_accepts(bad, answer))
            )
        print(f"typo recall with {edits} edit(s), by answer length (quizapp / naive):")
        for key in ("1-4", "5-8", "9-15", "16+"):
            rows = buckets.get(key, [])
            if rows:
                q = sum(r[0] for r in rows) / len(rows)
                b = sum(r[1] for r in rows) / len(rows)
                print(f"  {key:>5} chars: n={len(rows):5d}  {100 * q:5.1f}% / {100 * b:5.1f}%")

    accepted = sum(grade_text(v, a).correct for a, v in variants)
    naive_v = sum(naive_accepts(v, a) for a, v in variants)
    share, naive_share = 100 * accepted / len(variants), 100 * naive_v / len(variants)
    print(f"human variant answers (differently worded): {len(variants)}; accepted "
          f"quizapp {share:.1f}%, naive {naive_share:.1f}%")


if __name__ == "__main__":
    main()
