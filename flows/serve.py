"""`dateline serve`: serve the deployments defined in ``infra/deployments.py`` until interrupted.

Runs against the Prefect server at PREFECT_API_URL (start one with
``prefect server start``); flow runs execute in subprocesses of this one.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import prefect
from prefect.deployments.runner import RunnerDeployment

DEFINITIONS = Path(__file__).resolve().parent.parent / "infra" / "deployments.py"


def load_deployments(path: Path = DEFINITIONS) -> list[RunnerDeployment]:
    """The deployments that ``deployments()`` in the definitions file returns."""
    spec = importlib.util.spec_from_file_location("dateline_deployments", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no deployment definitions at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.deployments()


def serve() -> None:
    """Serve every deployment (schedules included) until the process is stopped."""
    prefect.serve(*load_deployments())
