"""The fast reading of a bundle's lines (format.canonical_value) never takes a line canonical_json
would not have written, and reads every line it would have written as the strict reader does."""

import dataclasses
import hashlib
import json
import math

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from qinspect.domain.records import Answer, Inspection, canonical_json
from qinspect.errors import BundleRefused
from qinspect.sync.bundle.format import NOT_CANONICAL, Revision, canonical_value, read_line, read_revision_line

# Every JSON value a record can hold, with floats of every size (those are where orjson and
# canonical_json write differently), texts with control characters, quotes and non-BMP characters.
_FLOATS = st.floats(allow_nan=False, allow_infinity=False) | st.floats(min_value=-1e-3, max_value=1e-3) \
    | st.integers(-30, 30).map(lambda e: 1.5 * 10.0 ** e)
_SCALARS = st.none() | st.booleans() | st.integers(-2**70, 2**70) | _FLOATS | st.text()
VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=24)


def _lines_of(value) -> list[bytes]:
    """The value written canonically and in the other ways a hand-made bundle could write it."""
    lines = [canonical_json(value), json.dumps(value, ensure_ascii=False).encode(),
             json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True).encode(),
             json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()]
    try:
        lines += [orjson.dumps(value), orjson.dumps(value, option=orjson.OPT_SORT_KEYS)]
    except TypeError:  # an integer past 64 bits: orjson cannot write it
        pass
    return lines


@settings(max_examples=3000, suppress_health_check=list(HealthCheck), deadline=None)
@given(VALUES)
@example({"value": 1e-05, "note": ""})
@example([1e16, 0.00001, -2.5e-7, 123456789.125])
def test_a_line_is_taken_fast_only_when_it_is_its_own_canonical_json(value):
    for line in _lines_of(value):
        fast = canonical_value(line)
        if fast is not NOT_CANONICAL:
            assert canonical_json(fast) == line
            assert fast == json.loads(line)
    # and a canonical line (every line qinspect writes) is always read the fast way, unless orjson cannot hold it
    try:
        orjson.dumps(value)
    except TypeError:
        return
    assert canonical_value(canonical_json(value)) == value


def test_duplicate_keys_surrogates_and_constants_are_left_to_the_strict_reader():
    for line in (b'{"a":1,"a":2}', b'{"a":"\\udc80"}', b'{"a":NaN}', b'{"a":Infinity}', b'{"a":1e400}',
                 b'{"b":1,"a":2}', b'{"a": 1}', b'{"a":"\\u00e9"}', b'{"a":-0}', b'{"a":1.50}'):
        assert canonical_value(line) is NOT_CANONICAL, line


def test_a_float_canonical_json_writes_with_an_exponent_is_read_fast_and_right():
    for x in (1e-05, 1e16, -2.5e-07, 6.103515625e-05, 1.7976931348623157e308, 5e-324):
        line = canonical_json({"value": x})
        assert read_line(line, "记录") == {"value": x}
        assert canonical_value(line) == {"value": x}
    assert canonical_value(orjson.dumps({"value": 1e-05})) is NOT_CANONICAL  # b'{"value":0.00001}'
    assert math.isclose(read_line(b'{"value":0.00001}', "记录")["value"], 1e-05)


def _revision_line(value, *, write=canonical_json, hash_of=canonical_json) -> bytes:
    content = {"uuid": "a" * 32, "subject": {"kind": "village", "uuid": "b" * 32},
               "checklist": {"id": "village-network", "version": "2009", "hash": "c" * 64},
               "date": "2009-05-01", "inspector": "张三", "status": "completed",
               "answers": {"V01": {"value": value, "note": "", "rectification": "", "deadline": ""}}}
    rec = {"revision": "d" * 32, "base": None, "merged": [], "device": "e" * 32, "author": "张三",
           "created_at": "2009-05-01T08:00:00", "reason": "", "content": content,
           "content_hash": hashlib.sha256(hash_of(content)).hexdigest()}
    return write(rec) if write is canonical_json else write(rec, option=orjson.OPT_SORT_KEYS)


def test_a_revision_whose_answer_orjson_writes_otherwise_is_hashed_as_canonical_json_writes_it():
    for value in (1e-05, 1.5e17, [2.5e-7], 0.5, 3):
        for write in (canonical_json, orjson.dumps):  # a hand-made line may write the float orjson's way
            rev = read_revision_line(_revision_line(value, write=write), "检查修订")
            assert rev.inspection.answers["V01"].value == value
    # a hash taken over orjson's writing is not the content's hash: refused as a damaged line is
    with pytest.raises(BundleRefused, match="内容哈希不符"):
        read_revision_line(_revision_line(1e-05, write=orjson.dumps,
                                          hash_of=lambda c: orjson.dumps(c, option=orjson.OPT_SORT_KEYS)), "检查修订")


def test_a_revision_read_from_its_line_is_the_revision_its_constructors_make():
    rev = read_revision_line(_revision_line(3), "检查修订")
    made = Revision("d" * 32, None, (), "e" * 32, "张三", "2009-05-01T08:00:00", "",
                    Inspection("a" * 32, "village", "b" * 32, "village-network", "2009", "c" * 64, "2009-05-01",
                               "张三", "completed", {"V01": Answer(3)}), rev.content_hash)
    assert rev == made and rev.inspection.content_hash() == made.inspection.content_hash() == rev.content_hash
    # and it is as frozen, and as usable, as theirs
    with pytest.raises(dataclasses.FrozenInstanceError):
        rev.inspection.status = "draft"  # type: ignore[misc]
    edited = rev.inspection.with_answer("V02", Answer("pass"))
    assert sorted(edited.answers) == ["V01", "V02"] and sorted(rev.inspection.answers) == ["V01"]
