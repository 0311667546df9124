"""Import and export pages: upload, preview (nothing written), import, export with what
each format leaves out, the file back; bad files are told beside the field."""
from __future__ import annotations

import io
import threading

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Bank, Question
from tests.conftest import AuthActions

GIFT = b"""$CATEGORY: $course$/Planets

// [id:red]
::Red::Which planet is red?{=Mars ~Venus ~Jupiter}

The Sun is a star.{T}

::Essay::Describe Mars. {}
"""


def _teacher(app: Flask) -> FlaskClient:
    client = app.test_client()
    AuthActions(client).signup("tess", role="teacher")
    return client


def _upload(client: FlaskClient, url: str, data: bytes, name: str, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(url, data={"format": "auto", **fields,
                                  "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id))) or 0


def test_upload_preview_import_export(app: Flask) -> None:
    client = _teacher(app)
    assert "Import a file" in client.get("/studio").get_data(as_text=True)
    response = _upload(client, "/studio/import", GIFT, "planets.gift")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Nothing has changed yet" in page and "GIFT (Moodle)" in page
    assert "line 8 (question &#39;Essay&#39;)" in page and "essay question" in page
    assert "Which planet is red?" in page and "Import 2 questions" in page
    assert _count(app, Bank) == 0
    done = client.post(response.location, data={"action": "import"})
    assert done.status_code == 302 and done.location.endswith("/sets/tess~planets/edit")
    editor = client.get(done.location).get_data(as_text=True)
    assert "Imported: 2 added" in editor and "Which planet is red?" in editor
    export = client.get("/sets/tess~planets/export").get_data(as_text=True)
    assert "GIFT (Moodle)" in export and "Keeps everything in this set." in export
    file = client.get("/sets/tess~planets/export/gift")
    assert file.status_code == 200
    assert file.headers["Content-Disposition"] == 'attachment; filename="planets.gift"'
    assert b"// [id:red]" in file.data
    again = _upload(client, "/sets/tess~planets/import", file.data, "planets.gift")
    page = client.get(again.location).get_data(as_text=True)
    assert "already the same" in page
    client.post(again.location, data={"action": "import"})
    assert _count(app, Question) == 2


def test_bad_files_are_told_beside_the_field(app: Flask) -> None:
    client = _teacher(app)
    page = _upload(client, "/studio/import", b"Sky?{T}\n\nCaf\xe9?{T}\n", "latin1.gift",
                   format="gift").get_data(as_text=True)
    assert 'id="file-error"' in page
    assert "latin1.gift: line 3: the file is not UTF-8 text (a character near column 4" in page
    assert "CSV UTF-8" in page
    page = _upload(client, "/studio/import", b"hello", "notes.docx").get_data(as_text=True)
    assert "cannot tell the file&#39;s format" in page
    page = client.post("/studio/import", data={"format": "auto"},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Choose a file to import." in page
    broken = _upload(client, "/studio/import", b"Which?{~a ~b ~c}\n", "b.gift")
    page = client.get(broken.location).get_data(as_text=True)
    assert "1 problem to fix first" in page and "line 1: " not in page
    assert "no answer is marked right" in page and "Import 0" not in page
    assert client.post(broken.location, data={"action": "import"}).status_code == 302
    assert _count(app, Bank) == 0


def test_the_good_questions_can_be_imported_leaving_the_broken_out(app: Flask) -> None:
    client = _teacher(app)
    data = GIFT + b"\nWhich planet is blue?{~Mars ~Venus ~Earth}\n"
    response = _upload(client, "/studio/import", data, "mixed.gift")
    page = client.get(response.location).get_data(as_text=True)
    assert "1 problem to fix first" in page
    assert "Import the 2 questions without problems" in page
    done = client.post(response.location, data={"action": "import-good"})
    assert done.status_code == 302 and _count(app, Question) == 2


def test_cancel_changes_nothing(app: Flask) -> None:
    client = _teacher(app)
    response = _upload(client, "/studio/import", GIFT, "planets.gift")
    cancelled = client.post(response.location, data={"action": "cancel"})
    assert cancelled.status_code == 302 and _count(app, Bank) == 0
    assert client.get(response.location).status_code == 404


def test_a_double_clicked_import_imports_once(app: Flask) -> None:
    client = _teacher(app)
    response = _upload(client, "/studio/import", GIFT, "planets.gift")
    cookies = {c.key: c.value for c in client._cookies.values()}  # noqa: SLF001
    results: list[int] = []

    def click() -> None:
        other = app.test_client()
        for key, value in cookies.items():
            other.set_cookie(key, value)
        results.append(other.post(response.location, data={"action": "import"}).status_code)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302, 302]
    assert (_count(app, Bank), _count(app, Question)) == (1, 2)


def test_quizlet_text_with_the_separators_chosen(app: Flask) -> None:
    client = _teacher(app)
    data = b"Mars - the red planet;;Venus - the hottest planet;;Jupiter - the largest"
    response = _upload(client, "/studio/import", data, "planets.txt", format="quizlet",
                       term_sep="custom", term_custom=" - ", card_sep="custom",
                       card_custom=";;")
    page = client.get(response.location).get_data(as_text=True)
    assert "Quizlet (text)" in page and "Import 3 questions" in page
    assert "the hottest planet" in page
    client.post(response.location, data={"action": "import"})
    with app.app_context():
        prompts = db.session.scalars(select(Question.prompt).order_by(Question.position))
        assert list(prompts) == ["Mars", "Venus", "Jupiter"]


def test_importing_a_file_again_as_new_points_to_the_set_it_made(app: Flask) -> None:
    client = _teacher(app)
    first = _upload(client, "/studio/import", GIFT, "planets.gift")
    client.post(first.location, data={"action": "import"})
    again = _upload(client, "/studio/import", GIFT, "planets.gift")
    page = client.get(again.location).get_data(as_text=True)
    assert "You already have a set called “Planets”" in page
    assert 'href="/sets/tess~planets/import"' in page
