"""Speed of the event store and the mobilization analysis: 200,000 events, 5 years, 20 regions.

Generates (seeded, not timed in the total):

- an ACLED-format CSV of 200,000 events over five years (2019–2023), in the 20 regions of 2022, each with
  coordinates inside its region (``geo_precision`` 1, so the importer places it by its point), dates
  written ``16 May 2021``, four event types;
- five years of daily online activity for each region (an AR(1) count series), generated directly as
  series (the issue: "5 years of daily online series for 20 regions"); each region's events are drawn
  as Poisson(exp(a + b·online_{t-3})), so the lead–lag analysis has a known lag (+3) to find;
- a national corpus of posts (about 5 a day over the same five years) written to the project through
  :func:`dauys.ingest.writer.write_documents`, for the analyses run through the project API.

Then times, and prints, each step and the total (target: under 30 s), as wall-clock time and as the
process's CPU time (all its threads, DuckDB's included): on a shared machine the wall clock also counts
the time other processes hold the cores, and the CPU time says what the work itself cost.

1. the import (:func:`dauys.ingest.acled.import_acled`);
2. every aggregation of ``dauys events count`` (:func:`dauys.events.event_counts.count_events`) by year,
   month, week, day, region and event_type;
3. per region: the events series from the store (:func:`dauys.events.series.daily_events`), then
   prewhitened cross-correlation, Granger tests both ways (ADF/KPSS, differencing, lag order by AIC) and
   an event study (days in the region's top 5 % of counts, ±7 days, bootstrap CI) — and how many regions
   the known lag +3 was found in;
4. the four mobilization analyses on the national series through ``run_analysis`` (saved, in the ledger).

    .venv/bin/python bench/events_bench.py
    .venv/bin/python bench/events_bench.py --events 20000 --keep /tmp/ebench
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

FIRST = date(2019, 1, 1)
LAST = date(2023, 12, 31)
LAG = 3
TYPES = (("Protests", "Peaceful protest", 0.80), ("Protests", "Protest with intervention", 0.10),
         ("Riots", "Violent demonstration", 0.07), ("Violence against civilians", "Attack", 0.03))


def region_points(rng, per_region: int = 40) -> dict[str, np.ndarray]:
    """Points (lat, lon) inside each 2022 region, by drawing in Kazakhstan's box and keeping the hits."""
    from dauys.geo.regions import REGIONS, regions_at

    found: dict[str, list[tuple[float, float]]] = {code: [] for code in REGIONS}
    while any(len(v) < per_region for v in found.values()):
        lats, lons = rng.uniform(40.6, 55.4, 20_000), rng.uniform(46.6, 87.3, 20_000)
        for lat, lon, code in zip(lats, lons, regions_at(lats, lons), strict=True):
            if code in found and len(found[code]) < per_region:
                found[code].append((lat, lon))
        if not any(found.values()):
            raise RuntimeError("no point of the box fell in a region; is the geometry shipped?")
    return {code: np.array(points) for code, points in found.items()}


def online_series(rng, days: int, regions: list[str]) -> dict[str, np.ndarray]:
    """Latent AR(1) activity per region (standardised), days + LAG long."""
    out = {}
    for code in regions:
        z = np.zeros(days + LAG)
        noise = rng.normal(size=days + LAG)
        for t in range(1, days + LAG):
            z[t] = 0.6 * z[t - 1] + noise[t]
        out[code] = z / z.std()
    return out


