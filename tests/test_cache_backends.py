"""
The cache backends (healthapi.cache): Django's, with atomic counters in files and a
per-process memory of unchanged files.
"""

import pytest
import time_machine

from healthapi.cache import FileBasedCache


@pytest.fixture
def files(tmp_path) -> FileBasedCache:
    return FileBasedCache(str(tmp_path), {})


def test_a_value_read_again_is_the_new_one_after_every_change(files):
    for n in range(50):
        files.set("version", ("tag", n))
        assert files.get("version") == ("tag", n)
    files.delete("version")
    assert files.get("version", "gone") == "gone"


def test_another_process_writing_is_seen(files, tmp_path):
    other = FileBasedCache(str(tmp_path), {})
    files.get("version")

    other.set("version", "new")

    assert files.get("version") == "new"


def test_an_expired_value_is_not_returned_even_from_memory(files):
    with time_machine.travel(0, tick=False) as clock:
        files.set("counter", 1, timeout=1)
        assert files.get("counter") == 1

        clock.shift(1.1)

        assert files.get("counter", "expired") == "expired"


def test_counting_starts_with_add_and_goes_on_with_incr(files):
    with pytest.raises(ValueError, match="not found"):
        files.incr("window")

    assert files.add("window", 1, timeout=60)
    assert not files.add("window", 1, timeout=60)
    assert [files.incr("window") for _ in range(3)] == [2, 3, 4]
    assert files.get("window") == 4


def test_an_expired_counter_starts_again(files):
    with time_machine.travel(0, tick=False) as clock:
        files.add("window", 5, timeout=1)
        clock.shift(1.1)

        with pytest.raises(ValueError, match="not found"):
            files.incr("window")
        assert files.add("window", 1, timeout=60)
        assert files.incr("window") == 2
