"""The web layer: one blueprint per feature, plus the app-wide hooks in `security`."""
from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    """Register blueprints, the sign-in plumbing, security headers and error pages."""
    from quizapp.web import (
        authoring,
        classes,
        converters,
        errors,
        quiz,
        security,
        sets,
        study,
        transfer,
    )
    from quizapp.web.auth import views as auth

    # A feature package's modules add their views to the package's blueprint.
    from quizapp.web.authoring import generate, questions  # noqa: F401
    from quizapp.web.authoring import sets as authoring_sets  # noqa: F401
    from quizapp.web.classes import learn, manage, teach  # noqa: F401
    from quizapp.web.quiz import progress, views  # noqa: F401
    from quizapp.web.study import stats as study_stats  # noqa: F401
    from quizapp.web.study import views as study_views  # noqa: F401
    from quizapp.web.transfer import views as transfer_views  # noqa: F401

    converters.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    for blueprint in (auth.bp, sets.bp, quiz.bp, study.bp, authoring.bp, transfer.bp,
                      classes.bp):
        app.register_blueprint(blueprint)
