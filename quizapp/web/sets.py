"""Browsing question sets: the home page list and a page per set."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from quizapp.extensions import db
from quizapp.services import NotFound, banks
from quizapp.web.pagination import page_arg

bp = Blueprint("sets", __name__)


@bp.get("/")
def index() -> str:
    """Home page: every question set with its size and source."""
    page = banks.list_sets(db.session, page=page_arg(),
                           per_page=current_app.config["SETS_PER_PAGE"])
    return render_template("sets/index.html", sets=page)


@bp.get("/sets/<slug>")
def detail(slug: str) -> str:
    """One set: what it covers and where it comes from; its cards with their answers once
    the viewer studies it or has finished a quiz on it."""
    try:
        viewer = current_user.id if current_user.is_authenticated else None
        detail = banks.get_set(db.session, slug, user_id=viewer, page=page_arg(),
                               per_page=current_app.config["QUESTIONS_PER_PAGE"])
    except NotFound:
        abort(404)
    return render_template("sets/detail.html", set=detail)


@bp.get("/sets/<slug>/article")
def article(slug: str) -> str:
    """The set's source article, each question's sentence marked."""
    viewer = current_user.id if current_user.is_authenticated else None
    try:
        view = banks.article_view(db.session, slug, user_id=viewer)
    except NotFound:
        abort(404)
    return render_template("sets/article.html", view=view)
