"""The `srs evaluate` and `srs optimize` commands, driven through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.srs import srs

FIXTURE = Path(__file__).parents[1] / "fixtures" / "revlog-small.csv"


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()


def test_evaluate_prints_a_table_per_model(runner):
    result = runner.invoke(srs, ["evaluate", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "log loss" in lines[1] and "AUC" in lines[1]
    rows = {line.split("  ")[0].strip(): line.split() for line in lines[2:5]}
    assert set(rows) == {"SM-2", "FSRS-6 default", "FSRS-6 fitted"}
    assert float(rows["SM-2"][1]) > float(rows["FSRS-6 fitted"][2])


def test_evaluate_json(runner):
    result = runner.invoke(srs, ["evaluate", str(FIXTURE), "--json", "--day-start-hour", "4"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["day_start_hour"] == 4
    models = {m["model"]: m for m in payload["models"]}
    assert set(models) == {"SM-2", "FSRS-6 default", "FSRS-6 fitted"}
    for m in models.values():
        assert set(m) == {"model", "log_loss", "rmse_bins", "auc", "predicted_reviews"}
        assert m["predicted_reviews"] == models["SM-2"]["predicted_reviews"] > 0
    assert models["FSRS-6 fitted"]["log_loss"] == pytest.approx(
        payload["fsrs_rs_time_series_log_loss"], abs=1e-4
    )


def test_optimize_writes_parameters_and_reports_log_loss(runner, tmp_path):
    out = tmp_path / "params.json"
    result = runner.invoke(srs, ["optimize", str(FIXTURE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "log loss on the later" in result.output and "before" in result.output
    saved = json.loads(out.read_text())
    assert len(saved["parameters"]) == 21
    assert saved["log_loss_before"] > 0 and saved["log_loss_after"] > 0
    assert saved["adopted"] == (saved["log_loss_after"] < saved["log_loss_before"])


def test_optimize_json(runner):
    result = runner.invoke(srs, ["optimize", str(FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert {"parameters", "adopted", "log_loss_before", "log_loss_after"} <= set(payload)


def test_a_bad_row_is_reported_with_its_line(runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "card_id,review_rating,review_time,review_duration\n"
        "1,3,2024-03-29T20:32:39+00:00,10\n"
        "2,9,2024-03-29T20:33:39+00:00,10\n"
    )
    result = runner.invoke(srs, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "line 3: review_rating 9" in result.output
    assert "Traceback" not in result.output


def test_too_little_data_is_a_clean_error(runner, tmp_path):
    small = tmp_path / "small.csv"
    small.write_text(
        "card_id,review_rating,review_time,review_duration\n"
        "1,3,2024-03-29T20:32:39+00:00,10\n"
    )
    result = runner.invoke(srs, ["evaluate", str(small)])
    assert result.exit_code == 1
    assert "too few reviews" in result.output
    result = runner.invoke(srs, ["optimize", str(small)])
    assert result.exit_code == 0
    assert "kept defaults: not enough" in result.output


def test_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(srs, ["evaluate", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
