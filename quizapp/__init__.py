"""quizapp: a self-hosted quiz and flashcard learning app."""
from __future__ import annotations
