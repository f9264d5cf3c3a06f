"""A share of one input file's records, so that several readers split a large file between them.

Record ``n`` (numbered from 0 in file order, one per non-blank line of a JSONL file) belongs to shard
``n % count``. A reader given a shard still splits the whole file into lines, which is cheap, but
decodes, parses and language-detects only its own lines; for every other record it yields ``None``
(``SKIPPED``), so the numbers stay those of the whole file and a reject at the end (damage, a reader
failure) is numbered as in an unsharded read and kept by exactly one shard.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Shard:
    """Records ``n`` with ``n % count == index``."""

    index: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise ValueError(f"shard {self.index} of {self.count} does not exist")

    def owns(self, number: int) -> bool:
        return number % self.count == self.index


WHOLE: Final = Shard()
SKIPPED: Final = None  # what a sharded reader yields in place of another shard's record
