"""ipywidgets building blocks. Each widget subclasses an ipywidgets box and keeps its
state in traitlets. Each is imported from its module when first used
(:mod:`toolkit.lazy`)."""

from toolkit.lazy import exports

_MODULES = {
    "Chart": "chart",
    "ChecklistWidget": "items",
    "ChoiceWidget": "items",
    "ClientMapExplorer": "client_map_explorer",
    "ClientRatingWidget": "items",
    "CommitmentsPanel": "commitments",
    "DateWidget": "items",
    "ExerciseForm": "exercise_form",
    "FrameTable": "frame_table",
    "HotSeatPlan": "hot_seat",
    "ItemWidget": "items",
    "MultiChoiceWidget": "items",
    "NumberWidget": "items",
    "ParticipantPicker": "participant_picker",
    "ProposalRow": "exercise_form",
    "ScaleWidget": "items",
    "SessionNotes": "session_notes",
    "TableWidget": "items",
    "TextWidget": "items",
    "item_widget": "items",
}
__all__ = sorted(_MODULES)
__getattr__ = exports(__name__, _MODULES)
