"""Deny by default: no figure function of mik takes an optional access, every figure function of
ui.data refuses a session without a logged-in role, and every page asks for its permission first."""

from __future__ import annotations

import ast
import inspect
import types

import pytest

import ui.data
from mik.privacy.access import PERMISSIONS, AccessDenied
from mik.settings import ROOT
from ui import auth, cache

MIK = ROOT / "mik"


def optional_access(tree: ast.AST) -> list[str]:
    """Functions of a module whose ``access`` parameter has a default (fails open when forgotten)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        args = node.args
        positional = args.posonlyargs + args.args
        defaults = dict(
            zip([a.arg for a in positional][len(positional) - len(args.defaults) :], args.defaults, strict=True)
        )
        defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None})
        if "access" in defaults:
            found.append(node.name)
    return found


def test_no_function_in_mik_takes_an_optional_access():
    offenders = {
        str(p.relative_to(ROOT)): names
        for p in MIK.rglob("*.py")
        if (names := optional_access(ast.parse(p.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_check_finds_an_optional_access():
    assert optional_access(ast.parse("def f(con, access=None):\n    pass\ndef g(con, *, access): pass")) == ["f"]


def ungated(module: types.ModuleType, monkeypatch) -> list[str]:
    """Public functions of ``module`` that answer (or fail otherwise) without a logged-in role."""
    monkeypatch.setattr(auth, "current_access", lambda: None)
    cache._figure_caches.clear()
    open_ = []
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or fn.__module__ != module.__name__:
            continue
        args = [None] * len([p for p in inspect.signature(fn).parameters.values() if p.default is p.empty])
        try:
            fn(*args)
        except AccessDenied:
            continue
        except Exception:  # it went on to read something: the gate did not stop it
            pass
        open_.append(name)
    return open_


def test_every_figure_function_of_ui_data_is_behind_the_gate(monkeypatch):
    public = [n for n, f in inspect.getmembers(ui.data, inspect.isfunction) if f.__module__ == "ui.data"]
    assert len([n for n in public if not n.startswith("_")]) >= 30
    assert ungated(ui.data, monkeypatch) == []


def test_the_gate_test_catches_a_wrapper_that_skips_the_gate(monkeypatch):
    broken = types.ModuleType("broken_data")

    @cache.shared(ttl=1, max_entries=2)  # cached, but no secured/gated: anyone gets it
    def lineage(path):
        return f"all of {path}"

    @auth.gated()
    def categories(path):
        return path

    for fn in (lineage, categories):
        fn.__module__ = "broken_data"
        setattr(broken, fn.__name__, fn)
    assert ungated(broken, monkeypatch) == ["lineage"]


def first_call(path) -> tuple[str, str] | None:
    """(function, permission) of the first statement of a page after its imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    stmt = next(n for n in tree.body[1:] if not isinstance(n, (ast.Import, ast.ImportFrom)))
    call = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign)) else None
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    return f"{ast.unparse(call.func)}", call.args[0].value if call.args else None


def app_pages() -> dict[str, str]:
    """Page file name -> the permission app.py lists it with."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id in ("PAGES", "PRESENTATION"):
            value = ast.literal_eval(node.value)
            for row in value if node.targets[0].id == "PAGES" else (value,):
                out[row[0]] = row[4]
    return out


@pytest.mark.parametrize("page", sorted(p.stem for p in (ROOT / "pages").glob("*.py")))
def test_every_page_asks_for_the_permission_it_is_listed_with(page):
    listed = app_pages()
    assert page in listed, f"pages/{page}.py is not listed in app.py"
    assert listed[page] in PERMISSIONS
    assert first_call(ROOT / "pages" / f"{page}.py") == ("auth.require", listed[page])
