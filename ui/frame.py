"""The frame around every page: the sidebar (language, year, area, kept in the URL), the view of
presentation mode, the check that the database fits the plan, and each page's title and banner."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from mik.plan.codes import level_of
from mik.plan.config import config_path
from mik.plan.i18n import LANGS, t
from ui import auth, data, source, state


def _areas():
    """The areas the role may see, in picker order, and their names."""
    return data.area_choices(source.db_key())


def _data_years(status: dict) -> list[int]:
    """The calendar years of the loaded police figures (none when nothing is loaded)."""
    return list(range(status["first"].year, status["stand"].year + 1)) if status["stand"] else []


def year_choices(status: dict, plan_years: tuple[int, ...]) -> tuple[list[int], int]:
    """The years to choose from: those of the loaded figures and the plan's, and the default (the
    newest year with figures, else the plan's last year)."""
    data_years = _data_years(status)
    years = sorted(set(data_years) | set(plan_years)) or [dt.date.today().year]
    return years, data_years[-1] if data_years else years[-1]


def check_installation(status: dict, lang: str) -> None:
    """Stop with a clear message when the database does not belong to the configured gemeente."""
    cfg = source.get_config()
    found = status["gemeenten"]
    if cfg.gemeente_code in found:
        return
    if not found:
        st.error(t("no_areas", lang, db=source.db_path(), name=cfg.gemeente_name))
    else:
        st.error(
            t(
                "db_mismatch",
                lang,
                config=config_path(),
                name=cfg.gemeente_name,
                code=cfg.gemeente_code,
                db=source.db_path(),
                found=", ".join(found[:5]) + (" …" if len(found) > 5 else ""),
            )
        )
    st.stop()


def url_view(years: list[int], default_year: int) -> dict:
    """The view from the URL alone (presentation mode has no sidebar)."""
    cfg = source.get_config()
    areas, names = _areas()
    lang = state.param("lang", "nl", LANGS)
    asked = state.param("year", str(default_year))
    year = int(asked) if asked.isdigit() and int(asked) in years else default_year
    area = state.param("area", cfg.gemeente_code, list(areas.code))
    return {"lang": lang, "year": year, "area": area, "level": level_of(area), "area_name": names.get(area, area)}


def sidebar(years: list[int], default_year: int) -> dict:
    """Language, year and area, kept in the URL so a link reproduces the view."""
    cfg = source.get_config()
    areas, names = _areas()
    with st.sidebar:
        lang = st.selectbox(
            "Taal / Language",
            LANGS,
            key="app_lang",
            index=state.index_of(LANGS, state.param("lang", "nl")),
            format_func=lambda x: {"nl": "Nederlands", "en": "English"}[x],
        )
        asked = state.param("year", str(default_year))
        year = st.selectbox(
            t("year", lang),
            years,
            key="app_year",
            index=years.index(int(asked) if asked.isdigit() and int(asked) in years else default_year),
        )
        codes = areas.code.tolist()
        area = st.selectbox(
            t("area", lang),
            codes,
            key="app_area",
            index=state.index_of(codes, state.param("area", cfg.gemeente_code)),
            format_func=lambda c: names.get(c, c) if c == cfg.gemeente_code else f"{names.get(c, c)} ({c})",
        )
        scope_note(names, lang)
    state.keep(lang=lang, year=year, area=area)
    return {"lang": lang, "year": year, "area": area, "level": level_of(area), "area_name": names.get(area, area)}


def scope_note(names: dict[str, str], lang: str) -> None:
    """For a role of some wijken: which areas it sees, or that none of them is loaded."""
    access = auth.current_access()
    if access is None or not access.areas:
        return
    own = [names[c] for c in access.areas if c in names]
    if not own:
        st.warning(t("scope_missing", lang, codes=", ".join(access.areas)))
        return
    key = "scope_note_buurt" if access.may_see("buurt") else "scope_note_wijk"
    st.caption(t(key, lang, areas=", ".join(own)))


def page_start(title_key: str) -> tuple[dict, str, str]:
    """The view, language and database path of this run, with the page title and data banner."""
    view = state.page_view()
    lang, path = view["lang"], source.db_key()
    st.title(t(title_key, lang))
    data_banner(source.data_status(path), lang)
    return view, lang, path


def data_banner(status: dict, lang: str) -> None:
    """The 'stand per' date, and the demo notice when the data is synthetic."""
    if status["synthetic"]:
        st.warning(t("demo_notice", lang), icon=":material/warning:")
    name = source.get_config().gemeente_name
    if status["stand"] is not None:
        st.caption(f"{name} · {t('stand_per', lang)} {status['stand']:%d-%m-%Y}")
    else:
        st.caption(name)


def years_apart(status: dict, year: int, lang: str) -> None:
    """One sentence when the loaded figures and the plan's years do not meet, with both on offer."""
    cfg = source.get_config()
    data_years = _data_years(status)
    if not data_years or not cfg.plan_years or set(data_years) & set(cfg.plan_years):
        return
    st.info(t("years_apart", lang, data=_span(data_years), plan=_span(list(cfg.plan_years))))
    c1, c2, _ = st.columns([1, 1, 3])
    for col, y, key in ((c1, data_years[-1], "show_data_year"), (c2, cfg.plan_years[-1], "show_plan_year")):
        col.button(
            t(key, lang, year=y),
            key=f"overzicht_{key}",
            disabled=y == year,
            on_click=_choose_year,
            args=(y,),
        )


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _choose_year(y: int) -> None:
    st.session_state["app_year"] = y  # the sidebar's year (a callback runs before the widget; it writes the URL)
