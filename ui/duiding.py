"""The duiding on Thema and in presentation mode: read, write, remark, mark final
(:mod:`mik.data.duiding` holds the rules; this module only shows them)."""

from __future__ import annotations

import html

import streamlit as st

from mik.data import audit, duiding
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from ui import auth, data, source


def section(theme_id: str, categories: tuple[str, ...], lang: str) -> None:
    """Thema's duiding: a month, every duiding of the theme in it the reader may see, and the forms
    the reader's role allows."""
    st.subheader(t("duiding", lang))
    message()
    access = auth.current_access()
    months = _months()
    if not months:
        st.info(t("duiding_no_months", lang))
        return
    month = st.selectbox(
        t("duiding_month", lang), months, key="thema_duiding_month", format_func=lambda m: parse_period(m).label(lang)
    )
    db = source.db_path()
    shown = _read(lambda: duiding.of_month(db, access, theme_id, (month,)), lang)
    if shown is None:
        return
    if not shown:
        st.caption(t("duiding_none", lang, month=parse_period(month).label(lang)))
    for n, d in enumerate(shown):
        show(d, lang)
        if duiding.may_write(access) and not d.final:  # under the text it makes final
            st.button(
                t("duiding_finalize", lang, version=d.version),
                key=f"thema_duiding_final_{n}",
                on_click=_act,
                args=(
                    lambda d=d: duiding.finalize(db, access, theme_id, month, version=d.version, subject=d.subject),
                    t("duiding_finalized", lang, version=d.version),
                    lang,
                ),
            )
    existing = {d.subject: d for d in shown}
    subjects = _subjects(theme_id, categories, month, lang, existing)
    if duiding.may_write(access):
        _write_form(theme_id, month, subjects, existing, lang)
    if duiding.may_remark(access) and shown:
        _remark_form(theme_id, month, shown, lang)


def show(d: duiding.Duiding, lang: str, large: bool = False) -> None:
    """One duiding: what it is about, its status in icon and word, the text, who and when, remarks."""
    status = (
        f"✔ {t('duiding_final', lang)}"
        if d.final
        else f"✎ {t('duiding_concept', lang)}"  # never colour alone: icon and word
    )
    # on a theme's screen in the meeting "the theme" goes without saying: there it is "Duiding"
    theme_word = t("duiding", lang) if large else t("duiding_theme", lang)
    about = d.label if d.subject != duiding.THEME else theme_word
    text_size, by_size = ("font-size:24px;line-height:1.3;", "font-size:20px;") if large else ("", "font-size:0.9em;")
    by = t("duiding_by", lang, version=d.version, role=d.text.role, date=d.text.date, level=t(f"level_{d.level}", lang))
    if d.final:
        by += " · " + t("duiding_final_on", lang, date=d.final.date)
    remarks = "".join(
        f"<li>{html.escape(t('duiding_remark_by', lang, role=r.role, date=r.date))}: {html.escape(r.body)}</li>"
        for r in d.remarks
    )
    st.html(
        f"<section class='mik-duiding' aria-label='{html.escape(t('duiding', lang))}: {html.escape(about)}'"
        f" data-status='{'final' if d.final else 'concept'}' style='border-left:6px solid "
        f"{'#1b7837' if d.final else '#b35806'};padding:4px 12px;margin:6px 0'>"
        f"<p style='margin:0;{text_size}'><b>{html.escape(about)}</b> · <b>{html.escape(status)}</b></p>"
        f"<p style='margin:4px 0;white-space:pre-wrap;{text_size}'>{html.escape(d.text.body)}</p>"
        f"<p style='margin:0;color:#3a3a3a;{by_size}'>{html.escape(by)}</p>"
        + (f"<ul style='margin:4px 0;{by_size}'>{remarks}</ul>" if remarks else "")
        + "</section>"
    )
    if d.history and not large:
        with st.expander(t("duiding_history", lang, n=len(d.history))):
            for h in d.history:
                st.markdown(
                    f"**{t('duiding_version', lang, version=h.version)}** · {h.role} · {h.date} · "
                    f"{t(f'level_{h.level}', lang)}"
                )
                st.text(h.body)


def _subjects(theme_id, categories, month, lang, existing) -> dict[str, tuple[str, str]]:
    """What a duiding of this month can be about: the theme, or one of the month's signals in its
    categories, each with (label, level)."""
    out = {duiding.THEME: (t("duiding_theme", lang), "")}
    res = data.month_signals(source.db_key(), month, categories, lang) if categories else None
    if res is not None and not res.reason:
        for _, r in res.found.iterrows():
            key = duiding.signal_subject(res.level, r.area_code, r.category_code)
            out[key] = (f"{r['name']}: {r.category}", res.level)
    for key, d in existing.items():  # a signal of an earlier import stays writable
        out.setdefault(key, (d.label, d.level if key != duiding.THEME else ""))
    return out


