"""The sign-in slow-down holds across server processes: it counts in the database."""
from __future__ import annotations

import http.cookiejar
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import BIN, ROOT, prepare_instance, serve, server_env, stop

pytestmark = pytest.mark.e2e


class Browserish:
    """A cookie-keeping HTTP client that signs in through the real form (CSRF on)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def sign_in(self, base: str, username: str, password: str) -> tuple[int, dict[str, str]]:
        """GET the form for a token, POST it; return (status, headers) without following."""
        with self.opener.open(base + "/account/signin", timeout=10) as page:
            html = page.read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                       "password": password}).encode()
        request = urllib.request.Request(base + "/account/signin", data=data)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers)


def test_five_failures_across_two_processes_slow_down_both(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    prepare_instance(instance, load_banks=False)
    subprocess.run([str(BIN / "quizapp"), "users", "create", "ada", "--password",
                    "correct horse battery"], env=server_env(instance), check=True,
                   capture_output=True, cwd=ROOT, timeout=60)
    first, p1 = serve(instance, workers=1)
    second, p2 = serve(instance, workers=1)
    try:
        client = Browserish()
        for attempt in range(5):
            status, _ = client.sign_in(first if attempt % 2 else second, "ada", f"wrong-{attempt}")
            assert status == 200, f"attempt {attempt + 1} answered {status}"
        for server in (first, second):
            status, headers = client.sign_in(server, "ada", "correct horse battery")
            assert status == 429
            assert 0 < int(headers["Retry-After"]) <= 15
    finally:
        stop(p1)
        stop(p2)
