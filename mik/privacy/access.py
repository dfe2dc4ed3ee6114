"""Who may see what: one gate, :func:`ensure`, and every rule about what a role may see beside it.

Deny by default: every figure, map, table, report and export function of MIK takes a required
``access`` and calls :func:`ensure` before it reads a figure; ``ensure`` raises
:class:`AccessDenied` for anything it is not sure of, a missing Access included. The command line
passes :data:`FULL` explicitly (whoever holds the database file sees all of it). Pages declare what
they need with :data:`PERMISSIONS` (``ui.auth.require``) and the app lists a page only for the roles
that have its permission (model: datasette's ``ensure_permission``, called from every view).

Rules (config.toml ``[[roles]]`` and ``[privacy] small_count_threshold``, default 5):

* A role sees areas down to its ``finest_level`` (gemeente < wijk < buurt < straat). An
  aandachtsgebied is made of buurten and counts as buurt level.
* Roles without ``unsuppressed`` see counts from 1 up to the threshold as "<5" at every level
  below the gemeente (primary suppression), and rates from such counts are suppressed too; hidden
  cells take others with them until no count can be narrowed below the threshold's width, also
  by someone who knows these rules (secondary suppression with protection intervals,
  :mod:`mik.privacy.suppression`, checked by :mod:`mik.figures.disclosure`).
* Restricted roles below gemeente level get whole calendar years only: months, quarters and
  overlapping windows (year-to-date, rolling 12 months) could be subtracted from the year or from
  each other; the plan's targets are yearly anyway. Below gemeente level they also get the plan's
  indicators and the total ``0.0.0`` only, not single categories (parts could be subtracted from
  composites), and no breakdown by type.
* A role of some wijken (``areas = ["WK093580"]``, a buurtteam) sees those wijken and what lies in
  them (their buurten, streets) down to its ``finest_level``, and the rest of the city at gemeente
  level only; no aandachtsgebied (they cross wijken). What it sees is cut from what the same role
  without ``areas`` sees (:func:`unscoped`): suppression is chosen on the whole city first, so its
  view is a part of a view the disclosure audit covers, and nothing new can be subtracted. A single
  area outside its wijken is refused by :func:`ensure` (``area=``); lists of areas are cut by
  :func:`keep`. CBS codes carry their wijk (``BU09358001`` lies in ``WK093580``).

>>> driehoek = Access("d", "driehoek", "buurt", unsuppressed=False)
>>> ensure(driehoek, level="buurt", period_kind="year", categories="indicator").role
'driehoek'
>>> ensure(driehoek, level="buurt", period_kind="month")
Traceback (most recent call last):
...
mik.privacy.access.AccessDenied: de rol driehoek ziet onder gemeenteniveau alleen hele jaren (gevraagd: month)
>>> buurtteam = Access("b", "buurtteam", "buurt", False, areas=("WK093580",))
>>> [buurtteam.within(c) for c in ("GM0935", "WK093580", "BU09358001", "BU09358101", "AG01")]
[True, True, True, False, False]
>>> ensure(buurtteam, level="buurt", area="BU09358101")
Traceback (most recent call last):
...
mik.privacy.access.AccessDenied: de rol buurtteam ziet alleen WK093580 en wat daarin ligt (gevraagd: BU09358101)
>>> ensure(None, level="gemeente")
Traceback (most recent call last):
...
mik.privacy.access.AccessDenied: geen toegang: geen geldige rol (None)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mik.plan.config import Config

LEVEL_RANK = {"gemeente": 0, "wijk": 1, "buurt": 2, "aandachtsgebied": 2, "straat": 3}
RESTRICTED_PERIOD_KINDS = ("year",)
#: What a figure function shows of the categories: one plan indicator (a composite), the total
#: ``0.0.0``, any single category, or a breakdown of parts side by side.
CATEGORY_SCOPES = ("indicator", "total", "category", "breakdown")
RESTRICTED_CATEGORY_SCOPES = ("indicator", "total")


class AccessDenied(PermissionError):
    """The role may not see this level or period; the message says why, without figures."""


@dataclass(frozen=True)
class Access:
    user: str
    role: str
    finest_level: str
    unsuppressed: bool
    threshold: int = 5
    admin: bool = False
    plan_owner: bool = False
    duiding: str = ""  # "write" or "remark" (mik.data.duiding); "" reads only
    areas: tuple[str, ...] = ()  # wijk codes; () is the whole city

    def may_see(self, level: str) -> bool:
        return LEVEL_RANK[level] <= LEVEL_RANK[self.finest_level]

    def within(self, code) -> bool:
        """Whether figures of the area ``code`` may be shown to this role: any gemeente; for a role
        of some wijken those wijken and their buurten only (a street's rows carry their buurt)."""
        if not self.areas:
            return True
        code = str(code)
        kind = code[:2].upper()
        return (
            kind == "GM" or (kind == "WK" and code in self.areas) or (kind == "BU" and f"WK{code[2:8]}" in self.areas)
        )

    def suppresses(self, level: str) -> bool:
        return not self.unsuppressed and level != "gemeente"

    @property
    def label(self) -> str:
        return f"<{self.threshold}"

    @property
    def hidden_label(self) -> str:
        """What a suppressed cell shows."""
        return f"{self.label} (afgeschermd)"


def access_for(cfg: Config, user: str, role: str) -> Access:
    """The Access of a role from config.toml. Unknown roles get nothing finer than the gemeente."""
    for r in cfg.roles:
        if r.id == role:
            return Access(
                user,
                r.id,
                r.finest_level,
                r.unsuppressed,
                cfg.small_count_threshold,
                r.admin,
                r.plan,
                r.duiding,
                r.areas,
            )
    return Access(user, "publiek", "gemeente", False, cfg.small_count_threshold)


FULL = Access("cli", "analist", "straat", True)  # the command line: whoever holds the database file

#: What a page needs, by name: ``ui.auth.require(name)`` at the top of the page, and the app's
#: navigation lists the page only for roles that have it.
PERMISSIONS = {
    "figures": lambda a: True,  # any logged-in role: the city's figures
    "map": lambda a: a.may_see("wijk"),  # Kaart: areas below the city
    "streets": lambda a: a.may_see("straat"),  # Hotspots: the street level
    "admin": lambda a: a.admin,  # Bijwerken and Audit
    "plan": lambda a: a.admin or a.plan_owner,  # Plan: targets, years, indicators on and off
}


def permits(access: Access | None, permission: str) -> bool:
    """Whether ``access`` has ``permission`` (a key of :data:`PERMISSIONS`); False for no Access."""
    return isinstance(access, Access) and PERMISSIONS[permission](access)


def ensure(
    access: Access | None,
    *,
    level: str | None = None,
    period_kind: str | None = None,
    categories: str | None = None,
    permission: str | None = None,
    area: str | None = None,
) -> Access:
    """The one gate: ``access`` itself when it may see ``level`` (and, below the gemeente, periods of
    ``period_kind`` and categories of scope ``categories``, one of :data:`CATEGORY_SCOPES`), the area
    ``area`` (:meth:`Access.within`) and has ``permission``; :class:`AccessDenied` otherwise, also
    when ``access`` is not an Access."""
    if not isinstance(access, Access):
        raise AccessDenied(f"geen toegang: geen geldige rol ({access!r})")
    if permission is not None and not permits(access, permission):
        raise AccessDenied(f"de rol {access.role} mag dit niet ({permission})")
    if area is not None and not access.within(area):
        raise AccessDenied(
            f"de rol {access.role} ziet alleen {', '.join(access.areas)} en wat daarin ligt (gevraagd: {area})"
        )
    if level is None:
        return access
    if level not in LEVEL_RANK:
        raise AccessDenied(f"onbekend niveau: {level!r}")
    if not access.may_see(level):
        raise AccessDenied(f"de rol {access.role} mag niet verder kijken dan {access.finest_level} (gevraagd: {level})")
    if access.suppresses(level):
        if period_kind is not None and period_kind not in RESTRICTED_PERIOD_KINDS:
            raise AccessDenied(
                f"de rol {access.role} ziet onder gemeenteniveau alleen hele jaren (gevraagd: {period_kind})"
            )
        if categories is not None and categories not in RESTRICTED_CATEGORY_SCOPES:
            raise AccessDenied(
                f"de rol {access.role} ziet onder gemeenteniveau alleen de indicatoren en het totaal 0.0.0"
                + (" (geen verdeling naar soort)" if categories == "breakdown" else "")
            )
    if categories is not None and categories not in CATEGORY_SCOPES:
        raise AccessDenied(f"onbekende soort categorieën: {categories!r}")
    return access


# --- what a role sees, for the parts that choose for it ------------------------------------------


def unscoped(access: Access) -> Access:
    """The same role over the whole city: what a role of some wijken sees is cut from its figures."""
    return replace(ensure(access), areas=())


def keep(access: Access, df, column: str = "area_code"):
    """The rows of ``df`` whose area (``column``) the role may see (:meth:`Access.within`)."""
    if not ensure(access).areas or df is None or len(df) == 0:
        return df
    return df[[access.within(c) for c in df[column]]].reset_index(drop=True)


def sees_months(access: Access, level: str) -> bool:
    """Whether months (and other windows than whole years) may be shown at ``level``."""
    return not ensure(access).suppresses(level)


def period_kinds(access: Access, level: str) -> tuple[str, ...] | None:
    """The period kinds the role may ask for at ``level``: None for any, else whole years only."""
    return RESTRICTED_PERIOD_KINDS if ensure(access).suppresses(level) else None


def single_categories(access: Access, level: str) -> bool:
    """Whether single categories (not only the plan's indicators and ``0.0.0``) may be shown."""
    return not ensure(access).suppresses(level)


def map_level(access: Access) -> str | None:
    """The finest level below the city this role may see on a map: buurt, wijk, or none."""
    return next((lv for lv in ("buurt", "wijk") if ensure(access).may_see(lv)), None)


def map_levels(access: Access) -> list[str]:
    """The levels below the city this role may map, finest first."""
    return [lv for lv in ("buurt", "wijk") if ensure(access).may_see(lv)]


def signal_level(access: Access, wanted: str = "buurt") -> str:
    """The finest level, at most ``wanted``, at which the role sees monthly counts per category
    unsuppressed: signals there expose nothing the role may not see."""
    ensure(access)
    order = ("buurt", "wijk", "gemeente")
    for level in order[order.index(wanted) :]:
        if level == "gemeente" or (access.may_see(level) and not access.suppresses(level)):
            return level
    return "gemeente"
