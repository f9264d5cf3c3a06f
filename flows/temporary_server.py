"""Prefect's temporary API server, started in the background while the command loads its libraries.

With no ``PREFECT_API_URL``, Prefect starts a temporary server the first time a
flow runs and waits several seconds for it. Starting it on a thread as soon as
the command line is parsed lets that wait overlap the imports of Great
Expectations, Beam and spaCy. Prefect keeps one such server per process, so
the flow finds it running and uses it; Prefect stops it at exit as before.

The server runs in a session of its own: a Ctrl-C at the terminal or a SIGTERM
to the command's process group reaches the command, not the server, so the
command can still record how its flow ended before Prefect stops the server.
If the command is killed outright, ``flows.watchdog`` ends the server.
"""
from __future__ import annotations

import subprocess
import threading
from typing import Any


def _start() -> None:
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    class OwnSessionServer(SubprocessASGIServer):
        """Prefect's temporary server, started with ``start_new_session``.

        Prefect's own method builds the command; Popen is swapped only for that call. No other
        thread starts a process meanwhile: the command's one earlier process, the watchdog, is
        started before this thread, and Beam's workers start after the server is up."""

        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            popen = subprocess.Popen
            subprocess.Popen = lambda *args, **kwargs: popen(*args, start_new_session=True, **kwargs)
            try:
                return super()._run_uvicorn_command()
            finally:
                subprocess.Popen = popen

    if not PREFECT_API_URL.value() and PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        # Registered as Prefect's one server without a fixed port: the flow's client finds this one.
        OwnSessionServer().start()


def start_in_background() -> threading.Thread:
    """Start the temporary server (if one is needed) on a daemon thread; join it before the first flow.

    A failure here is not fatal: the flow starts the server itself and reports any error.
    """
    thread = threading.Thread(target=_start, name="prefect-temporary-server", daemon=True)
    thread.start()
    return thread
