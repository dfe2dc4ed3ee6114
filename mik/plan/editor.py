"""Changes to the plan as edits of its TOML text: what the Plan page and Wat als save.

Each function takes the config's text and returns the changed text, keeping every comment and the
layout of what it does not touch (tomlkit), so a plan edited in the app still reads as the file
a person wrote. :func:`validate` runs the config's own checks (:func:`mik.plan.config.parse_config`)
on the result: a change the config file would refuse is refused here too, with the same message.
:func:`describe` says in words what changed between two versions (for the version list and the
audit log).

For example (a target for 2017 in the plan's text)::

    text = set_target(open("config.toml").read(), "hic", 2017, TargetSpec("<=", threshold=42.0), where="Plan-pagina")
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

import tomlkit
from tomlkit.items import Table

from mik.plan.config import COMPARATORS, Config, ConfigError, Target, parse_config
from mik.plan.formatting import fmt_comparator, fmt_number, fmt_value

#: The plan's kinds of target, as the Plan page offers them.
TARGET_FORMS = ("none", "absolute", "baseline", "peer")


@dataclass(frozen=True)
class TargetSpec:
    """One target as a person sets it: ``comparator`` and exactly one of ``threshold`` (a number),
    ``peer`` (a peer group: its statistic of the target's year) or ``change_pct`` with
    ``baseline_year`` (the plan's baseline of that year, changed by that percentage)."""

    comparator: str
    threshold: float | None = None
    peer: str | None = None
    change_pct: float | None = None
    baseline_year: int | None = None
    kind: str = "UP"

    @property
    def form(self) -> str:
        return "peer" if self.peer else "baseline" if self.change_pct is not None else "absolute"


def validate(text: str) -> Config:
    """The config the text would be; ConfigError (naming the key) when the app would refuse it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("config", f"not valid TOML ({exc})") from None
    return parse_config(data)


def _doc(text: str) -> tomlkit.TOMLDocument:
    return tomlkit.parse(text)


def _indicator_table(doc, indicator: str) -> Table:
    for table in doc.get("indicators") or []:
        if table.get("id") == indicator:
            return table
    raise ConfigError("indicators", f"unknown indicator {indicator!r}")


def _target_table(indicator: str, year: int, spec: TargetSpec, where: str) -> Table:
    if spec.comparator not in COMPARATORS:
        raise ConfigError("comparator", f"{spec.comparator!r} is not one of {', '.join(COMPARATORS)}")
    given = [x is not None for x in (spec.threshold, spec.peer, spec.change_pct)]
    if sum(given) != 1:
        raise ConfigError("threshold", "give exactly one of a number, a peer group or a change from the baseline")
    table = tomlkit.table()
    table.add("indicator", indicator)
    table.add("year", int(year))
    table.add("kind", spec.kind)
    table.add("comparator", spec.comparator)
    if spec.threshold is not None:
        table.add("threshold", float(spec.threshold))
    elif spec.peer is not None:
        table.add("threshold_peer", spec.peer)
    else:
        table.add("change_pct", float(spec.change_pct))
        if spec.baseline_year is None:
            raise ConfigError("baseline_year", "a change needs the year of the baseline it starts from")
        table.add("baseline_year", int(spec.baseline_year))
    table.add("where", where)
    return table


_HEADER = r"^\s*\[\[\s*{key}\s*\]\]\s*(#.*)?$"


def _blocks(lines: list[str], key: str) -> list[tuple[int, int]]:
    """(first, last) line of every ``[[key]]`` table: its header and its last key line (the
    comments and blank lines after it belong to what follows)."""
    header = re.compile(_HEADER.format(key=re.escape(key)))
    starts = [i for i, line in enumerate(lines) if header.match(line)]
    out = []
    for first in starts:
        end = next((i for i in range(first + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
        last = max(i for i in range(first, end) if lines[i].strip() and not lines[i].lstrip().startswith("#"))
        out.append((first, last))
    return out


def _rendered(key: str, table: Table) -> list[str]:
    return tomlkit.dumps({key: [table]}).splitlines(keepends=True)


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _append_table(text: str, key: str, table: Table) -> str:
    """``text`` with ``table`` as a new ``[[key]]`` right after the last one (before the comments
    that open the next section), or at the end of the file when there is none."""
    lines = _lines(text)
    blocks = _blocks(lines, key)
    if not blocks:
        return "".join(lines).rstrip("\n") + "\n\n" + "".join(_rendered(key, table))
    last = blocks[-1][1]
    return "".join([*lines[: last + 1], "\n", *_rendered(key, table), *lines[last + 1 :]])


def _replace_table(text: str, key: str, index: int, table: Table | None) -> str:
    """``text`` with the ``index``-th ``[[key]]`` table replaced by ``table`` (None: removed, with
    the blank line after it); the comments around it stay."""
    lines = _lines(text)
    first, last = _blocks(lines, key)[index]
    if table is not None:
        return "".join([*lines[:first], *_rendered(key, table), *lines[last + 1 :]])
    after = last + 2 if last + 1 < len(lines) and not lines[last + 1].strip() else last + 1
    return "".join([*lines[:first], *lines[after:]])


def _index(doc, key: str, match) -> int | None:
    for i, table in enumerate(doc.get(key) or []):
        if match(table):
            return i
    return None


def set_target(text: str, indicator: str, year: int, spec: TargetSpec | None, *, where: str) -> str:
    """The plan with the primary target of ``indicator`` in ``year`` set to ``spec`` (None: no
    target). Statements that are not primary (an annex's other figure) are kept as they are."""
    doc = _doc(text)
    _indicator_table(doc, indicator)
    index = _index(
        doc, "targets", lambda t: t.get("indicator") == indicator and t.get("year") == year and t.get("primary", True)
    )
    if spec is None:
        return text if index is None else _replace_table(text, "targets", index, None)
    new = _target_table(indicator, year, spec, where)
    return _append_table(text, "targets", new) if index is None else _replace_table(text, "targets", index, new)


def set_baseline(text: str, indicator: str, year: int, value: float, *, where: str) -> str:
    """The plan with a primary baseline (nulmeting) of ``indicator`` in ``year`` at ``value``."""
    doc = _doc(text)
    _indicator_table(doc, indicator)
    new = tomlkit.table()
    new.add("indicator", indicator)
    new.add("year", int(year))
    new.add("value", float(value))
    new.add("where", where)
    index = _index(
        doc, "baselines", lambda t: t.get("indicator") == indicator and t.get("year") == year and t.get("primary", True)
    )
    return _append_table(text, "baselines", new) if index is None else _replace_table(text, "baselines", index, new)


def add_year(text: str, year: int, *, copy_from: int | None = None, where: str) -> str:
    """The plan with ``year`` among its years; with ``copy_from`` each primary target of that year
    is copied to the new year (a start for next year's plan, to be changed where it differs)."""
    doc = _doc(text)
    years = doc["plan"].get("years")
    if years is None:
        doc["plan"]["years"] = [int(year)]
    elif year in years:
        raise ConfigError("plan.years", f"{year} is a plan year already")
    else:
        values = sorted([*map(int, years), int(year)])
        years.clear()
        years.extend(values)
    if copy_from is not None:
        text = tomlkit.dumps(doc)
        cfg = validate(text)
        for target in [t for t in cfg.targets if t.year == copy_from and t.primary]:
            if cfg.target(target.indicator, year) is None:
                text = set_target(text, target.indicator, year, spec_of(target), where=where)
        return text
    return tomlkit.dumps(doc)


def remove_year(text: str, year: int) -> str:
    """The plan without ``year`` among its years (its targets stay in the file, unused)."""
    doc = _doc(text)
    years = doc["plan"].get("years") or []
    if year not in years:
        raise ConfigError("plan.years", f"{year} is not a plan year")
    years.remove(year)
    return tomlkit.dumps(doc)


def set_enabled(text: str, indicator: str, on: bool) -> str:
    """The plan with ``indicator`` switched on or off (``enabled = false``; its targets are kept)."""
    doc = _doc(text)
    _indicator_table(doc, indicator)
    index = _index(doc, "indicators", lambda t: t.get("id") == indicator)
    lines = _lines(text)
    first, last = _blocks(lines, "indicators")[index]
    flag = re.compile(r"^\s*enabled\s*=")
    lines = [line for i, line in enumerate(lines) if not (first <= i <= last and flag.match(line))]
    if not on:
        last = _blocks(lines, "indicators")[index][1]
        lines.insert(last + 1, "enabled = false  # switched off on the Plan page; its targets are kept\n")
    return "".join(lines)


def apply_scenario(text: str, year: int, overrides: dict[str, tuple[str, float]], *, where: str) -> str:
    """The plan with Wat als's thresholds (indicator -> (comparator, threshold)) as its targets."""
    cfg = validate(text)
    for indicator, (comparator, threshold) in sorted(overrides.items()):
        old = cfg.target(indicator, year)
        spec = TargetSpec(comparator, threshold=float(threshold), kind=old.kind if old else "UP")
        text = set_target(text, indicator, year, spec, where=where)
    return text


def spec_of(target: Target) -> TargetSpec:
    """The TargetSpec a stored target was made from."""
    if target.from_baseline:
        return TargetSpec(
            target.comparator, change_pct=target.change_pct, baseline_year=target.baseline_year, kind=target.kind
        )
    if target.is_relative:
        return TargetSpec(target.comparator, peer=target.threshold_peer, kind=target.kind)
    return TargetSpec(target.comparator, threshold=target.threshold, kind=target.kind)


def target_words(cfg: Config, target: Target | None, lang: str = "nl", peer_value: float | None = None) -> str:
    """A target as the plan states it: '≤ 7,0%', '≤ 6,1% (-10% t.o.v. 2014)', '≤ G32/G40-gemiddelde
    2018' (with ``peer_value``, the group's figure once known: '... 2018 (25,9%)'). The one wording of
    a target: the Plan page, the version list and every status (:func:`mik.figures.targets.target_text`)."""
    if target is None:
        return "geen doel" if lang != "en" else "no target"
    unit = cfg.indicator(target.indicator).unit
    comp = fmt_comparator(target.comparator)
    if target.is_relative:
        known = f" ({fmt_value(peer_value, unit, lang)})" if peer_value is not None else ""
        return f"{comp} {cfg.peer_group(target.threshold_peer).name(lang)} {target.year}{known}"
    change = ""
    if target.from_baseline:  # ' (-10% t.o.v. 2014)'
        pct = fmt_number(target.change_pct, 0 if float(target.change_pct).is_integer() else 1, lang, signed=True)
        change = f" ({pct}% {'vs' if lang == 'en' else 't.o.v.'} {target.baseline_year})"
    return f"{comp} {fmt_value(target.threshold, unit, lang)}{change}"


def describe(old: Config, new: Config, lang: str = "nl") -> list[str]:
    """What changed from ``old`` to ``new``, a sentence per change: years, indicators on and off,
    targets set, changed or removed."""
    en = lang == "en"
    out = []
    for y in sorted(set(new.plan_years) - set(old.plan_years)):
        out.append(f"Plan year {y} added" if en else f"Planjaar {y} toegevoegd")
    for y in sorted(set(old.plan_years) - set(new.plan_years)):
        out.append(f"Plan year {y} removed" if en else f"Planjaar {y} verwijderd")
    old_on, new_on = {i.id for i in old.indicators}, {i.id for i in new.indicators}
    every = {i.id: i for i in (*old.indicators, *old.indicators_off, *new.indicators, *new.indicators_off)}
    for i in sorted(new_on - old_on):
        out.append(f"{every[i].name(lang)} switched on" if en else f"{every[i].name(lang)} aangezet")
    for i in sorted(old_on - new_on):
        out.append(f"{every[i].name(lang)} switched off" if en else f"{every[i].name(lang)} uitgezet")
    keys = sorted(
        {(t.indicator, t.year) for c in (old, new) for t in c.targets if t.primary and t.indicator in old_on & new_on}
    )
    for ind, year in keys:
        a, b = old.target(ind, year), new.target(ind, year)
        wa, wb = target_words(old, a, lang), target_words(new, b, lang)
        if wa != wb:
            out.append(f"{every[ind].name(lang)} {year}: {wa} → {wb}")
    for b in new.baselines:
        if b not in old.baselines and b.indicator in old_on & new_on:
            unit = every[b.indicator].unit
            word = "baseline" if en else "nulmeting"
            out.append(f"{every[b.indicator].name(lang)} {word} {b.year}: {fmt_value(b.value, unit, lang)}")
    return out
