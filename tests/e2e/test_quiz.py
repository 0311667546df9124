"""A learner takes a practice quiz by keyboard and an exam by mouse on the shipped set, in
Chromium, and finds the scores stored on the result, history and progress pages."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.core.bank import Question, load_bank_file
from tests.e2e.conftest import ARTIFACTS, ROOT, sign_up

pytestmark = pytest.mark.e2e

BANK = load_bank_file(ROOT / "questions" / "example-solar-system.yaml")
BY_PROMPT = {q.prompt: q for q in BANK.questions}


def _current_question(page: Page) -> Question:
    prompt = page.locator(".prompt-text").first.inner_text().strip()
    return BY_PROMPT[prompt]


def _typed_answer(question: Question, right: bool) -> str:
    if question.type == "numeric":
        return str(question.answer) if right else "12345"
    return str(question.answer) if right else "no idea"


def _answer_by_keyboard(page: Page, right: bool) -> None:
    """Answer the question on screen with keys only: digits pick options, Enter submits."""
    question = _current_question(page)
    if question.type in ("short", "cloze", "numeric"):
        box = page.get_by_role("spinbutton") if question.type == "numeric" else \
            page.get_by_role("textbox")
        expect(box).to_be_focused()
        page.keyboard.type(_typed_answer(question, right))
    else:
        expect(page.locator(".quiz-option input").first).to_be_focused()
        labels = [t.strip() for t in page.locator(".option-text").all_inner_texts()]
        if question.type == "true_false":
            wanted = {"True" if question.answer else "False"}
        elif question.type == "multi":
            wanted = set(question.answer)
        else:
            wanted = {str(question.answer)}
        if not right:
            wanted = {next(label for label in labels if label not in wanted)}
        for i, label in enumerate(labels):
            if label in wanted:
                page.keyboard.press(str(i + 1))
    page.keyboard.press("Enter")


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"quiz-{name}.png"), full_page=True)


def _start(page: Page, base: str, *, mode: str, count: int) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="The Solar System").click()
    page.get_by_role("link", name="Start a quiz").click()
    expect(page.get_by_role("heading", name="Start a quiz")).to_be_visible()
    page.get_by_label("Practice —" if mode == "practice" else "Exam —").check()
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_role("button", name="Start quiz").click()


def test_practice_quiz_by_keyboard(page: Page, live_server: str) -> None:
    sign_up(page, live_server, "keyboardist")
    _start(page, live_server, mode="practice", count=4)
    for number in range(1, 5):
        expect(page.get_by_text(f"Question {number} of 4")).to_be_visible()
        if number == 1:
            _shot(page, "question")
        _answer_by_keyboard(page, right=number != 2)  # the second one deliberately wrong
        banner = page.get_by_role("status").filter(has_text=re.compile("Correct!|Not quite"))
        expect(banner).to_contain_text("Not quite" if number == 2 else "Correct!")
        if number == 2:
            expect(page.get_by_text("Right answer", exact=True)).to_be_visible()
            _shot(page, "feedback")
        expect(page.locator("[data-next]")).to_be_focused()
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/quiz/\d+/result$"))
    expect(page.get_by_text("3 of 4 right")).to_be_visible()
    expect(page.locator(".score-number")).to_have_text("75%")
    _shot(page, "result")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My quizzes").click()  # a fresh read of the stored score
    row = page.get_by_role("row").filter(has_text="The Solar System")
    expect(row).to_contain_text("75%")
    nav.get_by_role("link", name="My progress").click()
    expect(page.get_by_role("heading", name="Scores per set")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="The Solar System")).to_contain_text("75%")
    expect(page.locator("figure svg")).to_be_visible()
    _shot(page, "progress")


def test_exam_by_mouse_shows_results_only_at_the_end(page: Page, live_server: str) -> None:
    sign_up(page, live_server, "examinee")
    _start(page, live_server, mode="exam", count=3)
    for number in range(1, 4):
        expect(page.get_by_text(f"Question {number} of 3")).to_be_visible()
        question = _current_question(page)
        if question.type in ("short", "cloze", "numeric"):
            page.get_by_label(question.prompt).fill(_typed_answer(question, True))
        elif question.type == "true_false":
            page.get_by_role("radio", name="True" if question.answer else "False",
                             exact=True).check()
        else:
            right = set(question.answer) if question.type == "multi" else {question.answer}
            role = "checkbox" if question.type == "multi" else "radio"
            for choice in question.choices:
                if choice in right:
                    page.get_by_role(role, name=choice, exact=True).check()
        page.get_by_role("button", name="Save answer").click()
        expect(page.get_by_text("Correct!")).to_have_count(0)  # no feedback during an exam
    expect(page.get_by_role("heading", name="Hand in now?")).to_be_visible()
    page.get_by_role("button", name="Hand in").click()
    expect(page.locator(".score-number")).to_have_text("100%")
    expect(page.get_by_role("cell", name="Right", exact=True)).to_have_count(3)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My quizzes").click()
    expect(page.get_by_role("row").filter(has_text="Exam")).to_contain_text("100%")
