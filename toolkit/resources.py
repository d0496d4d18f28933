"""Folders the toolkit ships beside its code: the exercises and the notebooks.

In a source checkout they sit at the top of the repository (``exercises/``,
``notebooks/``), where contributors edit them; a built wheel carries copies inside the
package (pyproject.toml's ``force-include``), so an installed toolkit finds them without
a checkout.
"""

from __future__ import annotations

from pathlib import Path

#: The package's own folder, and the checkout's top folder when there is one.
PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def shipped_folder(name: str, installed: str | None = None) -> Path:
    """The checkout's ``name`` folder when the package runs from a source checkout, else
    the copy inside the installed package (``installed``, relative to the package, by
    default ``name`` itself). Returns the latter even when missing, so an error names
    where the installed copy was looked for."""
    source = CHECKOUT / name
    if source.is_dir() and (CHECKOUT / "pyproject.toml").is_file():
        return source
    return PACKAGE / (installed or name)
