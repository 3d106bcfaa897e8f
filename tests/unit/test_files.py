"""Safe writes of the user's files: the old file stays until the new one is whole."""

from pathlib import Path

import pytest

from qinspect.errors import InvalidInput
from qinspect.files import write_atomically


def test_write_atomically_replaces_only_on_success(tmp_path):
    target = tmp_path / "a.pdf"
    write_atomically(target, lambda tmp: Path(tmp).write_bytes(b"one"))
    assert target.read_bytes() == b"one"
    assert (target.stat().st_mode & 0o777) != 0o600

    def half(tmp):
        Path(tmp).write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, half)
    assert target.read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_a_missing_folder_or_a_folder_as_target_is_one_clear_sentence(tmp_path):
    with pytest.raises(InvalidInput, match="不存在"):
        write_atomically(tmp_path / "gone" / "a.csv", lambda tmp: None)
    with pytest.raises(InvalidInput, match="是一个文件夹"):
        write_atomically(tmp_path, lambda tmp: None)
    assert list(tmp_path.iterdir()) == []
