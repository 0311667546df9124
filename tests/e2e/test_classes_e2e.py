"""A class from start to results, in Chromium against gunicorn: a teacher makes a class
and assigns a set as an exam; two learners join (by link, by typed code) and take it, one
flags a question, skips it, comes back from the review and changes an answer; the
teacher's results and item analysis show what each of them answered."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, sign_up

pytestmark = pytest.mark.e2e

# prompt -> (right answer, a wrong one)
QUESTIONS = {
    "Which planet is known as the red planet?": ("Mars", "Venus"),
    "Which is the largest planet?": ("Jupiter", "Mercury"),
    "Which planet has the most famous rings?": ("Saturn", "Neptune"),
}
GIFT = "\n\n".join(
    f"::q{i}::{prompt}{{={right} ~{wrong} ~Pluto ~The Moon}}"
    for i, (prompt, (right, wrong)) in enumerate(QUESTIONS.items(), 1)) + "\n"


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays at the top
        page.screenshot(path=str(ARTIFACTS / f"classes-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _pick(page: Page, *, right: bool) -> None:
    main = page.locator("main")
    prompt = main.locator(".prompt-text").first.inner_text().strip()
    answer = QUESTIONS[prompt][0 if right else 1]
    main.get_by_role("radio", name=answer, exact=True).check()


def _teacher_with_class(page: Page, base: str, tmp_path: Path, teacher: str,
                        class_name: str) -> tuple[str, str]:
    """Sign a teacher up, import the planets set, create a class: (join code, join link)."""
    main = page.locator("main")
    sign_up(page, base, teacher, role="teacher")
    gift = tmp_path / "planets.gift"
    gift.write_text(GIFT, encoding="utf-8")
    page.goto(base + "/studio/import")
    page.get_by_label("File", exact=True).set_input_files(str(gift))
    main.get_by_role("button", name="Preview the import").click()
    main.get_by_role("button", name="Import 3 questions").click()
    page.wait_for_url(re.compile(r"/sets/[^/]+/edit$"))
    page.goto(base + "/classes")
    page.get_by_label("Class name").fill(class_name)
    main.get_by_role("button", name="Create class").click()
    expect(main.get_by_role("heading", name="How learners join")).to_be_visible()
    code = main.locator(".join-code").inner_text().strip()
    link = main.locator(".join-card a[href*='/join/']").get_attribute("href")
    assert link and re.fullmatch(r"[0-9A-Z]{5}-?[0-9A-Z]{5}", code)
    return code, link


def _learner(browser: Browser, base: str, name: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    sign_up(page, base, name)
    return page


def test_class_exam_from_join_to_item_analysis(browser: Browser, page: Page, live_server: str,
                                               tmp_path: Path) -> None:
    base, main, tag = live_server, page.locator("main"), uuid.uuid4().hex[:6]
    code, link = _teacher_with_class(page, base, tmp_path, f"teach{tag}", f"Year 9 {tag}")
    class_url = page.url
    main.get_by_role("link", name="Assign a set").first.click()
    page.get_by_label("Set").select_option(label="Planets (3 questions)")
    page.get_by_label("Title").fill("Planets check")
    page.get_by_label("Questions", exact=True).fill("3")
    page.get_by_label("Attempts allowed").fill("1")
    _shot(page, "assign")
    main.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status").first).to_contain_text("Assigned")

    # Ann joins by the link and gets every question right, in order.
    ann = _learner(browser, base, f"ann{tag}")
    ann.goto(link)
    ann.locator("main").get_by_role("button", name="Join").click()
    expect(ann.get_by_role("status").first).to_contain_text("You are in Year 9")
    ann.locator("main").get_by_role("button", name=re.compile("^Start")).click()
    for _ in range(3):
        _pick(ann, right=True)
        ann.locator("main").get_by_role("button", name="Save answer").click()
    expect(ann.get_by_role("heading", name="Hand in now?")).to_be_visible()
    ann.locator("main").get_by_role("button", name="Hand in").click()
    expect(ann.locator(".score-number")).to_have_text("100%")

    # Ben types the code, flags and skips question 1, comes back to it from the review.
    ben = _learner(browser, base, f"ben{tag}")
    bmain = ben.locator("main")
    ben.goto(base + "/join")
    ben.get_by_label("Class code").fill(code.lower().replace("-", " "))
    bmain.get_by_role("button", name="Join").click()
    bmain.get_by_role("button", name=re.compile("^Start")).click()
    expect(bmain.get_by_text("Question 1 of 3")).to_be_visible()
    flagged = bmain.locator(".prompt-text").first.inner_text().strip()  # the order is random
    bmain.get_by_label("Flag this question").check()
    bmain.get_by_role("button", name="Skip for now").click()
    for _ in range(2):  # questions 2 and 3, wrong
        _pick(ben, right=False)
        bmain.get_by_role("button", name="Save answer").click()
    expect(bmain.get_by_text("Question 1 of 3")).to_be_visible()  # back to the skipped one
    nav = bmain.get_by_role("navigation", name="Questions")
    expect(nav.get_by_role("link", name="Question 1: not answered, flagged")).to_be_visible()
    expect(nav.get_by_role("link", name="Question 2: answered")).to_be_visible()
    _pick(ben, right=False)
    _shot(ben, "exam-navigator")
    bmain.get_by_role("button", name="Save answer").click()
    expect(ben.get_by_role("heading", name="Hand in now?")).to_be_visible()
    expect(bmain).to_contain_text("You flagged 1 question")
    _shot(ben, "review")
    bmain.get_by_role("link", name="⚑ Question 1").click()
    expect(bmain.get_by_text("Your answer is saved")).to_be_visible()
    _pick(ben, right=True)
    bmain.get_by_label("Flag this question").uncheck()
    bmain.get_by_role("button", name="Save changes").click()
    expect(ben.get_by_role("heading", name="Hand in now?")).to_be_visible()
    expect(bmain).not_to_contain_text("You flagged")
    bmain.get_by_role("button", name="Hand in").click()
    expect(ben.locator(".score-number")).to_have_text("33.3%")
    ben.goto(base + "/assignments")
    expect(bmain).to_contain_text("Done")

    # The teacher's results: both learners, and each question's answers.
    page.goto(class_url)
    main.get_by_role("link", name=re.compile(r"^Results.*Planets check")).click()
    learners = main.get_by_role("region", name="Learners' results")
    expect(learners.get_by_role("row").filter(has_text=f"ann{tag}")).to_contain_text("100%")
    expect(learners.get_by_role("row").filter(has_text=f"ben{tag}")).to_contain_text("33%")
    items = main.get_by_role("region", name="Item analysis")
    expect(items.get_by_text("2 answered")).to_have_count(3)
    for prompt, (right, wrong) in QUESTIONS.items():
        row = items.get_by_role("row").filter(has_text=prompt)
        row.get_by_text("Choices picked").click()
        bars = row.locator(".choice-bars li")
        if prompt == flagged:  # Ben changed his answer to the right one
            expect(bars.filter(has_text=right)).to_contain_text("2 (100%)")
        else:
            expect(bars.filter(has_text=right)).to_contain_text("1 (50%)")
            expect(bars.filter(has_text=wrong)).to_contain_text("1 (50%)")
    _shot(page, "results")

    # Changing the assignment afterwards: a second attempt for everyone, then closing it.
    page.goto(class_url)
    main.get_by_role("link", name=re.compile(r"^Change.*Planets check")).click()
    expect(main).to_contain_text("2 attempts by 2 learners")
    page.get_by_label("Attempts allowed").fill("2")
    _shot(page, "change-assignment")
    main.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved")
    expect(main.get_by_role("row").filter(has_text="Planets check")).to_contain_text("2 attempts")
    main.get_by_role("link", name=re.compile(r"^Change.*Planets check")).click()
    main.get_by_role("button", name="Close now").click()
    expect(page.get_by_role("status").first).to_contain_text("is closed")
    _shot(page, "class-detail")
    ann.goto(base + "/assignments")
    expect(ann.locator("main").get_by_role("button", name=re.compile("^Start"))).to_have_count(0)
    for other in (ann, ben):
        other.context.close()


def test_study_assignment_shows_who_will_remember(browser: Browser, page: Page,
                                                  live_server: str, tmp_path: Path) -> None:
    """A set to learn by next week: a learner studies it; the teacher sees the forecast."""
    base, main, tag = live_server, page.locator("main"), uuid.uuid4().hex[:6]
    _, link = _teacher_with_class(page, base, tmp_path, f"tutor{tag}", f"Astronomy {tag}")
    class_url = page.url
    main.get_by_role("link", name="Assign a set").first.click()
    main.get_by_role("radio", name=re.compile("^Study")).check()
    expect(main.get_by_label("Target retention (%)")).to_be_visible()
    expect(main.get_by_label("Time limit (minutes)")).to_be_hidden()  # quiz rules fold away
    page.get_by_label("Title").fill("Know the planets")
    page.get_by_label("Due", exact=True).fill("2099-01-08T09:00")
    main.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status").first).to_contain_text("Assigned")

    cara = _learner(browser, base, f"cara{tag}")
    cmain = cara.locator("main")
    cara.goto(link)
    cmain.get_by_role("button", name="Join").click()
    item = cmain.locator("li.assignment").filter(has_text="Know the planets")
    expect(item).to_contain_text("0 of 3")
    _shot(cara, "study-assignments")
    item.get_by_role("button", name=re.compile("^Start studying")).click()
    expect(cara.get_by_role("status").first).to_contain_text("to your study deck")
    for _ in range(3):  # each new card, answered and rated Good
        card = cmain.locator("form#answer-form")
        expect(card).to_be_visible()
        card.locator("input[name=choice]").first.check()
        cmain.get_by_role("button", name=re.compile(r"^Check answer")).click()
        cmain.get_by_role("button", name=re.compile(r"^Good · ")).click()
    cara.goto(base + "/assignments")
    expect(item).to_contain_text("Learning")

    page.goto(class_url)
    expect(main).to_contain_text("Study · all questions · 90% recall on the due date")
    main.get_by_role("link", name=re.compile(r"^Results.*Know the planets")).click()
    learners = main.get_by_role("region", name="Learners' progress")
    expect(learners.get_by_role("row").filter(has_text=f"cara{tag}")).to_contain_text("0 of 3")
    grid = main.get_by_role("region", name=re.compile("^Predicted recall"))
    expect(grid.locator("td:not(.grid-name)")).to_have_count(3)  # a cell per question
    _shot(page, "study-results")
    cara.context.close()
