"""Question generation: from an article to a bank of questions about its key facts.

One module per stage: reading (cleaning with an offset map), segment (sentences with
offsets), filler (filler recognition), answers (answer selection), wh and forms (question
forms), distractors, rank (ranking, de-duplication, ids); pipeline and output assemble them.
"""
from __future__ import annotations

from quizapp.core.generate.output import generate_bank
from quizapp.core.generate.rank import slugify

__all__ = ["generate_bank", "slugify"]
