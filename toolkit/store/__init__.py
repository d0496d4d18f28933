"""Workspace persistence: the database, its migrations, and import/export."""

from toolkit.store.workspace import SchemaTooNewError, Workspace

__all__ = ["SchemaTooNewError", "Workspace"]
