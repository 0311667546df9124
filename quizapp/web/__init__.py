"""The web layer: one blueprint per feature, plus the app-wide hooks in `security`."""
from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    """Register blueprints, the sign-in plumbing, security headers and error pages."""
    from quizapp.web import auth, errors, quiz, security, sets, study
    from quizapp.web.quiz import progress, views  # noqa: F401 (add their views to quiz.bp)

    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(sets.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(study.bp)
