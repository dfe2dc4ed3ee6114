"""The Plan page's parts and the one way the app saves the plan (:func:`save`): checked, versioned,
refused when someone else saved meanwhile, audit-logged, read again by every worker."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mik.data import audit
from mik.plan import editor
from mik.plan.config import Config, ConfigError
from mik.plan.formatting import fmt_comparator, fmt_number, parse_number
from mik.plan.i18n import t
from mik.plan.versions import Current, PlanConflict, PlanStore
from mik.privacy.access import Access
from ui import source

BASE = "plan_base"  # the sha256 of the plan as the person last saw it
MESSAGE = "plan_message"  # what the last save said, shown after the page is drawn again
ADDED_YEAR = "plan_year_added"  # the year just added: the page opens on it
COMPARATORS = ("<=", "<", ">=", ">")


def store() -> PlanStore:
    return PlanStore(source.config_path())


def seen() -> Current:
    """The plan as it is now; the version the person saw before this run is kept for :func:`save`."""
    current = store().current()
    st.session_state.setdefault(BASE, current.sha)
    return current


def remember(current: Current) -> None:
    """At the end of a run: what the person now sees is what their next change is made on."""
    st.session_state[BASE] = current.sha


def save(access: Access, change, lang: str, *, restore: int | None = None) -> bool:
    """Apply ``change`` (text -> text) to the plan the person saw and save it as a new version.
    The outcome is shown after the rerun; True when saved."""
    plans = store()
    base = st.session_state.get(BASE)
    try:
        now = plans.current()
        if restore is not None:
            version = plans.restore(restore, base=base, user=access.user, role=access.role)
        else:
            text = change(now.text) if now.sha == base else None
            if text is None:
                raise PlanConflict(now.version)
            if text == now.text:
                st.session_state[MESSAGE] = ("info", t("plan_unchanged", lang))
                return False
            version = plans.save(text, base=base, user=access.user, role=access.role)
    except PlanConflict as exc:
        who = (
            f"{t('plan_col_version', lang).lower()} {exc.newest.number}, {exc.newest.user}"
            if exc.newest
            else t("plan_edited_outside", lang)
        )
        st.session_state[MESSAGE] = ("error", t("plan_conflict", lang, who=who))
        st.session_state[BASE] = plans.current().sha
        return False
    except (ConfigError, ValueError, KeyError) as exc:
        st.session_state[MESSAGE] = ("error", t("plan_refused", lang, why=exc))
        return False
    audit.record(source.db_path(), access.user, access.role, "plan", f"versie {version.number}: {version.words('nl')}")
    st.session_state[BASE] = version.sha
    st.session_state[MESSAGE] = ("success", t("plan_saved", lang, n=version.number, what=version.words(lang)))
    return True


def _when(saved_at: str, lang: str) -> str:
    """'05-12-2026 19:28' (Dutch) or '2026-12-05 19:28' (English), in UTC as stored."""
    day, time = saved_at[:10], saved_at[11:16]
    return f"{day} {time}" if lang == "en" else f"{day[8:10]}-{day[5:7]}-{day[:4]} {time}"


def message() -> None:
    kind, text = st.session_state.pop(MESSAGE, (None, None))
    if kind:
        getattr(st, kind)(text)


def header(current: Current, lang: str) -> None:
    st.caption(t("plan_intro", lang, file=source.config_path().name))
    v = current.version
    if v is None:
        st.caption(t("plan_version_none", lang))
    else:
        st.caption(t("plan_version_now", lang, n=v.number, when=_when(v.saved_at, lang), user=v.user, role=v.role))


def add_year(cfg: Config, access: Access, lang: str, default: int) -> None:
    with st.form("plan_add_year_form"):
        st.subheader(t("plan_add_year", lang))
        year = st.number_input(t("plan_new_year", lang), 1990, 2100, default, step=1, key="plan_new_year")
        last = max(cfg.plan_years) if cfg.plan_years else None
        copy = st.checkbox(t("plan_copy_targets", lang, year=last), True, key="plan_copy") if last else False
        if st.form_submit_button(t("plan_add_year", lang)):
            where = f"{t('plan_where_default', 'nl')}, overgenomen van {last}"
            if save(
                access,
                lambda text: editor.add_year(text, int(year), copy_from=last if copy else None, where=where),
                lang,
            ):
                st.session_state[ADDED_YEAR] = int(year)
            st.rerun()


def targets_table(cfg: Config, year: int, lang: str) -> None:
    rows = [
        {
            t("plan_col_indicator", lang): ind.name(lang),
            t("plan_col_theme", lang): cfg.theme(ind.theme).name(lang),
            t("plan_col_target", lang): editor.target_words(cfg, cfg.target(ind.id, year), lang),
            t("plan_col_where", lang): (cfg.target(ind.id, year).where if cfg.target(ind.id, year) else ""),
        }
        for ind in cfg.indicators
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="plan_targets_table")


def target_editor(cfg: Config, access: Access, year: int, lang: str) -> None:
    """One indicator's target for ``year``: the plan's kinds (a value, a change from the baseline,
    a peer group's figure), or none."""
    st.subheader(t("plan_set_target", lang))
    ind = cfg.indicator(
        st.selectbox(
            t("plan_col_indicator", lang),
            [i.id for i in cfg.indicators],
            format_func=lambda i: cfg.indicator(i).name(lang),
            key="plan_indicator",
        )
    )
    target = cfg.target(ind.id, year)
    spec = editor.spec_of(target) if target else None
    forms = [f for f in editor.TARGET_FORMS if f != "peer" or cfg.peer_groups]
    form = st.radio(
        t("plan_target_form", lang),
        forms,
        index=forms.index(spec.form) if spec else forms.index("absolute"),
        format_func=lambda f: t(f"plan_form_{f}", lang),
        horizontal=True,
        key=f"plan_form_{ind.id}_{year}",
    )
    if form == "none":
        if st.button(t("plan_save_target", lang), type="primary", key="plan_save_none"):
            save(access, lambda text: editor.set_target(text, ind.id, year, None, where=""), lang)
            st.rerun()
        return
    unit = t(f"plan_unit_{ind.unit}", lang)
    c1, c2, c3 = st.columns([1, 2, 2])
    default_comp = spec.comparator if spec else ("<=" if ind.direction == "lower" else ">=")
    comparator = c1.selectbox(
        t("plan_comparator", lang),
        COMPARATORS,
        index=COMPARATORS.index(default_comp),
        format_func=fmt_comparator,
        key=f"plan_comp_{ind.id}_{year}",
    )
    kind = c3.selectbox(
        t("plan_kind", lang),
        ("UP", "MJP"),
        index=0 if not spec or spec.kind == "UP" else 1,
        format_func=lambda k: t(f"plan_kind_{k}", lang),
        key=f"plan_kind_{ind.id}_{year}",
    )
    baseline = new = None
    try:
        if form == "absolute":
            decimals = 0 if ind.unit == "count" and spec and float(spec.threshold or 0).is_integer() else 1
            shown = fmt_number(spec.threshold, decimals, lang) if spec and spec.threshold is not None else ""
            typed = c2.text_input(t("plan_threshold", lang, unit=unit), shown, key=f"plan_thr_{ind.id}_{year}")
            new = (
                editor.TargetSpec(comparator, threshold=parse_number(typed, lang), kind=kind) if typed.strip() else None
            )
        elif form == "peer":
            names = [g.id for g in cfg.peer_groups]
            peer = c2.selectbox(
                t("plan_peer", lang),
                names,
                index=names.index(spec.peer) if spec and spec.peer in names else 0,
                format_func=lambda g: cfg.peer_group(g).name(lang),
                key=f"plan_peer_{ind.id}_{year}",
            )
            new = editor.TargetSpec(comparator, peer=peer, kind=kind)
        else:
            bases = cfg.baselines_of(ind.id)
            b1, b2 = st.columns(2)
            base_year = b1.number_input(
                t("plan_baseline_year", lang),
                1990,
                2100,
                spec.baseline_year if spec and spec.baseline_year else (bases[-1].year if bases else year - 1),
                step=1,
                key=f"plan_base_year_{ind.id}_{year}",
            )
            known = next((b.value for b in bases if b.year == base_year), None)
            typed_base = b2.text_input(
                t("plan_baseline_value", lang, unit=unit),
                fmt_number(known, 1, lang) if known is not None else "",
                key=f"plan_base_value_{ind.id}_{year}_{base_year}",
            )
            shown = fmt_number(spec.change_pct, 1, lang) if spec and spec.change_pct is not None else ""
            typed = c2.text_input(t("plan_change", lang), shown, key=f"plan_change_{ind.id}_{year}")
            new = None
            if typed.strip() and typed_base.strip():
                baseline = parse_number(typed_base, lang)
                new = editor.TargetSpec(
                    comparator, change_pct=parse_number(typed, lang), baseline_year=int(base_year), kind=kind
                )
    except ValueError as exc:  # a number that is not one: said, and nothing to save
        st.error(str(exc))
        new = baseline = None
    where = st.text_input(
        t("plan_where", lang),
        target.where if target and target.where != "what-if" else t("plan_where_default", lang),
        key=f"plan_where_{ind.id}_{year}",
    )
    if st.button(t("plan_save_target", lang), type="primary", key="plan_save_target", disabled=new is None):

        def change(text: str) -> str:
            if baseline is not None:
                text = editor.set_baseline(text, ind.id, new.baseline_year, baseline, where=where)
            return editor.set_target(text, ind.id, year, new, where=where)

        save(access, change, lang)
        st.rerun()


def switches(cfg: Config, access: Access, lang: str) -> None:
    themes = [th.id for th in cfg.themes]
    every = sorted((*cfg.indicators, *cfg.indicators_off), key=lambda i: themes.index(i.theme))
    with st.form("plan_switches_form"):
        st.subheader(t("plan_switches", lang))
        st.caption(t("plan_switches_help", lang))
        on = {i.id: st.checkbox(i.name(lang), i.enabled, key=f"plan_on_{i.id}") for i in every}
        if st.form_submit_button(t("plan_save_switches", lang)):

            def change(text: str) -> str:
                for i in every:
                    if on[i.id] != i.enabled:
                        text = editor.set_enabled(text, i.id, on[i.id])
                return text

            save(access, change, lang)
            st.rerun()


def history(access: Access, lang: str) -> None:
    st.subheader(t("plan_history", lang))
    versions = store().versions()
    if not versions:
        st.caption(t("plan_history_none", lang))
        return
    rows = [
        {
            t("plan_col_version", lang): v.number,
            t("plan_col_saved", lang): _when(v.saved_at, lang),
            t("plan_col_by", lang): f"{v.user} ({v.role})" if v.role else t("plan_edited_outside", lang),
            t("plan_col_change", lang): v.words(lang),
        }
        for v in versions
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="plan_versions_table")
    numbers = [v.number for v in versions[1:]] or [versions[0].number]
    which = st.selectbox(t("plan_restore_which", lang), numbers, key="plan_restore_which")
    if st.button(t("plan_restore", lang), key="plan_restore"):
        save(access, None, lang, restore=int(which))
        st.rerun()
