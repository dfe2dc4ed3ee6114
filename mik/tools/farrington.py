"""Side by side with the field's reference: R's ``surveillance::farringtonFlexible`` on the very
series :mod:`mik.tools.signalbench` draws, judged under the same Benjamini-Hochberg rule.

For every scenario and replication, each buurt x category series (January of year 1 to the last
evaluation month) goes to R; ``farringtonFlexible`` (Noufaily's improved method: ``b = 3`` years,
``w = 3``, ``noPeriods = 10``, ``pastWeeksNotIncluded = 3``, a trend kept when significant) gives a
one-sided p-value per evaluation month (``control$pvalue``) with the ``nbPlugin`` and the ``muan``
threshold. Per month, q-values over all cells with a p-value; a signal is q < 0.05 with at least 5
registrations (Farrington's own ``limit54``), as in MIK. False alarms and recall are counted as the
benchmark counts them.

R's p-values are kept per input in ``~/.cache/mik/farrington`` (``MIK_FARRINGTON_CACHE``), so a
second run on the same cities only recomputes MIK's side. Needs ``Rscript`` with the
``surveillance`` package (Debian ``r-cran-surveillance``); without it :func:`compare` says so and
nothing else runs. CI does not need R.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

from mik.figures import signals, stats
from mik.plan.config import load_config
from mik.plan.periods import add_months
from mik.tools import signalbench

THRESHOLDS = ("nbPlugin", "muan")
CACHE = Path(os.environ.get("MIK_FARRINGTON_CACHE", Path.home() / ".cache" / "mik" / "farrington"))

R_SCRIPT = r"""
suppressPackageStartupMessages(library(surveillance))
args <- commandArgs(TRUE)
d <- read.csv(args[1], colClasses = c("integer", "character", "integer"))
series <- unique(d$series)
obs <- matrix(0L, nrow = max(d$t), ncol = length(series), dimnames = list(NULL, series))
obs[cbind(d$t, match(d$series, series))] <- d$count
s <- sts(observed = obs, start = c(2012, 1), frequency = 12)
range <- as.integer(strsplit(args[2], ",")[[1]])
out <- NULL
for (method in strsplit(args[3], ",")[[1]]) {
  ctrl <- list(range = range, b = 3, w = 3, noPeriods = 10, pastWeeksNotIncluded = 3,
               thresholdMethod = method, alpha = 0.05, trend = TRUE, populationOffset = FALSE)
  res <- suppressWarnings(farringtonFlexible(s, control = ctrl))
  p <- res@control$pvalue
  out <- rbind(out, data.frame(method = method, t = rep(range, ncol(p)),
                               series = rep(series, each = length(range)), p = as.vector(p)))
}
write.csv(out, args[4], row.names = FALSE)
"""


def available() -> str | None:
    """None when R and ``surveillance`` can be used, else the reason."""
    if shutil.which("Rscript") is None:
        return "Rscript is not installed (Debian: apt-get install r-cran-surveillance)"
    probe = subprocess.run(
        ["Rscript", "-e", "suppressPackageStartupMessages(library(surveillance))"], capture_output=True, text=True
    )
    return None if probe.returncode == 0 else "R's surveillance package is not installed (r-cran-surveillance)"


def _month_index(m) -> int:
    return (m.year - signalbench.START.year) * 12 + m.month - signalbench.START.month + 1


def farrington_cells(city: signalbench.City, folder: Path) -> pd.DataFrame:
    """farringtonFlexible's p-value per evaluation month, buurt x category and threshold method."""
    last = add_months(signalbench.FIRST_EVAL, signalbench.EVAL_MONTHS - 1)
    reg = city.registrations.assign(month=pd.to_datetime(city.registrations.month).dt.date)
    reg = reg[reg.month <= last]
    counts = reg.groupby(["area_code", "category_code", "month"], as_index=False)["count"].sum()
    counts["series"] = counts.area_code + "|" + counts.category_code
    counts["t"] = [_month_index(m) for m in counts.month]
    every = city.lam[["area_code", "category_code"]].drop_duplicates()
    series = (every.area_code + "|" + every.category_code).tolist()
    present = set(counts.series)
    zeros = pd.DataFrame({"t": 1, "series": [s for s in series if s not in present], "count": 0})
    data = pd.concat([counts[["t", "series", "count"]], zeros], ignore_index=True)
    data.to_csv(folder / "series.csv", index=False)
    (folder / "farrington.R").write_text(R_SCRIPT)
    months = [add_months(signalbench.FIRST_EVAL, k) for k in range(signalbench.EVAL_MONTHS)]
    args = [",".join(str(_month_index(m)) for m in months), ",".join(THRESHOLDS)]
    # R takes minutes per city: its answer is kept per input (the same seed and world give the same series)
    key = hashlib.sha1((folder / "series.csv").read_bytes() + R_SCRIPT.encode() + " ".join(args).encode())
    cached = CACHE / f"{key.hexdigest()}.csv"
    if not cached.exists():
        subprocess.run(
            ["Rscript", str(folder / "farrington.R"), str(folder / "series.csv"), *args, str(folder / "p.csv")],
            check=True,
            capture_output=True,
        )
        CACHE.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "p.csv", cached)
    out = pd.read_csv(cached, dtype={"series": str})
    out[["area_code", "category_code"]] = out.series.str.split("|", expand=True)
    out["month"] = [add_months(signalbench.START, int(t) - 1) for t in out.t]
    return out.drop(columns=["series", "t"])


