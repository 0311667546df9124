"""Accessibility and layout sweep, in Chromium: every page a GET route renders, for the
user who sees it, at 1280 px and 390 px, in light and dark colour schemes, checked with
axe-core (vendored in tests/e2e/vendor, read from disk: no network) against WCAG 2.0/2.1
A and AA — no "serious" or "critical" violation — and, at 390 px, for sideways scrolling.
A last test signs up a 120-character display name and writes 300/500-character words
(a set title, a prompt, an answer, a learner's typed answer) and checks that no page
showing them scrolls sideways at 390 or 1280 px.

The module runs its own gunicorn and `quizapp worker` over one instance folder (like
test_studio_e2e.py), so generation finishes and the drafts review has drafts to show;
the shared live server has no worker. Usernames carry a per-run suffix all the same.
Every finding is also written to tests/e2e/artifacts/accessibility/<test>.json, with a
full-page screenshot of each page that scrolls sideways."""
from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from tests.e2e.conftest import ARTIFACTS, BIN, ROOT, server_env, sign_up, start_server, stop

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
AXE_SOURCE = (HERE / "vendor" / "axe.min.js").read_text(encoding="utf-8")
ARTICLE = (ROOT / "tests" / "data" / "article-lighthouse.txt").read_text(encoding="utf-8")
OUT = ARTIFACTS / "accessibility"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REPORTED_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCHEMES = ("light", "dark")
PASSWORD = "correct horse battery"
RUN = uuid.uuid4().hex[:8]  # the server is this module's, but names stay unique per run

# The teacher's hand-written set: one question of each kind a learner answers differently.
SET_TITLE = f"Rivers and lakes {RUN}"
MCQ = ("Which river flows through Cairo?", ["Nile", "Danube", "Amazon", "Thames"], "Nile")
MULTI = ("Which of these are lakes?", ["Titicaca", "Rhine", "Baikal", "Volga"],
         ["Titicaca", "Baikal"])
TRUE_FALSE = ("The Caspian Sea is the largest lake on Earth by area.", True)
SHORT = ("Which river is the longest in Europe?", "Volga")

# A GIFT file with a skipped essay, an answer's feedback left out and one broken question.
IMPORT_GIFT = b"""::Red::Which planet is red?{=Mars#Yes ~Venus ~Jupiter}

::Essay::Describe Mars. {}

Which planet is blue?{~Mars ~Venus ~Earth}
"""

AXE_RUN = """async (tags) => {
  document.getAnimations().forEach(a => { try { a.finish(); } catch (e) { /* infinite */ } });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t)
                                               .join(' >>> '),
                              impact: n.impact, html: n.html.slice(0, 200),
                              summary: (n.failureSummary || '').slice(0, 400)}))}));
}"""

# Elements sticking out past the right edge of the viewport (those inside a scrolling or
# clipping box do not make the page scroll, so they are left out). `scope` limits the
# search to a part of the page (the header).
OVERFLOW = """(scope) => {
  const vw = window.innerWidth;
  const root = scope ? document.querySelector(scope) : document.body;
  const scrollWidth = document.documentElement.scrollWidth;
  const path = el => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 6; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(s + '#' + e.id); break; }
      const cls = [...e.classList].slice(0, 2);
      if (cls.length) s += '.' + cls.join('.');
      parts.unshift(s);
      if (e === document.body) break;
    }
    return parts.join(' > ');
  };
  // Clipped by a scrolling/clipping ancestor, minding that such a box clips an absolutely
  // positioned element only when it is on the way to the element's containing block.
  const clipped = el => {
    let pos = getComputedStyle(el).position;
    for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement;
         a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (pos === 'fixed' && cs.transform === 'none') continue;
      if (pos === 'absolute' && cs.position === 'static' && cs.transform === 'none') continue;
      if (cs.overflowX !== 'visible') return true;
      pos = cs.position;
    }
    return false;
  };
  const out = [];
  if (root) {
    for (const el of root.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1 && !clipped(el)) out.push({el, r});
    }
  }
  const set = new Set(out.map(o => o.el));
  const describe = o => ({selector: path(o.el), right: Math.round(o.r.right),
                          width: Math.round(o.r.width),
                          position: getComputedStyle(o.el).position,
                          text: (o.el.textContent || '').trim().slice(0, 60)});
  const widest = out.reduce((a, b) => (b.r.right > a.r.right ? b : a), out[0]);
  return {viewport: vw, scrollWidth, count: out.length,
          widest: widest ? describe(widest) : null,
          outermost: out.filter(o => !set.has(o.el.parentElement)).slice(0, 6).map(describe)};
}"""


