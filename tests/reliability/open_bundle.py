"""Run in a child process by test_hostile_archives: verify one bundle and say on stdout what happened, as JSON.

A process of its own, so its peak resident memory (reported here) is this bundle's
alone, and so whatever a hostile archive might try to write happens in the child's folder.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
import time

from qinspect.errors import QInspectError
from qinspect.sync.importing import verify_bundle


def main(path: str) -> None:
    started = time.perf_counter()
    try:
        verify_bundle(path)
    except QInspectError as e:
        outcome = {"refused": True, "error": type(e).__name__, "sentence": str(e)}
    else:
        outcome = {"refused": False}
    outcome["seconds"] = time.perf_counter() - started
    outcome["peak_rss"] = peak_rss()
    print(json.dumps(outcome, ensure_ascii=False))



def peak_rss() -> int:
    """This process's peak resident memory in bytes: VmHWM, which exec resets (getrusage's
    ru_maxrss keeps the forking parent's peak across exec, so it would report pytest's)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024


if __name__ == "__main__":
    main(sys.argv[1])
