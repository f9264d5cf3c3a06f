"""The two halves of a gold set with outlets (PolNeAR): develop on one, report both.

The split is by outlet, so that the half kept apart tests what held-out news
tests: other newsrooms' house style. The development half holds three of the
seven outlets (360 of 840 articles), the held-apart half the other four; each
half mixes partisan and mainstream outlets. Gold files without a ``publisher``
(MEANTIME) have no halves.
"""
from __future__ import annotations

DEV_OUTLETS = frozenset({"breitbart", "nyt", "politico"})
HALVES = ("dev", "held")


def half_of(doc: dict) -> str | None:
    """``dev`` or ``held`` for an article with a publisher, else None."""
    publisher = doc.get("publisher")
    if not publisher:
        return None
    return "dev" if publisher in DEV_OUTLETS else "held"


def in_half(doc: dict, half: str) -> bool:
    return half_of(doc) == half