def judged(cells: pd.DataFrame, city: signalbench.City) -> pd.DataFrame:
    """BH per month and method over the cells with a p-value; the planted size and ``lam`` joined
    as the benchmark has them."""
    cells = cells.dropna(subset=["p"]).copy()
    cells["q"] = cells.groupby(["method", "month"]).p.transform(lambda p: stats.bh_qvalues(p.to_numpy()))
    keys = ["month", "area_code", "category_code"]
    reg = city.registrations.assign(month=pd.to_datetime(city.registrations.month).dt.date)
    observed = reg.groupby(keys, as_index=False)["count"].sum().rename(columns={"count": "observed"})
    cells = cells.merge(observed, on=keys, how="left").fillna({"observed": 0})
    cells["signal"] = (cells.q < 0.05) & (cells.observed >= signals.MIN_COUNT)
    cells = cells.merge(city.lam, on=keys, how="left").merge(city.plants[[*keys, "size"]], on=keys, how="left")
    cells["size"] = cells["size"].fillna(0).astype(int)
    return cells


def compare(replications: int = 2, seed: int = 2026, scenarios=tuple(signalbench.SCENARIOS)) -> str:
    """One table: per scenario, MIK's test and farringtonFlexible's two thresholds on the same series."""
    reason = available()
    if reason:
        return f"No side-by-side with farringtonFlexible: {reason}."
    cfg = load_config()
    rows = []
    start = time.perf_counter()
    for name in scenarios:
        frames = {m: [] for m in ("MIK", *THRESHOLDS)}
        for r in range(replications):
            s = seed + 10 * r
            city = signalbench.draw_city(cfg, s, scenario=name)
            mik = signalbench.replication(cfg, s, scenario=name, city=city)
            frames["MIK"].append(mik[mik.method == "model"].assign(replication=s))
            with tempfile.TemporaryDirectory(prefix="mik-farrington-") as tmp:
                cells = judged(farrington_cells(city, Path(tmp)), city)
            for method in THRESHOLDS:
                frames[method].append(cells[cells.method == method].assign(replication=s))
        for method, parts in frames.items():
            summary = signalbench.summarise(pd.concat(parts, ignore_index=True))
            rows.append((name, method, summary))
    lines = [
        f"Side by side with surveillance::farringtonFlexible (b = 3, w = 3, noPeriods = 10), {replications} "
        "cities per scenario, the same series, BH q < 0.05 per month for every method",
        "",
        f"{'scenario':<14} {'method':<9} {'false/month':>11} {'months with':>11}  "
        + "  ".join(f"{'+' + str(x):>6}" for x in signalbench.SIZES),
    ]
    for name, method, s in rows:
        recall = "  ".join(f"{signalbench.recall_of(s, x):>6.0%}" for x in signalbench.SIZES)
        lines.append(
            f"{name:<14} {method:<9} {s['false_per_month_mean']:>11.2f} {s['months_with_a_false_alarm']:>11.0%}  "
            + recall
        )
    lines += ["", f"recall per spree size over all planted cells; {time.perf_counter() - start:.0f} s in all."]
    return "\n".join(lines)