def _write_form(theme_id, month, subjects, existing, lang) -> None:
    access = auth.current_access()
    with st.expander(t("duiding_write", lang), expanded=not existing):
        subject = st.selectbox(
            t("duiding_about", lang),
            list(subjects),
            key="thema_duiding_subject",
            format_func=lambda k: subjects[k][0],
        )
        current = existing.get(subject)
        fixed = subjects[subject][1]
        levels = [lv for lv in ("gemeente", "wijk", "buurt", "straat") if duiding.sees(access, lv)]
        with st.form("thema_duiding_form", clear_on_submit=False):
            level = fixed or st.selectbox(
                t("duiding_level", lang),
                levels,
                key="thema_duiding_level",
                index=levels.index(current.level) if current and current.level in levels else 0,
                format_func=lambda lv: t(f"level_{lv}", lang),
                help=t("duiding_level_help", lang),
            )
            text = st.text_area(
                t("duiding_text", lang),
                value=current.text.body if current else "",
                key=f"thema_duiding_text_{subject}_{current.version if current else 0}",
                max_chars=duiding.MAX_CHARS,
                help=t("duiding_text_help", lang),
            )
            checked = _checked_box("thema_duiding_checked", lang)
            base = current.version if current else 0
            if st.form_submit_button(t("duiding_save", lang, version=base + 1), type="primary"):
                theme_name = source.get_config().theme(theme_id).name("nl")
                label = subjects[subject][0] if subject != duiding.THEME else theme_name
                saved = _act(
                    lambda: duiding.save(
                        source.db_path(),
                        access,
                        theme_id,
                        month,
                        text,
                        base=base,
                        level=level,
                        subject=subject,
                        label=label,
                        checked=checked,
                    ),
                    t("duiding_saved", lang, version=base + 1),
                    lang,
                )
                if saved:  # the next version is checked anew
                    st.session_state.pop("thema_duiding_checked", None)
                st.rerun()  # the list above shows the new version


def _remark_form(theme_id, month, shown, lang) -> None:
    access = auth.current_access()
    by_key = {d.subject: d for d in shown}
    with st.form("thema_duiding_remark_form"):  # kept when refused (small numbers); emptied when placed
        subject = st.selectbox(
            t("duiding_remark_on", lang),
            list(by_key),
            key="thema_duiding_remark_subject",
            format_func=lambda k: t("duiding_theme", lang) if k == duiding.THEME else by_key[k].label,
        )
        text = st.text_area(t("duiding_remark", lang), key="thema_duiding_remark_text", max_chars=duiding.MAX_CHARS)
        checked = _checked_box("thema_duiding_remark_checked", lang)
        if st.form_submit_button(t("duiding_remark_add", lang)):
            placed = _act(
                lambda: duiding.remark(
                    source.db_path(), access, theme_id, month, text, subject=subject, checked=checked
                ),
                t("duiding_remarked", lang),
                lang,
            )
            if placed:
                for key in ("thema_duiding_remark_text", "thema_duiding_remark_checked"):
                    st.session_state.pop(key, None)
            st.rerun()


def _checked_box(key: str, lang: str) -> bool:
    """The writer's word that the small numbers in the text count no people or offences."""
    return st.checkbox(t("duiding_checked", lang), key=key, help=t("duiding_checked_help", lang))


def _act(do, done: str, lang: str) -> bool:
    """Run a write; say what happened (or why not) at the top of the next run. Whether it was made."""
    try:
        do()
    except duiding.DuidingError as exc:
        st.session_state["thema_duiding_message"] = ("error", exc.words(lang))
        return False
    st.session_state["thema_duiding_message"] = ("success", done)
    return True


def message() -> None:
    """The outcome of the last write of this session, once."""
    kind, text = st.session_state.pop("thema_duiding_message", (None, None))
    if kind:
        getattr(st, kind)(text)


def meeting(theme_id: str, lang: str) -> None:
    """Presentation mode: the final duidingen of the theme in the newest complete month."""
    months = _months()
    if not months:
        return
    for d in _read(lambda: duiding.final(source.db_path(), auth.current_access(), (months[0],)), lang) or ():
        if d.theme == theme_id:
            show(d, lang, large=True)


def _months() -> list[str]:
    """The complete months of the data, newest first; none before police figures are loaded."""
    path = source.db_key()
    return data.report_months(path) if source.data_status(path)["stand"] is not None else []


def _read(read, lang: str):
    """What ``read`` returns, or None with a sentence when the side file cannot be read (it is the
    audit log's: :mod:`mik.data.audit` says why, in the server's log and ``mik health``)."""
    try:
        return read()
    except audit.AuditStoreError:
        st.warning(t("duiding_unreadable", lang))
        return None


def for_report(period: str) -> tuple[duiding.Duiding, ...]:
    """The final duidingen of a report's month or quarter, as the reader may see them."""
    return duiding.for_report(source.db_path(), auth.current_access(), period)
