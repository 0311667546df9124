"""A teacher generates a set from an article on the job queue, reviews the drafts beside
the article, keeps, edits and rejects them and publishes; a learner quizzes on it, claims
"I was right" on a typed answer and studies it; the teacher accepts the claim — in Chromium,
against gunicorn and a real `quizapp worker`. Studio pages are shot at two widths, light
and dark."""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import BIN, ROOT, server_env, sign_up, start_server, stop

pytestmark = pytest.mark.e2e

ARTICLE = (Path(__file__).resolve().parents[1] / "data" / "article-lighthouse.txt").read_text()
TITLE = "The Bell Rock Lighthouse, generated"


@pytest.fixture(scope="module")
def studio_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn and the job queue's worker over one instance folder (same database, same
    `<instance>/jobs.db`), as `make run` starts them; the shared live server has no worker."""
    instance = tmp_path_factory.mktemp("studio-instance")
    url, server = start_server(instance, load_banks=False)
    with (instance / "worker.log").open("wb") as log:
        worker = subprocess.Popen([str(BIN / "quizapp"), "worker", "--workers", "1"],
                                  env=server_env(instance), cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            yield url
            assert worker.poll() is None, f"the worker died: see {instance / 'worker.log'}"
        finally:
            stop(worker)
            stop(server)


def _shots(browser: Browser, state: dict, url: str, name: str, out: Path) -> None:
    """Screenshots of `url` as the signed-in teacher at 1280 and 390 px, light and dark."""
    for scheme in ("light", "dark"):
        for width in (1280, 390):
            context = browser.new_context(storage_state=state, color_scheme=scheme,
                                          viewport={"width": width, "height": 900})
            try:
                page = context.new_page()
                page.goto(url)
                expect(page.locator("main h1").first).to_be_visible()
                path = out / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(path), full_page=True)
            finally:
                context.close()
            assert path.stat().st_size > 0


def _generate_and_review(page: Page, base: str, browser: Browser, out: Path) -> str:
    """Teacher: generate from the article, keep one edited, reject one, keep the rest,
    publish. Returns the set's ref."""
    sign_up(page, base, "teacher-tess", role="teacher")
    main = page.locator("main")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My sets").click()
    main.get_by_role("link", name="Generate from an article").first.click()
    page.get_by_label("Title of the set").fill(TITLE)
    page.get_by_label("Paste the article").fill(ARTICLE)
    main.get_by_role("button", name="Generate questions").click()
    page.wait_for_url(re.compile(r"/studio/jobs/\d+$"))
    expect(main.locator("progress")).to_be_visible()
    review = main.get_by_role("link", name="Review the drafts")
    if review.is_visible():  # done before the page was drawn: it offers the link, no polling
        review.click()
    page.wait_for_url("**/drafts", timeout=90_000)
    ref = re.search(r"/sets/([^/]+)/drafts", page.url).group(1)

    expect(main.locator(".article-text mark").first).to_be_visible()
    drafts = main.locator("li.draft")
    expect(drafts.first).to_be_visible()
    total = drafts.count()
    assert total >= 3, f"only {total} drafts from the article"
    _shots(browser, page.context.storage_state(), page.url, "draft-review", out)

    drafts.first.get_by_role("link", name="Edit, then keep").click()
    prompt = page.locator("#prompt")
    edited = prompt.input_value().strip() + " (edited)"
    prompt.fill(edited)
    main.get_by_role("button", name="Keep as edited").click()
    expect(page.get_by_role("status").first).to_contain_text("Kept as edited.")
    expect(main.locator("li.draft-edited", has_text="(edited)")).to_be_visible()

    # Reject a multiple-choice draft if there is one, so the typed ones stay in the set for
    # the claim (else the last pending one: this article's drafts are mostly typed).
    pending = main.locator("li.draft-pending")
    choices = pending.filter(has=page.locator(".badge", has_text="Multiple choice"))
    victim = choices.first if choices.count() else pending.last
    victim.locator(".reject-form input[name=reason]").fill("Too easy to guess")
    victim.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("status").first).to_contain_text("Rejected.")
    expect(main.locator("li.draft-rejected")).to_contain_text("Reason: Too easy to guess")
    expect(pending).to_have_count(total - 2)

    main.get_by_role("button", name=f"Keep the remaining {total - 2}").click()
    expect(page).to_have_url(re.compile(rf"/sets/{re.escape(ref)}/edit$"))
    expect(page.get_by_role("status").first).to_contain_text(f"Kept {total - 2} draft(s).")
    expect(main.locator(".editor-list li.editor-item")).to_have_count(total - 1)

    page.get_by_label("Public: learners find it").check()
    publish = main.locator("section.card", has=page.get_by_role("heading", name="Publish"))
    publish.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("Published")

    state = page.context.storage_state()
    _shots(browser, state, page.url, "set-editor", out)
    question_url = base + main.locator("a.editor-prompt").first.get_attribute("href")
    _shots(browser, state, question_url, "question-editor", out)
    return ref


