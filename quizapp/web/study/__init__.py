"""Study on the web: the review flow and settings (`views`), memory stats (`stats`), their
forms (`forms`). The modules add their views to `bp`; `quizapp.web.register_web` imports
them before registering it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("study", __name__, url_prefix="/study")
