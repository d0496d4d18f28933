"""ipywidgets building blocks. Each widget subclasses an ipywidgets box and keeps its
state in traitlets."""

from toolkit.widgets.chart import Chart
from toolkit.widgets.client_map_explorer import ClientMapExplorer
from toolkit.widgets.commitments import CommitmentsPanel
from toolkit.widgets.exercise_form import ExerciseForm, ProposalRow
from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.hot_seat import HotSeatPlan
from toolkit.widgets.items import (
    ChecklistWidget,
    ChoiceWidget,
    ClientRatingWidget,
    DateWidget,
    ItemWidget,
    MultiChoiceWidget,
    NumberWidget,
    ScaleWidget,
    TableWidget,
    TextWidget,
    item_widget,
)
from toolkit.widgets.participant_picker import ParticipantPicker
from toolkit.widgets.session_notes import SessionNotes

__all__ = [
    "Chart",
    "ChecklistWidget",
    "ChoiceWidget",
    "ClientMapExplorer",
    "ClientRatingWidget",
    "CommitmentsPanel",
    "DateWidget",
    "ExerciseForm",
    "FrameTable",
    "HotSeatPlan",
    "ItemWidget",
    "MultiChoiceWidget",
    "NumberWidget",
    "ParticipantPicker",
    "ProposalRow",
    "ScaleWidget",
    "SessionNotes",
    "TableWidget",
    "TextWidget",
    "item_widget",
]
