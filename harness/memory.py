"""Handing freed memory back to the operating system between cells.

A full XTREME-R run scores hundreds of cells in one process. Each cell's token lists, batch
tensors and Parquet buffers are freed when it ends, but glibc keeps freed heap pages for reuse
and, once large blocks have been freed, raises its mmap threshold so later tensors come from
that heap too: the process's RSS climbs from cell to cell (by about 600 MB over the 40 PAN-X
cells at a tenth of the full size, issue 16) although nothing is held. `malloc_trim(0)` returns
the free pages; it costs milliseconds, once per cell. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

__all__ = ["release_free_memory"]


@functools.cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return None
    return trim


def release_free_memory() -> bool:
    """Return freed heap memory to the OS (glibc's `malloc_trim(0)`); False where the C
    library has no such call."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
