"""``python -m mik``: build the demo, print tables and target statuses.

Every subcommand takes ``--db PATH`` (default: ``$MIK_DB`` or ``data/mik.duckdb``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd

from mik.data import queries
from mik.data.audit import AuditStoreError
from mik.data.store import connect
from mik.figures import indicators, scorecards, targets, whatif
from mik.ingest.run import IMPORT_KINDS, run_import
from mik.output.exports import to_csv
from mik.plan.codes import level_of
from mik.plan.config import ConfigError, load_config
from mik.plan.periods import parse_period
from mik.privacy.access import FULL, Access
from mik.settings import DEFAULT_DB, default_db


def area_level(code: str) -> str:
    """The level of an area code given on the command line (a clear exit for a wrong one)."""
    try:
        return level_of(code)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


def _open(db: Path):
    if not db.exists():
        raise SystemExit(f"no database at {db}; build one with: python -m mik demo --db {db}")
    return connect(db, read_only=True)


def cmd_demo(args) -> int:
    from mik.tools.demo import build_demo

    summary = build_demo(args.db, seed=args.seed)
    print(
        f"demo database {summary.path}: {summary.wijken} wijken, {summary.buurten} buurten, "
        f"{summary.registrations} registration rows, built in {summary.seconds:.1f} s (seed {args.seed})"
    )
    return 0


def table_frame(
    con,
    cfg,
    level: str,
    period_text: str,
    indicator: str | None,
    category: str | None,
    per_1000: bool,
    area: str | None,
    *,
    access: Access,
) -> pd.DataFrame:
    """The rows ``mik table`` prints; also what the pages show for the same choice and role."""
    period = parse_period(period_text)
    if indicator:
        ind = cfg.indicator(indicator)
        if ind.source == "survey":
            df = indicators.survey_values(con, ind, level, period.start.year, access=access)
            df.insert(2, "period", str(period.start.year))
            df["unit"] = ind.unit
        else:
            df = indicators.police_values(con, ind, level, period, per_1000 or ind.unit == "per_1000", access=access)
            df.insert(2, "period", period.code)
            df["unit"] = "per_1000" if per_1000 or ind.unit == "per_1000" else "count"
            df["categories"] = "+".join(ind.categories)
    else:
        if category not in set(queries.category_list(con).code):
            raise SystemExit(f"unknown category {category!r}; see the categories table")
        cats = queries.category_leaves(con, category)
        scope = "total" if category == "0.0.0" else "category"
        df = indicators.category_values(con, cats, level, period, per_1000, access=access, scope=scope)
        df.insert(2, "period", period.code)
        df["unit"] = "per_1000" if per_1000 else "count"
        df["categories"] = "+".join(cats)
    if area:
        df = df[df.area_code == area]
    return df.reset_index(drop=True)


def cmd_serve(args) -> int:
    """Run the app: one Streamlit process, or ``--workers K`` behind HAProxy (mik.ops.server; mik itself
    never imports Streamlit)."""
    import shutil

    from mik.ops.server import default_workers, serve

    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise SystemExit("mik serve: --workers must be 1 or more")
    if args.workers is None and workers > 1 and shutil.which("haproxy") is None:
        print(
            f"mik serve: HAProxy is not installed, so one app process instead of {workers} "
            "(install Debian's haproxy to use every core; README, Performance)",
            file=sys.stderr,
        )
        workers = 1
    if not os.environ.get("MIK_DB") and not DEFAULT_DB.exists():
        from mik.tools.demo import build_demo

        print(f"Building the demo database {DEFAULT_DB} (first start) ...", flush=True)
        build_demo(DEFAULT_DB)
    return serve(
        args.port, args.address, workers, args.headless or workers > 1, replace=args.replace, ready_port=args.ready_port
    )


def cmd_health(args) -> int:
    """What keeps people from logging in or seeing pages (mik.ops.health); exit 1 when anything does."""
    from mik.ops import health

    problems = health.check(args.db)
    for p in problems:
        print(f"not ready: {p}", file=sys.stderr)
    if not problems:
        print(f"ready: {args.db} reads whole, the audit log and the users file read")
    return 1 if problems else 0


def cmd_init(args) -> int:
    from mik.plan.installation import write_config

    path, name = write_config(args.output, args.gemeente, args.name, template=args.plan, force=args.force)
    what = f"a copy of the plan in {args.plan}" if args.plan else "a basic monitor of the public CBS/Politie figures"
    print(
        f"{path}: config for {name} ({args.gemeente.upper()}) written: {what}.\n"
        f"Next: export MIK_CONFIG={path.resolve()} MIK_DB=<database file>, then import the boundaries first "
        "(python -m mik import boundaries FILE), then population and crime; see README 'Another gemeente'."
    )
    return 0


def cmd_table(args) -> int:
    cfg = load_config()
    con = _open(args.db)
    df = table_frame(
        con, cfg, args.level, args.period, args.indicator, args.category, args.per_1000, args.area, access=FULL
    )
    if queries.is_synthetic(con):
        print("# LET OP: synthetische demodata / synthetic demo data", file=sys.stderr)
    if args.format == "json":
        print(df.to_json(orient="records", force_ascii=False, indent=1))
    else:
        to_csv(df, sys.stdout)
    return 0


def parse_what_if(items: list[str]) -> dict[tuple[str, int], tuple[str, float]]:
    """``['hic=<=:44']`` -> ``{('hic', year): ('<=', 44.0)}`` (year filled in by the caller)."""
    out = {}
    for item in items or []:
        try:
            ind, rest = item.split("=", 1)
            if rest.startswith("="):  # "hic==..." is not a comparator
                raise ValueError
            comp, thr = rest.rsplit(":", 1)
            out[ind.strip()] = (comp.strip(), float(thr.replace(",", ".")))
        except ValueError:
            raise SystemExit(
                f"--what-if {item!r} not understood; use INDICATOR=COMPARATOR:THRESHOLD, e.g. hic=<=:44"
            ) from None
    return out


def status_rows(con, cfg, year: int, area: str | None, lang: str = "nl", *, access: Access) -> list[dict]:
    area = area or cfg.gemeente_code
    rows = []
    for r in scorecards.scorecard(con, cfg, year, area, area_level(area), access=access):
        rows.append(
            {
                "indicator": r.indicator.id,
                "theme": r.indicator.theme,
                "name": r.indicator.name(lang),
                "area": area,
                "period": r.value.period,
                "value": r.value.value,
                "lower": r.value.lower,
                "upper": r.value.upper,
                "unit": r.indicator.unit,
                "target": targets.target_text(cfg, r.indicator, r.target, r.threshold, lang),
                "comparator": r.target.comparator if r.target else None,
                "threshold": r.threshold,
                "projected": r.status.projected,
                "status": r.status.code,
                "status_word": r.status.word(lang),
                "reason": r.status.reason(lang),
                "latest_year": r.latest_year,
                "latest_value": r.latest_value,
            }
        )
    return rows


def cmd_status(args) -> int:
    cfg = load_config()
    overrides = {(ind, args.year): v for ind, v in parse_what_if(args.what_if).items()}
    try:
        cfg = whatif.with_overrides(cfg, overrides)
    except (KeyError, ValueError) as exc:
        raise SystemExit(f"--what-if: {exc}") from None
    con = _open(args.db)
    rows = status_rows(con, cfg, args.year, args.area, args.lang, access=FULL)
    synthetic = queries.is_synthetic(con)
    if args.json:
        print(
            json.dumps(
                {
                    "year": args.year,
                    "synthetic_demo_data": synthetic,
                    "scenario": {k[0]: list(v) for k, v in overrides.items()} or None,
                    "indicators": rows,
                },
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
        return 0
    if synthetic:
        print("LET OP: synthetische demodata")
    if overrides:
        print("SCENARIO (what-if), niet het vastgestelde plan")
    for r in rows:
        print(f"{r['indicator']:<28} {r['status_word']:<30} {r['reason']}")
    return 0


def cmd_import(args) -> int:
    from mik.data import audit
    from mik.ingest import IngestError
    from mik.ingest.publish import attempt

    who = os.environ.get("USER", "cli")
    with attempt(args.db, who, "cli", str(args.file)):  # a kill in here is still logged (next import)
        try:
            result = run_import(args.db, args.kind, args.file, args.gemeente, args.year)
        except IngestError as exc:
            audit.record(args.db, who, "cli", "import", f"refused: {exc}")
            print(f"import refused, database unchanged: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:
            message = f"{Path(args.file).name}: cannot be imported ({type(exc).__name__})"
            audit.record(args.db, who, "cli", "import", f"failed: {message}")  # no words of the file in the log
            detail = (str(exc).splitlines() or [""])[0][:200]
            print(f"import refused, database unchanged: {message}: {detail}", file=sys.stderr)
            return 1
        audit.record(args.db, who, "cli", "import", result.message)
    print(result.message)
    return 0


def cmd_versions(args) -> int:
    from mik.ingest import versions

    kept = versions.list_versions(args.db)
    if not kept:
        print(f"no earlier versions of {args.db} are kept ({versions.versions_dir(args.db)})")
        return 0
    print(f"{'version':<8} {'replaced at':<20} {'size':>10}  replaced by / newest imports it holds")
    for v in kept:
        print(f"{v.number:<8} {v.replaced_at.replace('T', ' '):<20} {v.size / 1e6:>8.1f} MB  {v.replaced_by}")
        for load in v.loads():
            when = f"{load['loaded_at']:%Y-%m-%d %H:%M}"
            print(f"{'':<42}{when} {load['kind']}: {load['file_name']} ({load['rows']} rows)")
    print(
        f"kept: the newest {versions.keep_count()} within {versions.budget_bytes() / 2**20:.0f} MB "
        "($MIK_KEEP_VERSIONS, $MIK_VERSIONS_MB); python -m mik rollback [VERSION] publishes one again"
    )
    return 0


def cmd_rollback(args) -> int:
    from mik.data import audit
    from mik.ingest import IngestError
    from mik.ingest.publish import attempt, rollback

    who = os.environ.get("USER", "cli")
    with attempt(args.db, who, "cli", f"version {args.version or 'newest'}", "rollback"):
        try:
            target, kept = rollback(args.db, args.version)
        except (LookupError, IngestError) as exc:
            audit.record(args.db, who, "cli", "rollback", f"refused: {exc}")
            print(f"rollback refused, database unchanged: {exc}", file=sys.stderr)
            return 1
        saved = f"; the database it replaced is kept as version {kept.number}" if kept else ""
        replaced = f"replaced at {target.replaced_at} by {target.replaced_by}"
        message = f"version {target.number} published again ({replaced}){saved}"
        audit.record(args.db, who, "cli", "rollback", message)
    print(message)
    return 0


def cmd_fetch(args) -> int:
    from mik.ingest import IngestError
    from mik.ingest.fetch import fetch_cbs

    cfg = load_config()
    gemeente = (args.gemeente or cfg.gemeente_code).upper()
    until = args.to or datetime.date.today().year
    try:
        downloads = fetch_cbs(gemeente, args.since, until, args.out)
    except OSError as exc:
        print(f"fetch failed (no internet, or the service did not answer): {exc}", file=sys.stderr)
        return 1
    order = {"boundaries": 0, "population": 1, "crime": 2}
    for d in sorted(downloads, key=lambda d: order[d.kind]):
        print(f"downloaded {d.path} ({d.rows} rows)")
        if d.rows == 0:
            continue
        try:
            print(run_import(args.db, d.kind, d.path, gemeente, d.year).message)
        except IngestError as exc:
            print(f"import refused, database unchanged: {exc}", file=sys.stderr)
            return 1
    return 0


def cmd_users(args) -> int:
    import getpass

    from mik.privacy import users

    if args.action == "list":
        try:
            found = users.load_users()
        except users.UsersFileError as exc:
            raise SystemExit(f"users list: {exc}") from None
        for name, u in sorted(found.items()):
            print(f"{name}\t{u['role']}" + ("\tdisabled" if u.get("disabled") else ""))
        return 0
    if args.action in ("remove", "disable", "enable"):
        try:
            if args.action == "remove":
                users.remove_user(args.name or "")
            else:
                users.set_disabled(args.name or "", args.action == "disable")
        except (users.UsersFileError, ValueError) as exc:
            raise SystemExit(f"users {args.action} refused, the file is unchanged: {exc}") from None
        print(f"user {args.name}: {args.action}d; their open sessions end at their next step")
        return 0
    cfg = load_config()
    if args.role not in {r.id for r in cfg.roles}:
        raise SystemExit(f"unknown role {args.role!r}; roles in config.toml: {', '.join(r.id for r in cfg.roles)}")
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Wachtwoord: ")
    try:
        users.add_user(args.name, args.role, password)
    except users.UsersFileError as exc:
        raise SystemExit(f"users add refused, the file is unchanged: {exc}") from None
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    print(f"user {args.name} ({args.role}) saved in {users.users_file()} (argon2id hash, no clear password)")
    return 0


def cmd_bench(args) -> int:
    if args.users is not None:
        from mik.tools import loadbench

        return loadbench.run(args.users, args.workers, args.rounds, args.workdir)
    from mik.tools import bench

    return bench.run("quick" if args.quick else args.scale, args.workdir, pages=not args.no_pages)


def cmd_signals(args) -> int:
    from mik.figures import signals

    cfg = load_config()
    con = _open(args.db)
    try:
        month = datetime.date.fromisoformat(args.month + "-01")
    except ValueError:
        raise SystemExit(f"--month {args.month!r} not understood (YYYY-MM)") from None
    result = signals.month_signals(con, month, args.level, access=FULL, gemeente=cfg.gemeente_code, breaks=cfg.breaks)
    if result.reason:
        print(f"no signals for {args.month}: {signals.REASONS[result.reason]}", file=sys.stderr)
        return 1
    if args.fits:  # the model behind the expectation, per category
        fits = result.fits.assign(month=args.month)[["month", *signals.FIT_COLUMNS]]
        if args.json:
            print(fits.to_json(orient="records"))
        else:
            to_csv(fits, sys.stdout)
        return 0
    found = result.found
    cols = ["month", "area_code", "name", "category_code", "category", "observed", "expected", "limit", "p", "q"]
    df = found[[*cols, "baseline", "relative"]]  # expected = baseline / relative (docs/queries.md)
    df = df.assign(
        month=args.month,
        observed=df.observed.astype(int),
        baseline=df.baseline.astype(int),
        relative=df.relative.round(4),
        limit=df["limit"].astype("Int64"),
        expected=df.expected.round(2),
        p=df.p.map("{:.2e}".format),
        q=df.q.map("{:.2e}".format),
    )
    if queries.is_synthetic(con):
        print("# LET OP: synthetische demodata / synthetic demo data", file=sys.stderr)
    print(f"# {len(df)} signals among {len(result.table)} {args.level} x category cells tested", file=sys.stderr)
    if args.json:
        print(df.to_json(orient="records", force_ascii=False, indent=1))
    else:
        to_csv(df, sys.stdout)
    return 0


def cmd_streets(args) -> int:
    from mik.figures import hotspots

    cfg = load_config()
    con = _open(args.db)
    if not args.indicator and not args.category:
        raise SystemExit("give --indicator ID or --category CODE")
    cats = list(cfg.indicator(args.indicator).categories) if args.indicator else [args.category]
    period = parse_period(args.period)
    if args.hexagons:
        layer = hotspots.hex_counts(hotspots.points(con, cats, period, FULL, cfg.gemeente_code))
        to_csv(layer, sys.stdout)
    else:
        to_csv(hotspots.top_streets(con, cats, period, FULL, cfg.gemeente_code, n=args.limit), sys.stdout)
    return 0


def cmd_bench_signals(args) -> int:
    import json

    from mik.tools import signalbench

    scenarios = tuple(args.scenario or signalbench.SCENARIOS)
    unknown = [s for s in scenarios if s not in signalbench.SCENARIOS]
    if unknown:
        raise SystemExit(f"--scenario {unknown[0]!r}: one of {', '.join(signalbench.SCENARIOS)}")
    result = signalbench.run(args.replications, args.seed, scenarios=scenarios)
    print(json.dumps(result, indent=1) if args.json else signalbench.report(result))
    if args.farrington:
        from mik.tools import farrington

        print()
        print(farrington.compare(args.replications, args.seed, scenarios))
    return 0


def cmd_audit(args) -> int:
    from mik.data import audit

    if args.disclosure:
        return _disclosure(args)
    try:
        if args.verify:
            lines, last = audit.verify(args.db)
            print(f"audit log intact: {lines} lines, every chain value matches; last chain value {last}")
            return 0
        to_csv(audit.read(args.db, args.limit), sys.stdout)
    except audit.AuditStoreError as exc:
        raise SystemExit(f"audit: {exc}") from None
    return 0


def _disclosure(args) -> int:
    """``mik audit --disclosure``: the narrowest interval an informed attacker gets per role and year."""
    from mik.figures import disclosure

    cfg = load_config()
    con = _open(args.db)
    roles = disclosure.restricted_roles(cfg)
    if args.role:
        roles = [a for a in roles if a.role in args.role]
        if not roles:
            raise SystemExit(f"audit: no restricted role named {', '.join(args.role)} in the plan")
    years = args.year or disclosure.data_years(con)
    lines = disclosure.report(con, cfg, roles, years)
    print("role\tyear\thidden\texposed\tnarrowest interval")
    for line in lines:
        n = line.narrowest
        shown = f"{n.width:g} wide: {n}" if n else "-"
        print(f"{line.role}\t{line.year}\t{line.hidden}\t{line.exposed}\t{shown}")
    exposed = sum(line.exposed for line in lines)
    threshold = cfg.small_count_threshold
    if exposed:
        print(f"{exposed} hidden cells can be narrowed to fewer than {threshold} values", file=sys.stderr)
        return 1
    print(f"every hidden cell spans at least {threshold} values for {len(roles)} roles over {len(years)} years")
    return 0


def cmd_report(args) -> int:
    from mik.data import audit, duiding
    from mik.output import document, driehoek, factsheet, raad, render

    cfg = load_config()
    con = _open(args.db)
    try:
        if args.kind == "driehoek":
            month = args.month or document.latest_month(con)
            notes = duiding.for_report(args.db, FULL, month)
            report = driehoek.build_driehoek(con, cfg, month, access=FULL, duidingen=notes)
        elif args.kind == "factsheet":
            if not args.area:
                raise SystemExit("factsheet: name the wijk or buurt with --area CODE (e.g. BU09358000)")
            if args.format != "pdf":
                raise SystemExit("factsheet: PDF only (--format pdf)")
            month = args.month or args.period or document.latest_month(con)
            notes = duiding.for_report(args.db, FULL, month)
            try:
                report = factsheet.build_factsheet(con, cfg, args.area, month, access=FULL, duidingen=notes)
            except factsheet.FactsheetError as exc:
                raise SystemExit(f"factsheet: {exc}") from None
        else:
            quarter = args.quarter or document.last_complete_quarter(con)
            if not quarter:
                raise SystemExit("raad: the data covers no whole quarter yet; name one with --quarter YYYY-Qn")
            notes = duiding.for_report(args.db, FULL, quarter)
            report = raad.build_raad(con, cfg, quarter, access=FULL, duidingen=notes)
    finally:
        con.close()
    data = render.render(report, args.format)
    args.output.write_bytes(data)
    what = f"{args.kind} {args.area + ' ' if args.kind == 'factsheet' else ''}{args.format} {args.output}"
    audit.record(args.db, os.environ.get("USER", "cli"), "cli", "export", what)
    print(f"{args.output}: {report.title}, {report.subtitle} ({len(data)} bytes)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m mik",
        description="MIK - informatieknooppunt veiligheid (config: $MIK_CONFIG or config.toml)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def db_arg(sp):
        sp.add_argument(
            "--db", type=Path, default=default_db(), help="DuckDB file (default: $MIK_DB or data/mik.duckdb)"
        )

    d = sub.add_parser("demo", help="build the synthetic demo database")
    db_arg(d)
    d.add_argument("--seed", type=int, default=2015, help="random seed (same seed, same database)")
    d.set_defaults(func=cmd_demo)

    n = sub.add_parser("init", help="write the config of a new installation for another gemeente")
    n.add_argument("--gemeente", required=True, help="CBS gemeente code, e.g. GM0758")
    n.add_argument("--name", help="the gemeente's name (default: from data/gemeenten.csv)")
    n.add_argument("-o", "--output", type=Path, required=True, help="the config file to write")
    n.add_argument(
        "--plan",
        type=Path,
        help="copy this full plan (e.g. config.toml, Maastricht's) instead of writing the basic monitor",
    )
    n.add_argument("--force", action="store_true", help="overwrite an existing file")
    n.set_defaults(func=cmd_init)

    sv = sub.add_parser(
        "serve", help="run the app (Streamlit) for the config in $MIK_CONFIG and the database in $MIK_DB"
    )
    sv.add_argument("--port", type=int, default=8501)
    sv.add_argument("--address", default="localhost", help="address to listen on (default: localhost)")
    sv.add_argument("--headless", action="store_true", help="do not open a browser")
    sv.add_argument(
        "--workers",
        type=int,
        help="app processes behind HAProxy, sticky per browser (default: one per core; 1 runs Streamlit alone)",
    )
    sv.add_argument("--replace", action="store_true", help="stop an earlier mik serve on this port first")
    sv.add_argument("--ready-port", type=int, help="also answer /_mik/ready on this loopback port")
    sv.set_defaults(func=cmd_serve)

    hc = sub.add_parser("health", help="can people log in and see pages? (database, audit log, users file)")
    db_arg(hc)
    hc.set_defaults(func=cmd_health)

    t = sub.add_parser("table", help="print the figures per area (CSV or JSON)")
    db_arg(t)
    t.add_argument("--level", required=True, choices=queries.LEVELS)
    t.add_argument(
        "--period",
        required=True,
        help="YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-YTD (year to date) or YYYY-MM-R12 (rolling 12 months)",
    )
    what = t.add_mutually_exclusive_group(required=True)
    what.add_argument("--indicator", help="indicator id from config.toml")
    what.add_argument("--category", help="category code, e.g. 0.0.0 or 1.1.1")
    t.add_argument("--per-1000", action="store_true", help="rate per 1,000 inhabitants")
    t.add_argument("--area", help="only this area code")
    t.add_argument("--format", choices=("csv", "json"), default="csv")
    t.set_defaults(func=cmd_table)

    s = sub.add_parser("status", help="every indicator's value, target and status for a year")
    db_arg(s)
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--area", help="area code (default: the gemeente)")
    s.add_argument("--json", action="store_true")
    s.add_argument("--lang", choices=("nl", "en"), default="nl")
    s.add_argument(
        "--what-if",
        action="append",
        metavar="INDICATOR=COMPARATOR:THRESHOLD",
        help="scenario threshold, e.g. hic=<=:44 (repeatable; never saved)",
    )
    s.set_defaults(func=cmd_status)

    i = sub.add_parser("import", help="import a data file (one transaction: all or nothing)")
    db_arg(i)
    i.add_argument("kind", choices=IMPORT_KINDS)
    i.add_argument("file", type=Path)
    i.add_argument("--gemeente", help="CBS gemeente code (default: config.toml)")
    i.add_argument("--year", type=int, help="boundary year, or population year (1 January)")
    i.set_defaults(func=cmd_import)

    v = sub.add_parser("versions", help="the earlier databases kept at each publish (for rollback)")
    db_arg(v)
    v.set_defaults(func=cmd_versions)

    rb = sub.add_parser("rollback", help="publish a kept earlier database again (default: the newest)")
    db_arg(rb)
    rb.add_argument("version", type=int, nargs="?", help="the version number (python -m mik versions)")
    rb.set_defaults(func=cmd_rollback)

    f = sub.add_parser("fetch", help="download CBS OData tables and PDOK boundaries, then import them")
    db_arg(f)
    f.add_argument("source", choices=("cbs",))
    f.add_argument("--gemeente", help="CBS gemeente code (default: config.toml)")
    f.add_argument("--from", dest="since", type=int, required=True, help="first year")
    f.add_argument("--to", type=int, help="last year (default: this year)")
    f.add_argument("--out", type=Path, default=DEFAULT_DB.parent / "downloads", help="where responses are saved")
    f.set_defaults(func=cmd_fetch)

    u = sub.add_parser("users", help="manage the local users file (hashed passwords)")
    u.add_argument("action", choices=("add", "list", "remove", "disable", "enable"))
    u.add_argument("name", nargs="?")
    u.add_argument("--role", default="publiek")
    u.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    u.set_defaults(func=cmd_users)

    r = sub.add_parser(
        "report", help="the monthly driehoek deck, the quarterly council report, or a wijk's or buurt's factsheet"
    )
    db_arg(r)
    r.add_argument("kind", choices=("driehoek", "raad", "factsheet"))
    r.add_argument("--month", help="YYYY-MM (driehoek, factsheet; default: the last complete month)")
    r.add_argument("--period", help="YYYY-MM: the same as --month (factsheet)")
    r.add_argument("--area", help="factsheet: the wijk or buurt code (CBS, e.g. WK093580 or BU09358000)")
    r.add_argument("--quarter", help="YYYY-Qn (raad; default: the last quarter the data covers whole)")
    r.add_argument("--format", choices=("pptx", "pdf"), default="pdf")
    r.add_argument("-o", "--output", type=Path, required=True)
    r.set_defaults(func=cmd_report)

    b = sub.add_parser("bench", help="benchmark: import, queries, map payload, update and pages, with baselines")
    b.add_argument("--scale", choices=("city", "national"), default="national")
    b.add_argument("--quick", action="store_true", help="a small dataset: the whole run in under a minute")
    b.add_argument("--no-pages", action="store_true", help="skip the AppTest page renders")
    b.add_argument("--workdir", type=Path, help="where the benchmark database is written (default: a temp folder)")
    b.add_argument(
        "--users",
        type=int,
        help="load benchmark instead: N concurrent sessions over websockets against mik serve (1..200)",
    )
    b.add_argument("--workers", type=int, help="with --users: app processes (default: one per core)")
    b.add_argument("--rounds", type=int, default=3, help="with --users: Kaart + Overzicht visits per session")
    b.set_defaults(func=cmd_bench)

    sg = sub.add_parser("signals", help="areas and categories with clearly more registrations than expected")
    db_arg(sg)
    sg.add_argument("--month", required=True, help="YYYY-MM")
    sg.add_argument("--level", choices=("buurt", "wijk", "gemeente"), default="buurt")
    sg.add_argument("--json", action="store_true", help="JSON records instead of CSV")
    sg.add_argument("--fits", action="store_true", help="the model per category (trend, variation) instead")
    sg.set_defaults(func=cmd_signals)

    st = sub.add_parser("streets", help="street level: the streets (or hexagons) with the most registrations")
    db_arg(st)
    st.add_argument("--period", required=True, help="e.g. 2016-09, 2016-Q3, 2016, 2016-09-R12")
    st.add_argument("--indicator", help="a police indicator of the plan (its categories)")
    st.add_argument("--category", help="one category code")
    st.add_argument("--hexagons", action="store_true", help="counts per hexagon (axial q, r; 150 m) instead")
    st.add_argument("--limit", type=int, default=15)
    st.set_defaults(func=cmd_streets)

    bs = sub.add_parser("bench-signals", help="recall and false alarms of the signals on planted signals")
    bs.add_argument("--replications", type=int, default=5, help="synthetic cities (12 months each)")
    bs.add_argument("--seed", type=int, default=2026)
    bs.add_argument("--scenario", action="append", help="a world to draw (default: all); repeat for more")
    bs.add_argument(
        "--farrington", action="store_true", help="also judge the same series with R's surveillance::farringtonFlexible"
    )
    bs.add_argument("--json", action="store_true")
    bs.set_defaults(func=cmd_bench_signals)

    a = sub.add_parser("audit", help="print the audit log (logins, failed logins, exports, imports)")
    db_arg(a)
    a.add_argument("--limit", type=int, default=1000)
    a.add_argument("--verify", action="store_true", help="check that no line was edited, deleted or inserted")
    a.add_argument(
        "--disclosure",
        action="store_true",
        help="not the log: how narrowly an informed attacker can pin down each hidden count, per role and year "
        "(exit 1 when narrower than the small-count threshold)",
    )
    a.add_argument("--role", action="append", help="with --disclosure: only this role (repeatable)")
    a.add_argument("--year", action="append", type=int, help="with --disclosure: only this year (repeatable)")
    a.set_defaults(func=cmd_audit)
    return p


#: what DuckDB raises for a file it cannot read (truncated, a block whose checksum fails)
DAMAGED = (duckdb.Error, duckdb.IOException, duckdb.SerializationException, duckdb.FatalException)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    except DAMAGED as exc:  # a damaged database: said, never a traceback
        if type(exc) not in DAMAGED:  # a subclass: a query's own error (a bug), not the file's
            raise
        print(
            f"database error: {args.db if hasattr(args, 'db') else ''} cannot be read "
            f"({str(exc).splitlines()[0][:200]}); python -m mik health shows what is damaged, "
            "python -m mik rollback publishes the previous version",
            file=sys.stderr,
        )
        return 1
    except AuditStoreError as exc:
        print(f"audit log error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
