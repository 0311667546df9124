"""Import and export on the web: a file in (upload, preview, import) and a set out as a
file. The views are in `views`; `quizapp.web.register_web` imports them."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("transfer", __name__)
