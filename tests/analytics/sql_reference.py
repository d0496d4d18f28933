"""Independent DuckDB SQL versions of the retention definitions (docs/analytics.md).

Written from the definitions, not from the pandas code, so the tests that compare the two
catch a wrong boundary or a wrong join in either. The benchmark times them as the
reference engine. Each function takes a DuckDB connection on which the input frames are
registered under the names ``clients`` / ``transactions`` / ``interactions``.
"""

from __future__ import annotations

import duckdb
import pandas as pd

UNITS = {"M": ("month", "1 month"), "Q": ("quarter", "3 months"), "Y": ("year", "1 year")}


def period_retention_sql(con: duckdb.DuckDBPyConnection, freq: str, as_of: str) -> pd.DataFrame:
    unit, step = UNITS[freq]
    return con.execute(
        f"""
        WITH c AS (
            SELECT date_trunc('{unit}', acquired_on) AS a, date_trunc('{unit}', ended_on) AS e
            FROM clients WHERE acquired_on IS NOT NULL),
        p AS (
            SELECT unnest(generate_series((SELECT min(a) FROM c),
                   date_trunc('{unit}', DATE '{as_of}'), INTERVAL '{step}')) AS period),
        counts AS (
            SELECT period,
                   count(*) FILTER (WHERE a < period AND (e IS NULL OR e >= period)) AS start,
                   count(*) FILTER (WHERE a = period) AS new,
                   count(*) FILTER (WHERE e = period) AS lost,
                   count(*) FILTER (WHERE e = period AND a = period) AS new_lost
            FROM p CROSS JOIN c GROUP BY period),
        totals AS (SELECT *, start + new - lost AS "end" FROM counts)
        SELECT period, start, new, lost, new_lost, "end",
               CASE WHEN start > 0 THEN ("end" - new) / start END AS retention_rate,
               CASE WHEN start > 0 THEN lost / start END AS churn_rate
        FROM totals ORDER BY period
        """
    ).df()


def cohort_retention_sql(con: duckdb.DuckDBPyConnection, freq: str) -> pd.DataFrame:
    """Long form: cohort, periods_since, share (only the cells with activity)."""
    unit = UNITS[freq][0]
    return con.execute(
        f"""
        WITH p AS (SELECT client_id, date_trunc('{unit}', occurred_on) AS per
                   FROM transactions WHERE kind = 'invoice'),
        f AS (SELECT client_id, min(per) AS cohort FROM p GROUP BY client_id),
        s AS (SELECT cohort, count(*) AS size FROM f GROUP BY cohort),
        a AS (SELECT DISTINCT p.client_id, f.cohort, datediff('{unit}', f.cohort, p.per) AS k
              FROM p JOIN f USING (client_id))
        SELECT a.cohort, a.k AS periods_since, count(*) / any_value(s.size) AS share
        FROM a JOIN s USING (cohort) GROUP BY a.cohort, a.k ORDER BY 1, 2
        """
    ).df()


def revenue_retention_sql(con: duckdb.DuckDBPyConnection, freq: str, as_of: str) -> pd.DataFrame:
    unit, step = UNITS[freq]
    return con.execute(
        f"""
        WITH r AS (
            SELECT client_id, date_trunc('{unit}', occurred_on) AS per,
                   greatest(round(sum(CASE WHEN kind = 'invoice' THEN amount ELSE -amount END), 2),
                            0) AS rev
            FROM transactions GROUP BY ALL),
        p AS (
            SELECT unnest(generate_series((SELECT min(per) FROM r) + INTERVAL '{step}',
                   date_trunc('{unit}', DATE '{as_of}'), INTERVAL '{step}')) AS period),
        prev AS (SELECT client_id, per + INTERVAL '{step}' AS period, rev FROM r WHERE rev > 0),
        cur AS (SELECT client_id, per AS period, rev FROM r WHERE rev > 0),
        joined AS (
            SELECT coalesce(prev.period, cur.period) AS period,
                   coalesce(prev.rev, 0) AS b, coalesce(cur.rev, 0) AS n
            FROM prev FULL OUTER JOIN cur USING (client_id, period)),
        sums AS (
            SELECT period,
                   sum(b) AS starting,
                   sum(CASE WHEN b > 0 AND n > b THEN n - b ELSE 0 END) AS expansion,
                   sum(CASE WHEN b > 0 AND n > 0 AND n < b THEN b - n ELSE 0 END) AS contraction,
                   sum(CASE WHEN b > 0 AND n = 0 THEN b ELSE 0 END) AS churned,
                   sum(CASE WHEN b = 0 THEN n ELSE 0 END) AS new
            FROM joined GROUP BY period)
        SELECT p.period, coalesce(starting, 0) AS starting, coalesce(expansion, 0) AS expansion,
               coalesce(contraction, 0) AS contraction, coalesce(churned, 0) AS churned,
               coalesce(new, 0) AS new,
               CASE WHEN starting > 0 THEN (starting - contraction - churned) / starting END AS grr,
               CASE WHEN starting > 0
                    THEN (starting + expansion - contraction - churned) / starting END AS nrr
        FROM p LEFT JOIN sums USING (period) ORDER BY p.period
        """
    ).df()


def connect(**frames: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with ``frames`` registered under their keyword names."""
    con = duckdb.connect()
    for name, frame in frames.items():
        con.register(name, frame)
    return con
