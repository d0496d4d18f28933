"""The mapping presets shipped with the toolkit: one YAML file per preset in
``toolkit/store/mappings/``, named after it (``hubspot.yaml`` is ``--mapping hubspot``).

The files are the one list of presets: adding a file adds a preset to the importer, the
CLI's help and the docs' check. Kept apart from :mod:`toolkit.store.mappings`, which parses
them, so the CLI can name the presets in its help without importing pandas.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def preset_files() -> dict[str, Traversable]:
    """Each shipped preset's name -> its YAML file, sorted by name."""
    folder = resources.files("toolkit.store").joinpath("mappings")
    files = {
        entry.name.removesuffix(".yaml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }
    return dict(sorted(files.items()))
