"""A teacher imports a Moodle GIFT file through its preview, changes nothing, imports it,
exports the set as an Anki package and as Moodle XML, and each file re-imports to the same
questions with the same ids — in Chromium, against gunicorn."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quizapp.core import formats
from tests.e2e.conftest import sign_up

pytestmark = pytest.mark.e2e

GIFT = (Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "gift"
        / "moodle_shape.gift")


def _upload(page: Page, path: Path) -> None:
    page.get_by_label("File", exact=True).set_input_files(str(path))
    page.locator("main").get_by_role("button", name="Preview the import").click()
    page.wait_for_url(re.compile(r"/studio/imports/[^/]+$"))


def test_gift_in_apkg_and_moodle_xml_out_same_ids(page: Page, live_server: str,
                                                  tmp_path: Path) -> None:
    base, main = live_server, page.locator("main")
    sign_up(page, base, f"gift{uuid.uuid4().hex[:8]}", role="teacher")
    page.goto(base + "/studio")
    main.get_by_role("link", name="Import a file").click()
    _upload(page, GIFT)
    expect(main.get_by_role("heading", name="Preview: moodle_shape.gift")).to_be_visible()
    expect(main).to_contain_text("Nothing has changed yet.")
    expect(main.get_by_role("heading", name="Skipped, and why")).to_be_visible()
    expect(main).to_contain_text("an essay question (quizapp has no essay questions)")
    expect(main).to_contain_text("a matching question (quizapp has no matching questions)")
    main.get_by_role("button", name="Import 13 questions").click()
    page.wait_for_url(re.compile(r"/sets/[^/]+/edit$"))
    expect(page.get_by_role("status").first).to_contain_text("Imported: 13 added")
    ref = re.search(r"/sets/([^/]+)/edit$", page.url).group(1)

    wanted = formats.get("gift").read(GIFT.read_bytes(), GIFT.name)
    ids = [q.id for q in wanted.questions]
    main.get_by_role("link", name="Export").click()
    expect(main.get_by_role("heading", name=re.compile("^Export"))).to_be_visible()
    files = {}
    for name, label in (("apkg", "Anki package"), ("moodle_xml", "Moodle XML")):
        item = main.locator("li.export-item").filter(has_text=label)
        with page.expect_download() as download:
            item.get_by_role("link", name=re.compile("^Download")).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        files[name] = path
        back = formats.get(name).read(path.read_bytes(), path.name)
        assert back.errors == ()
        assert [q.id for q in back.questions] == ids, name
        assert [q.prompt for q in back.questions] == [q.prompt for q in wanted.questions]
    assert files["apkg"].name.endswith(".apkg") and files["moodle_xml"].name.endswith(".xml")

    for path in files.values():  # through the app again: nothing new, nothing changed
        page.goto(f"{base}/sets/{ref}/import")
        _upload(page, path)
        tiles = main.locator(".count-tile")
        expect(tiles.filter(has_text="new")).to_contain_text("0")
        expect(tiles.filter(has_text="already the same")).to_contain_text("13")
        expect(main).to_contain_text("there is nothing to import")
        expect(main.locator("td .badge").filter(has_text="Already the same")).to_have_count(13)
        expect(main.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
