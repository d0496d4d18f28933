"""How a text file lays out its columns, when it is not a CSV file with a header row.

Purchase logs exported by till systems and older databases often come as plain text:
columns separated by runs of spaces (``00001 19970101 1 11.77``), or cut at fixed
character positions, often without a header row. A :class:`FileLayout` says how to read
such a file; it comes from the import command's ``--delimiter``, ``--columns`` and
``--widths`` options or from the ``file:`` block of a mapping file::

    file:
      delimiter: whitespace       # or tab, comma, semicolon, pipe, or one character
      columns: [client_id, occurred_on, quantity, amount]   # the file has no header row
      widths: [6, 9, 3, 8]        # fixed-width columns, in characters (no delimiter)

``columns`` names the file's columns in order, as a header row would; they are then
mapped to fields like any header (``kinds:`` in the same mapping file may map them).
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.errors import ToolkitError

#: Columns separated by any run of spaces and tabs (no quoting: values hold no space).
WHITESPACE = "whitespace"
#: Names a delimiter may be given by, besides the character itself.
DELIMITER_NAMES = {
    WHITESPACE: WHITESPACE,
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
}


class LayoutError(ToolkitError):
    """A file layout that cannot be used (a bad delimiter, width or column list)."""


@dataclass(frozen=True)
class FileLayout:
    """How to cut a text file into columns and what to call them.

    ``delimiter`` is None (found from the first line), :data:`WHITESPACE` or one
    character; ``columns`` the file's column names when it has no header row of its
    own; ``widths`` the width of each column of a fixed-width file.
    """

    delimiter: str | None = None
    columns: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.widths and self.delimiter is not None:
            raise LayoutError("give either widths (fixed-width columns) or a delimiter, not both")
        if self.widths and self.columns and len(self.widths) != len(self.columns):
            raise LayoutError(
                f"{len(self.widths)} widths for {len(self.columns)} columns: give one width "
                "per column"
            )

    @property
    def given(self) -> bool:
        """Whether anything was said about the layout (else a CSV file with a header)."""
        return bool(self.delimiter or self.columns or self.widths)

    def merged(self, override: FileLayout) -> FileLayout:
        """This layout with what ``override`` says replacing it, setting by setting.

        Widths and a delimiter exclude each other, so giving one drops the other.
        """
        widths = override.widths or (() if override.delimiter else self.widths)
        delimiter = override.delimiter or (None if override.widths else self.delimiter)
        return FileLayout(delimiter, override.columns or self.columns, widths)


def delimiter(value: str) -> str:
    """A delimiter from its name (``whitespace``, ``tab``...) or its single character.

    >>> delimiter("tab"), delimiter(";"), delimiter("Whitespace")
    ('\\t', ';', 'whitespace')
    """
    named = DELIMITER_NAMES.get(value.strip().lower())
    if named is not None:
        return named
    if len(value) == 1 and value not in '"\r\n':
        return value
    raise LayoutError(
        f"unknown delimiter {value!r}: give one character or one of {', '.join(DELIMITER_NAMES)}"
    )


def column_names(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The file's column names from ``a,b,c`` (or a list), checked for blanks and repeats.

    >>> column_names("client_id, occurred_on,amount")
    ('client_id', 'occurred_on', 'amount')
    """
    names = tuple(name.strip() for name in (value.split(",") if isinstance(value, str) else value))
    if not names or any(not name for name in names):
        raise LayoutError(f"columns {value!r}: name every column, separated by commas")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise LayoutError(f"columns named twice: {', '.join(repeated)}")
    return names


def widths(value: str | list[str] | tuple[str, ...]) -> tuple[int, ...]:
    """Column widths in characters from ``6,9,3,8`` (or a list), each a whole number > 0.

    >>> widths("6, 9,3,8")
    (6, 9, 3, 8)
    """
    parts = [str(part).strip() for part in (value.split(",") if isinstance(value, str) else value)]
    if not parts or not all(part.isdigit() and int(part) > 0 for part in parts):
        raise LayoutError(f"widths {value!r}: give whole numbers above 0, separated by commas")
    return tuple(int(part) for part in parts)
