"""The generator's allocators: Arrow on the C library's inside, the previous one restored after."""

import pyarrow as pa
import pytest

from icp_scoring.sample.memory import freed_memory_given_back


def test_arrow_allocates_from_the_c_library_inside_and_its_allocator_is_restored_after() -> None:
    before = pa.default_memory_pool().backend_name
    inside = []

    @freed_memory_given_back()
    def generate(fail: bool) -> None:
        inside.append(pa.default_memory_pool().backend_name)
        if fail:
            raise ValueError("a bad argument")

    generate(fail=False)
    with pytest.raises(ValueError, match="a bad argument"):
        generate(fail=True)
    assert inside == ["system", "system"]
    assert pa.default_memory_pool().backend_name == before
