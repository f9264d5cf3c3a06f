"""Environment errors (disk full, read-only or unwritable output) found inside the exceptions runners wrap.

Beam's runners re-raise a worker's ``OSError`` as a ``RuntimeError`` carrying only its text; the
operator needs the one-line cause, not that traceback."""
from __future__ import annotations

import errno
import os
import re

_ERRNO = re.compile(r"\[Errno (\d+)\]")


def os_error_in(err: BaseException) -> OSError | None:
    """The ``OSError`` ``err`` is or wraps (by chaining, or by ``[Errno N]`` in its text), else None."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno:
            return seen
        seen = seen.__cause__ or seen.__context__
    match = _ERRNO.search(str(err))
    if match is None:
        return None
    code = int(match.group(1))
    return OSError(code, os.strerror(code)) if code in errno.errorcode else None
