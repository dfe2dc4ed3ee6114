"""The safety plan as data: read ``config.toml`` into frozen, validated objects.

Every error names the key that is wrong (``indicators[3].unit``), so a policy advisor editing next
year's plan sees at once where to look.

Example
-------
>>> from mik.plan.config import load_config
>>> cfg = load_config()
>>> cfg.indicator("hic").categories[:2]
('1.1.1', '1.2.1')
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mik.settings import DEFAULT_CONFIG


def config_path() -> Path:
    """The installation's config: ``$MIK_CONFIG`` when set, else the project's ``config.toml``."""
    return Path(os.environ.get("MIK_CONFIG") or DEFAULT_CONFIG)


THEME_KINDS = ("prioriteit", "overkoepelend", "overig")
SOURCES = ("police", "survey")
UNITS = ("percent", "per_1000", "score", "count")
DIRECTIONS = ("lower", "higher")
COMPARATORS = ("<", "<=", ">", ">=")
TARGET_KINDS = ("UP", "MJP")
INDICATOR_STATUSES = ("actief", "in_ontwikkeling")
PEER_STATISTICS = ("mean", "weighted")
LEVELS = ("gemeente", "wijk", "buurt", "straat")


class ConfigError(ValueError):
    """A problem in config.toml; the message starts with the offending key."""

    def __init__(self, key: str, message: str, path: Path | None = None):
        self.key = key
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{key}: {message}")


@dataclass(frozen=True)
class Theme:
    id: str
    kind: str
    name_nl: str
    name_en: str
    note_nl: str = ""
    note_en: str = ""

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    name_nl: str
    name_en: str
    source: str
    unit: str
    direction: str
    categories: tuple[str, ...] = ()
    question_nl: str = ""
    definition_nl: str = ""
    status: str = "actief"
    peer_statistic: str = "mean"
    enabled: bool = True

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl

    @property
    def has_data_definition(self) -> bool:
        """False for an indicator the plan names but has not defined yet."""
        return self.status == "actief" and (self.source == "survey" or bool(self.categories))


@dataclass(frozen=True)
class Baseline:
    indicator: str
    year: int
    value: float
    where: str
    label: str = ""
    primary: bool = True


@dataclass(frozen=True)
class Target:
    """One target statement: ``value <comparator> threshold`` for an indicator and year.

    ``threshold_peer`` names a peer group whose statistic of that year is the threshold
    (a relative target such as "<= G32 average of 2018"); then ``threshold`` is None. A target
    relative to a baseline gives ``baseline_year`` and ``change_pct`` (-10 for "10% lower"); its
    ``threshold`` is the primary baseline of that year changed by that percentage.
    """

    indicator: str
    year: int
    kind: str
    comparator: str
    where: str
    threshold: float | None = None
    threshold_peer: str | None = None
    primary: bool = True
    baseline_year: int | None = None
    change_pct: float | None = None

    @property
    def is_relative(self) -> bool:
        return self.threshold_peer is not None

    @property
    def from_baseline(self) -> bool:
        """A target relative to the plan's baseline ("10% lower than 2014"); its ``threshold`` is
        the baseline's value changed by ``change_pct`` percent, worked out when the plan is read."""
        return self.change_pct is not None


@dataclass(frozen=True)
class PeerGroup:
    id: str
    name_nl: str
    name_en: str
    members: tuple[str, ...]

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class Denominator:
    """A named series that adds people present besides the inhabitants: ``weight`` person-years
    per unit (one overnight stay = 1/365). Imported per area and year (``denominators``)."""

    id: str
    name_nl: str
    name_en: str
    weight: float
    note_nl: str = ""

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class SignalBreak:
    """A change in how a category is registered (``category`` a code, or ``*`` for all), from
    ``month`` on: the signals' baselines leave out the months before it."""

    category: str
    month: dt.date
    reason_nl: str = ""


@dataclass(frozen=True)
class Role:
    id: str
    finest_level: str
    unsuppressed: bool
    admin: bool = False
    plan: bool = False  # may change the plan (targets, years, indicators on/off) on the Plan page
    duiding: str = ""  # "write": writes and finalizes the duiding (mik.data.duiding); "remark": adds remarks
    areas: tuple[str, ...] = ()  # wijk codes: its own areas at its finest level, the rest at gemeente level only


