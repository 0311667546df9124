"""The baseline for bench/web.py: a bare Flask "hello" app, served the same way."""
from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The smallest page Flask can serve."""
    return "hello"
