"""Time every analytics function against a DuckDB SQL reference of the same definition.

Builds a synthetic base of 100,000 clients, 5,000,000 interactions and 1,000,000
transactions (plus excuses, client records and process steps), then runs each function
of :mod:`toolkit.analytics` (the lapse rule ``relationship_status`` first, and the purchase
model ``fit_purchase_model`` last when the optional ``models`` extra is installed; it has no
SQL reference) and its DuckDB SQL reference, and prints seconds, the extra
resident memory at the function's peak (sampled every 5 ms), the DuckDB seconds and the
ratio. Targets (2 cores): ratio <= 1.5, whole run <= 3 GB peak.

Every time is the best of ``--repeat`` (default 3) runs, for the toolkit and DuckDB
alike: on a shared machine the other load only ever adds time, so the fastest run is
the closest to the real cost, and the first run's one-off work (lazy imports, DuckDB's
caches) does not count. The load average is printed before and after the run so a
noisy measurement can be recognised.

``duckdb_s`` is DuckDB querying the same pandas DataFrames the toolkit gets (shaped like
``Workspace.table`` output: text as Python strings) and ``ratio`` is measured against it,
the target's comparison. ``duckdb_arrow_s`` / ``ratio_arrow`` repeat it on Arrow tables
converted before timing: DuckDB at its best, for reference. The period, cohort and revenue
references are the tested ones (tests/analytics/sql_reference.py); the others are
written here from the docstrings' definitions.

    .venv/bin/python benchmarks/analytics_bench.py [--scale 0.1] [--only client_map]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import psutil
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.analytics.sql_reference import (
    cohort_retention_sql,
    period_retention_sql,
    revenue_retention_sql,
)
from toolkit import analytics

AS_OF = "2026-10-31"
TOPICS = np.array(
    [
        "design review",
        "project update",
        "maintenance visit",
        "referral",
        "price negotiation",
        "discount request",
        "scope change",
        "late payment",
        "complaint",
        "escalation",
        "custom request",
        "out-of-scope request",
        "invoice question",
        "support call",
        "quarterly review",
        "portal login problem",
    ],
    dtype=object,
)
CHANNELS = np.array(["call", "email", "meeting", "ticket", "automated"], dtype=object)
INDUSTRIES = np.array(
    ["Manufacturing", "Utilities", "Retail", "Mining", "Food processing"], dtype=object
)
CORE = ["Manufacturing", "Utilities", "Water treatment", "Food processing"]
TEMPLATE = ["main_contact", "email", "phone", "contract_end", "decision_maker", "billing_terms"]
CAUSES = np.array(
    ["price pressure", "over-promised", "capability gap", "our mistake", None], dtype=object
)


def synthetic(clients: int, interactions: int, transactions: int, seed: int = 1) -> dict:
    """A random client base of the given size (columns as ``Workspace.table`` returns)."""
    rng = np.random.default_rng(seed)
    as_of = np.datetime64(AS_OF)
    ids = np.array([f"C{i:06d}" for i in range(clients)], dtype=object)
    members = np.array([f"m{i:03d}" for i in range(60)], dtype=object)
    acquired = as_of - rng.integers(1, 1500, clients).astype("timedelta64[D]")
    life = rng.integers(0, 1500, clients).astype("timedelta64[D]")
    ended = np.where(
        (rng.random(clients) < 0.3) & (acquired + life < as_of),
        acquired + life,
        np.datetime64("NaT"),
    )
    owner = np.where(rng.random(clients) < 0.1, None, members[rng.integers(0, 60, clients)])
    frames = {
        "clients": pd.DataFrame(
            {
                "client_id": ids,
                "name": ids,
                "is_internal": rng.random(clients) < 0.05,
                "owner_id": owner,
                "acquired_on": pd.to_datetime(acquired),
                "ended_on": pd.to_datetime(ended),
                "industry": INDUSTRIES[rng.integers(0, len(INDUSTRIES), clients)],
            }
        )
    }
    who = rng.integers(0, clients, interactions)
    seconds = rng.integers(0, 1095 * 86400, interactions).astype("timedelta64[s]")
    sentiment = np.round(rng.uniform(-1, 1, interactions), 2)
    sentiment[rng.random(interactions) < 0.2] = np.nan
    frames["interactions"] = pd.DataFrame(
        {
            "interaction_id": np.arange(interactions),
            "client_id": ids[who],
            "member_id": members[rng.integers(0, 60, interactions)],
            "occurred_at": pd.to_datetime(as_of.astype("datetime64[s]") - seconds),
            "channel": CHANNELS[rng.integers(0, len(CHANNELS), interactions)],
            "topic": TOPICS[rng.integers(0, len(TOPICS), interactions)],
            "sentiment": sentiment,
        }
    )
    who = rng.integers(0, clients, transactions)
    frames["transactions"] = pd.DataFrame(
        {
            "transaction_id": np.arange(transactions),
            "client_id": ids[who],
            "occurred_on": pd.to_datetime(
                as_of - rng.integers(0, 1095, transactions).astype("timedelta64[D]")
            ),
            "amount": np.round(rng.gamma(2.0, 800.0, transactions), 2),
            "kind": np.array(["invoice", "discount", "refund", "credit"], dtype=object)[
                rng.choice(4, transactions, p=[0.85, 0.07, 0.04, 0.04])
            ],
        }
    )
    excuses = clients
    frames["excuses"] = pd.DataFrame(
        {
            "excuse_id": np.arange(excuses),
            "client_id": ids[rng.integers(0, clients, excuses)],
            "occurred_on": pd.to_datetime(
                as_of - rng.integers(0, 1095, excuses).astype("timedelta64[D]")
            ),
            "what_went_wrong": "late",
            "concession_value": np.where(
                rng.random(excuses) < 0.3, np.nan, np.round(rng.gamma(2, 100, excuses), 2)
            ),
            "root_cause": CAUSES[rng.integers(0, len(CAUSES), excuses)],
        }
    )
    fields = np.array([*TEMPLATE, "hobby"], dtype=object)
    records = clients * 5
    frames["client_records"] = pd.DataFrame(
        {
            "client_id": ids[rng.integers(0, clients, records)],
            "field": fields[rng.integers(0, len(fields), records)],
            "value": np.where(rng.random(records) < 0.1, "", "x"),
            "recorded_by": members[rng.integers(0, 60, records)],
        }
    ).drop_duplicates(["client_id", "field"])
    steps = [
        (member, f"process {p}", n + 1, f"step {s}")
        for p in range(20)
        for member in members
        for n, s in enumerate(sorted(rng.choice(12, rng.integers(4, 9), replace=False)))
    ]
    frames["process_steps"] = pd.DataFrame(
        steps, columns=["member_id", "process", "step_no", "step"]
    )
    for frame in frames.values():  # nanosecond timestamps, as Workspace.table returns them
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = frame[column].astype("datetime64[ns]")
    return frames


def sql(con: duckdb.DuckDBPyConnection, text: str) -> pd.DataFrame:
    return con.execute(text).df()


WINDOW = "INTERVAL 365 DAY"
MEANINGFUL = "coalesce(lower(trim(channel)), '') <> 'automated'"


def sql_references(con: duckdb.DuckDBPyConnection) -> dict[str, Callable[[], object]]:
    """DuckDB SQL versions of each definition, keyed by analytics function name."""
    as_of = f"DATE '{AS_OF}'"
    value = f"""SELECT client_id, sum(CASE WHEN kind = 'invoice' THEN amount ELSE -amount END) AS
        value
                FROM transactions WHERE occurred_on > {as_of} - {WINDOW} GROUP BY client_id"""
    last = f"""SELECT client_id, max(occurred_at) AS last FROM interactions
               WHERE {MEANINGFUL} GROUP BY client_id"""
    tiers = f"""
        WITH v AS (SELECT c.client_id, c.is_internal, coalesce(v.value, 0) AS value
                   FROM clients c LEFT JOIN ({value}) v USING (client_id)
                   WHERE c.ended_on IS NULL OR c.ended_on > {as_of}),
        q AS (SELECT quantile_cont(value, 0.25) AS lo, quantile_cont(value, 0.75) AS hi
              FROM v WHERE NOT is_internal AND value > 0)
        SELECT v.*, CASE WHEN is_internal THEN 'internal' WHEN value >= hi THEN 'top'
                         WHEN value >= lo THEN 'middle' ELSE 'low' END AS tier
        FROM v, q"""
    gaps = f"""
        WITH t AS ({tiers}), l AS ({last})
        SELECT t.*, datediff('day', l.last::DATE, {as_of}) AS days,
               CASE tier WHEN 'top' THEN 30 WHEN 'middle' THEN 60 WHEN 'low' THEN 90 ELSE 60 END
                   AS cadence,
               tier = 'top' AND (l.last IS NULL OR datediff('day', l.last::DATE, {as_of}) >= 2 *
                   30) AS neglected
        FROM t LEFT JOIN l USING (client_id)
        ORDER BY neglected DESC, tier, days / cadence DESC NULLS FIRST"""
    signals = f"""
        WITH c AS (SELECT client_id, coalesce(ended_on, {as_of} + 1) AS stop FROM clients),
        i AS (SELECT i.client_id, lower(trim(topic)) AS topic, sentiment FROM interactions i
              JOIN c USING (client_id) WHERE {MEANINGFUL} AND occurred_at > c.stop - {WINDOW})
        SELECT client_id, count(*) AS n,
          count(*) FILTER (WHERE topic IN ('custom request', 'out-of-scope request',
              'scope change')) AS scope,
          count(*) FILTER (WHERE topic IN ('complaint', 'escalation')) AS conduct,
          count(*) FILTER (WHERE topic = 'late payment') AS payment,
          count(*) FILTER (WHERE topic = 'referral') AS referrals,
          avg(sentiment) AS sentiment
        FROM i GROUP BY client_id"""
    client_map = f"""
        WITH s AS ({signals}),
        tx AS (SELECT client_id, sum(amount) FILTER (WHERE kind = 'invoice') AS inv,
                      sum(amount) FILTER (WHERE kind <> 'invoice') AS conc
               FROM transactions GROUP BY client_id),
        ex AS (SELECT client_id, count(*) AS cap FROM excuses
               WHERE lower(trim(root_cause)) IN ('over-promised', 'capability gap') GROUP BY
                   client_id),
        g AS ({gaps}),
        f AS (
          SELECT c.client_id,
            CASE WHEN c.industry IS NULL THEN NULL
                 WHEN c.industry IN ({", ".join(f"'{i}'" for i in CORE)}) THEN 1.0 ELSE 0.0 END
                     AS core,
            1 - least(s.scope / s.n / 0.3, 1) AS scope,
            1 - least(coalesce(ex.cap, 0) / 3, 1) AS capability,
            1 - least(coalesce(tx.conc, 0) / nullif(tx.inv, 0) / 0.25, 1) AS conc,
            1 - least(s.conduct / s.n / 0.3, 1) AS conduct,
            1 - least(s.payment / s.n / 0.2, 1) AS payment,
            (s.sentiment + 1) / 2 AS sentiment,
            CASE WHEN s.referrals > 0 THEN 1.0 ELSE 0.5 END AS referrals
          FROM clients c LEFT JOIN s USING (client_id) LEFT JOIN tx USING (client_id)
               LEFT JOIN ex USING (client_id)),
        w AS (
          SELECT *,
            coalesce((coalesce(0.4 * core, 0) + coalesce(0.4 * scope, 0) + coalesce(0.2 *
                capability, 0))
              / nullif(0.4 * (core IS NOT NULL)::INT + 0.4 * (scope IS NOT NULL)::INT
                       + 0.2 * (capability IS NOT NULL)::INT, 0), 0.5) AS fit,
            coalesce((coalesce(0.35 * conc, 0) + coalesce(0.2 * conduct, 0) + coalesce(0.15 *
                payment, 0)
                      + coalesce(0.2 * sentiment, 0) + coalesce(0.1 * referrals, 0))
              / nullif(0.35 * (conc IS NOT NULL)::INT + 0.2 * (conduct IS NOT NULL)::INT
                       + 0.15 * (payment IS NOT NULL)::INT + 0.2 * (sentiment IS NOT NULL)::INT
                       + 0.1 * (referrals IS NOT NULL)::INT, 0), 0.5) AS health,
            coalesce(0.35 * (1 - conc), 0) AS conc_gap,
            coalesce(0.35 * (1 - conc), 0) + coalesce(0.2 * (1 - conduct), 0)
              + coalesce(0.15 * (1 - payment), 0) + coalesce(0.2 * (1 - sentiment), 0)
              + coalesce(0.1 * (1 - referrals), 0) AS gap
          FROM f)
        SELECT w.client_id, fit, health, g.value, g.tier, g.days, g.neglected,
          CASE WHEN health < 0.4 THEN 'red' WHEN health < 0.6 THEN 'amber' ELSE 'green' END AS band,
          CASE WHEN fit >= 0.5 AND health >= 0.6 THEN 'cherish'
               WHEN fit >= 0.5 AND conc_gap >= 0.5 * gap AND gap > 0 THEN 'renegotiate'
               WHEN health < 0.4 OR (fit < 0.5 AND health < 0.6) THEN 'let go'
               ELSE 'develop' END AS segment
        FROM w LEFT JOIN g USING (client_id)"""
    coverage = f"""
        WITH c AS (SELECT client_id, owner_id FROM clients WHERE ended_on IS NULL OR ended_on >
            {as_of}),
        i AS (SELECT client_id, member_id FROM interactions JOIN c USING (client_id)
              WHERE {MEANINGFUL} AND occurred_at >= {as_of} - INTERVAL 179 DAY),
        p AS (SELECT client_id, member_id, count(*) AS k FROM i WHERE member_id IS NOT NULL GROUP
            BY ALL),
        t AS (SELECT client_id, count(*) AS contacts FROM i GROUP BY client_id),
        a AS (SELECT client_id, count(*) AS members, max(k) AS top, arg_max(member_id, k) AS
            top_member
              FROM p GROUP BY client_id)
        SELECT c.client_id, c.owner_id, coalesce(t.contacts, 0) AS contacts, coalesce(a.members,
            0) AS members,
               coalesce(o.k, 0) AS owner_contacts, a.top / t.contacts AS top_share, a.top_member,
               c.owner_id IS NULL AS no_owner, coalesce(a.members, 0) >= 4 AS scattered
        FROM c LEFT JOIN t USING (client_id) LEFT JOIN a USING (client_id)
             LEFT JOIN p o ON o.client_id = c.client_id AND o.member_id = c.owner_id"""
    matrix = f"""SELECT client_id, coalesce(member_id, 'nobody') AS member_id, count(*) AS contacts
                 FROM interactions WHERE {MEANINGFUL} AND occurred_at >= {as_of} - INTERVAL 179 DAY
                 GROUP BY ALL"""
    template = ", ".join(f"'{f}'" for f in TEMPLATE)
    completeness = f"""
        SELECT client_id, count(DISTINCT lower(trim(field))) FILTER (
                 WHERE lower(trim(field)) IN ({template}) AND trim(coalesce(value, '')) <> '')
               / {len(TEMPLATE)} AS completeness
        FROM client_records GROUP BY client_id ORDER BY completeness, client_id"""
    variation = """
        WITH s AS (SELECT DISTINCT member_id, lower(trim(process)) AS process, lower(trim(step))
            AS step
                   FROM process_steps),
        n AS (SELECT process, member_id, count(*) AS size FROM s GROUP BY ALL),
        pairs AS (SELECT a.process, a.member_id AS m1, b.member_id AS m2, count(*) AS common
                  FROM s a JOIN s b ON a.process = b.process AND a.step = b.step AND a.member_id
                      < b.member_id
                  GROUP BY ALL),
        all_pairs AS (SELECT x.process, x.member_id AS m1, y.member_id AS m2, x.size + y.size AS
            sizes
                      FROM n x JOIN n y ON x.process = y.process AND x.member_id < y.member_id)
        SELECT process, avg(coalesce(common, 0) / (sizes - coalesce(common, 0))) AS similarity
        FROM all_pairs LEFT JOIN pairs USING (process, m1, m2) GROUP BY process ORDER BY
            similarity"""
    topics = f"""
        WITH i AS (SELECT date_trunc('week', occurred_at) AS week, coalesce(lower(trim(topic)),
            'unspecified') AS topic
                   FROM interactions WHERE {MEANINGFUL}),
        weeks AS (SELECT unnest(generate_series((SELECT min(week) FROM i), date_trunc('week',
            {as_of}),
                  INTERVAL 7 DAY)) AS week),
        grid AS (SELECT week, topic FROM weeks, (SELECT DISTINCT topic FROM i)),
        c AS (SELECT week, topic, count(*) AS n FROM i GROUP BY ALL),
        g AS (SELECT grid.week, grid.topic, coalesce(n, 0) AS n FROM grid LEFT JOIN c USING
            (week, topic))
        SELECT week, topic, n, n / sum(n) OVER (PARTITION BY week) AS share,
               n - lag(n) OVER (PARTITION BY topic ORDER BY week) AS change
        FROM g ORDER BY week, topic"""
    survival = f"""
        WITH d AS (SELECT datediff('day', acquired_on, coalesce(ended_on, {as_of})) AS t,
                          (ended_on IS NOT NULL)::INT AS e FROM clients WHERE acquired_on IS NOT
                              NULL),
        g AS (SELECT t, count(*) AS n_t, sum(e) AS d FROM d GROUP BY t),
        r AS (SELECT t, d, sum(n_t) OVER (ORDER BY t DESC) AS at_risk FROM g)
        SELECT t, exp(sum(ln(greatest(1 - d / at_risk, 1e-300))) OVER (ORDER BY t)) AS survival,
               sum(d / (at_risk * greatest(at_risk - d, 1))) OVER (ORDER BY t) AS greenwood
        FROM r ORDER BY t"""
    shares = """
        SELECT client_id, sum(amount) FILTER (WHERE kind = 'invoice') AS invoiced,
               sum(amount) FILTER (WHERE kind = 'discount') AS discount,
               sum(amount) FILTER (WHERE kind = 'refund') AS refund,
               sum(amount) FILTER (WHERE kind = 'credit') AS credit,
               sum(amount) FILTER (WHERE kind <> 'invoice') / sum(amount) FILTER (WHERE kind =
                   'invoice') AS share
        FROM transactions GROUP BY client_id ORDER BY share DESC NULLS LAST, client_id"""
    breakdown = """
        SELECT coalesce(nullif(lower(trim(root_cause)), ''), 'unspecified') AS root_cause,
            count(*) AS excuses,
               count(DISTINCT client_id) AS clients, sum(coalesce(concession_value, 0)) AS value
        FROM excuses GROUP BY 1 ORDER BY excuses DESC"""
    side = """
        SELECT lower(trim(step)) AS step, member_id, min(step_no) AS step_no FROM process_steps
        WHERE lower(trim(process)) = 'process 3' GROUP BY ALL"""
    activity = f"""
        WITH p AS (SELECT DISTINCT client_id, occurred_on::DATE AS day FROM transactions
                   WHERE kind = 'invoice' AND occurred_on <= {as_of}),
        c AS (SELECT DISTINCT i.client_id, occurred_at::DATE AS day FROM interactions i
              WHERE {MEANINGFUL} AND occurred_at < {as_of} + 1
                AND i.client_id NOT IN (SELECT client_id FROM p)),
        a AS (SELECT * FROM p UNION ALL SELECT * FROM c UNION ALL
              SELECT client_id, acquired_on::DATE FROM clients WHERE acquired_on IS NOT NULL
                AND client_id NOT IN (SELECT client_id FROM p UNION SELECT client_id FROM c)),
        g AS (SELECT client_id, day,
                     datediff('day', lag(day) OVER (PARTITION BY client_id ORDER BY day), day)
                         AS gap FROM a),
        s AS (SELECT client_id, min(day) AS first, max(day) AS last, count(*) AS n,
                     median(gap) AS rhythm FROM g GROUP BY client_id)"""
    lapse = f"""
        WITH {activity.strip().removeprefix("WITH")},
        t AS (SELECT *, CASE WHEN n = 1 THEN 365 ELSE least(greatest(3 * rhythm, 90), 730) END
                  AS threshold FROM s),
        r AS (SELECT client_id, max(day) FILTER (WHERE gap > threshold) AS returned
              FROM g JOIN t USING (client_id) GROUP BY client_id)
        SELECT c.client_id,
               CASE WHEN c.ended_on <= {as_of} THEN 'ended'
                    WHEN datediff('day', t.last, {as_of}) > t.threshold THEN 'lapsed'
                    ELSE 'active' END AS status,
               CASE WHEN c.ended_on <= {as_of} THEN c.ended_on::DATE
                    WHEN datediff('day', t.last, {as_of}) > t.threshold THEN t.last
                    ELSE coalesce(r.returned, least(t.first, c.acquired_on::DATE)) END AS since
        FROM clients c LEFT JOIN t USING (client_id) LEFT JOIN r USING (client_id)"""
    return {
        "relationship_status": lambda: sql(con, lapse),
        "cohort_retention": lambda: cohort_retention_sql(con, "M"),
        "period_retention": lambda: period_retention_sql(con, "Q", AS_OF),
        "revenue_retention": lambda: revenue_retention_sql(con, "Q", AS_OF),
        "relationship_survival": lambda: sql(con, survival),
        "concession_share": lambda: sql(con, shares),
        "excuse_breakdown": lambda: sql(con, breakdown),
        "attention_gaps": lambda: sql(con, gaps),
        "client_map": lambda: sql(con, client_map),
        "point_person_coverage": lambda: sql(con, coverage),
        "coverage_matrix": lambda: sql(con, matrix),
        "record_completeness": lambda: sql(con, completeness),
        "process_variation": lambda: sql(con, variation),
        "process_side_by_side": lambda: sql(con, side),
        "topic_trends": lambda: sql(con, topics),
    }


def ours(frames: dict) -> dict[str, Callable[[], object]]:
    """The toolkit's functions on the same frames."""
    c, i, t = frames["clients"], frames["interactions"], frames["transactions"]
    return {
        "relationship_status": lambda: analytics.relationship_status(c, t, i, as_of=AS_OF),
        "cohort_retention": lambda: analytics.cohort_retention(t, "M", as_of=AS_OF),
        "period_retention": lambda: analytics.period_retention(c, "Q", as_of=AS_OF),
        "revenue_retention": lambda: analytics.revenue_retention(t, "Q", as_of=AS_OF),
        "relationship_survival": lambda: analytics.relationship_survival(c, as_of=AS_OF),
        "concession_share": lambda: analytics.concession_share(t),
        "excuse_breakdown": lambda: analytics.excuse_breakdown(frames["excuses"]),
        "attention_gaps": lambda: analytics.attention_gaps(c, i, AS_OF, transactions=t),
        "client_map": lambda: analytics.client_map(
            c, i, t, as_of=AS_OF, excuses=frames["excuses"], core_industries=CORE
        ),
        "point_person_coverage": lambda: analytics.point_person_coverage(c, i, as_of=AS_OF),
        "coverage_matrix": lambda: analytics.coverage_matrix(i, as_of=AS_OF),
        "record_completeness": lambda: analytics.record_completeness(
            frames["client_records"], TEMPLATE
        ),
        "process_variation": lambda: analytics.process_variation(frames["process_steps"]),
        "process_side_by_side": lambda: analytics.process_side_by_side(
            frames["process_steps"], "process 3"
        ),
        "topic_trends": lambda: analytics.topic_trends(i, "W", as_of=AS_OF),
        # No SQL reference: the model is fitted by numerical optimisation (ratio left empty).
        "fit_purchase_model": lambda: analytics.fit_purchase_model(t, as_of=AS_OF),
    }