@dataclass(frozen=True)
class Config:
    plan_name_nl: str
    plan_name_en: str
    plan_years: tuple[int, ...]
    gemeente_code: str
    gemeente_name: str
    themes: tuple[Theme, ...]
    indicators: tuple[Indicator, ...]
    baselines: tuple[Baseline, ...]
    targets: tuple[Target, ...]
    peer_groups: tuple[PeerGroup, ...]
    references: tuple[tuple[str, str], ...]
    small_count_threshold: int = 5
    population_reference: str = "1 januari"
    roles: tuple[Role, ...] = field(default_factory=tuple)
    auth_role_claim: str = "mik_role"
    denominators: tuple[Denominator, ...] = ()
    signal_breaks: tuple[SignalBreak, ...] = ()
    #: Indicators the plan keeps but has switched off (``enabled = false``): not on any screen,
    #: their targets and baselines left out of ``targets`` and ``baselines``.
    indicators_off: tuple[Indicator, ...] = ()

    @property
    def breaks(self) -> dict[str, dt.date]:
        """Category code (or ``*``) -> the first month of its newest registration practice."""
        out: dict[str, dt.date] = {}
        for b in self.signal_breaks:
            out[b.category] = max(out.get(b.category, b.month), b.month)
        return out

    @property
    def denominator_weights(self) -> dict[str, float]:
        """Series -> person-years per unit, of every configured extra denominator."""
        return {d.id: d.weight for d in self.denominators}

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(f"unknown indicator {indicator_id!r}")

    def indicators_of(self, theme_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.theme == theme_id)

    def peer_group(self, group_id: str) -> PeerGroup:
        return next(g for g in self.peer_groups if g.id == group_id)

    def target(self, indicator_id: str, year: int) -> Target | None:
        """The primary target for an indicator in a year, or None if the plan sets none."""
        for t in self.targets:
            if t.indicator == indicator_id and t.year == year and t.primary:
                return t
        return None

    def baselines_of(self, indicator_id: str, primary_only: bool = True) -> tuple[Baseline, ...]:
        return tuple(b for b in self.baselines if b.indicator == indicator_id and (b.primary or not primary_only))

    @property
    def police_categories(self) -> tuple[str, ...]:
        """Every category code that some indicator sums, in first-seen order."""
        seen: dict[str, None] = {}
        for ind in self.indicators:
            for code in ind.categories:
                seen.setdefault(code, None)
        return tuple(seen)


# --- parsing helpers --------------------------------------------------------------------------


