"""The learner's memory stats page (on the `study` blueprint)."""
from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from quizapp.core.charts.bars import bar_chart_svg, bar_text_alternative
from quizapp.core.charts.lines import heatmap_svg
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services.study import stats as study_stats
from quizapp.web.pagination import page_arg
from quizapp.web.study import bp


@bp.get("/stats")
def stats() -> str:
    """Streak, review heatmap, reviews due per day, true retention, current memory."""
    data = study_stats.overview(db.session, current_user.id, now=utcnow(), page=page_arg(),
                                per_page=current_app.config.get("QUESTIONS_PER_PAGE", 25))
    # The SVG is built by the core with ElementTree, which escapes every text node.
    heatmap = Markup(heatmap_svg(data.reviews_by_day, end=data.today, weeks=26,
                                 title="Reviews per day", unit="review",
                                 id_prefix="study-heatmap"))
    bars = Markup(bar_chart_svg(data.due_by_day, title="Reviews due per day, next 30 days",
                                id_prefix="study-due"))
    return render_template("study/stats.html", data=data, heatmap=heatmap, bars=bars,
                           bars_text=bar_text_alternative(data.due_by_day))
