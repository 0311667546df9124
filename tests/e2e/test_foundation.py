"""A new user signs up, signs out, signs in, opens a set and signs out — in Chromium."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, sign_up

pytestmark = pytest.mark.e2e


def test_sign_up_sign_in_open_a_set_sign_out(page, live_server: str) -> None:
    sign_up(page, live_server, "newcomer")
    expect(page.get_by_role("status")).to_contain_text("Welcome, Newcomer!")
    expect(page.get_by_role("heading", name="Question sets")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("Signed in as newcomer.")

    page.get_by_role("link", name="The Solar System").click()
    expect(page).to_have_url(re.compile(r"/sets/[a-z0-9-]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The Solar System")
    expect(page.get_by_role("heading", name="What this set covers")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "set-page.png"), full_page=True)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_wrong_password_is_explained(page, live_server: str) -> None:
    page.goto(live_server + "/account/signin")
    page.get_by_label("Username").fill("nobody-here")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Wrong username or password.")).to_be_visible()


def test_phone_width_has_no_horizontal_scroll(browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("/", "/account/signup", "/account/signin"):
            page.goto(live_server + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()


def test_radio_buttons_get_the_amber_focus_ring(page, live_server: str) -> None:
    """Issue 12, item 9: the radios' focus ring was a faint blue beside the amber used
    everywhere else."""
    page.goto(live_server + "/account/signup")
    page.focus("#confirm")
    page.keyboard.press("Tab")
    style = page.evaluate("""() => { const el = document.activeElement;
        const s = getComputedStyle(el);
        return [el.type, s.outlineStyle, s.outlineColor, s.outlineWidth]; }""")
    assert style == ["radio", "solid", "rgb(245, 158, 11)", "3px"], style
