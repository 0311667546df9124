"""Logging: one line per event, UTC timestamps, never a password or a token."""
from __future__ import annotations

import logging
import time

from flask import Flask

FORMAT = "%(asctime)sZ %(levelname)s %(name)s: %(message)s"


def init_app(app: Flask) -> None:
    """Send quizapp's own log records to stderr with UTC times (gunicorn collects them)."""
    logger = logging.getLogger("quizapp")
    if app.testing or logger.handlers:
        return
    handler = logging.StreamHandler()
    formatter = logging.Formatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
