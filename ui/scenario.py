"""The what-if editor: thresholds per indicator for one year, kept in the URL, never saved."""

from __future__ import annotations

import streamlit as st

from mik.plan import editor as plan_text
from mik.plan.config import Indicator, Target
from mik.plan.formatting import fmt_comparator, fmt_number, parse_number
from mik.plan.i18n import t
from mik.privacy.access import Access
from ui import plan, source, state


def numeric_targets(year: int) -> list[tuple[Indicator, Target]]:
    """The indicators whose target in ``year`` has a value: what Wat als can change."""
    cfg = source.get_config()
    targets = [(i, cfg.target(i.id, year)) for i in cfg.indicators]
    return [(i, tg) for i, tg in targets if tg is not None and tg.threshold is not None]


def editor(year: int, lang: str) -> dict[str, tuple[str, float]]:
    """Number inputs for every indicator with a numeric target in ``year``; returns the changes."""
    asked = state.decode_scenario(state.param("scenario", ""))
    changed: dict[str, tuple[str, float]] = {}
    targets = numeric_targets(year)
    cols = st.columns(3)
    for n, (ind, target) in enumerate(targets):
        default = asked.get(ind.id, (target.comparator, target.threshold))[1]
        with cols[n % 3]:
            # text in the reader's notation (7,0): a number field would show and want 7.0
            typed = st.text_input(
                f"{ind.name(lang)} ({fmt_comparator(target.comparator)})",
                value=_shown(default, lang),
                key=f"whatif_{ind.id}",
            )
            try:
                value = parse_number(typed, lang)
            except ValueError as exc:
                st.error(f"{exc}; {t('whatif_keeps_plan', lang, value=_shown(target.threshold, lang))}")
                value = target.threshold
        if abs(value - target.threshold) > 1e-9:
            changed[ind.id] = (target.comparator, value)
    if changed and st.button(t("reset", lang), key="whatif_reset"):
        for ind, target in targets:
            st.session_state[f"whatif_{ind.id}"] = _shown(target.threshold, lang)
        state.keep(scenario=None)
        st.rerun()
    state.keep(scenario=state.encode_scenario(changed) or None)
    return changed


def make_plan(access: Access, year: int, overrides: dict[str, tuple[str, float]], lang: str) -> None:
    """The button that saves the scenario's thresholds as the plan's targets of ``year``."""
    if st.button(
        t("scenario_to_plan", lang, year=year),
        key="whatif_to_plan",
        help=t("scenario_to_plan_help", lang, year=year),
        icon=":material/flag:",
    ):
        where = f"Wat als, {access.user} ({access.role})"
        if plan.save(access, lambda text: plan_text.apply_scenario(text, year, overrides, where=where), lang):
            cfg = source.get_config()
            for ind in cfg.indicators:
                st.session_state.pop(f"whatif_{ind.id}", None)
            state.keep(scenario=None)
        st.rerun()


def _shown(value: float, lang: str) -> str:
    """A threshold as the field shows it: one decimal, more only when it has them (7,0; 3,25)."""
    text = fmt_number(value, 1, lang)
    return text if abs(float(round(value, 1)) - value) < 1e-9 else fmt_number(value, 3, lang).rstrip("0")
