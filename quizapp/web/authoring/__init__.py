"""The teacher's studio on the web: their sets (`sets`), the question editor
(`questions`), generation and the drafts review (`generate`), their forms (`forms`). The
modules add their views to `bp`; `quizapp.web.register_web` imports them."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("authoring", __name__)
