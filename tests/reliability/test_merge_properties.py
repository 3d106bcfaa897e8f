"""Item 9, merge properties at scale: tests/sync/test_merge_property.py's state machine, with many more examples.

The ordinary suite runs that test's 20 short examples. Here the same steps and checks (its
`run`: three laptops and a bureau editing, exporting, losing, copying and reordering bundles,
receipts back; then no saved revision lost, concurrent edits kept as conflicts, a second
bureau given the delivered bundles in another order ending identical) run with longer step
lists: 10 examples of up to 30 steps quick, 500 with `--full`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.conftest import Office
from tests.sync.test_merge_property import run, step


def test_the_merge_state_machine_with_many_examples(count, figure):
    examples = count(10, 500)
    ran = 0

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(steps=st.lists(step, max_size=30), order=st.randoms(use_true_random=False))
    def property_holds(steps, order):
        nonlocal ran
        ran += 1
        with tempfile.TemporaryDirectory() as folder:
            office = Office(Path(folder))
            try:
                run(office, steps, order)
            finally:
                office.close()

    started = time.perf_counter()
    property_holds()
    figure(f"{ran} examples of up to 30 steps (asked for {examples}), 0 failures, {time.perf_counter() - started:.1f} s")
