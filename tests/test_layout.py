"""The layout stays as the README draws it: SQL only in the data package (schema and the bulk
generators excepted), the import contracts of pyproject.toml kept and able to break, app.py on top
of ui and mik, and the README's "Project layout" naming every package in the contracts' order."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from mik.settings import ROOT

#: A string constant that is a SQL statement (f-strings too: their literal parts are constants).
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|CREATE\s+(OR\s+REPLACE\s+)?(TABLE|VIEW|INDEX|SEQUENCE)|DELETE\s+FROM"
    r"|UPDATE\s+\w+\s+SET|DROP\s+TABLE|ALTER\s+TABLE|ATTACH\s|COPY\s.+\sTO)\b",
    re.S | re.I,
)
#: Where SQL may be written: the data package (schema, queries, writes) and the bulk generators.
SQL_HOMES = ("mik/data/", "mik/tools/")
CODE = ("app.py", "mik", "ui", "pages", "scripts")


def sql_in(path: Path) -> list[int]:
    """Lines of ``path`` holding a SQL statement in a string."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prose = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}  # docstrings say "copy ... to"
    return sorted(
        {
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in prose and SQL.search(n.value)
        }
    )


def code_files(root: Path) -> list[Path]:
    return [p for top in CODE for p in ([root / top] if top.endswith(".py") else sorted((root / top).rglob("*.py")))]


def test_sql_lives_in_the_data_package_only():
    outside = {
        str(p.relative_to(ROOT)): lines
        for p in code_files(ROOT)
        if not str(p.relative_to(ROOT)).startswith(SQL_HOMES) and (lines := sql_in(p))
    }
    assert outside == {}, f"SQL outside mik/data: {outside}"
    assert sql_in(ROOT / "mik" / "data" / "queries" / "registrations.py"), "the scan finds no SQL where it is"


def test_the_sql_scan_catches_a_query_written_in_a_figure_module(tmp_path):
    broken = tmp_path / "hotspots.py"
    broken.write_text(
        (ROOT / "mik" / "figures" / "hotspots.py").read_text(encoding="utf-8")
        + '\n\ndef sneaky(con, gm):\n    return con.execute(f"select street from registration_points g = {gm}")\n',
        encoding="utf-8",
    )
    assert sql_in(broken) and not sql_in(ROOT / "mik" / "figures" / "hotspots.py")


def contracts() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_the_import_contracts_hold_and_break_on_a_page_that_imports_the_generators(tmp_path):
    """`make test` runs lint-imports; here it runs on this tree (kept) and on a copy whose ui imports
    mik.tools and whose mik imports ui (broken, naming both contracts)."""
    kept = lint_imports(ROOT)
    assert kept.returncode == 0 and f"{len(contracts()['contracts'])} kept, 0 broken" in kept.stdout, kept.stdout
    for top in ("mik", "ui", "pages"):
        shutil.copytree(ROOT / top, tmp_path / top, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "ui" / "cards.py").open("a", encoding="utf-8") as f:
        f.write("\nfrom mik.tools import demo  # noqa: E402\n")
    with (tmp_path / "mik" / "figures" / "targets.py").open("a", encoding="utf-8") as f:
        f.write("\nimport ui.style  # noqa: E402\n")
    broken = lint_imports(tmp_path)
    assert broken.returncode != 0
    assert "ui.cards -> mik.tools" in broken.stdout and "mik.figures.targets -> ui.style" in broken.stdout
    assert "2 broken" in broken.stdout, broken.stdout


def test_app_py_sits_on_ui_and_mik():
    """app.py is a script, not a package, so the contracts do not see it: its imports are checked here."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    ours = {m for m in imported if m.split(".")[0] in {"mik", "ui", "pages"}}
    assert ours and not any(m.startswith(("mik.tools", "mik.cli", "ui.tools", "pages")) for m in ours), ours


def layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Project layout", 1)[1]
    return re.search(r"```\n(.*?)```", section, re.S).group(1)


def test_the_readme_layout_names_every_package_in_the_contracts_order():
    block = layout_block()
    drawn = re.findall(r"^  (\w+)(?:/|\.py)", block.split("\nmik/", 1)[1], re.M)
    packages = {p.name for p in (ROOT / "mik").iterdir() if (p / "__init__.py").exists()} | {"settings"}
    assert set(drawn) >= packages, f"not in the README's layout: {packages - set(drawn)}"
    mik_layers = next(c for c in contracts()["contracts"] if c["id"] == "mik-layers")["layers"]
    order = [name.strip() for layer in mik_layers for name in re.split(r"[|:]", layer) if name.strip() != "__main__"]
    assert [d for d in drawn if d in order] == order, "the README lists mik's packages out of the contracts' order"
    for module in sorted((ROOT / "ui").glob("*.py")):
        if module.stem != "__init__":
            assert f"{module.stem}.py" in block, f"ui/{module.name} is not in the README's layout"
    for top in ("app.py", "pages/", "ui/", "mik/", "data/", "geo/", "tests/", "scripts/", "docs/"):
        assert re.search(rf"^{re.escape(top)}\s", block, re.M), top
