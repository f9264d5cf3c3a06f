"""All the candidate patterns over a text in one pass, with the matches each would find on its own.

Running some sixty regular expressions over a whole article costs sixty scans, each trying its
pattern at every word start, although matches are rare (a few per article). ``Scanner`` finds the
word starts once and tries at each only the patterns that can begin with the next few characters
found there. What a pattern can begin with is read from its parse: the strings of its first
``PREFIX`` characters, as classes (a lookaround is skipped, an optional item lets the next one
begin, an item we cannot write ends the prefix early), so the set never leaves out a real match.
A pattern matches at a position or not whatever position the search started from (a lookbehind
sees the whole text), so walking the word starts left to right and skipping those inside a
pattern's last match gives exactly what its ``finditer`` gives. Patterns that do not begin at a
word start keep ``finditer``.
"""
from __future__ import annotations

import itertools
import re
import re._constants as sre  # the parse tree's opcodes (Python 3.11 is pinned)
import re._parser as sre_parse
from typing import Sequence

WORD_START = r"(?<![\w-])"  # how ``patterns.compile_pattern`` begins every pattern
# Characters of a word start looked at to choose the patterns to try there: five, so that "the"
# followed by a space and one more letter tells apart the many patterns that begin with "the".
PREFIX = 5

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)

Char = tuple[str, bool]  # one character: a class body and whether it ignores case
# Beginnings of a match: characters, and whether what follows may still add to them.
Prefixes = set[tuple[tuple[Char, ...], bool]]


def prefixes(regex: re.Pattern[str], k: int = PREFIX) -> set[tuple[Char, ...]] | None:
    """The first ``k`` characters every match of ``regex`` begins with (fewer for a shorter match or
    an item we cannot write), or None when a match may begin with any character or be empty."""
    found = _sequence(sre_parse.parse(regex.pattern, regex.flags), regex.flags, k)
    if any(not chars for chars, _ in found):
        return None
    return {chars for chars, _ in found}


def one_of(chars: list[Char]) -> str:
    """A pattern of one character in any of ``chars``."""
    exact = "".join(dict.fromkeys(c for c, ignore_case in chars if not ignore_case))
    folded = "".join(dict.fromkeys(c for c, ignore_case in chars if ignore_case))
    return "|".join(([f"[{exact}]"] if exact else []) + ([f"(?i:[{folded}])"] if folded else []))


def _sequence(items, flags: int, k: int) -> Prefixes:
    """The beginnings of a sequence of parse items."""
    found: Prefixes = {((), True)}
    for op, av in items:
        found = _then(found, lambda room: _item(op, av, flags, room), k)
    return found


def _then(found: Prefixes, item, k: int) -> Prefixes:
    """``found`` followed by what ``item(room)`` begins with, where there is room and it may follow."""
    out: Prefixes = set()
    for chars, open_ in found:
        if not open_ or len(chars) == k:
            out.add((chars, False))
            continue
        out |= {(chars + more, further) for more, further in item(k - len(chars))}
    return out


def _item(op, av, flags: int, k: int) -> Prefixes:
    ignore_case = bool(flags & sre.SRE_FLAG_IGNORECASE)
    if op is sre.LITERAL:
        return {(((re.escape(chr(av)), ignore_case),), True)}
    if op is sre.IN:
        body = _class_body(av)
        return {(((body, ignore_case),), True)} if body is not None else {((), False)}
    if op in _ZERO_WIDTH:
        return {((), True)}
    if op is sre.SUBPATTERN:
        _, add, remove, sub = av
        return _sequence(sub, (flags | add) & ~remove, k)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, flags, k)
    if op in _REPEATS:
        return _repeat(av, flags, k)
    if op is sre.BRANCH:
        return set().union(*(_sequence(alternative, flags, k) for alternative in av[1]))
    return {((), False)}  # any character, a backreference: the beginning ends here


def _repeat(av, flags: int, k: int) -> Prefixes:
    """Beginnings of ``sub{low,high}``: as many repetitions as fit in ``k`` characters."""
    low, high, sub = av
    top = min(high, k)
    found: Prefixes = {((), True)}
    out: Prefixes = set(found) if low == 0 else set()
    for n in range(1, top + 1):
        found = _then(found, lambda room: _sequence(sub, flags, room), k)
        if n == top and top < high:  # more repetitions may follow what the room holds
            out |= {(chars, False) for chars, _ in found}
        elif n >= low:
            out |= found
    return out


def _class_body(items) -> str | None:
    """The inside of a character class written back from its parse; None for a negated class."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return "".join(out)


def beginning(chars: tuple[Char, ...]) -> str:
    """A pattern of the characters ``chars``, in order; one case-folding group per run of folded
    characters (a pattern of many small groups is slow to compile)."""
    out = []
    for ignore_case, run in itertools.groupby(chars, key=lambda c: c[1]):
        body = "".join(f"[{c}]" for c, _ in run)
        out.append(f"(?i:{body})" if ignore_case else body)
    return "".join(out)


class Scanner:
    """Matches of several patterns over a text, each list what the pattern's ``finditer`` gives."""

    def __init__(self, regexes: Sequence[re.Pattern[str]]):
        self.regexes = tuple(regexes)
        found = [prefixes(r) if r.pattern.startswith(WORD_START) else None for r in self.regexes]
        self._beginnings = [re.compile("|".join(beginning(c) for c in sorted(f))) if f else None for f in found]
        first = [chars[0] for f in found if f for chars in f]
        self._starts = re.compile(rf"{WORD_START}(?={one_of(first)})") if first else None
        self._by_key: dict[str, tuple[int, ...]] = {}

    def _patterns_for(self, key: str) -> tuple[int, ...]:
        """The patterns that can begin with ``key``, the first characters at a word start."""
        found = self._by_key.get(key)
        if found is None:
            found = tuple(i for i, b in enumerate(self._beginnings) if b is not None and b.match(key))
            self._by_key[key] = found
        return found

    def matches(self, text: str) -> list[list[re.Match[str]]]:
        """For each pattern, its non-overlapping matches in ``text``, left to right."""
        out: list[list[re.Match[str]]] = [[] if b is not None else list(r.finditer(text))
                                          for r, b in zip(self.regexes, self._beginnings)]
        if self._starts is None:
            return out
        resume = [0] * len(self.regexes)  # where each pattern's next search would start
        for start in self._starts.finditer(text):
            at = start.start()
            for i in self._patterns_for(text[at:at + PREFIX]):
                if at >= resume[i] and (m := self.regexes[i].match(text, at)):
                    out[i].append(m)
                    resume[i] = m.end()
        return out
