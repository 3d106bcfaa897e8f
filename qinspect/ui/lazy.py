"""Modules the window imports on first use: the dialogs, the editor and printing that opening it does not need.

Each costs tens of milliseconds to import (cryptography, openpyxl, reportlab behind them), and
a start of the window paid for all of them before it showed anything (docs/benchmarks.md).
`lazy_module` is importlib's LazyLoader recipe: the module object exists at once and runs its
code when an attribute is first read.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)
    return module
