"""Column mappings: the shipped CRM presets and users' own YAML files."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from toolkit.store.importing import import_file
from toolkit.store.mappings import (
    MappingError,
    load_mapping,
    normalise_header,
    parse_mapping,
    presets,
)


def import_rows(ws, kind, write_csv, rows, mapping):
    report = import_file(ws, kind, write_csv(f"{kind}.csv", rows), "p1", mapping, progress=False)
    assert report.rows_read == report.imported + report.rejected
    return report


def test_the_four_presets_are_shipped_with_descriptions():
    found = presets()

    assert list(found) == ["generic", "hubspot", "pipedrive", "salesforce"]
    assert all(found.values())


def test_hubspot_exports_map_companies_and_activities(firm, write_csv):
    companies = [
        ["Record ID", "Company name", "Company owner", "Create Date", "Industry", "Phone Number"],
        ["9876543210", "Northwind Traders", "Ana Lima", "2023-04-18 09:12", "Retail", "555-0100"],
    ]
    activities = [
        [
            "Activity ID",
            "Associated Company ID",
            "Activity assigned to",
            "Activity date",
            "Activity type",
            "Call direction",
            "Subject",
            "Body preview",
        ],
        ["501", "9876543210", "Ana Lima", "2024-02-01 15:00", "Call", "OUTBOUND", "Renewal", "ok"],
    ]

    report = import_rows(firm, "clients", write_csv, companies, "hubspot")
    import_rows(firm, "interactions", write_csv, activities, "hubspot")

    assert "ignored column(s): Phone Number" in report.messages
    client = firm.table("clients", "p1").set_index("client_id").loc["9876543210"]
    assert (client["name"], client["owner_id"]) == ("Northwind Traders", "Ana Lima")
    assert client["acquired_on"] == pd.Timestamp("2023-04-18")
    call = firm.table("interactions", "p1").set_index("interaction_id").loc["501"]
    assert (call["client_id"], call["direction"], call["channel"]) == (
        "9876543210",
        "outbound",
        "Call",
    )


def test_salesforce_exports_map_accounts_and_opportunities(firm, write_csv):
    accounts = [
        ["Id", "Name", "OwnerId", "CreatedDate", "Industry", "BillingCity"],
        ["0015g00000XyZabAAB", "Acme Corp", "m1", "2023-04-18T09:12:00.000+0000", "Energy", "Oslo"],
    ]
    opportunities = [
        ["Id", "AccountId", "CloseDate", "Amount", "StageName"],
        ["0065g00000AbCdeAAB", "0015g00000XyZabAAB", "2024-03-31", "12500.00", "Closed Won"],
    ]

    import_rows(firm, "clients", write_csv, accounts, "salesforce")
    import_rows(firm, "transactions", write_csv, opportunities, "salesforce")

    client = firm.table("clients", "p1").set_index("client_id").loc["0015g00000XyZabAAB"]
    assert (client["name"], client["owner_id"], client["industry"]) == ("Acme Corp", "m1", "Energy")
    deal = firm.table("transactions", "p1").set_index("transaction_id").loc["0065g00000AbCdeAAB"]
    assert (deal["amount"], deal["kind"]) == (12500.0, "invoice")
    assert deal["occurred_on"] == pd.Timestamp("2024-03-31")


def test_pipedrive_exports_map_organizations_and_deals(firm, write_csv):
    organizations = [
        [
            "Organization - ID",
            "Organization - Name",
            "Organization - Owner",
            "Organization - Add time",
            "Organization - Label",
        ],
        ["42", "Globex GmbH", "Ana Lima", "2023-04-18 09:12:45", "Hot"],
    ]
    deals = [
        [
            "Deal - ID",
            "Deal - Organization ID",
            "Deal - Won time",
            "Deal - Value",
            "Deal - Currency",
        ],
        ["7", "42", "2024-01-10 11:00:00", "980.5", "EUR"],
    ]

    import_rows(firm, "clients", write_csv, organizations, "pipedrive")
    import_rows(firm, "transactions", write_csv, deals, "pipedrive")

    client = firm.table("clients", "p1").set_index("client_id").loc["42"]
    assert (client["name"], client["owner_id"]) == ("Globex GmbH", "Ana Lima")
    assert firm.table("transactions", "p1").set_index("transaction_id").loc["7", "amount"] == 980.5


def test_a_users_mapping_file_renames_translates_and_sets_parse_options(firm, write_csv, tmp_path):
    mapping = tmp_path / "my-crm.yaml"
    mapping.write_text(
        "name: my-crm\n"
        "date_order: DMY\n"
        'decimal: ","\n'
        "kinds:\n"
        "  transactions:\n"
        "    columns:\n"
        "      transaction_id: Beleg\n"
        "      client_id: [Kunde, Kundennummer]\n"
        "      occurred_on: Datum\n"
        "      amount: Betrag\n"
        "      kind: Art\n"
        "    values:\n"
        "      kind: {Rechnung: invoice, Gutschrift: credit}\n"
    )
    rows = [
        ["Beleg", "Kundennummer", "Datum", "Betrag", "Art"],
        ["R-1", "c1", "03/04/2024", "1.234,50", "Rechnung"],
        ["G-1", "c2", "05/04/2024", "20,00", "gutschrift"],
    ]

    report = import_rows(firm, "transactions", write_csv, rows, mapping)

    assert report.rejected == 0
    assert "participant: p1; mapping: my-crm" in report.messages
    table = firm.table("transactions", "p1").set_index("transaction_id")
    assert table.loc["R-1", ["amount", "kind"]].tolist() == [1234.5, "invoice"]
    assert table.loc["R-1", "occurred_on"] == pd.Timestamp("2024-04-03")
    assert table.loc["G-1", "kind"] == "credit"


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("name: x\ncolour: red\n", "2:1", "unknown key 'colour' in the mapping; allowed: name,"),
        ("kinds:\n  invoices:\n    columns: {}\n", "2:3", "unknown key 'invoices' in kinds;"),
        (
            "kinds:\n  clients:\n    columns:\n      colour: Colour\n",
            "4:7",
            "unknown key 'colour' in kinds.clients.columns; allowed: client_id, name,",
        ),
        ("date_order: DYM\n", "1:13", "date_order must be one of DMY, MDY, YMD"),
        ("kinds:\n  team:\n    columns:\n      name: []\n", "4:7", "team.columns.name lists no"),
        ("kinds:\n  team: [a, b]\n", "2:9", "kinds.team must be a mapping of keys to values"),
        ("kinds:\n  team:\n    columns: {name: [Full]\n", "4:1", "not valid YAML"),
        ("", "1:1", "the mapping is empty"),
        ("extends: zoho\n", "1:10", "cannot extend 'zoho': unknown mapping 'zoho'"),
        (
            "kinds:\n  team:\n    columns:\n      name: {join: [A], first: B}\n",
            "4:13",
            "team.columns.name needs either join: [headers] or first: header",
        ),
        (
            "kinds:\n  team:\n    columns:\n      name: {joins: [A, B]}\n",
            "4:14",
            "unknown key 'joins' in team.columns.name (did you mean 'join'?)",
        ),
        ("won_stages: []\n", "1:13", "won_stages lists nothing"),
    ],
)
def test_mapping_file_errors_say_file_line_and_column(tmp_path, text, where, problem):
    path = tmp_path / "broken.yaml"
    path.write_text(text)

    with pytest.raises(MappingError) as error:
        load_mapping(path)

    assert str(error.value).startswith(f"{path}:{where}: ")
    assert problem in str(error.value)


def test_import_with_a_broken_mapping_names_the_file_line(firm, files, tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("kinds:\n  clients:\n    column:\n      name: Company\n")

    with pytest.raises(MappingError, match=re.escape(f"{path}:3:5: unknown key 'column'")):
        import_file(firm, "clients", files / "utf8.csv", "p1", path)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("zoho", "unknown mapping 'zoho': give a preset (generic, hubspot, pipedrive, salesforce)"),
        ("missing.yaml", "missing.yaml: mapping file not found"),
    ],
)
def test_unknown_mapping_names_the_choices(value, message):
    with pytest.raises(MappingError, match=re.escape(message)):
        load_mapping(value)


@pytest.mark.parametrize(
    ("header", "normal"),
    [
        ("Client ID", "client id"),
        ("client_id", "client id"),
        ("  Organization - ID ", "organization id"),
    ],
)
def test_headers_match_ignoring_case_spaces_underscores_and_dashes(header, normal):
    assert normalise_header(header) == normal


def test_the_mapping_file_examples_in_the_docs_are_valid():
    docs = (Path(__file__).parents[2] / "docs" / "importing.md").read_text("utf-8")
    examples = re.findall(r"```yaml\n(.*?)```", docs, re.S)

    mappings = [parse_mapping(text, "docs/importing.md") for text in examples]

    assert mappings and all(mapping.kinds for mapping in mappings)


def test_a_mapping_that_extends_itself_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("extends: loop.yaml\n")

    with pytest.raises(MappingError, match="goes round in a circle"):
        load_mapping(path)


def test_extends_replaces_only_the_fields_it_names(tmp_path):
    path = tmp_path / "renamed.yaml"
    path.write_text("extends: hubspot\nkinds:\n  clients:\n    columns:\n      name: Account\n")

    mapping = load_mapping(path)

    clients = mapping.kind("clients")
    assert clients.headers("name") == ("Account", "name")
    assert clients.headers("stage") == ("Lifecycle Stage", "stage")
    assert mapping.won_stages == ("Closed won",)
    assert mapping.kind("transactions") == load_mapping("hubspot").kind("transactions")