def _require(table: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if key not in table:
        raise ConfigError(f"{where}.{key}", "missing")
    value = table[key]
    if isinstance(value, bool) and kind is not bool and bool not in _as_tuple(kind):
        raise ConfigError(f"{where}.{key}", f"expected {_kind_name(kind)}, got {value!r}")
    if not isinstance(value, kind):
        raise ConfigError(f"{where}.{key}", f"expected {_kind_name(kind)}, got {value!r}")
    return value


def _optional(table: dict[str, Any], key: str, where: str, kind, default):
    if key not in table:
        return default
    return _require(table, key, where, kind)


def _as_tuple(kind) -> tuple:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true/false", list: "a list"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _choice(value: str, allowed: tuple[str, ...], key: str) -> str:
    if value not in allowed:
        raise ConfigError(key, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _check_unknown_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            raise ConfigError(f"{where}.{key}", "unknown key (typo?)")


def _parse_themes(raw: list[dict]) -> tuple[Theme, ...]:
    themes = []
    for i, t in enumerate(raw):
        w = f"themes[{i}]"
        _check_unknown_keys(t, {"id", "kind", "name_nl", "name_en", "note_nl", "note_en"}, w)
        themes.append(
            Theme(
                id=_require(t, "id", w, str),
                kind=_choice(_require(t, "kind", w, str), THEME_KINDS, f"{w}.kind"),
                name_nl=_require(t, "name_nl", w, str),
                name_en=_require(t, "name_en", w, str),
                note_nl=_optional(t, "note_nl", w, str, ""),
                note_en=_optional(t, "note_en", w, str, ""),
            )
        )
    _check_unique([t.id for t in themes], "themes")
    return tuple(themes)


INDICATOR_KEYS = {
    "id",
    "theme",
    "name_nl",
    "name_en",
    "source",
    "unit",
    "direction",
    "categories",
    "question_nl",
    "definition_nl",
    "status",
    "peer_statistic",
    "enabled",
}


def _parse_indicators(raw: list[dict], theme_ids: set[str]) -> tuple[Indicator, ...]:
    indicators = []
    for i, d in enumerate(raw):
        w = f"indicators[{i}]"
        _check_unknown_keys(d, INDICATOR_KEYS, w)
        theme = _require(d, "theme", w, str)
        if theme not in theme_ids:
            raise ConfigError(f"{w}.theme", f"unknown theme {theme!r}")
        source = _choice(_require(d, "source", w, str), SOURCES, f"{w}.source")
        status = _choice(_optional(d, "status", w, str, "actief"), INDICATOR_STATUSES, f"{w}.status")
        categories = tuple(_optional(d, "categories", w, list, []))
        if any(not isinstance(c, str) for c in categories):
            raise ConfigError(f"{w}.categories", "every category code must be text")
        if source == "police" and status == "actief" and not categories:
            raise ConfigError(f"{w}.categories", "a police indicator needs at least one category")
        indicators.append(
            Indicator(
                id=_require(d, "id", w, str),
                theme=theme,
                name_nl=_require(d, "name_nl", w, str),
                name_en=_require(d, "name_en", w, str),
                source=source,
                unit=_choice(_require(d, "unit", w, str), UNITS, f"{w}.unit"),
                direction=_choice(_require(d, "direction", w, str), DIRECTIONS, f"{w}.direction"),
                categories=categories,
                question_nl=_optional(d, "question_nl", w, str, ""),
                definition_nl=_optional(d, "definition_nl", w, str, ""),
                status=status,
                peer_statistic=_choice(
                    _optional(d, "peer_statistic", w, str, "mean"),
                    PEER_STATISTICS,
                    f"{w}.peer_statistic",
                ),
                enabled=_optional(d, "enabled", w, bool, True),
            )
        )
    _check_unique([i.id for i in indicators], "indicators")
    return tuple(indicators)


def _parse_baselines(raw: list[dict], indicator_ids: set[str]) -> tuple[Baseline, ...]:
    out = []
    for i, d in enumerate(raw):
        w = f"baselines[{i}]"
        _check_unknown_keys(d, {"indicator", "year", "value", "where", "label", "primary"}, w)
        ind = _require(d, "indicator", w, str)
        if ind not in indicator_ids:
            raise ConfigError(f"{w}.indicator", f"baseline for unknown indicator {ind!r}")
        out.append(
            Baseline(
                indicator=ind,
                year=_require(d, "year", w, int),
                value=float(_require(d, "value", w, (int, float))),
                where=_require(d, "where", w, str),
                label=_optional(d, "label", w, str, ""),
                primary=_optional(d, "primary", w, bool, True),
            )
        )
    return tuple(out)


def _parse_targets(
    raw: list[dict], indicator_ids: set[str], group_ids: set[str], baselines: tuple[Baseline, ...] = ()
) -> tuple[Target, ...]:
    out = []
    seen: set[tuple[str, int]] = set()
    keys = {
        "indicator",
        "year",
        "kind",
        "comparator",
        "threshold",
        "threshold_peer",
        "baseline_year",
        "change_pct",
        "where",
        "primary",
    }
    for i, d in enumerate(raw):
        w = f"targets[{i}]"
        _check_unknown_keys(d, keys, w)
        ind = _require(d, "indicator", w, str)
        if ind not in indicator_ids:
            raise ConfigError(f"{w}.indicator", f"target for unknown indicator {ind!r}")
        given = [k for k in ("threshold", "threshold_peer", "change_pct") if k in d]
        if len(given) != 1:
            raise ConfigError(
                f"{w}.threshold",
                "give exactly one of threshold (a number), threshold_peer (a peer group) or "
                "change_pct with baseline_year (relative to the plan's baseline)",
            )
        threshold = float(_require(d, "threshold", w, (int, float))) if "threshold" in d else None
        peer = _require(d, "threshold_peer", w, str) if "threshold_peer" in d else None
        if peer is not None and peer not in group_ids:
            raise ConfigError(f"{w}.threshold_peer", f"unknown peer group {peer!r}")
        change = base_year = None
        if "change_pct" in d:
            change = float(_require(d, "change_pct", w, (int, float)))
            if change <= -100:
                raise ConfigError(f"{w}.change_pct", "a change of -100% or less leaves nothing")
            base_year = _require(d, "baseline_year", w, int)
            base = [b for b in baselines if b.indicator == ind and b.year == base_year and b.primary]
            if not base:
                raise ConfigError(f"{w}.baseline_year", f"the plan has no baseline for {ind} in {base_year}")
            threshold = round(base[0].value * (1 + change / 100), 6)
        elif "baseline_year" in d:
            raise ConfigError(f"{w}.baseline_year", "only with change_pct")
        target = Target(
            indicator=ind,
            year=_require(d, "year", w, int),
            kind=_choice(_require(d, "kind", w, str), TARGET_KINDS, f"{w}.kind"),
            comparator=_choice(_require(d, "comparator", w, str), COMPARATORS, f"{w}.comparator"),
            where=_require(d, "where", w, str),
            threshold=threshold,
            threshold_peer=peer,
            primary=_optional(d, "primary", w, bool, True),
            baseline_year=base_year,
            change_pct=change,
        )
        if target.primary:
            key = (target.indicator, target.year)
            if key in seen:
                raise ConfigError(
                    f"{w}.primary",
                    f"a second primary target for {ind} in {target.year}; mark one primary = false",
                )
            seen.add(key)
        out.append(target)
    return tuple(out)


def _parse_comparison(raw: dict) -> tuple[tuple[PeerGroup, ...], tuple[tuple[str, str], ...]]:
    groups = []
    for i, g in enumerate(raw.get("peer_groups", [])):
        w = f"comparison.peer_groups[{i}]"
        _check_unknown_keys(g, {"id", "name_nl", "name_en", "members"}, w)
        members = tuple(_require(g, "members", w, list))
        for m in members:
            _check_gemeente_code(m, f"{w}.members")
        groups.append(
            PeerGroup(
                id=_require(g, "id", w, str),
                name_nl=_require(g, "name_nl", w, str),
                name_en=_require(g, "name_en", w, str),
                members=members,
            )
        )
    _check_unique([g.id for g in groups], "comparison.peer_groups")
    refs = raw.get("references", {})
    for code in refs:
        _check_gemeente_code(code, "comparison.references")
    return tuple(groups), tuple(refs.items())


def _check_gemeente_code(code: Any, key: str) -> None:
    if not (isinstance(code, str) and len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
        raise ConfigError(key, f"{code!r} is not a CBS gemeente code like GM0935")


def _parse_roles(raw: list[dict], gemeente: str) -> tuple[Role, ...]:
    roles = []
    for i, r in enumerate(raw):
        w = f"roles[{i}]"
        _check_unknown_keys(r, {"id", "finest_level", "unsuppressed", "admin", "plan", "duiding", "areas"}, w)
        role = Role(
            id=_require(r, "id", w, str),
            finest_level=_choice(_require(r, "finest_level", w, str), LEVELS, f"{w}.finest_level"),
            unsuppressed=_require(r, "unsuppressed", w, bool),
            admin=_optional(r, "admin", w, bool, False),
            plan=_optional(r, "plan", w, bool, False),
            duiding=_choice(_optional(r, "duiding", w, str, ""), ("", "write", "remark"), f"{w}.duiding"),
            areas=_role_areas(r, w, gemeente),
        )
        if role.areas and (role.admin or role.finest_level == "gemeente"):
            raise ConfigError(f"{w}.areas", "a role of some wijken sees below the gemeente and is no admin")
        roles.append(role)
    _check_unique([r.id for r in roles], "roles")
    return tuple(roles)


def _role_areas(r: dict, where: str, gemeente: str) -> tuple[str, ...]:
    """A role's wijken (``areas = ["WK093580"]``): CBS wijk codes of the plan's gemeente."""
    areas = _optional(r, "areas", where, list, [])
    for j, code in enumerate(areas):
        ok = isinstance(code, str) and len(code) == 8 and code.startswith("WK") and code[2:].isdigit()
        if not ok or code[2:6] != gemeente[2:6]:
            raise ConfigError(
                f"{where}.areas[{j}]", f"{code!r} is not a CBS wijk code of {gemeente}: WK{gemeente[2:6]}.."
            )
        if code in areas[:j]:
            raise ConfigError(f"{where}.areas[{j}]", f"{code!r} is named twice")
    return tuple(areas)


def _parse_denominators(raw: list[dict]) -> tuple[Denominator, ...]:
    out = []
    for i, r in enumerate(raw):
        w = f"denominators[{i}]"
        _check_unknown_keys(r, {"id", "name_nl", "name_en", "weight", "note_nl"}, w)
        weight = _require(r, "weight", w, (int, float))
        if not 0 < weight <= 1:
            raise ConfigError(f"{w}.weight", "person-years per unit: more than 0, at most 1")
        out.append(
            Denominator(
                id=_require(r, "id", w, str),
                name_nl=_require(r, "name_nl", w, str),
                name_en=_optional(r, "name_en", w, str, r.get("name_nl", "")),
                weight=float(weight),
                note_nl=_optional(r, "note_nl", w, str, ""),
            )
        )
    _check_unique([d.id for d in out], "denominators")
    return tuple(out)


def _parse_signal_breaks(raw: list[dict]) -> tuple[SignalBreak, ...]:
    out = []
    for i, r in enumerate(raw):
        w = f"signal_breaks[{i}]"
        _check_unknown_keys(r, {"category", "month", "reason_nl"}, w)
        month = _require(r, "month", w, str)
        try:
            first = dt.date.fromisoformat(month + "-01")
        except ValueError:
            raise ConfigError(f"{w}.month", f"{month!r} is not a month (YYYY-MM)") from None
        out.append(SignalBreak(_require(r, "category", w, str), first, _optional(r, "reason_nl", w, str, "")))
    return tuple(out)


def _plan_years(plan: dict[str, Any]) -> tuple[int, ...]:
    years = _optional(plan, "years", "plan", list, [])
    for y in years:
        if isinstance(y, bool) or not isinstance(y, int) or not 1900 <= y <= 2200:
            raise ConfigError("plan.years", f"{y!r} is not a year")
    if len(set(years)) != len(years):
        raise ConfigError("plan.years", "a year is listed twice")
    return tuple(years)


def _check_unique(ids: list[str], where: str) -> None:
    seen = set()
    for i, x in enumerate(ids):
        if x in seen:
            raise ConfigError(f"{where}[{i}].id", f"duplicate id {x!r}")
        seen.add(x)


DEFAULT_ROLES = (
    Role("analist", "straat", True, duiding="write"),
    Role("driehoek", "buurt", False),
    Role("raad", "wijk", False),
    Role("publiek", "gemeente", False),
    Role("partner", "wijk", False, duiding="remark"),
    Role("planeigenaar", "straat", True, plan=True, duiding="write"),
    Role("admin", "straat", True, admin=True),
)


def parse_config(data: dict[str, Any]) -> Config:
    """Validate a parsed TOML document and build a :class:`Config`. Raises ConfigError."""
    _check_unknown_keys(
        data,
        {
            "plan",
            "gemeente",
            "themes",
            "indicators",
            "baselines",
            "targets",
            "comparison",
            "population",
            "privacy",
            "roles",
            "auth",
            "denominators",
            "signal_breaks",
        },
        "config",
    )
    plan = _require(data, "plan", "config", dict)
    gemeente = _require(data, "gemeente", "config", dict)
    _check_gemeente_code(_require(gemeente, "code", "gemeente", str), "gemeente.code")
    themes = _parse_themes(_require(data, "themes", "config", list))
    indicators = _parse_indicators(_require(data, "indicators", "config", list), {t.id for t in themes})
    groups, references = _parse_comparison(_optional(data, "comparison", "config", dict, {}))
    ids = {i.id for i in indicators}
    baselines = _parse_baselines(_optional(data, "baselines", "config", list, []), ids)
    targets = _parse_targets(_optional(data, "targets", "config", list, []), ids, {g.id for g in groups}, baselines)
    on = {i.id for i in indicators if i.enabled}
    if not on:
        raise ConfigError("indicators", "every indicator is switched off (enabled = false); keep one on")
    privacy = _optional(data, "privacy", "config", dict, {})
    threshold = _optional(privacy, "small_count_threshold", "privacy", int, 5)
    if threshold < 1:
        raise ConfigError("privacy.small_count_threshold", "must be 1 or more")
    population = _optional(data, "population", "config", dict, {})
    roles = _parse_roles(data["roles"], gemeente["code"]) if "roles" in data else DEFAULT_ROLES
    auth = _optional(data, "auth", "config", dict, {})
    _check_unknown_keys(auth, {"role_claim"}, "auth")
    return Config(
        plan_name_nl=_require(plan, "name_nl", "plan", str),
        plan_name_en=_require(plan, "name_en", "plan", str),
        plan_years=_plan_years(plan),
        gemeente_code=gemeente["code"],
        gemeente_name=_require(gemeente, "name", "gemeente", str),
        themes=themes,
        indicators=tuple(i for i in indicators if i.enabled),
        baselines=tuple(b for b in baselines if b.indicator in on),
        targets=tuple(t for t in targets if t.indicator in on),
        peer_groups=groups,
        references=references,
        small_count_threshold=threshold,
        population_reference=_optional(population, "reference", "population", str, "1 januari"),
        roles=roles,
        auth_role_claim=_optional(auth, "role_claim", "auth", str, "mik_role"),
        denominators=_parse_denominators(_optional(data, "denominators", "config", list, [])),
        signal_breaks=_parse_signal_breaks(_optional(data, "signal_breaks", "config", list, [])),
        indicators_off=tuple(i for i in indicators if not i.enabled),
    )


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate a config (default: :func:`config_path`). Raises ConfigError."""
    path = Path(path) if path else config_path()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError("config", "file not found", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("config", f"not valid TOML ({exc})", path) from None
    try:
        return parse_config(data)
    except ConfigError as exc:
        raise ConfigError(exc.key, str(exc).split(": ", 1)[1], path) from None
