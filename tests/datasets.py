"""The public CDNOW purchase logs, for tests and benchmarks of the purchase model.

CDNOW's log (23,570 customers who first bought in 1997-Q1, 69,659 purchases to 1998-06-30)
and its 1/10th sample (2,357 customers) are the data set of Fader, Hardie & Lee (2005), so
a fit can be checked against the paper's parameters. The files travel inside the wheel of
the ``lifetimes`` package on PyPI: this module downloads that wheel once with pip (never
installing or importing it), caches it and writes the two raw text files next to it, as the
vendor ships them (whitespace-separated, YYYYMMDD dates, no transaction id).

For scale and parameter recovery, :func:`synthetic_log` draws a purchase log of any size
from a BG/NBD + Gamma-Gamma population with known parameters (seeded: the same every run).

The cache is ``$XDG_CACHE_HOME/client-retention-toolkit`` (``~/.cache/...``). Without
network the tests that need the files are skipped on a laptop and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

WHEEL_REQUIREMENT = "lifetimes==0.11.3"
#: The wheel's name on PyPI: the project spells it with a capital L.
WHEEL_NAME = "Lifetimes-0.11.3-py3-none-any.whl"
SAMPLE = "CDNOW_sample.txt"
MASTER = "CDNOW_master.txt"
SUMMARY = "cdnow_customers_summary_with_transactions.csv"
#: The synthetic population: purchase rates Gamma(r, alpha) per week, dropout after each
#: purchase Beta(a, b), spend per purchase Gamma(p, nu) with nu ~ Gamma(q, v).
SYNTHETIC_PARAMS = {"r": 2.0, "alpha": 17.5, "a": 1.0, "b": 12.0}
SYNTHETIC_SPEND_PARAMS = {"p": 6.0, "q": 4.0, "v": 60.0}
SYNTHETIC_START = pd.Timestamp("2023-01-01")
SYNTHETIC_WEEKS = 156
#: The last day of the synthetic log's three years, its natural analysis date.
SYNTHETIC_AS_OF = SYNTHETIC_START + pd.Timedelta(weeks=SYNTHETIC_WEEKS) - pd.Timedelta(days=1)


def cache_dir() -> Path:
    """The folder the wheel and the raw files are kept in between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "client-retention-toolkit"


def cdnow_sample_path() -> Path:
    """The raw 2,357-customer sample: master id, sample id, YYYYMMDD date, CDs, dollars."""
    return _raw_file(SAMPLE)


def cdnow_master_path() -> Path:
    """The raw full log (23,570 customers): a header line, then id, date, CDs, dollars."""
    return _raw_file(MASTER)


def load_cdnow_summary() -> pd.DataFrame:
    """The paper's summary of the sample's 39-week calibration period, one row per customer:
    ``client_id`` (the master id, as in :func:`load_cdnow`), ``x`` (repeat purchases),
    ``t_x`` (recency) and ``T`` in weeks, ``zbar`` (mean spend of the repeat purchases)."""
    summary = pd.read_csv(_raw_file(SUMMARY))
    ids = _read_raw(cdnow_sample_path()).drop_duplicates("sample_id")
    client_ids = ids.set_index("sample_id")["client_id"]
    return summary.assign(client_id=client_ids.loc[summary.pop("ID")].to_numpy())


def load_cdnow(path: Path) -> pd.DataFrame:
    """A raw CDNOW file as a frame shaped like ``Workspace.table("transactions")``.

    Every row is an invoice; its transaction id is its line number (the file has none).
    The customer id is the first column in both files (the master's id).
    """
    raw = _read_raw(path)
    return pd.DataFrame(
        {
            "participant_id": "cdnow",
            "transaction_id": [f"line-{number}" for number in range(1, len(raw) + 1)],
            "client_id": raw["client_id"],
            "occurred_on": pd.to_datetime(raw["date"], format="%Y%m%d"),
            "amount": raw["amount"].astype("float64"),
            "kind": "invoice",
        }
    )


def synthetic_log(clients: int, seed: int = 12) -> pd.DataFrame:
    """A purchase log of ``clients`` clients over ``SYNTHETIC_WEEKS`` weeks, first purchases
    in the first year, drawn from ``SYNTHETIC_PARAMS`` and ``SYNTHETIC_SPEND_PARAMS`` exactly
    as the models assume (so a fit on it must find those parameters again)."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(SYNTHETIC_PARAMS["r"], 1 / SYNTHETIC_PARAMS["alpha"], clients)
    dropout = rng.beta(SYNTHETIC_PARAMS["a"], SYNTHETIC_PARAMS["b"], clients)
    nu = rng.gamma(SYNTHETIC_SPEND_PARAMS["q"], 1 / SYNTHETIC_SPEND_PARAMS["v"], clients)
    when = rng.uniform(0, 52, clients)
    alive = np.ones(clients, dtype=bool)
    client_ids, weeks = [np.arange(clients)], [when.copy()]
    while alive.any():  # the first purchase starts the relationship; a repeat may end it
        when = when + rng.exponential(1 / rate)
        alive &= when < SYNTHETIC_WEEKS
        client_ids.append(np.flatnonzero(alive))
        weeks.append(when[alive])
        alive &= rng.random(clients) >= dropout
    client, days = np.concatenate(client_ids), np.floor(np.concatenate(weeks) * 7)
    spend = rng.gamma(SYNTHETIC_SPEND_PARAMS["p"], 1 / nu[client])
    return pd.DataFrame(
        {
            "participant_id": "synthetic",
            "transaction_id": np.arange(len(client)).astype(str),
            "client_id": np.char.add("c", client.astype(str)),
            "occurred_on": SYNTHETIC_START + pd.to_timedelta(days, "D"),
            "amount": spend.round(2),
            "kind": "invoice",
        }
    )


def _read_raw(path: Path) -> pd.DataFrame:
    """A raw CDNOW file as it is: ``client_id``, (``sample_id``), ``date``, ``amount``..."""
    sample = path.name == SAMPLE
    raw = pd.read_csv(
        path,
        sep=r"\s+",
        header=None if sample else 0,
        names=["client_id", "sample_id", "date", "cds", "amount"] if sample else None,
        dtype={"client_id": str, "customer_id": str, "date": str},
    )
    return raw.rename(columns={"customer_id": "client_id", "dollar_value": "amount"})


def _raw_file(name: str) -> Path:
    """``name`` from the cached wheel, written to the cache on first use."""
    target = cache_dir() / name
    if not target.exists():
        with zipfile.ZipFile(_wheel()) as wheel:
            data = wheel.read(f"lifetimes/datasets/{name}")
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    return target


def _wheel() -> Path:
    """The cached ``lifetimes`` wheel, downloaded with pip (no dependencies) when missing."""
    wheel = cache_dir() / WHEEL_NAME
    if wheel.exists():
        return wheel
    cache_dir().mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:"]
    result = subprocess.run(
        [*command, "--dest", str(cache_dir()), WHEEL_REQUIREMENT],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not wheel.exists():
        message = f"could not download {WHEEL_REQUIREMENT} for the CDNOW data: {result.stderr}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return wheel
