"""The error every user-facing failure of the toolkit raises.

The CLI and the apps catch :class:`ToolkitError` and show its message in one line; any
other exception is a bug and keeps its traceback (in the server log for apps).
"""


class ToolkitError(Exception):
    """A problem the user can fix: bad input, a missing workspace, an unknown name."""
