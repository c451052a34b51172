"""How the generator gives memory back: it lets go of each file's rows once the file is written (at 10M
accounts, about 3.5 GiB of intent events alone), which only lowers its peak if what is freed goes back to the
system. By default it does not: glibc raises its threshold for giving big arrays their own mappings each time
one is freed, so the blocks' arrays (hundreds of KiB) end up in its heap, and Arrow's default allocator
(mimalloc) keeps what it frees. At 3M accounts, the rows let go, the generator's peak was 6.43 GiB without
this and 4.92 GiB with it (137.5 s and 149.0 s, one run each)."""

import contextlib
import ctypes
import ctypes.util
from collections.abc import Iterator

import pyarrow as pa

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
OWN_MAPPING_BYTES = 64 * 1024  # arrays from this size get their own mapping, unmapped when freed
GLIBC_DEFAULT_MAPPING_BYTES = 128 * 1024  # glibc's starting threshold, set back on the way out


@contextlib.contextmanager
def freed_memory_given_back() -> Iterator[None]:
    """Within it (or the function it decorates), Arrow allocates from the C library, and glibc maps every
    array of OWN_MAPPING_BYTES or more on its own (nothing to do on other C libraries). On the way out,
    Arrow's previous allocator is restored, and glibc's threshold set back to its starting value (without
    the growth glibc would give it, which only a new process has)."""
    library = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(library), "mallopt", None) if library else None
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, OWN_MAPPING_BYTES)
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)
        if mallopt is not None:
            mallopt(M_MMAP_THRESHOLD, GLIBC_DEFAULT_MAPPING_BYTES)
