"""The visitor's request, for a preheated kernel: a light stand-in for Voila's helper.

A preheated kernel runs the app notebook before anybody asked for it, then waits in a cell
for the visitor's request (the participant's ``?key=``). Voila's own helper,
``voila.utils.get_query_string``, imports Voila's server side with it (Jupyter Server,
JupyterLab Server, nbconvert, jsonschema): about 46 MB and several seconds of CPU in every
kernel. :func:`get_query_string` does the same wait with the ``websockets`` client alone:
it connects to Voila's ``voila/query/<kernel id>`` socket, receives the request's
variables, puts them in the environment as Voila's helper does, and returns
``QUERY_STRING``. Outside a preheated kernel it returns the environment's value at once.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading

#: Voila's environment variables (``voila.utils.ENV_VARIABLE``).
PREHEAT = "VOILA_PREHEAT"
KERNEL_ID = "VOILA_KERNEL_ID"
QUERY_STRING = "QUERY_STRING"
OPEN_TIMEOUT_SECONDS = 5


def query_url() -> str:
    """Where Voila hands this kernel its request, from the environment Voila sets."""
    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    host = os.getenv("VOILA_APP_IP", "127.0.0.1")
    port = os.getenv("VOILA_APP_PORT", "8866")
    base = os.getenv("VOILA_WS_BASE_URL", os.getenv("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.getenv(KERNEL_ID)}"


async def _receive(url: str) -> str:
    import websockets

    async with websockets.connect(url, open_timeout=OPEN_TIMEOUT_SECONDS) as socket:
        message = await socket.recv()
    # Voila sends the request as a text frame; a binary one would be its UTF-8 bytes.
    return message if isinstance(message, str) else message.decode()


def get_query_string() -> str | None:
    """Wait for the visitor's request (in a preheated kernel) and return its query string.

    The wait runs in a thread of its own, as Voila's helper does: the kernel's own event
    loop is running while a cell executes.
    """
    if os.getenv(PREHEAT, "False") == "False":
        return os.getenv(QUERY_STRING)
    received: list[str] = []
    waiting = threading.Thread(
        target=lambda: received.append(asyncio.run(_receive(query_url()))), daemon=True
    )
    waiting.start()
    waiting.join()
    if received:
        os.environ.update(json.loads(received[0]))
    return os.getenv(QUERY_STRING)
