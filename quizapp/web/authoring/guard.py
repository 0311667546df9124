"""Who may use the studio: signed-in teachers and admins; anyone else is told there is
nothing here (404), as for a set they may not edit."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required


def teacher_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Sign-in first (redirect), then 404 unless a teacher or admin."""
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_teacher:
            abort(404)
        return view(*args, **kwargs)

    return wrapped
