"""Prefect's temporary API server, started in the background while the command loads its libraries.

With no ``PREFECT_API_URL``, Prefect starts a temporary server the first time a
flow runs and waits several seconds for it. Starting it on a thread as soon as
the command line is parsed lets that wait overlap the imports of Great
Expectations, Beam and spaCy. Prefect keeps one such server per process, so
the flow finds it running and uses it; Prefect stops it at exit as before.
"""
from __future__ import annotations

import threading


def _start() -> None:
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if not PREFECT_API_URL.value() and PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        SubprocessASGIServer().start()


def start_in_background() -> threading.Thread:
    """Start the temporary server (if one is needed) on a daemon thread; join it before the first flow.

    A failure here is not fatal: the flow starts the server itself and reports any error.
    """
    thread = threading.Thread(target=_start, name="prefect-temporary-server", daemon=True)
    thread.start()
    return thread
