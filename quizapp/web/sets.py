"""Browsing question sets: the home page list and a page per set."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, session
from flask_login import current_user

from quizapp.extensions import db
from quizapp.services import NotFound, banks
from quizapp.services.memo import Memo
from quizapp.web.pagination import page_arg

bp = Blueprint("sets", __name__)

# The pages every signed-out visitor sees alike, rendered once per version of what they
# show (services/banks.py says what moves it on): the home page and a public set's page.
_SHARED: Memo[str] = Memo(512)


def _shared_view() -> bool:
    """A signed-out visitor with no message waiting sees the same page as any other."""
    return not current_user.is_authenticated and not session.get("_flashes")


@bp.get("/")
def index() -> str:
    """Home page: every question set with its size and source."""
    page, per_page = page_arg(), current_app.config["SETS_PER_PAGE"]

    def render() -> str:
        return render_template("sets/index.html",
                               sets=banks.list_sets(db.session, page=page, per_page=per_page))

    if _shared_view():
        return _SHARED.get(("home", page, per_page, banks.sets_version(db.session)), render)
    return render()


@bp.get("/sets/<slug>")
def detail(slug: str) -> str:
    """One set: what it covers and where it comes from; its cards with their answers once
    the viewer studies it or has finished a quiz on it."""
    page, per_page = page_arg(), current_app.config["QUESTIONS_PER_PAGE"]
    viewer = current_user.id if current_user.is_authenticated else None

    def render() -> str:
        try:
            detail = banks.get_set(db.session, slug, user_id=viewer, page=page,
                                   per_page=per_page)
        except NotFound:
            abort(404)
        return render_template("sets/detail.html", set=detail)

    if _shared_view():
        version = banks.public_set_version(db.session, slug)
        if version is not None:
            return _SHARED.get(("set", slug, page, per_page, version), render)
    return render()


@bp.get("/sets/<slug>/article")
def article(slug: str) -> str:
    """The set's source article, each question's sentence marked."""
    viewer = current_user.id if current_user.is_authenticated else None
    try:
        view = banks.article_view(db.session, slug, user_id=viewer)
    except NotFound:
        abort(404)
    return render_template("sets/article.html", view=view)
