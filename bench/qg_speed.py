"""Generation speed: the seed article cold and warm, and the article repeated 10 times.

    .venv/bin/python bench/qg_speed.py [--article questions/sources/trump-kim-interviews.txt]

Prints the model load time, the first (cold) run, the best of 3 warm runs, and the warm
time for the article repeated 10 times with the ratio to the single article (linear ~10).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.core.generate import generate_bank  # noqa: E402
from quizapp.core.generate.nlp import get_nlp  # noqa: E402


def timed(text: str) -> tuple[float, int]:
    """Seconds to generate a bank, and its number of questions."""
    t0 = time.perf_counter()
    bank = generate_bank(text, bank_id="bench")
    return time.perf_counter() - t0, len(bank["questions"])


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seed = ROOT / "questions/sources/trump-kim-interviews.txt"
    parser.add_argument("--article", default=str(seed))
    args = parser.parse_args()
    text = Path(args.article).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    get_nlp()
    print(f"model load            {time.perf_counter() - t0:6.2f} s")
    cold, n = timed(text)
    print(f"seed article, cold    {cold:6.2f} s  ({len(text)} chars, {n} questions)")
    warm = min(timed(text)[0] for _ in range(3))
    print(f"seed article, warm    {warm:6.2f} s  (best of 3)")
    big = "\n\n".join([text] * 10)
    t10, n10 = timed(big)
    print(f"article x10, warm     {t10:6.2f} s  ({len(big)} chars, {n10} questions)")
    print(f"ratio x10 / x1        {t10 / warm:6.1f}   (10 = linear)")


if __name__ == "__main__":
    main()
