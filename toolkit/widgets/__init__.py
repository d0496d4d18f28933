"""ipywidgets building blocks. Each widget subclasses an ipywidgets box and keeps its
state in traitlets."""

from toolkit.widgets.exercise_form import ExerciseForm, ProposalRow
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

__all__ = [
    "ChecklistWidget",
    "ChoiceWidget",
    "ClientRatingWidget",
    "DateWidget",
    "ExerciseForm",
    "ItemWidget",
    "MultiChoiceWidget",
    "NumberWidget",
    "ProposalRow",
    "ScaleWidget",
    "TableWidget",
    "TextWidget",
    "item_widget",
]
