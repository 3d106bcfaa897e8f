"""Production data: Taizhou's counties and the 133 townships qinspect ships, with the same ids everywhere.

Every database gets these divisions when it is set up (the first-run dialog or `qinspect
setup`), and the demo uses the same rows. Their uuids are name-based (UUID version 5) from
the official identity of the division, so two laptops set up apart from each other, the
bureau and the demo all call 温岭市/大溪镇 by the same uuid and can exchange bundles without a
set-up bundle. The namespace and the two recipes below are fixed forever: changing them
would split every installation's registers in two.
"""

from __future__ import annotations

import csv
import uuid as uuidlib
from dataclasses import dataclass

from qinspect.paths import resource
from qinspect.store.db import Store

CITY = "台州市"
# The NBS division codes of Taizhou's counties (县级市、区、县).
COUNTY_CODES = {
    "椒江区": "331002", "黄岩区": "331003", "路桥区": "331004", "玉环市": "331083", "三门县": "331022",
    "天台县": "331023", "仙居县": "331024", "温岭市": "331081", "临海市": "331082",
}
COUNTY_ORDER = list(COUNTY_CODES)
NAMESPACE = uuidlib.UUID("5f0c2a9e-6b1d-4c57-9a43-2d1e0b7c8a61")


@dataclass(frozen=True)
class Township:
    county: str
    name: str
    kind: str  # 街道, 镇 or 乡

    @property
    def label(self) -> str:
        return f"{self.county}/{self.name}"

    @property
    def uuid(self) -> str:
        return township_uuid(self.county, self.name)


def county_uuid(county: str) -> str:
    return uuidlib.uuid5(NAMESPACE, f"county:{COUNTY_CODES[county]}").hex


def township_uuid(county: str, township: str) -> str:
    return uuidlib.uuid5(NAMESPACE, f"township:{COUNTY_CODES[county]}/{township}").hex


def townships() -> list[Township]:
    """The 133 townships of the older NBS list (before 2015), as the campaign counted them, by county."""
    with open(resource("data", "taizhou_townships.csv"), encoding="utf-8", newline="") as fh:
        return [Township(r["county"], r["township"], r["kind"]) for r in csv.DictReader(fh) if r["older_list"] == "1"]


def install(store: Store) -> int:
    """Add the shipped counties and townships a database lacks; returns how many rows were added.

    A division already registered under its name keeps its row; migration 0005 gave the rows of
    older databases their shipped uuids. Call inside the transaction of the set-up.
    """
    added = 0
    county_ids = {}
    for county, code in COUNTY_CODES.items():
        row = store.execute("SELECT id FROM counties WHERE name = ?", (county,)).fetchone()
        if row is None:
            row = (store.execute("INSERT INTO counties(uuid, name, code) VALUES (?, ?, ?)",
                                 (county_uuid(county), county, code)).lastrowid,)
            added += 1
        county_ids[county] = row[0]
    for town in townships():
        if store.execute("SELECT 1 FROM townships WHERE county_id = ? AND name = ?",
                         (county_ids[town.county], town.name)).fetchone() is None:
            store.execute("INSERT INTO townships(uuid, county_id, name, kind) VALUES (?, ?, ?, ?)",
                          (town.uuid, county_ids[town.county], town.name, town.kind))
            added += 1
    return added


def registered_townships(store: Store) -> list[str]:
    """"县/乡镇" of every township in the register, shipped or not, county by county."""
    return [f"{c}/{t}" for c, t in store.execute(
        "SELECT c.name, t.name FROM townships t JOIN counties c ON c.id = t.county_id ORDER BY c.code, c.id, t.id")]


def townships_with_registers(store: Store) -> list[str]:
    """"县/乡镇" of the townships that have villages or enterprises registered (a set-up bundle's)."""
    return [f"{c}/{t}" for c, t in store.execute(
        "SELECT c.name, t.name FROM townships t JOIN counties c ON c.id = t.county_id WHERE t.id IN "
        "(SELECT township_id FROM villages UNION SELECT township_id FROM enterprises) ORDER BY c.code, t.id")]
