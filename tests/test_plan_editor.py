"""The plan edited as data: changes to config.toml that keep its comments, the plan's own checks on
every save, numbered versions that can be restored, and no change lost to a second editor."""

from __future__ import annotations

import multiprocessing
import tomllib

import pytest

from mik.plan import editor
from mik.plan.config import ConfigError
from mik.plan.versions import OUTSIDE, PlanConflict, PlanStore, sha
from tests.conftest import ROOT

PLAN = (ROOT / "config.toml").read_text(encoding="utf-8")


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_a_changed_target_keeps_every_comment_and_every_other_statement():
    new = editor.set_target(PLAN, "hic", 2016, editor.TargetSpec("<=", threshold=42.0), where="Plan-pagina")
    assert comments(new) == comments(PLAN)
    old_cfg, new_cfg = editor.validate(PLAN), editor.validate(new)
    assert new_cfg.target("hic", 2016).threshold == 42.0 and new_cfg.target("hic", 2016).where == "Plan-pagina"
    assert old_cfg.target("hic", 2016).threshold == 45.0
    changed = [t for t in new_cfg.targets if t not in old_cfg.targets]
    assert [(t.indicator, t.year) for t in changed] == [("hic", 2016)]
    assert len(new_cfg.targets) == len(old_cfg.targets)
    # the annex's other statement for a year is kept as it is (not primary)
    assert [t for t in old_cfg.targets if not t.primary] == [t for t in new_cfg.targets if not t.primary]
    assert editor.describe(old_cfg, new_cfg) == [
        "Misdrijven vermogenscriminaliteit/HIC per 1.000 inwoners 2016: ≤ 45,0 per 1.000 → ≤ 42,0 per 1.000"
    ]


def test_a_new_target_lands_after_the_last_one_before_the_next_section():
    new = editor.set_target(PLAN, "bedreiging", 2017, editor.TargetSpec("<", threshold=3.0), where="x")
    lines = new.splitlines()
    at = lines.index('indicator = "bedreiging"', max(i for i, line in enumerate(lines) if line == "[[targets]]"))
    section = next(i for i, line in enumerate(lines) if line.startswith("# --- Comparison set"))
    assert at < section  # not after the comments that open the comparison set
    assert editor.validate(new).target("bedreiging", 2017).threshold == 3.0
    assert editor.set_target(new, "bedreiging", 2017, None, where="") == PLAN  # removed: the file as it was


def test_a_target_relative_to_the_baseline_is_the_baseline_changed_by_the_percentage():
    text = editor.set_baseline(PLAN, "hic", 2014, 50.0, where="nulmeting")
    text = editor.set_target(
        text, "hic", 2017, editor.TargetSpec("<=", change_pct=-10, baseline_year=2014), where="Plan-pagina"
    )
    cfg = editor.validate(text)
    target = cfg.target("hic", 2017)
    assert target.threshold == pytest.approx(45.0) and target.from_baseline
    assert editor.target_words(cfg, target) == "≤ 45,0 per 1.000 (-10% t.o.v. 2014)"
    assert editor.target_words(cfg, target, "en") == "≤ 45.0 per 1,000 (-10% vs 2014)"
    # without a baseline of that year the plan is refused, naming the key
    bad = editor.set_target(PLAN, "hic", 2017, editor.TargetSpec("<=", change_pct=-10, baseline_year=2010), where="x")
    with pytest.raises(ConfigError, match=r"targets\[\d+\]\.baseline_year: the plan has no baseline for hic in 2010"):
        editor.validate(bad)


def test_a_switched_off_indicator_leaves_every_screen_but_keeps_its_targets():
    text = editor.set_enabled(PLAN, "hic", False)
    cfg = editor.validate(text)
    assert "hic" not in {i.id for i in cfg.indicators} and [i.id for i in cfg.indicators_off] == ["hic"]
    assert not [t for t in cfg.targets if t.indicator == "hic"]
    assert not [b for b in cfg.baselines if b.indicator == "hic"]
    assert "hic" not in {ind.id for ind in cfg.indicators_of("c")}
    assert editor.describe(editor.validate(PLAN), cfg) == [
        "Misdrijven vermogenscriminaliteit/HIC per 1.000 inwoners uitgezet"
    ]
    assert editor.set_enabled(text, "hic", True) == PLAN
    every_off = PLAN
    for ind in editor.validate(PLAN).indicators:
        every_off = editor.set_enabled(every_off, ind.id, False)
    with pytest.raises(ConfigError, match="every indicator is switched off"):
        editor.validate(every_off)


