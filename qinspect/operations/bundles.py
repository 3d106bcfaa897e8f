"""Field bundles as a person starts them: export, verify and import (the format and the merge are sync/).

Both faces call these; each declares what it changes, so the window refreshes its views once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from qinspect.operations.changes import CHECKLISTS, DEVICES, INSPECTIONS, REGISTERS, SETTINGS, changes
from qinspect.progress import Progress
from qinspect.store.db import Store
from qinspect.sync import exporting, importing
from qinspect.sync.exporting import Exported, default_bundle_name

SETUP_PREFIX = "设置-"  # a set-up bundle's file name starts so, to tell it from a field laptop's
from qinspect.sync.importing import BundleInfo, ImportReport, NewDevice, Trust, new_devices  # noqa: F401


def bundle_path(store: Store, target: Path | str, prefix: str = "") -> Path:
    """The file to write: `target`, or the readable default name inside it when it names a folder.

    `bundle export -o E:/` means "onto the stick": never a file called E: or a bundle without a name.
    """
    text = str(target)
    if text.endswith(("/", "\\")) or Path(text).is_dir():
        return Path(text) / (prefix + default_bundle_name(store))
    return Path(text)


@changes(INSPECTIONS, SETTINGS)
def export(store: Store, target: Path | str, *, everything: bool = False, overwrite: bool = False,
           progress: Progress | None = None) -> Exported:
    """What no bureau has receipted yet (or everything), to one signed bundle; never over a file unless told."""
    return exporting.export_bundle(store, bundle_path(store, target), everything=everything, overwrite=overwrite,
                                   progress=progress)


@changes(SETTINGS)
def export_setup(store: Store, target: Path | str, *, township_ids: Iterable[int] | None = None,
                 overwrite: bool = False, progress: Progress | None = None) -> Exported:
    """A set-up bundle: the registers of these townships (all when None), every checklist, the receipts."""
    return exporting.export_setup_bundle(store, bundle_path(store, target, SETUP_PREFIX), township_ids=township_ids,
                                         overwrite=overwrite, progress=progress)


def verify(path: Path | str, store: Store | None = None, progress: Progress | None = None) -> BundleInfo:
    """Check a bundle whole and say who made it and what it holds; changes nothing."""
    return importing.verify_bundle(path, store, progress)


@changes(INSPECTIONS, REGISTERS, CHECKLISTS, DEVICES)
def import_bundles(store: Store, paths: Iterable[Path | str], *, trust: Trust = False,
                   progress: Progress | None = None) -> ImportReport:
    """Verify every bundle, then import the sound ones in one transaction, in any order."""
    return importing.import_bundles(store, paths, trust=trust, progress=progress)
