"""Client Retention Toolkit: notebooks and apps for coaching client retention.

Importing the package changes nothing global: it sets no options and writes no files.
"""

from toolkit.errors import ToolkitError

__version__ = "0.1.0"
__all__ = ["ToolkitError", "__version__"]
