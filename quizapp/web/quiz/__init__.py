"""Quizzes on the web: taking one (`views`), a learner's history and progress and a set
owner's claims (`progress`), their forms (`forms`). The modules add their views to `bp`;
`quizapp.web.register_web` imports them before registering it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("quiz", __name__)
