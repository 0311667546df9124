"""The many-boxes topology, built once for the scale tests (`make test-scale`)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scale import topology as topo

if not os.environ.get("QUIZAPP_SCALE"):
    collect_ignore_glob = ["test_*.py"]  # `make test-scale` sets QUIZAPP_SCALE=1


@pytest.fixture(scope="session")
def top(tmp_path_factory: pytest.TempPathFactory) -> Iterator[topo.Topology]:
    if not Path(topo.HAPROXY).exists():
        pytest.fail(f"no HAProxy at {topo.HAPROXY}: apt-get install haproxy (.ci/run does)")
    built = topo.build(tmp_path_factory.mktemp("scale"))
    try:
        yield built
    finally:
        built.stop()
        topo.drop_database(built.database_url.rsplit("/", 1)[1])
