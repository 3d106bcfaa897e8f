"""The registers a person browses and corrects: the tree's branches, a subject's card, add and edit.

Adding or editing a village or enterprise checks it the way the store does when it saves
(duplicate names, credit codes, phone numbers): the forms ask `village_problem` and
`enterprise_code_problem` as the person types, so what they show is what saving would say.
"""

from __future__ import annotations

from dataclasses import dataclass

from qinspect.domain.phone import phone_problem
from qinspect.errors import QInspectError
from qinspect.operations.changes import REGISTERS, changes
from qinspect.progress import Progress
from qinspect.store import register_import, registers
from qinspect.store.db import Store
from qinspect.store.registers import (
    counties, county_of, enterprise_code_problem, enterprises_of, entry_counts, find_subject, industries, place_of,
    subject, townships, townships_of, village_problem, villages_of,
)

check_file = register_import.check_file  # a register spreadsheet, every row checked, nothing written
KIND_LABELS = register_import.KIND_LABELS

__all__ = ["KIND_LABELS", "Card", "check_file", "home_township", "write_file", "add_enterprise", "add_village", "card", "counties", "county_of", "enterprise_code_problem",
           "enterprises_of", "entry_counts", "find_subject", "industries", "path_of", "phone_problem", "place_of",
           "subject", "townships", "townships_of", "update_enterprise", "update_village", "village_problem", "villages_of"]


def home_township(store: Store) -> int | None:
    """The id of the user's own township (the `township` setting, "县/乡镇" or a name), if it is registered."""
    place = store.setting("township")
    if not place:
        return None
    try:
        return registers.find_township(store, place)["id"]
    except QInspectError:  # a place set up before its township was registered here
        return None


@changes(REGISTERS)
def add_village(store: Store, township_id: int, name: str, kind: str = "行政村", assistant: str = "",
                phone: str = "") -> int:
    return registers.add_village(store, township_id, name, kind, assistant, phone)


@changes(REGISTERS)
def update_village(store: Store, village_id: int, name: str, kind: str = "行政村", assistant: str = "",
                   phone: str = "") -> None:
    registers.update_village(store, village_id, name, kind, assistant, phone)


@changes(REGISTERS)
def add_enterprise(store: Store, township_id: int, **fields) -> int:
    return registers.add_enterprise(store, township_id, **fields)


@changes(REGISTERS)
def update_enterprise(store: Store, enterprise_id: int, **fields) -> None:
    registers.update_enterprise(store, enterprise_id, **fields)


@changes(REGISTERS)
def write_file(store: Store, check: register_import.RegisterCheck, progress: Progress | None = None) -> int:
    """Write a checked register file's rows in one transaction; how many entries were added."""
    return register_import.write(store, check, progress)


def path_of(store: Store, kind: str, subject_id: int) -> list[tuple[str, int]]:
    """The tree's branches from a county down to an entry, as (kind, id) steps; [] when it is gone.

    Kinds: county, township, villages / enterprises (a township's groups, with its id), village,
    enterprise.
    """
    if kind == "county":
        return [("county", subject_id)]
    if kind in ("township", "villages", "enterprises"):
        county = county_of(store, subject_id)
        if county is None:
            return []
        path = [("county", county), ("township", subject_id)]
        return path + ([(kind, subject_id)] if kind != "township" else [])
    place = place_of(store, kind, subject_id)
    if place is None:
        return []
    township, county = place
    return [("county", county), ("township", township), (kind + "s", township), (kind, subject_id)]


@dataclass(frozen=True)
class Card:
    """What the details pane says about a subject besides its inspections."""
    kind: str
    name: str
    county: str
    township: str
    fields: dict  # the register row's own fields: kind, assistant, phone, credit_code, industry, ...


def card(store: Store, kind: str, subject_id: int) -> Card | None:
    """A township's, village's or enterprise's register entry; None when it is no longer registered."""
    row = find_subject(store, kind, subject_id)
    if row is None:
        return None
    return Card(kind, row["name"], row["county"], row["township"], row)
