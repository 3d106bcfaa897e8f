"""Setting up a database for its role: a field laptop for one township, or a county or city bureau.

`setup` is what the first-run dialog and `qinspect setup` both call. It writes who works
here and what this laptop is called, installs the shipped divisions (with the ids every
installation shares) and the shipped checklists, and records this installation's signing
key, in one transaction with an audit entry. Run again, it updates the names and the role;
the key stays the installation's.
"""

from __future__ import annotations

from dataclasses import dataclass

from qinspect.operations.changes import CHECKLISTS, DEVICES, REGISTERS, SETTINGS, changes
from qinspect.errors import InvalidInput
from qinspect.store import audit, checklists, divisions, registers
from qinspect.store.db import Store
from qinspect.sync import device

FIELD = "field"
BUREAU = "bureau"
BUREAUS = (divisions.CITY, *divisions.COUNTY_ORDER)
MAX_NAME = 60


@dataclass(frozen=True)
class SetUp:
    role: str
    user: str
    device_name: str
    place: str  # "县/乡镇" for a field laptop, the county or 台州市 for a bureau
    fingerprint: str
    first_time: bool

    def describe(self) -> str:
        what = f"现场笔记本（{self.place}）" if self.role == FIELD else f"主管局（{self.place}）"
        done = "已设置" if self.first_time else "已更新设置"
        return f"{done}：{what}，使用人 {self.user}，电脑名称 {self.device_name}；本机指纹 {self.fingerprint}。"

    def as_dict(self) -> dict:
        return {"role": self.role, "user": self.user, "device_name": self.device_name,
                "township" if self.role == FIELD else "bureau": self.place, "fingerprint": self.fingerprint,
                "first_time": self.first_time}


def is_set_up(store: Store) -> bool:
    return bool(store.setting("user_name") and store.setting("device_name") and store.setting("role"))


@changes(SETTINGS, REGISTERS, CHECKLISTS, DEVICES)
def setup(store: Store, user: str, device_name: str, township: str | None = None,
          bureau: str | None = None, *, key: device.DeviceKey | None = None) -> SetUp:
    """Set this database up as a field laptop (`township` "县/乡镇") or a bureau (`bureau`)."""
    user, device_name = _name(user, "您的姓名"), _name(device_name, "这台电脑的名称")
    if (township is None) == (bureau is None):
        raise InvalidInput("请选择一种身份：现场笔记本填写所在乡镇（县/乡镇），主管局填写所在县(市、区)或台州市。")
    if bureau is not None and bureau.strip() not in BUREAUS:
        raise InvalidInput(f"“{bureau}”不是可选的主管局；可选：{'、'.join(BUREAUS)}。")
    key = key or device.device_key()
    first_time = not is_set_up(store)
    with store.atomic():
        divisions.install(store)
        checklists.install_shipped(store)
        if township is not None:
            town = registers.find_township(store, township.strip())
            role, place = FIELD, f"{town['county']}/{town['name']}"
        else:
            role, place = BUREAU, bureau.strip()
        store.set_setting("user_name", user)
        store.set_setting("device_name", device_name)
        store.set_setting("role", role)
        # A bureau works for no township: its `township` setting is empty.
        store.set_setting("township", place if role == FIELD else "")
        store.set_setting("bureau", place if role == BUREAU else "")
        device.register_own_device(store, key)
        audit.append(store, "setup", "database", store.device_id, {
            "role": role, "place": place, "user": user, "device_name": device_name,
            "fingerprint": key.fingerprint}, user=user)
    return SetUp(role, user, device_name, place, key.fingerprint, first_time)


def _name(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"请填写{what}。")
    if len(text) > MAX_NAME:
        raise InvalidInput(f"{what}太长（最多 {MAX_NAME} 个字）。")
    return text



def township_choices(store: Store) -> list[str]:
    """"县/乡镇" of every township a field laptop can be set up for: the shipped ones, then any the register adds."""
    shipped = [t.label for t in divisions.townships()]
    known = set(shipped)
    return shipped + [label for label in divisions.registered_townships(store) if label not in known]


def suggested_township(store: Store) -> str | None:
    """The township this database is for, when it says so: the `township` setting, or else the one
    township whose villages or enterprises a set-up bundle brought."""
    if store.setting("township"):
        return store.setting("township")
    towns = divisions.townships_with_registers(store)
    return towns[0] if len(towns) == 1 else None
