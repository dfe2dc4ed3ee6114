"""What all sessions share: the figure cache (one computation per key, a page's changes stay out,
one entry per role and not per user) and the prepared chart specs."""

from __future__ import annotations

import io
import threading
import time

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mik.privacy.access import Access
from mik.views.charts import build_sparkline
from ui import auth, cache, elements
from ui.tools.loadtest import Step, percentile, summary


def test_a_figure_is_computed_once_when_many_sessions_ask_at_the_same_moment():
    calls = []

    def slow(x):
        calls.append(x)
        time.sleep(0.2)
        return pd.DataFrame({"v": [x]})

    figures = cache.FigureCache(ttl=60, max_entries=4)
    results = []
    threads = [threading.Thread(target=lambda: results.append(figures.get(slow, (7,), {}))) for _ in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert calls == [7]
    assert len(results) == 10 and all(r is results[0] for r in results)


def test_the_cache_forgets_the_oldest_and_the_expired():
    calls = []

    def fn(x):
        calls.append(x)
        return x

    figures = cache.FigureCache(ttl=60, max_entries=2)
    for x in (1, 2, 1, 3, 1, 2):
        figures.get(fn, (x,), {})
    assert calls == [1, 2, 3, 2]  # 1 was used again before 3 came, so 2 went out
    short = cache.FigureCache(ttl=0.05, max_entries=8)
    short.get(fn, (9,), {})
    time.sleep(0.1)
    short.get(fn, (9,), {})
    assert calls[-2:] == [9, 9]


def test_a_page_changing_its_figures_does_not_change_them_for_the_next_session():
    cached = pd.DataFrame({"code": ["BU1", "BU2"], "value": [1.0, 2.0]})
    mine = cache.detached(cached)
    mine["value"] = mine["value"] * 1000
    mine.loc[0, "code"] = "changed"
    mine["extra"] = 1
    assert list(cached.value) == [1.0, 2.0] and list(cached.code) == ["BU1", "BU2"]
    assert list(cached.columns) == ["code", "value"]
    names = {"BU1": "Binnenstad"}
    rows, names_copy = cache.detached((cached, names))
    del rows["value"]
    names_copy["BU2"] = "Wyck"
    assert "value" in cached.columns and names == {"BU1": "Binnenstad"}


def test_figures_are_shared_by_everyone_of_a_role_and_kept_apart_between_roles(monkeypatch):
    import streamlit as st

    st.cache_resource.clear()
    seen = []

    @auth.secured()
    def figure(path: str, *, access: Access):
        seen.append(access)
        return pd.DataFrame({"role": [access.role]})

    def as_user(user, role):
        monkeypatch.setattr(auth, "current_access", lambda: Access(user, role, "buurt", False))
        return figure("db")

    assert as_user("beleid-1", "driehoek").role[0] == "driehoek"
    assert as_user("beleid-2", "driehoek").role[0] == "driehoek"
    assert as_user("raadslid-1", "raad").role[0] == "raad"
    assert [a.role for a in seen] == ["driehoek", "raad"]  # the second driehoek user got the first's
    assert all(a.user == "" for a in seen)  # no user name reaches a figure function


def _frame_rows(arrow_bytes: bytes) -> list[dict]:
    return pa.ipc.open_stream(io.BytesIO(arrow_bytes)).read_all().to_pandas().to_dict("records")


def test_a_chart_spec_is_built_once_per_distinct_input_even_with_missing_values(monkeypatch):
    built = []

    def builder(frame, lang):
        built.append(lang)
        return build_sparkline(frame, lang)

    builder.__name__ = "test_sparkline"
    drawn = []
    monkeypatch.setattr(elements.st, "vega_lite_chart", lambda spec, **kw: drawn.append(spec))
    history = pd.DataFrame({"year": [2014, 2015, 2016], "value": [5.5, np.nan, 6.1]})
    elements.chart(builder, history, "nl")
    elements.chart(builder, history.copy(), "nl")  # equal values (NaN too): the prepared spec
    elements.chart(builder, history.assign(value=[5.5, np.nan, 6.2]), "nl")  # another value: another spec
    assert built == ["nl", "nl"]
    assert drawn[0] is drawn[1] and drawn[2] is not drawn[0]
    expected = build_sparkline(history, "nl").to_dict()
    assert drawn[0]["mark"] == expected["mark"] and drawn[0]["encoding"] == expected["encoding"]
    ((name, arrow),) = drawn[0]["datasets"].items()
    assert name in expected["datasets"]
    rows = _frame_rows(arrow)
    assert [r["year"] for r in rows] == [2014, 2015, 2016]
    assert rows[0]["value"] == 5.5 and pd.isna(rows[1]["value"])


def test_prepared_specs_render_as_the_altair_chart_would(monkeypatch):
    chart = alt.Chart(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})).mark_bar().encode(x="a:N", y="b:Q")
    spec = elements._prepared(chart)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert all(isinstance(v, bytes) for v in spec["datasets"].values())


def test_at_most_two_script_runs_at_a_time_and_every_run_gets_its_turn():
    import streamlit as st

    st.cache_resource.clear()
    inside, most, order = [0], [0], []
    lock = threading.Lock()

    def run(n):
        with cache.run_slot():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                order.append(n)
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    threads = []
    for n in range(8):
        threads.append(threading.Thread(target=run, args=(n,)))
        threads[-1].start()
        time.sleep(0.005)  # they arrive one after the other
    for th in threads:
        th.join()
    assert cache.RUN_SLOTS == 2 and most[0] == 2
    assert sorted(order) == list(range(8))


@pytest.mark.parametrize(("n", "rank"), [(1, 1), (10, 9), (20, 18), (60, 54)])
def test_p90_is_the_nearest_rank(n, rank):
    assert percentile([float(i) for i in range(1, n + 1)], 90) == rank


def test_the_load_summary_counts_errors_apart_and_pages_per_second():
    steps = [Step(0, "login", 0.5), Step(0, "kaart", 0.2), Step(1, "login", 0.7), Step(1, "kaart", 0.0, "boom")]
    out = summary(steps, wall=2.0)
    assert out["login"] == {"n": 2, "median": 0.6, "p90": 0.7}
    assert out["kaart"]["n"] == 1
    assert out["errors"] == ["session 1 kaart: boom"]
    assert out["pages_per_s"] == 1.5