def test_a_new_plan_year_can_start_from_the_targets_of_the_last():
    text = editor.add_year(PLAN, 2017, copy_from=2016, where="overgenomen van 2016")
    old, cfg = editor.validate(PLAN), editor.validate(text)
    assert cfg.plan_years == (2015, 2016, 2017)
    for t16 in [t for t in old.targets if t.year == 2016 and t.primary]:
        t17 = cfg.target(t16.indicator, 2017)
        assert t17 is not None and (t17.comparator, t17.threshold) == (t16.comparator, t16.threshold)
    with pytest.raises(ConfigError, match=r"plan\.years: 2017 is a plan year already"):
        editor.add_year(text, 2017, where="x")
    assert editor.validate(editor.add_year(PLAN, 2017, where="x")).target("hic", 2017) is None


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda text: text.replace('comparator = "<="', 'comparator = "=<"', 1),
            r"targets\[\d+\]\.comparator: .=<. is not one of",
        ),
        (
            lambda text: text.replace("years = [2015, 2016]", "years = [2015, 2015]"),
            "plan.years: a year is listed twice",
        ),
        (lambda text: text.replace("threshold = 8.0", 'threshold = "acht"', 1), r"targets\[\d+\]\.threshold: expected"),
        (lambda text: text + "\n[[targets\n", "not valid TOML"),
    ],
)
def test_a_plan_the_app_would_refuse_is_never_saved(tmp_path, change, message):
    config = tmp_path / "config.toml"
    config.write_text(PLAN, encoding="utf-8")
    store = PlanStore(config)
    with pytest.raises(ConfigError, match=message):
        store.save(change(PLAN), base=sha(PLAN), user="u1", role="admin")
    assert config.read_text(encoding="utf-8") == PLAN
    assert store.versions() == []


def test_every_save_is_a_version_and_any_version_can_be_restored(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(PLAN, encoding="utf-8")
    store = PlanStore(config)
    first = editor.set_target(PLAN, "hic", 2016, editor.TargetSpec("<=", threshold=42.0), where="a")
    v = store.save(first, base=sha(PLAN), user="u1", role="admin")
    assert v.number == 2 and config.read_text(encoding="utf-8") == first
    assert [(x.number, x.user) for x in store.versions()] == [(2, "u1"), (1, OUTSIDE)]
    assert store.text(1) == PLAN  # the file as it was before the first save
    second = editor.set_target(first, "hic", 2016, editor.TargetSpec("<=", threshold=40.0), where="b")
    store.save(second, base=sha(first), user="u2", role="planeigenaar")
    restored = store.restore(1, base=sha(second), user="u1", role="admin")
    assert config.read_text(encoding="utf-8") == PLAN
    assert restored.number == 4 and restored.restored_from == 1
    assert restored.summary[0] == "versie 1 teruggezet"
    assert "≤ 40,0 per 1.000 → ≤ 45,0 per 1.000" in restored.words()
    assert store.current().version == restored


def test_a_save_on_a_plan_that_changed_meanwhile_is_refused_and_nothing_is_lost(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(PLAN, encoding="utf-8")
    store = PlanStore(config)
    seen = sha(PLAN)  # two people open the page
    mine = editor.set_target(PLAN, "hic", 2016, editor.TargetSpec("<=", threshold=42.0), where="a")
    theirs = editor.set_target(PLAN, "bedreiging", 2016, editor.TargetSpec("<", threshold=3.0), where="b")
    store.save(theirs, base=seen, user="u2", role="admin")
    with pytest.raises(PlanConflict) as exc:
        store.save(mine, base=seen, user="u1", role="admin")
    assert exc.value.newest.user == "u2"
    assert config.read_text(encoding="utf-8") == theirs
    # an edit by hand is kept as a version of its own before the next save
    by_hand = theirs.replace("threshold = 8.0", "threshold = 8.5", 1)
    config.write_text(by_hand, encoding="utf-8")
    with pytest.raises(PlanConflict) as exc:
        store.save(mine, base=sha(theirs), user="u1", role="admin")
    assert exc.value.newest is None
    store.save(mine, base=sha(by_hand), user="u1", role="admin")
    assert [v.user for v in store.versions()] == ["u1", OUTSIDE, "u2", OUTSIDE]
    assert store.text(3) == by_hand


def _save_one(args):
    config, threshold = args
    store = PlanStore(config)
    text = editor.set_target(PLAN, "hic", 2016, editor.TargetSpec("<=", threshold=threshold), where="race")
    try:
        store.save(text, base=sha(PLAN), user=f"u{threshold}", role="admin")
        return "saved"
    except PlanConflict:
        return "conflict"


def test_two_people_saving_at_the_same_moment_one_wins_the_other_is_told(tmp_path):
    for round_ in range(5):
        config = tmp_path / f"config{round_}.toml"
        config.write_text(PLAN, encoding="utf-8")
        with multiprocessing.get_context("fork").Pool(4) as pool:
            outcomes = pool.map(_save_one, [(config, float(40 + i)) for i in range(4)])
        assert sorted(outcomes) == ["conflict"] * 3 + ["saved"], outcomes
        versions = PlanStore(config).versions()
        assert [v.number for v in versions] == [2, 1]
        text = config.read_text(encoding="utf-8")
        assert sha(text) == versions[0].sha
        assert tomllib.loads(text)  # whole, not half of one save and half of another


def test_a_scenario_becomes_the_plan_with_its_kind_kept():
    text = editor.apply_scenario(PLAN, 2016, {"hic": ("<=", 43.5), "bedreiging": ("<", 3.0)}, where="Wat als")
    old, cfg = editor.validate(PLAN), editor.validate(text)
    assert (cfg.target("hic", 2016).threshold, cfg.target("hic", 2016).kind) == (43.5, old.target("hic", 2016).kind)
    assert cfg.target("bedreiging", 2016).threshold == 3.0
    assert cfg.target("hic", 2016).where == "Wat als"
    assert len(editor.describe(old, cfg)) == 2
