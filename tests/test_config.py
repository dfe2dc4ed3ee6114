import copy
import datetime as dt
import tomllib

import pytest

from mik.plan.config import DEFAULT_CONFIG, ConfigError, load_config, parse_config

RAW = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))


def test_plan_loads_with_all_nine_effect_indicators(cfg):
    measured = [i for i in cfg.indicators if i.status == "actief"]
    assert len(measured) == 9
    assert {i.source for i in measured} == {"police", "survey"}
    assert cfg.indicator("rapportcijfer_buurt").direction == "higher"
    assert cfg.indicator("hic").categories == ("1.1.1", "1.2.1", "1.2.3", "1.2.2", "2.5.1", "1.4.6", "1.4.7")


def test_themes_priorities_overarching_and_others(cfg):
    kinds = [t.kind for t in cfg.themes]
    assert kinds.count("prioriteit") == 5
    assert kinds.count("overkoepelend") == 1
    assert kinds.count("overig") == 6
    assert cfg.theme("e").note_nl  # ondermijning has no effect indicator, and says why
    assert not [i for i in cfg.indicators_of("e")]


@pytest.mark.parametrize(
    "indicator,year,comparator,threshold",
    [
        ("overlast_buurtbewoners", 2015, "<", 8.0),
        ("overlast_buurtbewoners", 2016, "<=", 7.0),
        ("bedreiging", 2016, "<", 3.8),
        ("drugsoverlast", 2018, "<=", 18.0),
        ("hic", 2018, "<", 44.0),
        ("overlast_jeugdgroepen", 2016, "<=", 7.5),
        ("rapportcijfer_buurt", 2016, ">=", 6.8),
    ],
)
def test_primary_targets_match_the_plan(cfg, indicator, year, comparator, threshold):
    t = cfg.target(indicator, year)
    assert (t.comparator, t.threshold) == (comparator, threshold)


def test_relative_targets_and_contradicting_annex_kept(cfg):
    rel = cfg.target("onveilig_buurt", 2018)
    assert rel.is_relative and rel.threshold is None and rel.threshold_peer == "g32"
    annex = [t for t in cfg.targets if t.indicator == "hic" and not t.primary]
    assert annex and annex[0].comparator == "<=" and "Bijlage 1" in annex[0].where
    alt = [b for b in cfg.baselines_of("overlast_buurtbewoners", primary_only=False) if not b.primary]
    assert alt[0].value == 6.4


def test_comparison_set_and_references(cfg):
    g32 = cfg.peer_group("g32")
    assert "GM0935" in g32.members and len(g32.members) == 41
    assert dict(cfg.references)["GM0796"] == "'s-Hertogenbosch"
    assert len(cfg.references) == 6


def test_settings_defaults(cfg):
    assert cfg.small_count_threshold == 5
    roles = {"analist", "driehoek", "raad", "publiek", "partner", "buurtteam", "planeigenaar", "admin"}
    assert {r.id for r in cfg.roles} == roles
    assert [r.id for r in cfg.roles if r.plan] == ["planeigenaar"]
    assert {r.id: r.duiding for r in cfg.roles if r.duiding} == {
        "analist": "write",
        "planeigenaar": "write",
        "partner": "remark",
        "buurtteam": "remark",
    }
    assert {r.id: r.areas for r in cfg.roles if r.areas} == {"buurtteam": ("WK093580",)}


def test_a_role_with_an_unknown_duiding_right_is_refused():
    data = _mutate(lambda d: d["roles"][0].update(duiding="schrijven"))
    with pytest.raises(ConfigError, match=r"roles\[0\]\.duiding.*'schrijven' is not one of"):
        parse_config(data)


def test_signal_breaks_are_data():
    data = _mutate(
        lambda d: d.update(
            signal_breaks=[
                {"category": "1.2.3", "month": "2015-01", "reason_nl": "online aangifte"},
                {"category": "1.2.3", "month": "2016-03"},
                {"category": "*", "month": "2014-07"},
            ]
        )
    )
    cfg = parse_config(data)
    assert cfg.breaks == {"1.2.3": dt.date(2016, 3, 1), "*": dt.date(2014, 7, 1)}  # the newest break per key
    assert cfg.signal_breaks[0].reason_nl == "online aangifte"
    assert parse_config(RAW).breaks == {}