@dataclass
class Sweep:
    """What was checked and what was found, in one test."""

    name: str
    pages: list[str] = field(default_factory=list)
    axe: list[dict[str, Any]] = field(default_factory=list)
    overflow: list[dict[str, Any]] = field(default_factory=list)

    def report(self) -> str:
        lines = []
        for f in self.axe:
            targets = ", ".join(n["target"] for n in f["nodes"][:4])
            more = f" (+{len(f['nodes']) - 4} more)" if len(f["nodes"]) > 4 else ""
            lines.append(f"[axe] {f['page']} @ {f['width']}px {f['scheme']}: {f['rule']} "
                         f"({f['impact']}) — {f['help']} — {len(f['nodes'])} node(s): "
                         f"{targets}{more}")
        for f in self.overflow:
            widest = f["widest"]
            culprit = (f"widest {widest['selector']} (right edge {widest['right']}px, "
                       f"width {widest['width']}px)" if widest else "no element found")
            roots = "; ".join(f"{o['selector']} (right {o['right']}px, width {o['width']}px"
                              f"{', ' + o['position'] if o['position'] != 'static' else ''})"
                              for o in f["outermost"])
            what = "header content" if f.get("scope") else f"scrollWidth {f['scrollWidth']}px"
            lines.append(f"[sideways scroll] {f['page']} @ {f['viewport']}px: {what} > "
                         f"viewport {f['viewport']}px; {culprit}; outermost: {roots or '—'}")
        return "\n".join(lines)

    def save(self) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{self.name}.json").write_text(json.dumps(
            {"pages": self.pages, "axe": self.axe, "overflow": self.overflow}, indent=2,
            ensure_ascii=False), encoding="utf-8")

    def finish(self) -> None:
        """Write the findings down, then fail with all of them if there are any."""
        self.save()
        if self.axe or self.overflow:
            pytest.fail(f"{len(self.axe)} axe violation(s) (serious/critical) and "
                        f"{len(self.overflow)} sideways scroll(s) on {len(self.pages)} "
                        f"page(s) checked:\n{self.report()}", pytrace=False)


class User:
    """A browser context of its own (one per person), remembering the last document's
    HTTP status so every checked page is known to have loaded."""

    def __init__(self, browser: Browser, base: str, label: str) -> None:
        self.base, self.label = base, label
        self.context: BrowserContext = browser.new_context(viewport=DESKTOP,
                                                           color_scheme="light")
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.status: int | None = None
        self.page.on("response", self._seen)

    def _seen(self, response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.status = response.status

    def go(self, path: str) -> Page:
        response = self.page.goto(self.base + path)
        assert response is not None
        self.status = response.status
        return self.page

    def close(self) -> None:
        self.context.close()


def _check_loaded(user: User, name: str, title: str, url: str | None, status: int) -> None:
    page = user.page
    page.wait_for_load_state("load")
    if status >= 400:
        assert user.status == status, f"{name}: expected HTTP {status}, got {user.status}"
    else:
        assert user.status is not None and user.status < 400, \
            f"{name}: {page.url} answered HTTP {user.status}"
    expect(page, f"{name}: not the right page ({page.url})").to_have_title(re.compile(title))
    if url:
        expect(page, f"{name}: wrong URL").to_have_url(re.compile(url))


def _overflow(page: Page, sweep: Sweep, name: str, scope: str | None = None) -> None:
    found = page.evaluate(OVERFLOW, scope)
    sideways = found["count"] > 0 if scope else found["scrollWidth"] > found["viewport"] + 1
    if sideways:
        sweep.overflow.append({"page": name, "scope": scope, **found})
        OUT.mkdir(parents=True, exist_ok=True)
        shot = re.sub(r"[^a-z0-9]+", "-", f"{sweep.name} {name} {found['viewport']}".lower())
        page.screenshot(path=str(OUT / f"{shot.strip('-')}.png"), full_page=True)


def audit(user: User, sweep: Sweep, name: str, *, title: str, url: str | None = None,
          status: int = 200) -> None:
    """Check the page on screen: axe at both widths in both schemes, sideways scrolling at
    390 px. The page is not reloaded (some are the answer to a POST); it is resized and
    its colour scheme switched, then put back to 1280 px, light."""
    _check_loaded(user, name, title, url, status)
    page = user.page
    sweep.pages.append(name)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)  # through the DevTools protocol: the page's CSP allows it
    try:
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") \
                    == (scheme == "dark"), f"{name}: the {scheme} scheme did not apply"
                for v in page.evaluate(AXE_RUN, AXE_TAGS):
                    if v["impact"] not in REPORTED_IMPACTS:
                        continue
                    sweep.axe.append({"page": name, "url": page.url,
                                      "width": viewport["width"], "scheme": scheme,
                                      "rule": v["id"], "impact": v["impact"], "help": v["help"],
                                      "helpUrl": v["helpUrl"], "nodes": v["nodes"]})
            if viewport is PHONE:
                page.emulate_media(color_scheme="light")
                _overflow(page, sweep, name)
    finally:
        page.set_viewport_size(DESKTOP)
        page.emulate_media(color_scheme="light")


