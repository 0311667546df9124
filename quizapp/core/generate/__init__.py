"""Question generation: from an article to a bank of questions about its key facts.

One module per stage: reading (cleaning with an offset map), segment (sentences with
offsets), filler (filler recognition), answers (answer selection), wh and forms (question
forms), distractors, rank (ranking, de-duplication, ids); pipeline and output assemble them.
"""
from __future__ import annotations

from typing import Any

__all__ = ["generate_bank", "slugify"]


def __getattr__(name: str) -> Any:
    """Load the pipeline on first use: the web app imports this package at start-up (for
    slugify and the answer kinds) and only the worker runs the generator."""
    if name == "generate_bank":
        from quizapp.core.generate.output import generate_bank

        return generate_bank
    if name == "slugify":
        from quizapp.core.generate.rank import slugify

        return slugify
    raise AttributeError(name)