def _mutate(fn):
    data = copy.deepcopy(RAW)
    fn(data)
    return data


ERROR_CASES = [
    ("unknown theme", lambda d: d["indicators"][0].update(theme="x"), "indicators[0].theme", "unknown theme"),
    ("bad comparator", lambda d: d["targets"][0].update(comparator="=<"), "targets[0].comparator", "not one of"),
    (
        "target for unknown indicator",
        lambda d: d["targets"][0].update(indicator="nope"),
        "targets[0].indicator",
        "unknown indicator",
    ),
    ("missing unit", lambda d: d["indicators"][1].pop("unit"), "indicators[1].unit", "missing"),
    ("bad unit", lambda d: d["indicators"][1].update(unit="promille"), "indicators[1].unit", "not one of"),
    (
        "threshold and peer both",
        lambda d: d["targets"][0].update(threshold_peer="g32"),
        "targets[0].threshold",
        "exactly one",
    ),
    (
        "unknown peer group",
        lambda d: d["targets"][-1].update(threshold_peer="g99"),
        "threshold_peer",
        "unknown peer group",
    ),
    ("threshold not a number", lambda d: d["targets"][0].update(threshold="acht"), "targets[0].threshold", "expected"),
    ("typo in key", lambda d: d["indicators"][0].update(directon="lower"), "indicators[0].directon", "unknown key"),
    ("two primary targets", lambda d: d["targets"].append(dict(d["targets"][0])), "primary", "second primary target"),
    (
        "police indicator without categories",
        lambda d: d["indicators"][1].update(categories=[]),
        "indicators[1].categories",
        "at least one category",
    ),
    ("bad gemeente code", lambda d: d["gemeente"].update(code="0935"), "gemeente.code", "CBS gemeente code"),
    (
        "duplicate indicator",
        lambda d: d["indicators"].append(dict(d["indicators"][0])),
        "indicators[10].id",
        "duplicate",
    ),
    (
        "signal break not a month",
        lambda d: d.update(signal_breaks=[{"category": "1.1.1", "month": "januari 2016"}]),
        "signal_breaks[0].month",
        "not a month",
    ),
    (
        "signal break typo",
        lambda d: d.update(signal_breaks=[{"categorie": "1.1.1", "month": "2016-01"}]),
        "signal_breaks[0].categorie",
        "unknown key",
    ),
    (
        "a role's wijk of another gemeente",
        lambda d: d["roles"][2].update(areas=["WK001401"]),
        "roles[2].areas[0]",
        "not a CBS wijk code of GM0935",
    ),
    (
        "a role's buurt for a wijk",
        lambda d: d["roles"][2].update(areas=["BU09358001"]),
        "roles[2].areas[0]",
        "wijk code",
    ),
    ("a wijk named twice", lambda d: d["roles"][2].update(areas=["WK093580", "WK093580"]), "areas[1]", "named twice"),
    ("areas on a city-only role", lambda d: d["roles"][3].update(areas=["WK093580"]), "roles[3].areas", "below the"),
    (
        "bad threshold for suppression",
        lambda d: d["privacy"].update(small_count_threshold=0),
        "privacy.small_count_threshold",
        "1 or more",
    ),
]


@pytest.mark.parametrize("name,mutate,key,words", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_config_errors_name_the_key(name, mutate, key, words):
    with pytest.raises(ConfigError) as exc:
        parse_config(_mutate(mutate))
    assert key in str(exc.value)
    assert words in str(exc.value)


def test_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text("[plan\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml: config: not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "missing.toml")


def test_next_years_plan_is_an_edit(tmp_path):
    text = DEFAULT_CONFIG.read_text(encoding="utf-8") + (
        '\n[[targets]]\nindicator = "hic"\nyear = 2017\nkind = "UP"\ncomparator = "<="\n'
        'threshold = 44.5\nwhere = "Uitvoeringsplan 2017"\n'
    )
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    assert load_config(path).target("hic", 2017).threshold == 44.5
