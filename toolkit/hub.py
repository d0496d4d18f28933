"""``retention serve --hub``: the apps as a coach's own JupyterHub server.

JupyterHub starts each user's server with the spawner's command and tells it, in
``JUPYTERHUB_*`` environment variables, where to listen and under which path the hub's
proxy sends it requests (``/user/<coach>/``). :func:`hub_options` turns them into the
:class:`toolkit.serve.ServeOptions` of an ordinary ``retention serve``, in hub mode: who is
asking then comes from the hub (:mod:`toolkit.hub_access`), members open their page
without a personal link, and the coach apps open for the server's owner only.

This module does not import JupyterHub (the CLI imports it); :mod:`toolkit.hub_access`,
which the server loads, does.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlparse

from toolkit.errors import ToolkitError
from toolkit.serve import ServeOptions

#: What the spawner must have set: the address to listen on, the path prefix, the
#: server's owner and the token the server checks visitors' hub logins with.
REQUIRED_ENV = (
    "JUPYTERHUB_SERVICE_URL",
    "JUPYTERHUB_SERVICE_PREFIX",
    "JUPYTERHUB_USER",
    "JUPYTERHUB_API_TOKEN",
)
#: The server's public address, set when the hub's ``JupyterHub.public_url`` is.
PUBLIC_URL_ENV = "JUPYTERHUB_PUBLIC_URL"


def hub_options(options: ServeOptions, environ: Mapping[str, str] = os.environ) -> ServeOptions:
    """``options`` with the address, path prefix and public address the hub gave.

    The public address (``JupyterHub.public_url``) comes first, so printed links use it,
    and its host name is one the server answers to; ``--public-url`` adds others.
    """
    missing = [name for name in REQUIRED_ENV if not environ.get(name)]
    if missing:
        raise ToolkitError(
            "`retention serve --hub` runs as a JupyterHub user's server, started by the "
            f"hub's spawner; {', '.join(missing)} not set"
        )
    if importlib.util.find_spec("jupyterhub") is None:
        raise ToolkitError(
            "`retention serve --hub` needs JupyterHub: install the hub extra "
            '(pip install "client-retention-toolkit[hub]")'
        )
    address = urlparse(environ["JUPYTERHUB_SERVICE_URL"])
    public = environ.get(PUBLIC_URL_ENV)
    return replace(
        options,
        host=address.hostname or "127.0.0.1",
        port=address.port or options.port,
        base_path=environ["JUPYTERHUB_SERVICE_PREFIX"],
        public_urls=(public, *options.public_urls) if public else options.public_urls,
        hub=True,
    )
