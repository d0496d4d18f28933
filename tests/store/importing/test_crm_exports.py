"""Acceptance: exports laid out as HubSpot, Salesforce and Pipedrive write them import true.

The files and the figures a correct import gives are in ``tests/store/files/crm``
(``expected.yaml`` was worked out from the files by hand and by a separate script, not by
this importer). Each system is imported in the documented order with only its preset.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import yaml

from toolkit.store import currencies, schema
from toolkit.store.importing import import_file
from toolkit.store.scope import prospects

CRM = Path(__file__).parents[1] / "files" / "crm"
EXPECTED = yaml.safe_load((CRM / "expected.yaml").read_text("utf-8"))


def outcome(report) -> Counter:
    """Rows set aside by the outcomes expected.yaml names."""
    found: Counter = Counter()
    for reason, count in report.set_aside.items():
        if reason.startswith("not won"):
            found["not_won"] += count
        elif reason.startswith("amount in "):
            found["other_currency"] += count
        elif "belongs to" in reason:
            found["ambiguous_client"] += count
        elif reason == "client_id missing required value":
            found["no_client"] += count
        else:
            found[reason] += count
    return found


def run(ws, mapping: str, imports: list[dict]) -> list:
    """Import each file of ``imports`` and check its expected counts."""
    reports = []
    for step in imports:
        report = import_file(ws, step["kind"], CRM / step["file"], "p1", mapping, progress=False)
        assert report.rows_read == step["rows"] == report.imported + report.rejected
        assert report.imported == step["imported"], report.summary()
        if step["kind"] == "transactions":
            wanted = {
                key: step[key]
                for key in ("not_won", "other_currency", "no_client", "ambiguous_client")
                if step[key]
            }
            assert outcome(report) == wanted, report.summary()
        else:
            assert report.rejected == step["set_aside"], report.summary()
            assert report.warned == step["warnings"], report.summary()
        reports.append(report)
    return reports


def transactions(ws) -> list[list]:
    """Every stored transaction as [id, client_id, date, cents], exact."""
    t = schema.Transaction
    query = sa.select(t.transaction_id, t.client_id, t.occurred_on, t.amount_cents).order_by(
        t.transaction_id
    )
    with ws.engine.connect() as connection:
        return [list(row) for row in connection.execute(query)]


def expected_transactions(system: dict) -> list[list]:
    return sorted([list(row) for row in system["transactions"]])


def assert_firm(ws, system: dict) -> None:
    """Team, clients, revenue and prospects as expected, and no client twice."""
    team, clients = ws.table("team", "p1"), ws.table("clients", "p1")
    assert len(team) == system["team"]
    assert len(clients) == system["clients"]
    assert clients["client_id"].is_unique and clients["name"].notna().all()
    assert transactions(ws) == expected_transactions(system)
    assert sum(row[3] for row in transactions(ws)) == system["won_revenue_cents"]
    assert currencies.reporting_currency(ws) == system["reporting_currency"]
    stored = ws.table("transactions", "p1")
    assert int(prospects(clients, stored).sum()) == system.get(
        "prospects_if_lead_labels_count", system["prospects"]
    )


@pytest.fixture
def hubspot(empty_firm):
    reports = run(empty_firm, "hubspot", EXPECTED["hubspot"]["imports"])
    return empty_firm, reports


def test_hubspot_exports_import_true(hubspot):
    ws, reports = hubspot
    system = EXPECTED["hubspot"]

    assert_firm(ws, system)
    team = ws.table("team", "p1").set_index("member_id")
    assert sorted(team["name"]) == sorted(system["team_ids"])
    clients = ws.table("clients", "p1").set_index("client_id")
    without_owner = sorted(clients.index[clients["owner_id"].isna()])
    assert without_owner == sorted(c["client_id"] for c in system["clients_without_owner"])
    assert clients["stage"].value_counts().to_dict() == system["stages"]
    assert reports[1].warnings == {"owner_id unknown team member left empty": 1}
    assert clients.loc["5812340011", "owner_id"] == team.index[team["name"] == "Dana Whitfield"][0]


def test_hubspot_deals_are_set_aside_by_outcome_with_their_stage(hubspot, read_rejects):
    _, reports = hubspot
    deals = reports[2]

    assert deals.not_won == 12
    assert "not won: Closed lost" in deals.set_aside
    rows = read_rejects(deals.rejects_path)
    set_aside = EXPECTED["hubspot"]["set_aside"]
    by_reason = {
        key: sorted(r["Record ID"] for r in rows if check(r["reason"]))
        for key, check in {
            "not_won": lambda reason: reason.startswith("not won: "),
            "other_currency": lambda reason: reason.startswith("amount in CAD"),
            "no_client": lambda reason: reason == "missing required value",
        }.items()
    }
    assert by_reason == {key: sorted(ids) for key, ids in set_aside.items()}
    assert "reporting currency: USD" in "\n".join(deals.messages)


def test_hubspot_with_a_rates_file_converts_half_to_even(empty_firm, tmp_path):
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nCAD,0.73\n")
    currencies.set_currency(empty_firm, "USD", currencies.read_rates(rates))
    system = EXPECTED["hubspot"]
    imports = [dict(step) for step in system["imports"]]
    imports[2].update(imported=16, other_currency=0)

    run(empty_firm, "hubspot", imports)

    total = sum(row[3] for row in transactions(empty_firm))
    assert total == system["with_rates"]["won_revenue_cents"]
    converted = {row[0]: row[3] for row in transactions(empty_firm)}
    ((deal, _, cents),) = system["with_rates"]["converted"]
    assert (
        converted[deal]
        == cents
        == int((Decimal("8250.50") * 100 * Decimal("0.73")).to_integral_value())
    )


@pytest.mark.parametrize(
    "sets",
    [["report"], ["dataloader"], ["report", "dataloader"], ["dataloader", "report"]],
)
def test_salesforce_report_and_data_loader_exports_are_one_org(empty_firm, sets):
    system = EXPECTED["salesforce"]

    for name in sets:
        run(empty_firm, "salesforce", system[name]["imports"])

    assert_firm(empty_firm, system)
    team = empty_firm.table("team", "p1")
    assert sorted(team["member_id"]) == sorted(system["team_ids"])
    assert empty_firm.table("clients", "p1")["owner_id"].notna().all()


def test_salesforce_report_footer_is_skipped_and_us_dates_read_month_first(empty_firm):
    system = EXPECTED["salesforce"]

    reports = run(empty_firm, "salesforce", system["report"]["imports"])

    for report in reports:
        assert any(m.startswith("skipped 5 footer line(s)") for m in report.messages)
    clients = empty_firm.table("clients", "p1").set_index("client_id")
    assert clients.loc["0015e00000Hk2Pq", "acquired_on"] == pd.Timestamp("2021-03-04")


def test_salesforce_formatted_excel_report_finds_its_header_under_the_title(empty_firm):
    system = EXPECTED["salesforce"]
    run(empty_firm, "salesforce", system["report"]["imports"][:1])
    xlsx = system["report_xlsx"]

    report = import_file(empty_firm, "clients", CRM / xlsx["file"], "p1", "salesforce")

    assert (report.rows_read, report.imported, report.rejected) == (
        xlsx["rows"],
        xlsx["imported"],
        xlsx["set_aside"],
    )
    assert f"read sheet {xlsx['sheet']!r}, header on row {xlsx['header_row']}" in report.messages
    footer = "skipped 3 row(s) under the data, from row 25"
    assert any(m.startswith(footer) for m in report.messages)
    clients = empty_firm.table("clients", "p1").set_index("client_id")
    assert clients.loc["0015e00000Hk2Pq", "acquired_on"] == pd.Timestamp("2021-03-04")


def test_pipedrive_exports_import_true_and_shared_names_are_set_aside(empty_firm, read_rejects):
    system = EXPECTED["pipedrive"]

    reports = run(empty_firm, "pipedrive", system["imports"])

    assert_firm(empty_firm, system)
    rows = read_rejects(reports[2].rejects_path)
    ambiguous = sorted(r["Deal - ID"] for r in rows if "belongs to 2 clients" in r["reason"])
    assert ambiguous == system["set_aside"]["ambiguous_client"]
    assert "ids 112, 127" in next(r["reason"] for r in rows if r["Deal - ID"] == "219")


def test_pipedrive_full_deals_export_links_by_organization_id(empty_firm):
    system = EXPECTED["pipedrive"]
    linked = system["all_columns_linked_by_id"]

    run(empty_firm, "pipedrive", system["imports"][:2] + linked["imports"])

    added = {row[0]: row for row in transactions(empty_firm)}
    for deal, client, day, cents in linked["transactions_added"]:
        assert added[deal] == [deal, client, day, cents]
    assert sum(row[3] for row in transactions(empty_firm)) == linked["won_revenue_cents"]


def test_pipedrive_older_organizations_export_reads_add_time(empty_firm):
    older = EXPECTED["pipedrive"]["older_export"]

    run(empty_firm, "pipedrive", older["imports"])
    run(empty_firm, "pipedrive", EXPECTED["pipedrive"]["imports"][1:2])

    clients = empty_firm.table("clients", "p1").set_index("client_id")
    assert len(clients) == EXPECTED["pipedrive"]["clients"]
    for client, day in older["acquired_on"].items():
        assert clients.loc[client, "acquired_on"] == pd.Timestamp(day)


@pytest.mark.parametrize("system", ["hubspot", "pipedrive"])
def test_importing_the_exports_again_changes_nothing(empty_firm, system):
    run(empty_firm, system, EXPECTED[system]["imports"])
    before = {name: empty_firm.table(name, "p1") for name in ("team", "clients", "transactions")}

    run(empty_firm, system, EXPECTED[system]["imports"])

    for name, frame in before.items():
        pd.testing.assert_frame_equal(empty_firm.table(name, "p1"), frame)
