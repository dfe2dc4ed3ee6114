"""A new installation for another gemeente: its config, a basic monitor or a copy of a full plan.

An installation is a config file, not a code edit: ``MIK_CONFIG=/path/config.toml`` selects it
for the app and every command (see :func:`mik.plan.config.config_path`). :func:`write_config` writes,
by default, a **basic monitor**: the public CBS/Politie figures as indicators without targets, valid
for every year (``basic_monitor.toml``), with the project's comparison set, population and privacy
settings. With a template (``mik init --plan FILE``) it copies that full plan instead, with the
gemeente's code and name, its name in the plan's title, and the reference municipalities without
the gemeente itself; the header of the written file says the plan is to be replaced by the
gemeente's own.

For example (Maastricht's plan as a template for Breda)::

    text = config_text(open("config.toml").read(), "GM0758", "Breda")
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pandas as pd

from mik.plan.config import DEFAULT_CONFIG, ConfigError, _check_gemeente_code, parse_config
from mik.settings import DATA_DIR

GEMEENTEN = DATA_DIR / "gemeenten.csv"


def known_name(code: str) -> str | None:
    """The name of a gemeente in ``data/gemeenten.csv`` (the G4 and G40), or None."""
    names = pd.read_csv(GEMEENTEN, dtype=str).set_index("code").name
    return names.get(code)


def _table_span(text: str, header: str) -> tuple[int, int]:
    """Start and end offsets of a ``[header]`` table's body in TOML text."""
    m = re.search(rf"^\[{re.escape(header)}\][ \t]*$", text, flags=re.M)
    if not m:
        raise ConfigError(header, "missing in the template")
    nxt = re.search(r"^\[", text[m.end() :], flags=re.M)
    return m.end(), m.end() + (nxt.start() if nxt else len(text) - m.end())


def _set_key(body: str, key: str, value: str) -> str:
    line = re.compile(rf'^{key}[ \t]*=[ \t]*".*"[ \t]*$', flags=re.M)
    if not line.search(body):
        raise ConfigError(key, "missing in the template")
    return line.sub(f"{key} = {_toml_string(value)}", body, count=1)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


BASIC_MONITOR = Path(__file__).with_name("basic_monitor.toml")


def basic_monitor_text(template: str, name: str) -> str:
    """The template with its plan (themes, indicators, baselines, targets) replaced by the basic
    monitor (``basic_monitor.toml``): public CBS/Politie figures, no targets, every year."""
    start = re.search(r"^# --- Themes", template, flags=re.M)
    end = re.search(r"^# --- Comparison set", template, flags=re.M)
    if not start or not end:
        raise ConfigError("template", "has no '# --- Themes' ... '# --- Comparison set' block to replace")
    fmt = re.search(r"^# Format, per table", template, flags=re.M)  # the template's own story left out
    head = template[fmt.start() :] if fmt else template
    start = re.search(r"^# --- Themes", head, flags=re.M)
    end = re.search(r"^# --- Comparison set", head, flags=re.M)
    text = head[: start.start()] + BASIC_MONITOR.read_text(encoding="utf-8") + head[end.start() :]
    plan_start, plan_end = _table_span(text, "plan")
    body = (
        f"\nname_nl = {_toml_string(f'Basismonitor veiligheid {name}')}\n"
        f"name_en = {_toml_string(f'Basic safety monitor {name}')}\n"
        "years = []  # the basic monitor holds for every year; a plan names the years it covers\n\n"
    )
    return text[:plan_start] + body + text[plan_end:]


