"""The `quizapp` console script: a FlaskGroup over `create_app`, so every command runs with
the app's configuration (`flask --app quizapp ...` works too). Nothing imports this module:
it is the entry point, as a WSGI file is for the server."""
from __future__ import annotations

from flask.cli import FlaskGroup

from quizapp import create_app

main = FlaskGroup(create_app=create_app, help="quizapp: question banks, quizzes and study.")
