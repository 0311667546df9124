"""Spaced repetition: FSRS scheduling, the due queue, load spreading, evaluation and fitting."""