def _quiz_and_claim(page: Page, base: str) -> str:
    """Learner: a practice quiz over the whole set, typed answers wrong; claims one.
    Returns the result page's URL."""
    sign_up(page, base, "learner-lena")
    main = page.locator("main")
    main.get_by_role("link", name=TITLE).click()
    main.get_by_role("link", name="Start a quiz").click()
    count = page.get_by_label("Number of questions")
    total = int(count.get_attribute("max"))
    count.fill(str(total))  # every question, so the typed ones are surely asked
    main.get_by_role("button", name="Start quiz").click()
    typed = 0
    for number in range(1, total + 1):
        expect(main.get_by_text(f"Question {number} of {total}")).to_be_visible()
        box = main.locator("#answer-input")
        if box.count():
            typed += 1
            box.fill("12345" if box.get_attribute("type") == "number" else "no idea")
        else:
            main.locator(".quiz-option input").first.check()
        main.get_by_role("button", name="Submit answer").click()
        main.locator("[data-next]").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+/result$"))
    assert typed, "no typed question in the quiz"
    result_url = page.url
    main.get_by_role("button", name="I was right").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Claim sent")
    expect(main.get_by_text("Claim sent: waiting for your teacher")).to_be_visible()

    page.goto(base + "/")
    main.get_by_role("link", name=TITLE).click()
    main.get_by_role("button", name="Study this set").click()
    expect(page.get_by_role("status").first).to_contain_text("to your study deck")
    main.get_by_role("button", name=re.compile(r"^Show answer")).click()
    expect(main.locator("#study-answer")).to_be_visible()
    main.get_by_role("button", name=re.compile(r"^Good · ")).click()
    expect(main.locator("#study-prompt").or_(main.get_by_text("All caught up"))).to_be_visible()
    return result_url


def test_generate_review_publish_quiz_claim_study(page: Page, browser: Browser,
                                                  studio_server: str, tmp_path: Path) -> None:
    base = studio_server
    ref = _generate_and_review(page, base, browser, tmp_path)

    learner_context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        learner = learner_context.new_page()
        learner.set_default_timeout(10_000)
        result_url = _quiz_and_claim(learner, base)

        main = page.locator("main")
        page.goto(f"{base}/sets/{ref}")
        main.get_by_role("link", name="“I was right” claims").click()
        expect(main.get_by_text("1 waiting")).to_be_visible()
        main.get_by_role("button", name=re.compile(r"^Accept the claim of")).click()
        expect(page.get_by_role("status").first).to_contain_text("Accepted")
        expect(main.locator("td .badge", has_text="Accepted")).to_be_visible()

        learner.goto(result_url)
        expect(learner.locator("main").get_by_text("Claim accepted")).to_be_visible()
    finally:
        learner_context.close()

    shots = sorted(tmp_path.glob("*.png"))
    assert len(shots) == 12 and all(p.stat().st_size > 0 for p in shots)
