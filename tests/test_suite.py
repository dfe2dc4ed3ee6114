"""The test suite's own machinery: `make test` relies on pytest-xdist keeping each `xdist_group` on
one worker (the browser tests share their servers that way). pytest 9.2 broke that silently: the
tests were spread over both workers and every shared server was started twice."""

import os
import subprocess
import sys

from tests.conftest import ROOT

GROUPED = """
import os
import pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("n", range(6))
def test_where(n):
    with open(os.environ["WORKERS_FILE"], "a") as f:
        f.write(f"{__name__} {os.environ['PYTEST_XDIST_WORKER']}\\n")
"""


def test_an_xdist_group_runs_on_one_worker(tmp_path):
    for name in ("test_a.py", "test_b.py"):
        (tmp_path / name).write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_other.py").write_text("def test_alone():\n    pass\n", encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider", "-q"]
    done = subprocess.run(
        [*command, "-o", "addopts=", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "WORKERS_FILE": str(tmp_path / "workers.txt")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = (tmp_path / "workers.txt").read_text().split()
    workers = set(lines[1::2])
    assert len(lines) == 24 and len(workers) == 1, lines  # twelve tests of two modules, one worker
