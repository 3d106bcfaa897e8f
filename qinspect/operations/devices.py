"""The devices a database knows: list them, trust one by its fingerprint, forget one, accept a new key.

Trusting means a person compared the fingerprint the other laptop shows (本机信息) with the
one here, in person or by phone. The rules of what a key may sign are sync.device's; these
functions give each decision its transaction and audit entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from qinspect.operations.changes import DEVICES, changes
from qinspect.errors import InvalidInput
from qinspect.store import audit
from qinspect.store.db import Store
from qinspect.sync import device


def list_devices(store: Store) -> list[dict]:
    """This device ("self": true) and every other one known, with trust, last bundle and missing numbers."""
    return device.device_rows(store)


def this_device(store: Store) -> dict:
    """What 本机信息 shows: this laptop's name, id, fingerprint, role and the people it is set up for."""
    return {"id": store.device_id, "name": device.device_name(store), "fingerprint": device.own_fingerprint(store),
            "user": store.user, "role": store.setting("role") or "", "township": store.setting("township") or "",
            "bureau": store.setting("bureau") or ""}


@changes(DEVICES)
def trust(store: Store, fingerprint: str, replaces: str | None = None) -> device.KeyChange:
    """Trust a device by fingerprint (ahead of its first bundle if need be), or accept its new key."""
    with store.atomic():
        change = device.trust_fingerprint(store, fingerprint, replaces)
        if change.action != "unchanged":
            audit.append(store, change.action, "device", change.fingerprint,
                         {"devices": list(change.devices), "replaced": change.replaced})
    return change


@changes(DEVICES)
def forget(store: Store, fingerprint: str) -> device.KeyChange:
    """Stop trusting a device: bundles signed with its key are refused from now on."""
    with store.atomic():
        change = device.forget(store, fingerprint)
        if change.action != "unchanged":
            audit.append(store, "forget", "device", change.fingerprint, {"devices": list(change.devices)})
    return change


def trust_for_import(store: Store, paths: Iterable[Path | str], trust_new: bool) -> set[str]:
    """The fingerprints `bundle import --trust` may trust: the one new device of the call, or none.

    Trusting is a person's comparison of one fingerprint; a call with bundles of several new
    devices is refused, so no device is trusted that nobody looked at.
    """
    if not trust_new:
        return set()
    from qinspect.sync import importing  # here, not at the top: the window's status bar imports this module
    new = importing.new_devices(store, paths)
    if len(new) > 1:
        shown = "、".join(f"“{d.name}”（指纹 {d.fingerprint}）" for d in new)
        raise InvalidInput(f"--trust 一次只能信任一台新设备，这些数据包来自 {len(new)} 台尚未信任的设备：{shown}；"
                           "请分别导入，或先核对指纹后逐台运行 qinspect devices trust 指纹。")
    return {d.fingerprint for d in new}