def layout(user: User, sweep: Sweep, name: str, *, title: str, url: str | None = None,
           scope: str | None = None) -> None:
    """Sideways scrolling only, at 390 and 1280 px (the long-text check)."""
    _check_loaded(user, name, title, url, 200)
    sweep.pages.append(name)
    try:
        for viewport in (PHONE, DESKTOP):
            user.page.set_viewport_size(viewport)
            _overflow(user.page, sweep, name, scope)
    finally:
        user.page.set_viewport_size(DESKTOP)


# --- the world -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def a11y_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn (shipped banks loaded) and a `quizapp worker` over one instance folder."""
    instance = tmp_path_factory.mktemp("a11y-instance")
    extra = {"QUIZAPP_SIGNUP_ADDRESS_FREE": "10000"}
    url, server = start_server(instance, **extra)
    with (instance / "worker.log").open("wb") as log:
        worker = subprocess.Popen([str(BIN / "quizapp"), "worker", "--workers", "1"],
                                  env=server_env(instance, **extra), cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            yield url
        finally:
            stop(worker)
            stop(server)


def _add_question(page: Page, base: str, ref: str, kind: str, prompt: str, *,
                  choices: list[str] | None = None, right: list[str] | None = None,
                  truth: bool | None = None, answer: str | None = None) -> str:
    """Write a question in the studio's editor; returns its id."""
    page.goto(f"{base}/sets/{ref}/questions/new?type={kind}")
    page.locator("#prompt").fill(prompt)
    for i, text in enumerate(choices or []):
        page.locator(f"#choices-{i}-text").fill(text)
        if text in (right or []):
            page.locator(f"#choices-{i}-correct").check()
    if truth is not None:
        page.locator("#truth-0" if truth else "#truth-1").check()
    if answer is not None:
        page.locator("#answer").fill(answer)
    page.locator("#explanation").fill("Geography, as the atlas has it.")
    page.get_by_role("button", name="Add question", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Question added.")
    return re.search(r"/questions/([^/]+)/edit$", page.url).group(1)


def _new_set(page: Page, base: str, title: str, description: str) -> str:
    """Create a set in the studio; returns its ref."""
    page.goto(base + "/studio/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill(description)
    page.get_by_role("button", name="Create set").click()
    expect(page).to_have_url(re.compile(r"/sets/[^/]+/edit$"))
    return re.search(r"/sets/([^/]+)/edit$", page.url).group(1)


def _set_visibility(page: Page, base: str, ref: str, label: str, said: str) -> None:
    page.goto(f"{base}/sets/{ref}/edit")
    page.get_by_label(label).check()
    publish = page.locator("section.card", has=page.get_by_role("heading", name="Publish"))
    publish.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text(said)


def _answer_current(page: Page, *, right: bool) -> str:
    """Answer the question on screen (right or wrong); returns its kind."""
    main = page.locator("main")
    prompt = main.locator(".prompt-text").first.inner_text().strip()
    if prompt == SHORT[0]:
        main.locator("#answer-input").fill(SHORT[1] if right else "Danube")
        kind = "short"
    elif prompt == TRUE_FALSE[0]:
        page.get_by_role("radio", name="True" if right else "False", exact=True).check()
        kind = "true-or-false"
    elif prompt == MULTI[0]:
        wanted = MULTI[2] if right else MULTI[2][:1]  # wrong: only one of the two
        for choice in wanted:
            page.get_by_role("checkbox", name=choice, exact=True).check()
        kind = "select-all"
    else:
        assert prompt == MCQ[0], f"unexpected question {prompt!r}"
        page.get_by_role("radio", name=MCQ[2] if right else "Danube", exact=True).check()
        kind = "multiple-choice"
    main.locator("#answer-form button.btn-primary").click()  # Submit (practice) or Save (exam)
    return kind


def _start_practice(page: Page, base: str, ref: str, count: int) -> None:
    page.goto(f"{base}/sets/{ref}/quiz")
    page.get_by_label("Practice —").check()
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_role("button", name="Start quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+/q/1$"))


@dataclass
class World:
    base: str
    teacher: User
    learner: User
    ref: str  # the teacher's published set
    qid: str  # its short-answer question
    suffix: str = RUN


@pytest.fixture(scope="module")
def world(browser: Browser, a11y_server: str) -> Iterator[World]:
    """A teacher with a published four-question set; a learner who took a practice quiz
    on it and claimed "I was right" on the typed answer, so the teacher's claims page has
    one waiting. Each keeps a browser context of their own."""
    base = a11y_server
    teacher = User(browser, base, "teacher")
    learner = User(browser, base, "learner")
    try:
        page = teacher.page
        sign_up(page, base, f"a11y-teacher-{RUN}", role="teacher")
        expect(page.get_by_role("navigation", name="Main")).to_contain_text("My sets")
        ref = _new_set(page, base, SET_TITLE, "Where the water is: rivers, lakes and seas.")
        _add_question(page, base, ref, "mcq", MCQ[0], choices=MCQ[1], right=[MCQ[2]])
        _add_question(page, base, ref, "multi", MULTI[0], choices=MULTI[1], right=MULTI[2])
        _add_question(page, base, ref, "true_false", TRUE_FALSE[0], truth=TRUE_FALSE[1])
        qid = _add_question(page, base, ref, "short", SHORT[0], answer=SHORT[1])
        _set_visibility(page, base, ref, "Public: learners find it", "Published")

        page = learner.page
        sign_up(page, base, f"a11y-learner-{RUN}")
        expect(page.get_by_role("navigation", name="Main")).to_contain_text("My quizzes")
        _start_practice(page, base, ref, 4)
        for _ in range(4):
            _answer_current(page, right=False)
            page.locator("main [data-next]").click()
        expect(page).to_have_url(re.compile(r"/quiz/\d+/result$"))
        page.get_by_role("button", name="I was right").first.click()
        expect(page.get_by_role("status").first).to_contain_text("Claim sent")
        yield World(base, teacher, learner, ref, qid)
    finally:
        teacher.close()
        learner.close()


# --- the tests -----------------------------------------------------------------------

def test_signed_out_pages(browser: Browser, a11y_server: str) -> None:
    sweep = Sweep("signed-out")
    visitor = User(browser, a11y_server, "visitor")
    try:
        visitor.go("/")
        audit(visitor, sweep, "home (signed out)", title=r"^Question sets · ")
        visitor.go("/sets/example-solar-system")
        audit(visitor, sweep, "set page (signed out)", title=r"^The Solar System · ")
        visitor.go("/sets/trump-kim-interviews/article")
        audit(visitor, sweep, "set article (signed out)", title=r"^Article · Trump",
              url=r"/sets/trump-kim-interviews/article$")
        visitor.go("/account/signin")
        audit(visitor, sweep, "sign-in", title=r"^Sign in · ")
        page = visitor.page
        page.get_by_label("Username").fill(f"nobody-{RUN}")
        page.get_by_label("Password", exact=True).fill("not the password at all")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Wrong username or password.")).to_be_visible()
        audit(visitor, sweep, "sign-in with an error", title=r"^Sign in · ",
              url=r"/account/signin")
        visitor.go("/account/signup")
        audit(visitor, sweep, "sign-up", title=r"^Sign up · ")
        page.get_by_label("Username").fill("no spaces allowed here")
        page.get_by_label("Password", exact=True).fill("short")
        page.get_by_role("button", name="Create account").click()
        expect(page.locator(".field-invalid").first).to_be_visible()
        audit(visitor, sweep, "sign-up with errors", title=r"^Sign up · ",
              url=r"/account/signup")
        visitor.go("/help/formats")
        audit(visitor, sweep, "file formats help", title=r"^File formats · ")
        visitor.go(f"/sets/no-such-set-{RUN}")
        audit(visitor, sweep, "404 page", title=r"· quizapp$", status=404)
        expect(page.locator(".error-code")).to_have_text("404")
    finally:
        visitor.close()
    sweep.finish()


def test_learner_pages(world: World) -> None:
    sweep = Sweep("learner")
    learner, base, ref = world.learner, world.base, world.ref
    page, main = learner.page, learner.page.locator("main")

    learner.go("/")
    audit(learner, sweep, "home (learner)", title=r"^Question sets · ")
    expect(main.get_by_role("link", name=SET_TITLE)).to_be_visible()
    learner.go(f"/sets/{ref}")
    audit(learner, sweep, "set page (learner, cards shown)", title=re.escape(SET_TITLE))
    learner.go("/sets/trump-kim-interviews/article")
    audit(learner, sweep, "set article (learner)", title=r"^Article · Trump")

    learner.go(f"/sets/{ref}/quiz")
    audit(learner, sweep, "quiz start", title=rf"^Start a quiz · {re.escape(SET_TITLE)}",
          url=r"/quiz$")
    expect(main.get_by_role("heading", name="Start a quiz")).to_be_visible()
    _start_practice(page, base, ref, 4)
    for number in range(1, 5):
        expect(main.get_by_text(f"Question {number} of 4")).to_be_visible()
        prompt = main.locator(".prompt-text").first.inner_text().strip()
        kind = {MCQ[0]: "multiple-choice", MULTI[0]: "select-all",
                TRUE_FALSE[0]: "true-or-false", SHORT[0]: "short answer"}[prompt]
        audit(learner, sweep, f"quiz question ({kind})", title=rf"^Question {number} of 4 ·")
        right = kind in ("multiple-choice", "true-or-false")  # two right, two wrong
        _answer_current(page, right=right)
        expect(main.get_by_role("status").first).to_contain_text(
            "Correct!" if right else re.compile("Not quite|Partly right"))
        audit(learner, sweep, f"practice feedback ({kind}, {'right' if right else 'wrong'})",
              title=rf"^Question {number} feedback ·")
        main.locator("[data-next]").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+/result$"))
    audit(learner, sweep, "quiz result (practice)", title=r"^Result · ")
    main.get_by_role("button", name="I was right").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Claim sent")
    audit(learner, sweep, "quiz result after an “I was right” claim", title=r"^Result · ")

    # An exam, for its result page (no feedback on the way).
    page.goto(f"{base}/sets/{ref}/quiz")
    page.get_by_label("Exam —").check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start quiz").click()
    main.locator("#answer-form").get_by_label("Flag this question").check()
    _answer_current(page, right=True)
    audit(learner, sweep, "exam question with its navigator (one answered and flagged)",
          title=r"^Question 2 of 2 · ")
    _answer_current(page, right=True)
    expect(page.get_by_role("heading", name="Hand in now?")).to_be_visible()
    audit(learner, sweep, "exam review before handing in (a flagged question)",
          title=r"^Hand in\? · ")
    main.get_by_role("button", name="Hand in").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+/result$"))
    audit(learner, sweep, "quiz result (exam)", title=r"^Result · ")

    learner.go("/quiz/attempts")
    audit(learner, sweep, "my quizzes (/quiz/attempts)", title=r"^My quizzes · ")
    learner.go("/progress")
    audit(learner, sweep, "my progress (/progress)", title=r"^My progress · ")

    # Study: the empty deck, a set added, a card's two sides, the session's end.
    learner.go("/study/")
    expect(main.get_by_text("Your study deck is empty")).to_be_visible()
    audit(learner, sweep, "study (empty deck)", title=r"^Study · ")
    learner.go("/study/settings")
    audit(learner, sweep, "study settings", title=r"^Study settings · ")
    expect(main.get_by_role("heading", name="Study settings")).to_be_visible()
    learner.go(f"/sets/{ref}")
    main.get_by_role("button", name="Study this set").click()
    expect(page.get_by_role("status").first).to_contain_text("to your study deck")
    expect(main.locator("#study-prompt")).to_be_visible()
    audit(learner, sweep, "study card, prompt side", title=r"^Study · ", url=r"/study/$")
    main.get_by_role("button", name=re.compile(r"^Show answer")).click()
    expect(main.locator("#study-answer")).to_be_visible()
    audit(learner, sweep, "study card, answer side", title=r"^Study · ")
    for _ in range(10):  # the rest of the new cards, rated Easy
        main.get_by_role("button", name=re.compile(r"^Easy · ")).click()
        done = main.get_by_text("All caught up")
        expect(main.locator("#study-prompt").or_(done)).to_be_visible()
        if done.is_visible():
            break
        card = main.locator("form#answer-form")
        if card.locator("input[name=choice]").count():
            card.locator("input[name=choice]").first.check()
            main.get_by_role("button", name=re.compile(r"^Check answer")).click()
        else:
            main.get_by_role("button", name=re.compile(r"^Show answer")).click()
        expect(main.locator("#study-answer")).to_be_visible()
    expect(main.get_by_role("heading", name="Session complete")).to_be_visible()
    audit(learner, sweep, "study, session complete", title=r"^Study · ")
    learner.go(f"/sets/{ref}")
    audit(learner, sweep, "set page (learner, in the deck)", title=re.escape(SET_TITLE))
    learner.go("/study/stats")
    audit(learner, sweep, "memory stats (/study/stats)", title=r"^Memory stats · ")
    sweep.finish()


def test_teacher_pages(world: World) -> None:
    sweep = Sweep("teacher")
    teacher, ref = world.teacher, world.ref
    page, main = teacher.page, teacher.page.locator("main")

    # Generation runs on the worker; the job page is checked before its poll sees "done".
    teacher.go("/studio/generate")
    audit(teacher, sweep, "generate (/studio/generate)", title=r"^Generate from an article · ")
    title = f"Bell Rock {RUN}"
    page.get_by_label("Title of the set").fill(title)
    page.get_by_label("Paste the article").fill(ARTICLE)
    page.route("**/studio/jobs/*.json", lambda route: route.abort())
    main.get_by_role("button", name="Generate questions").click()
    page.wait_for_url(re.compile(r"/studio/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    audit(teacher, sweep, "generation job (in progress)", title=r"^Generating… · ")
    page.unroute("**/studio/jobs/*.json")
    page.reload()
    page.wait_for_url(re.compile(r"/sets/[^/]+/drafts$"), timeout=120_000)
    generated = re.search(r"/sets/([^/]+)/drafts$", page.url).group(1)

    drafts = main.locator("li.draft")
    expect(drafts.first).to_be_visible()
    audit(teacher, sweep, "drafts review (all pending)", title=r"^Drafts · ",
          url=r"/drafts$")
    drafts.first.get_by_role("link", name="Edit, then keep").click()
    expect(main.get_by_role("heading", name="Edit the draft, then keep it")).to_be_visible()
    audit(teacher, sweep, "draft edit", title=r"^Edit draft · ", url=r"/drafts/\d+/edit$")
    main.get_by_role("button", name="Keep as edited").click()
    expect(page.get_by_role("status").first).to_contain_text("Kept as edited.")
    pending = main.locator("li.draft-pending").first
    pending.locator(".reject-form input[name=reason]").fill("Too easy")
    pending.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("status").first).to_contain_text("Rejected.")
    audit(teacher, sweep, "drafts review (kept, rejected and pending)", title=r"^Drafts · ",
          url=r"/drafts")
    teacher.go(f"/sets/{generated}/article/edit")
    expect(main.get_by_role("heading", name="Edit the article and generate again")
           ).to_be_visible()
    audit(teacher, sweep, "article edit", title=r"^Edit the article · ", url=r"/article/edit$")
    teacher.go(f"/studio/jobs/{job_id}?stay=1")
    audit(teacher, sweep, "generation job (done)", title=r"^Generating… · ", url=r"stay=1$")

    teacher.go("/studio")
    audit(teacher, sweep, "my sets (/studio)", title=r"^My sets · ")
    expect(main.get_by_role("link", name=SET_TITLE).first).to_be_visible()
    teacher.go("/studio/new")
    audit(teacher, sweep, "new set", title=r"^New set · ")
    teacher.go(f"/sets/{ref}/edit")
    audit(teacher, sweep, "edit set", title=rf"^Edit · {re.escape(SET_TITLE)}")
    teacher.go(f"/sets/{ref}/questions/new?type=mcq")
    audit(teacher, sweep, "new question (multiple choice)", title=r"^New question · ")
    teacher.go(f"/sets/{ref}/questions/new?type=short")
    audit(teacher, sweep, "new question (short answer)", title=r"^New question · ")
    teacher.go(f"/sets/{ref}/questions/{world.qid}/edit")
    audit(teacher, sweep, "edit question (with preview)", title=r"^Edit question · ")
    teacher.go(f"/sets/{ref}")
    audit(teacher, sweep, "set page (owner)", title=re.escape(SET_TITLE))
    teacher.go("/sets/example-solar-system")
    audit(teacher, sweep, "set page (another's set, teacher)", title=r"^The Solar System · ")
    expect(main.get_by_role("button", name="Copy to my sets")).to_be_visible()
    teacher.go(f"/sets/{ref}/overrides")
    expect(main.get_by_text(re.compile(r"^\d+ waiting$"))).to_be_visible()
    audit(teacher, sweep, "“I was right” claims (/sets/<slug>/overrides)",
          title=r"^“I was right” claims · ", url=r"/overrides$")

    # Import (a file with a skipped question, notes and an error) and export.
    teacher.go(f"/sets/{ref}/import")
    audit(teacher, sweep, "import into a set", title=r"^Import into ")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "planets.gift", "mimeType": "text/plain", "buffer": IMPORT_GIFT})
    main.get_by_role("button", name="Preview the import").click()
    page.wait_for_url(re.compile(r"/studio/imports/[^/]+$"))
    expect(main.get_by_role("heading", name=re.compile("problem"))).to_be_visible()
    audit(teacher, sweep, "import preview (skipped, notes, an error)",
          title=r"^Preview import · ", url=r"/studio/imports/")
    teacher.go("/studio/import")
    audit(teacher, sweep, "import a new set", title=r"^Import a set · ")
    teacher.go(f"/sets/{ref}/export")
    audit(teacher, sweep, "export", title=r"^Export · ")

    # A class: its list, its page (code, roster, assignments), assigning; the learner joins.
    teacher.go("/classes")
    audit(teacher, sweep, "classes (none yet)", title=r"^Classes · ")
    page.get_by_label("Class name").fill(f"Geography {RUN}")
    main.get_by_role("button", name="Create class").click()
    page.wait_for_url(re.compile(r"/classes/\d+$"))
    class_url = page.url
    link = main.locator(".join-card a").first.get_attribute("href")
    main.get_by_role("link", name="Assign a set").first.click()
    audit(teacher, sweep, "assign a set", title=r"^Assign · ")
    page.get_by_label("Due", exact=True).fill("2099-06-01T09:00")
    main.get_by_role("button", name="Assign", exact=True).click()
    page.wait_for_url(re.compile(r"/classes/\d+$"))
    main.get_by_role("link", name="Assign a set").first.click()
    main.get_by_role("radio", name=re.compile("^Study")).check()
    page.get_by_label("Title").fill("Learn the rivers")
    audit(teacher, sweep, "assign a set to study", title=r"^Assign · ")
    page.get_by_label("Due", exact=True).fill("2099-06-08T09:00")
    main.get_by_role("button", name="Assign", exact=True).click()
    page.wait_for_url(re.compile(r"/classes/\d+$"))
    learner = world.learner
    learner.page.goto(link)
    audit(learner, sweep, "join a class (from the link)", title=r"^Join a class · ",
          url=r"/join/")
    learner.page.locator("main").get_by_role("button", name="Join").click()
    learner.page.wait_for_url(re.compile(r"/assignments$"))
    audit(learner, sweep, "assignments (learner)", title=r"^Assignments · ",
          url=r"/assignments$")
    learner.page.locator("main").get_by_role("button", name=re.compile("^Start(?! studying)")
                                             ).click()
    learner.page.wait_for_url(re.compile(r"/quiz/\d+/q/1$"))
    learner.page.locator("main").get_by_role("link", name="Hand in…").click()
    learner.page.wait_for_url(re.compile(r"/quiz/\d+/finish$"))
    audit(learner, sweep, "hand in? (the review before handing in)", title=r"^Hand in\? · ",
          url=r"/finish$")
    teacher.go(class_url.replace(world.base, ""))
    audit(teacher, sweep, "class (a learner, two assignments)", title=rf"^Geography {RUN}")
    main.get_by_role("link", name=re.compile(r"^Results.*Learn the rivers")).click()
    audit(teacher, sweep, "study assignment results", title=r"^Results · ")
    teacher.go(class_url.replace(world.base, ""))
    main.get_by_role("link", name="Results").first.click()
    audit(teacher, sweep, "quiz assignment results (nothing handed in)", title=r"^Results · ")
    teacher.go(class_url.replace(world.base, ""))
    main.get_by_role("link", name=re.compile(r"^Change")).first.click()
    audit(teacher, sweep, "change an assignment", title=r"^Change · ")
    teacher.go("/classes")
    audit(teacher, sweep, "classes (one)", title=r"^Classes · ")

    # Changing the short answer's key to what the learners typed asks about a regrade.
    teacher.go(f"/sets/{ref}/questions/{world.qid}/edit")
    page.locator("#answer").fill("Danube")
    main.get_by_role("button", name="Save", exact=True).click()
    expect(main.get_by_role("heading", name="Regrade the answers already given?")
           ).to_be_visible()
    audit(teacher, sweep, "regrade question (after an edit)", title=r"^Regrade past answers\? · ")
    sweep.finish()


def test_long_text_does_not_scroll_sideways(browser: Browser, world: World) -> None:
    """A 120-character display name; a 300-character title (the form's most), 500-character
    prompt and right answer, and a learner's 500-character typed answer, none with a space."""
    sweep = Sweep("long-text")
    base, teacher = world.base, world.teacher
    long_title = ("Supercalifragilistic" * 20)[:300]
    long_prompt = ("Whatisthenameofthisverylongriver" * 20)[:500]
    long_answer = ("Riverofnoreturn" * 40)[:500]
    typed = ("Mississippimissouri" * 30)[:500]
    page = teacher.page
    ref = _new_set(page, base, long_title, ("Nospacesinthisdescription" * 20)[:500])
    _add_question(page, base, ref, "short", long_prompt, answer=long_answer)
    _set_visibility(page, base, ref, "Public: learners find it", "Published")

    reader = User(browser, base, "long name")
    try:
        page, main = reader.page, reader.page.locator("main")
        long_name = ("Maximilianfrederick" * 7)[:120]
        page.goto(base + "/account/signup")
        page.get_by_label("Username").fill(f"a11y-longname-{RUN}")
        page.get_by_label("Your name (shown to teachers)").fill(long_name)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat password").fill(PASSWORD)
        page.get_by_role("radio", name=re.compile("^Learner")).check()
        page.get_by_role("button", name="Create account").click()
        expect(page.locator("header .nav-user")).to_contain_text(long_name)

        reader.go("/")
        layout(reader, sweep, "header (120-character display name)", title=r"^Question sets · ",
               scope="header")
        layout(reader, sweep, "home with a 300-character set title", title=r"^Question sets · ")
        reader.go(f"/sets/{ref}")
        layout(reader, sweep, "set page with long title and description", title=r"^Supercali")
        _start_practice(page, base, ref, 1)
        layout(reader, sweep, "quiz question with a 500-character prompt", title=r"^Question 1")
        main.locator("#answer-input").fill(typed)
        assert len(main.locator("#answer-input").input_value()) == 500
        main.get_by_role("button", name="Submit answer").click()
        expect(main.get_by_role("status").first).to_contain_text("Not quite")
        expect(main.locator(".answer-pair")).to_contain_text(typed)
        layout(reader, sweep, "practice feedback with 500-character answers",
               title=r"^Question 1 feedback")
        main.locator("[data-next]").click()
        expect(page).to_have_url(re.compile(r"/quiz/\d+/result$"))
        layout(reader, sweep, "quiz result with 500-character answers", title=r"^Result · ")
        reader.go("/quiz/attempts")
        layout(reader, sweep, "my quizzes (/quiz/attempts) with a 300-character title",
               title=r"^My quizzes · ")
    finally:
        reader.close()
        # private again: the other tests' pages need not show it
        _set_visibility(teacher.page, base, ref, "Private: only you", "private again")
    sweep.finish()