def generate(folder: Path, n_events: int, seed: int) -> tuple[Path, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The ACLED CSV, the online count series per region and the latent series (both aligned on FIRST..LAST)."""
    from dauys.geo.regions import REGIONS

    rng = np.random.default_rng(seed)
    days = (LAST - FIRST).days + 1
    regions = list(REGIONS)
    latent = online_series(rng, days, regions)
    points = region_points(rng)
    # events_t ~ Poisson(exp(a + b z_{t-LAG})), scaled so that the regions hold n_events in all
    b = 0.5
    rates = {code: np.exp(b * latent[code][:days]) for code in regions}
    scale = n_events / sum(r.sum() for r in rates.values())
    counts = {code: rng.poisson(rates[code] * scale) for code in regions}
    online = {code: np.maximum(0, np.round(40 + 12 * latent[code][LAG:])).astype(int) for code in regions}
    calendar = [FIRST + timedelta(days=i) for i in range(days)]
    written = np.array([f"{d.day} {d.strftime('%B %Y')}" for d in calendar])  # 16 May 2021
    parts = []
    for code in regions:
        day_index = np.repeat(np.arange(days), counts[code])
        pts = points[code][rng.integers(0, len(points[code]), len(day_index))]
        parts.append(pd.DataFrame({"day": day_index, "lat": pts[:, 0].round(4), "lon": pts[:, 1].round(4),
                                   "admin1": REGIONS[code].names["en"]}))
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    kinds = rng.choice(len(TYPES), size=n, p=[t[2] for t in TYPES])
    frame = pd.DataFrame({
        "event_id_cnty": [f"KAZ{k + 1:06d}" for k in range(n)],
        "event_date": written[frame["day"].to_numpy()],
        "year": [calendar[d].year for d in frame["day"]],
        "time_precision": 1,
        "event_type": [TYPES[k][0] for k in kinds],
        "sub_event_type": [TYPES[k][1] for k in kinds],
        "actor1": "Protesters (Kazakhstan)", "inter1": 6, "iso": 398, "region": "Caucasus and Central Asia",
        "country": "Kazakhstan", "admin1": frame["admin1"], "location": [f"Place {k % 40}" for k in range(n)],
        "latitude": frame["lat"], "longitude": frame["lon"], "geo_precision": 1, "source": "Radio Azattyq",
        "source_scale": "National", "fatalities": (rng.random(n) < 0.01).astype(int),
        "timestamp": 1_700_000_000 + np.arange(n),
    })
    path = folder / "acled_kazakhstan_2019_2023.csv"
    frame.to_csv(path, index=False)
    return path, online, counts


def national_posts(project, rng, days: int) -> int:
    """About five posts a day over the five years, at local noon, through the real writer."""
    from dauys.ingest.writer import SourceInfo, write_documents
    from dauys.provenance import Run

    zone = ZoneInfo(project.tz)
    per_day = rng.poisson(5, days)
    rows = []
    for i, n in enumerate(per_day):
        when = datetime.combine(FIRST + timedelta(days=i), datetime.min.time().replace(hour=12), zone)
        for j in range(int(n)):
            rows.append({"row": len(rows) + 1, "external_id": f"p{i}-{j}", "channel": "bench_kz",
                         "created_at": when, "text": "Жер сатылмасын! #жер", "metric.views": 100.0})
    staged = pd.DataFrame(rows)
    staged["created_at"] = pd.to_datetime(staged["created_at"], utc=True)
    write_documents(project, Run("import.table", {}), SourceInfo("table", "bench-posts.csv", {}), staged,
                    corpus="bench", platform="telegram")
    return len(staged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--keep", type=Path, help="a folder to keep the project and CSV in (made afresh)")
    args = parser.parse_args()
    os.environ.setdefault("DAUYS_CONFIG_DIR", tempfile.mkdtemp(prefix="dauys-bench-config-"))

    import dauys
    from dauys.analyze.base import run_analysis
    from dauys.events.event_counts import count_events
    from dauys.events.leadlag import ccf, event_study, granger, prewhiten
    from dauys.events.series import daily_events
    from dauys.ingest.acled import import_acled

    folder = args.keep or Path(tempfile.mkdtemp(prefix="dauys-events-bench-"))
    if args.keep and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        path, online, _ = generate(folder, args.events, args.seed)
        project = dauys.init_project(folder / "project")
        documents = national_posts(project, np.random.default_rng(args.seed + 1), (LAST - FIRST).days + 1)
        print(f"generate  {time.perf_counter() - start:6.2f} s  (not in the total): {path.stat().st_size / 1e6:.1f} MB "
              f"CSV, {len(online)} regions x {(LAST - FIRST).days + 1} days of online series, {documents:,} posts")
        timings: dict[str, float] = {}
        cpu_start = time.process_time()

        def timed(name: str, function, *a, **kw):
            t0 = time.perf_counter()
            out = function(*a, **kw)
            timings[name] = time.perf_counter() - t0
            return out

        c0 = time.process_time()
        result = timed("import", import_acled, project, path)
        print(f"import    {timings['import']:6.2f} s wall, {time.process_time() - c0:5.2f} s CPU  "
              f"{result.imported:,} events imported, {result.rejected:,} rejected, region methods {result.methods}")

        t0 = time.perf_counter()
        for by in ("year", "month", "week", "day", "region", "event_type"):
            counts = timed(f"count by {by}", count_events, project, by)
            frame = counts.table
            print(f"  count by {by:<10} {timings[f'count by {by}']:6.3f} s  {len(frame):,} rows")
        aggregations = time.perf_counter() - t0
        print(f"aggregations {aggregations:6.2f} s")

        t0, c0 = time.perf_counter(), time.process_time()
        calendar = pd.DataFrame({"day": [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]})
        found = 0
        significant = 0
        for code, series in online.items():
            events, _ = daily_events(project, region=code)
            events["day"] = pd.to_datetime(events["day"]).dt.date
            y = calendar.merge(events, on="day", how="left")["events"].fillna(0).to_numpy(dtype=float)
            x = series.astype(float)
            xf, yf, _, _ = prewhiten(x, y, 14)
            table = ccf(xf, yf, 14, bartlett=False)
            peak = int(table.loc[table["r"].abs().idxmax(), "lag"])
            found += peak == LAG
            test = granger(x, y, max_lags=14)
            significant += test.x_to_y[1] < 0.05
            event_study(x, y >= np.quantile(y, 0.95), 7, n_boot=500, seed=1)
        leadlag = time.perf_counter() - t0
        print(f"lead-lag per region {leadlag:6.2f} s wall, {time.process_time() - c0:5.2f} s CPU  "
              f"(CCF + Granger + event study x {len(online)}): peak at +{LAG} in "
              f"{found}/{len(online)} regions, online -> events significant in {significant}/{len(online)}")

        t0 = time.perf_counter()
        national_events, _ = daily_events(project)
        busy = int(np.quantile(national_events["events"], 0.97))  # the busiest 3 % of days are the event days
        for name, params in (("activity_series", {}), ("cross_correlation", {}), ("granger", {}),
                             ("event_study", {"min_events": busy})):
            saved = run_analysis(project, name, params)
            print(f"  {name:<18} saved as result {saved.id} ({len(saved.frame()):,} rows)")
        national = time.perf_counter() - t0
        print(f"national analyses through the project {national:6.2f} s")

        total = timings["import"] + aggregations + leadlag + national
        cpu = time.process_time() - cpu_start
        target = "under" if total < 30 else "OVER"
        print(f"TOTAL     {total:6.2f} s wall ({target} the 30 s target; import + aggregations + lead-lag + national), "
              f"{cpu:6.2f} s CPU; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
