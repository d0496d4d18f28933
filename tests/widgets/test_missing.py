"""The 'not imported yet' panel: one line per table without rows, naming the command
that imports it, and a verdict on whether the view can be shown."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.widgets.missing import ABSENT, Missing, command, map_missing, message

FILLED = pd.DataFrame({"x": [1]})
EMPTY = pd.DataFrame({"x": []})


def data(*filled: str) -> dict[str, pd.DataFrame]:
    return {table: FILLED if table in filled else EMPTY for table in ABSENT}


def test_the_message_names_the_table_as_the_cli_spells_it():
    assert message("interactions") == (
        "No contacts imported yet: `retention import interactions FILE`"
    )
    assert (
        command("process_steps", "acme") == "retention import process_steps FILE --participant acme"
    )


def test_only_empty_tables_are_missing_and_the_panel_lists_each():
    missing = Missing.of(data("clients"), "clients", "team", "transactions")
    assert missing.tables == ("team", "transactions")
    assert missing
    html = missing.html()
    assert "retention import team FILE</code>" in html
    assert "retention import transactions FILE</code>" in html
    assert "clients FILE" not in html
    assert missing._repr_html_() == html
    assert repr(missing).splitlines()[1:] == [message("team"), message("transactions")]


def test_nothing_missing_is_false_so_a_notebook_cell_shows_the_chart():
    assert not Missing.of(data("clients"), "clients")
    assert (Missing.of(data("clients"), "clients") or "chart") == "chart"


def test_markup_in_an_id_is_escaped():
    html = Missing(("team",), participant_id="<i>").html()
    assert "--participant &lt;i&gt;" in html and "<i>" not in html


@pytest.mark.parametrize(
    ("filled", "blocking", "listed"),
    [
        ((), True, ("clients", "transactions", "interactions")),
        (("clients",), True, ("transactions", "interactions")),
        (("clients", "transactions"), False, ("interactions",)),
        (("clients", "interactions"), False, ("transactions",)),
        (("clients", "transactions", "interactions"), False, ()),
    ],
)
def test_the_client_map_needs_clients_and_purchases_or_contacts(filled, blocking, listed):
    missing = map_missing(data(*filled))
    assert bool(missing) == blocking
    assert missing.tables == listed
    assert missing.intro.startswith("To draw" if blocking else "The map places")
