"""The Voila server that ``retention serve`` runs: Voila itself, with one page change.

Voila's lab page links Font Awesome on a public CDN although Voila's bundle already
carries those fonts. Every page then waits for that third-party request (or, offline, for
its failure) before it runs a script, and tells the CDN who opened a participant's page.
``voila_templates/index.html.j2`` extends the lab page and drops the two links; its folder
is searched before the lab template's own, so the template stays ``lab`` and every other
file of it is Voila's.

    python -m toolkit.voila_server NOTEBOOKS --Voila.config_file_paths=...
"""

from __future__ import annotations

from pathlib import Path

from voila.app import Voila

#: Templates that take precedence over the configured Voila template's files.
TEMPLATES = Path(__file__).resolve().parent / "voila_templates"


class ToolkitVoila(Voila):
    """Voila with :data:`TEMPLATES` first on the template search path."""

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        self.template_paths = [str(TEMPLATES), *self.template_paths]


if __name__ == "__main__":
    ToolkitVoila.launch_instance()
