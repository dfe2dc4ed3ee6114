"""Every file of the malformed corpus (tests/malformed.py) is refused as a user meets it: exit code 1,
one message naming the file (and row and field where they apply), no traceback, the database file
byte-identical, and the attempt in the audit log."""

from __future__ import annotations

import hashlib

import pytest

from mik.cli.main import main
from mik.data import audit
from tests.malformed import CASES


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_corpus_covers_every_kind_with_at_least_50_files():
    assert len(CASES) >= 50
    assert {c[1] for c in CASES} == {"crime", "population", "peers", "survey", "activities", "boundaries"}
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_malformed_file_is_refused_cleanly(db, tmp_path, capsys, case):
    _, kind, file_name, content, words, *extra = case
    path = tmp_path / file_name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = sha256(db)
    code = main(["import", kind, str(path), "--db", str(db), *(extra[0] if extra else [])])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"import refused, database unchanged: {file_name}")
    assert words in err
    assert "Traceback" not in err and err.count("\n") == 1  # one message, one line
    assert sha256(db) == before
    last = audit.read(db).iloc[0]  # newest first
    assert last.action == "import" and file_name in last.detail and last.detail.startswith(("refused", "failed"))
