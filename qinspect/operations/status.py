"""Who is working on which laptop, and what is waiting to be exported: the window's status bar."""

from __future__ import annotations

from dataclasses import dataclass

from qinspect.store import inspections
from qinspect.store.db import Store
from qinspect.sync import device


@dataclass(frozen=True)
class Status:
    user: str  # "" until first run has asked
    township: str
    device_id: str
    device_name: str
    fingerprint: str  # "" until the laptop's key is made
    unexported: int


def status(store: Store) -> Status:
    known = device.known_device(store, store.device_id)
    return Status(store.user, store.setting("township") or "", store.device_id, device.device_name(store),
                  known.fingerprint if known else "", inspections.unexported_count(store))
