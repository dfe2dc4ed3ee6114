"""The command line, run as users run it: python -m mik ..."""

import io
import json
import subprocess
import sys
from contextlib import redirect_stdout

import pandas as pd
import pytest

from mik.cli.main import main
from tests.conftest import ROOT


def run(*args) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def cli(capsys, *args) -> tuple[int, str, str]:
    """``python -m mik ARGS`` in this process: its exit code, stdout and stderr as the shell gets
    them (the interpreter prints the message of a ``SystemExit("...")`` and exits with 1)."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    if isinstance(code, str):
        err, code = err + code + "\n", 1
    return code or 0, out, err


def test_help_lists_subcommands():
    res = subprocess.run([sys.executable, "-m", "mik", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0
    for sub in ("demo", "table", "status"):
        assert sub in res.stdout


def test_demo_command_builds_a_database(tmp_path):
    db = tmp_path / "x.duckdb"
    out = run("demo", "--db", str(db), "--seed", "3")
    assert db.exists() and "45 buurten" in out and "built in" in out


def test_status_2014_json_shows_the_plans_published_values(demo_db, cfg):
    data = json.loads(run("status", "--year", "2014", "--json", "--db", str(demo_db)))
    assert data["synthetic_demo_data"] is True
    values = {r["indicator"]: r["value"] for r in data["indicators"]}
    for b in cfg.baselines:
        if b.primary and b.year == 2014:
            assert values[b.indicator] == b.value


def test_what_if_moves_what_it_should_and_nothing_else(demo_db):
    base = json.loads(run("status", "--year", "2015", "--json", "--db", str(demo_db)))
    alt = json.loads(
        run(
            "status",
            "--year",
            "2015",
            "--json",
            "--db",
            str(demo_db),
            "--what-if",
            "bedreiging=<:3.5",
            "--what-if",
            "hic=<=:50",
        )
    )
    b = {r["indicator"]: r["status"] for r in base["indicators"]}
    a = {r["indicator"]: r["status"] for r in alt["indicators"]}
    assert b["bedreiging"] == "met" and a["bedreiging"] == "not_met"  # demo 2015: 3,8 per 1.000
    assert b["hic"] == a["hic"] == "met"  # a looser threshold keeps it met
    assert {k for k in a if a[k] != b[k]} == {"bedreiging"}
    assert alt["scenario"] == {"bedreiging": ["<", 3.5], "hic": ["<=", 50.0]}


def test_table_buurt_sums_to_the_gemeente(demo_db):
    buurt = pd.read_csv(
        io.StringIO(run("table", "--level", "buurt", "--period", "2015", "--category", "0.0.0", "--db", str(demo_db)))
    )
    gm = pd.read_csv(
        io.StringIO(
            run("table", "--level", "gemeente", "--period", "2015", "--category", "0.0.0", "--db", str(demo_db))
        )
    )
    assert len(buurt) == 45
    assert buurt["count"].sum() == gm["count"].iloc[0] > 0


def test_table_json_per_1000_and_area(demo_db):
    rows = json.loads(
        run(
            "table",
            "--level",
            "wijk",
            "--period",
            "2016-09-R12",
            "--indicator",
            "hic",
            "--area",
            "WK093580",
            "--format",
            "json",
            "--db",
            str(demo_db),
        )
    )
    assert len(rows) == 1
    r = rows[0]
    assert r["value"] == pytest.approx(r["count"] / r["population"] * 1000)
    assert r["unit"] == "per_1000" and r["complete"] is True


def test_table_survey_indicator(demo_db):
    rows = json.loads(
        run(
            "table",
            "--level",
            "wijk",
            "--period",
            "2015",
            "--indicator",
            "onveilig_buurt",
            "--format",
            "json",
            "--db",
            str(demo_db),
        )
    )
    assert len(rows) == 8 and all(r["lower"] < r["value"] < r["upper"] for r in rows)


@pytest.mark.parametrize(
    "args,message",
    [
        (["table", "--level", "buurt", "--period", "2016-13", "--category", "1.1.1"], "YYYY-MM-R12"),
        (["status", "--year", "2015", "--what-if", "hic<44"], "INDICATOR=COMPARATOR:THRESHOLD"),
        (["status", "--year", "2015", "--what-if", "hic==:44"], "INDICATOR=COMPARATOR:THRESHOLD"),
        (["status", "--year", "2015", "--what-if", "nope=<:4"], "nope"),
        (["table", "--level", "buurt", "--period", "2015", "--category", "9.9.9"], "unknown category"),
    ],
)
def test_bad_input_gets_a_clear_message(demo_db, capsys, args, message):
    code, _, err = cli(capsys, *args, "--db", str(demo_db))
    assert code != 0
    assert message in err


def test_missing_database(tmp_path, capsys):
    code, _, err = cli(capsys, "status", "--year", "2015", "--db", str(tmp_path / "no.duckdb"))
    assert code != 0 and "python -m mik demo" in err


def test_users_add_and_list(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    monkeypatch.setenv("MIK_USERS", str(path))
    res = subprocess.run(
        [sys.executable, "-m", "mik", "users", "add", "team-veiligheid-1", "--role", "driehoek", "--password-stdin"],
        cwd=ROOT,
        input="een lang wachtwoord\n",
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert "een lang wachtwoord" not in path.read_text() and "$argon2id$" in path.read_text()
    listed = subprocess.run([sys.executable, "-m", "mik", "users", "list"], cwd=ROOT, capture_output=True, text=True)
    assert "team-veiligheid-1\tdriehoek" in listed.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "mik", "users", "add", "x", "--role", "superuser", "--password-stdin"],
        cwd=ROOT,
        input="een lang wachtwoord\n",
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0 and "unknown role" in bad.stderr


def test_imports_are_audited(tmp_path, capsys):
    from mik.data import audit

    db = tmp_path / "a.duckdb"
    csv_file = tmp_path / "pop.csv"
    csv_file.write_text("code;inwoners\nGM0935;125000\n", encoding="utf-8")
    assert cli(capsys, "import", "population", str(csv_file), "--year", "2016", "--db", str(db))[0] == 0
    log = audit.read(db)
    assert list(log.action) == ["import"] and "pop.csv" in log.detail.iloc[0]


def test_mik_audit_writes_no_formula_into_csv(tmp_path, capsys):
    from mik.cli.main import main
    from mik.data import audit

    db = tmp_path / "a.duckdb"
    audit.record(db, '=HYPERLINK("http://example.invalid","klik")', "", "login_failed", "+1")
    assert main(["audit", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out and "'+1" in out
    assert "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out