def measure_once(function: Callable[[], object]) -> tuple[float, float]:
    """Seconds and peak extra resident memory (MB) of one call."""
    gc.collect()
    process = psutil.Process()
    before = process.memory_info().rss
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    del result
    return seconds, (max(peak, process.memory_info().rss) - before) / 2**20


def measure(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The fastest of ``repeat`` calls (seconds) and the largest peak extra memory (MB)."""
    runs = [measure_once(function) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), max(memory for _, memory in runs)


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes")
    parser.add_argument("--only", nargs="*", help="function names to run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best counts)")
    args = parser.parse_args()
    print(f"load average (1, 5, 15 min) at start: {load_average()} on {os.cpu_count()} cores")
    sizes = [int(n * args.scale) for n in (100_000, 5_000_000, 1_000_000)]
    started = time.perf_counter()
    frames = synthetic(*sizes)
    print(
        f"synthetic base: {sizes[0]:,} clients, {sizes[1]:,} interactions, "
        f"{sizes[2]:,} transactions ({time.perf_counter() - started:.1f} s)"
    )
    on_frames, on_arrow = duckdb.connect(), duckdb.connect()
    for name, frame in frames.items():
        on_frames.register(name, frame)
        on_arrow.register(name, pa.Table.from_pandas(frame, preserve_index=False))
    references = {"frames": sql_references(on_frames), "arrow": sql_references(on_arrow)}
    rows = []
    for name, function in ours(frames).items():
        if args.only and name not in args.only:
            continue
        if name == "fit_purchase_model" and importlib.util.find_spec("pymc_marketing") is None:
            print(f"  {name}: skipped, the optional 'models' extra is not installed")
            continue
        seconds, memory = measure(function, args.repeat)
        times = {
            engine: measure(queries[name], args.repeat)[0] if name in queries else np.nan
            for engine, queries in references.items()
        }
        rows.append(
            (
                name,
                seconds,
                memory,
                times["frames"],
                seconds / times["frames"],
                times["arrow"],
                seconds / times["arrow"],
            )
        )
        print(f"  {name}: {seconds:.3f} s, DuckDB {times['frames']:.3f} s", flush=True)
    table = pd.DataFrame(
        rows,
        columns=[
            "function",
            "seconds",
            "peak_extra_mb",
            "duckdb_s",
            "ratio",
            "duckdb_arrow_s",
            "ratio_arrow",
        ],
    )
    print(f"best of {args.repeat} runs each (toolkit and DuckDB alike)")
    with pd.option_context("display.width", 120, "display.float_format", "{:.3f}".format):
        print(table.to_string(index=False))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    slow = table.loc[table["ratio"] > 1.5, "function"].tolist()
    print(f"whole run peak RSS: {peak:.2f} GB (target <= 3 GB)")
    print(f"over 1.5x DuckDB: {', '.join(slow) if slow else 'none'}")
    print(f"load average (1, 5, 15 min) at end: {load_average()}")


if __name__ == "__main__":
    main()
