"""The participant picker offers names and holds the chosen id."""

from __future__ import annotations

import pandas as pd

from toolkit.widgets.participant_picker import ParticipantPicker


def test_picker_holds_the_id_of_the_chosen_name():
    people = pd.DataFrame({"participant_id": ["a", "b"], "display_name": ["Ann", "Bob"]})
    picker = ParticipantPicker(people)
    assert picker.value == ""
    picker.dropdown.label = "Bob"
    assert picker.value == "b"
