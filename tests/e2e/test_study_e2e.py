"""A learner studies a few questions by keyboard only, in Chromium, then sees the summary."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, sign_up

pytestmark = pytest.mark.e2e


def test_study_a_set_by_keyboard(page, live_server: str) -> None:
    sign_up(page, live_server, "keyboarder")
    # Two new questions a day keeps the session short.
    page.get_by_role("link", name="Study", exact=True).click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("New questions per day").fill("2")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Study settings saved.")

    page.goto(live_server + "/")
    page.get_by_role("link", name="The Solar System").click()
    page.get_by_role("button", name="Study this set").click()
    expect(page.get_by_role("status").first).to_contain_text("to your study deck")

    # First card: a multiple-choice question. Pick Mercury by its key, check with Enter.
    prompt = page.locator("#study-prompt")
    expect(prompt).to_have_text("Which planet is closest to the Sun?")
    expect(page.get_by_text("Mercury", exact=True)).to_be_visible()
    expect(prompt).to_be_focused()  # study.js has run: the keys are live
    key = page.locator("label.choice", has_text="Mercury").locator("kbd").inner_text()
    page.keyboard.press(key)  # options are shuffled per card: read the key off the page
    expect(page.get_by_label(f"{key} Mercury")).to_be_checked()
    page.keyboard.press("Enter")
    feedback = page.get_by_role("status")
    expect(feedback).to_contain_text("Right")
    expect(page.get_by_role("button", name=re.compile(r"^Easy · \d+ days"))).to_be_visible()
    expect(page.locator("#study-answer")).to_be_focused()
    page.keyboard.press("4")  # Easy: graduates to days

    # Second card: Space shows the answer, 4 rates it Easy.
    expect(prompt).to_have_text("Which is the largest planet in the Solar System?")
    expect(prompt).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#study-answer")).to_contain_text("Jupiter")
    expect(page.locator("#study-answer")).to_be_focused()
    page.keyboard.press("4")

    expect(page.get_by_role("heading", name="Session complete")).to_be_visible()
    expect(page.get_by_text("All caught up")).to_be_visible()
    expect(page.locator(".summary-grid")).to_contain_text("Reviewed today2")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "study-summary.png"), full_page=True)

    page.get_by_role("link", name="Memory stats").first.click()
    expect(page.get_by_role("heading", name="Memory stats")).to_be_visible()
    expect(page.get_by_text("day streak")).to_be_visible()
    expect(page.get_by_role("cell", name="Which planet is closest to the Sun?")).to_be_visible()