def _without_area_roles(text: str, code: str) -> str:
    """The template's roles of some wijken (``areas = [...]``) left out: they name wijken of the
    template's gemeente, and without them such a role would see the whole city. A comment says how
    to add the new gemeente's own."""
    blocks = [
        m
        for m in re.finditer(r"^\[\[roles\]\][ \t]*\n(?:(?!\[).*(?:\n|$))*", text, flags=re.M)
        if re.search(r"^areas[ \t]*=", m.group(0), flags=re.M)
    ]
    for m in reversed(blocks):
        ids = re.search(r'^id[ \t]*=[ \t]*"(.*)"', m.group(0), flags=re.M)
        note = (
            f"# The template's role {ids.group(1) if ids else '?'} of some of its wijken was left out. A partner\n"
            f'# of some wijken: [[roles]] with id, finest_level, unsuppressed = false, areas = ["WK{code[2:]}.."].\n\n'
        )
        text = text[: m.start()] + note + text[m.end() :]
    return text


def config_text(template: str, code: str, name: str, today: dt.date | None = None, *, basic: bool = False) -> str:
    """The template's TOML text made into the config of gemeente ``code`` called ``name``; with
    ``basic`` its plan is replaced by the basic monitor (:func:`basic_monitor_text`).

    Comments and layout are kept; the result is validated before it is returned.
    """
    _check_gemeente_code(code, "--gemeente")
    if not name.strip():
        raise ConfigError("--name", "empty")
    old = tomllib.loads(template)
    old_code, old_name = old["gemeente"]["code"], old["gemeente"]["name"]
    if basic:
        template = basic_monitor_text(template, name)
        old = tomllib.loads(template)

    start, end = _table_span(template, "gemeente")
    body = _set_key(_set_key(template[start:end], "code", code), "name", name)
    text = template[:start] + body + template[end:]

    if not basic:  # the basic monitor's plan names the gemeente already
        start, end = _table_span(text, "plan")
        body = text[start:end]
        for key in ("name_nl", "name_en"):
            current = old["plan"][key]
            body = _set_key(
                body, key, current.replace(old_name, name) if old_name in current else f"{current} ({name})"
            )
        text = text[:start] + body + text[end:]

    text = _without_area_roles(text, code)
    start, end = _table_span(text, "comparison.references")
    body = re.sub(rf"^{code}\s*=.*\n", "", text[start:end], flags=re.M)  # the gemeente is not its own reference
    text = text[:start] + body + text[end:]

    stamp = (today or dt.date.today()).isoformat()
    if basic:
        header = (
            f"# MIK installation for {name} ({code}), written by `python -m mik init` on {stamp}: a basic\n"
            "# monitor of the public CBS/Politie figures, without targets (see the block 'Basic monitor').\n"
            f"# Replace that block by {name}'s own safety plan when there is one.\n"
            "# Use this file with MIK_CONFIG=<this file> for the app and every `python -m mik` command.\n#\n"
        )
    else:
        header = (
            f"# MIK installation for {name} ({code}), written by `python -m mik init` on {stamp} from the plan\n"
            f"# template of {old_name} ({old_code}). The themes, indicators, baselines and targets below are\n"
            f"# that template's: replace them by {name}'s own safety plan (next year's plan is an edit of this\n"
            "# file). Use this file with MIK_CONFIG=<this file> for the app and every `python -m mik` command.\n#\n"
        )
    text = header + text
    parse_config(tomllib.loads(text))  # never write a config the app would refuse
    return text


def write_config(out: Path, code: str, name: str | None = None, template: Path | None = None, force=False):
    """Write the config of gemeente ``code`` to ``out``; returns (path, name). Raises ConfigError.

    Without a ``template`` (a full plan such as Maastricht's config.toml) it writes the basic
    monitor; its other settings (comparison set, population, privacy, roles) come from the project's
    config.toml."""
    code = code.strip().upper()
    name = (name or known_name(code) or "").strip()
    if not name:
        raise ConfigError("--name", f"{code} is not in data/gemeenten.csv: give the gemeente's name with --name")
    out = Path(out)
    if out.exists() and not force:
        raise ConfigError(str(out), "exists already; choose another file or add --force")
    basic = template is None
    text = config_text(Path(template or DEFAULT_CONFIG).read_text(encoding="utf-8"), code, name, basic=basic)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out, name
