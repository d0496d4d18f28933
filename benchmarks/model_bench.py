"""What the purchase model (the optional ``models`` extra) costs: disk, import, fit, memory.

Prints the installed size of the distributions the extra adds to the base install, the
time to import ``toolkit.analytics`` (which must not import PyMC) and pymc-marketing, and
for three purchase logs the time of :func:`toolkit.analytics.fit_purchase_model` and the
peak resident memory of the process that ran it:

- the CDNOW sample (2,357 customers, 6,919 purchases), calibrated on the paper's 39 weeks;
- the full CDNOW log (23,570 customers, 69,659 purchases), calibrated the same way;
- a synthetic log of 100,000 clients and about 1,000,000 purchases over three years, drawn
  from a BG/NBD + Gamma-Gamma population with known parameters (seeded, so the same on
  every run), whose fitted parameters are printed next to the true ones.

Each case runs in a fresh Python process, so its import, PyTensor's compilation (cached
in ``~/.pytensor`` after the first run on a machine) and its memory are its own; the
memory figure is that process's ``ru_maxrss``.

    .venv/bin/python benchmarks/model_bench.py [--clients 100000] [--only synthetic]
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.datasets import (  # noqa: E402
    SYNTHETIC_AS_OF,
    SYNTHETIC_PARAMS,
    SYNTHETIC_SPEND_PARAMS,
    cdnow_master_path,
    cdnow_sample_path,
    load_cdnow,
    synthetic_log,
)

CDNOW = {"as_of": "1998-06-30", "calibration_end": "1997-09-30"}
#: The table printed per case: title -> (figure, width, format).
COLUMNS = {
    "case": ("case", 10, ""),
    "clients": ("clients", 8, ","),
    "purchases": ("purchases", 10, ","),
    "import s": ("import_s", 8, ".1f"),
    "fit s": ("fit_s", 6, ".1f"),
    "fit CPU s": ("fit_cpu_s", 9, ".1f"),
    "peak MB": ("peak_mb", 7, ",.0f"),
}


def requirements(name: str, extras: tuple[str, ...] = ()) -> set[str]:
    """Every distribution ``name`` (with ``extras``) needs, itself included, normalised."""
    seen: set[str] = set()
    pending = [(name, extras)]
    while pending:
        current, wanted = pending.pop()
        key = re.sub(r"[-_.]+", "-", current).lower()
        if key in seen:
            continue
        try:
            needs = metadata.requires(current) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(key)
        for line in needs:
            requirement, _, marker = line.partition(";")
            extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
            if extra and extra.group(1) not in wanted:
                continue
            if marker and not extra and "python_version" not in marker:
                continue
            pending.append((re.split(r"[\s\[<>=!~(;]", requirement.strip(), maxsplit=1)[0], ()))
    return seen


def installed_megabytes(names: set[str]) -> float:
    """The size on disk of the files the distributions ``names`` installed."""
    total = 0
    for distribution in metadata.distributions():
        key = re.sub(r"[-_.]+", "-", distribution.metadata["Name"]).lower()
        if key in names:
            total += sum(
                file.locate().stat().st_size
                for file in distribution.files or []
                if file.locate().is_file()
            )
    return total / 1e6


def run_case(case: str, clients: int) -> dict:
    """Fit one case in this process; its figures as a dict (printed as JSON by the child)."""
    import resource

    if case == "synthetic":
        log = synthetic_log(clients)
        dates = {"as_of": SYNTHETIC_AS_OF}
    else:
        log = load_cdnow(cdnow_sample_path() if case == "sample" else cdnow_master_path())
        dates = CDNOW
    started = time.perf_counter()
    import pymc_marketing.clv  # noqa: F401

    from toolkit.analytics import fit_purchase_model

    imported, cpu = time.perf_counter(), time.process_time()
    model = fit_purchase_model(log, **dates)
    fitted = time.perf_counter()
    return {
        "case": case,
        "clients": int(log["client_id"].nunique()),
        "purchases": len(log),
        "import_s": imported - started,
        "fit_s": fitted - imported,
        "fit_cpu_s": time.process_time() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "params": model.params,
        "spend_params": model.spend_params,
    }


def child(case: str, clients: int) -> dict:
    """``run_case`` in a fresh interpreter (own imports, own peak memory)."""
    command = [sys.executable, __file__, "--child", case, "--clients", str(clients)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(output.stdout.splitlines()[-1])


def import_seconds(statement: str) -> float:
    """Wall time of a fresh interpreter that runs ``statement`` and nothing else."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, cwd=ROOT)
    return time.perf_counter() - started


def report(cases: list[str], clients: int) -> None:
    """Print the extra's size, the import times and the figures of each case."""
    base = requirements("client-retention-toolkit", ("test",))
    extra = requirements("client-retention-toolkit", ("test", "models")) - base
    print(f"models extra: {len(extra)} distributions, {installed_megabytes(extra):,.0f} MB")
    light = "import sys, toolkit.analytics; assert 'pymc' not in sys.modules"
    print(f"import toolkit.analytics: {import_seconds(light):.2f} s (PyMC not imported)")
    heavy = import_seconds("import pymc_marketing.clv")
    print(f"import pymc_marketing.clv: {heavy:.2f} s")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(" ".join(f"{title:>{width}}" for title, (_, width, _) in COLUMNS.items()))
    for case in cases:
        figures = child(case, clients)
        print(" ".join(f"{figures[key]:>{width}{style}}" for key, width, style in COLUMNS.values()))
        fitted = {name: round(value, 3) for name, value in figures["params"].items()}
        spend = {name: round(value, 3) for name, value in figures["spend_params"].items()}
        print(f"{'':10} BG/NBD {fitted} Gamma-Gamma {spend}")
    if "synthetic" in cases:
        truth = f"BG/NBD {SYNTHETIC_PARAMS} Gamma-Gamma {SYNTHETIC_SPEND_PARAMS}"
        print(f"{'':10} synthetic truth: {truth}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000, help="synthetic clients")
    parser.add_argument("--only", choices=["sample", "master", "synthetic"], action="append")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(run_case(arguments.child, arguments.clients)))
        return
    report(arguments.only or ["sample", "master", "synthetic"], arguments.clients)


if __name__ == "__main__":
    main()
