"""Device identity: this installation's Ed25519 key pair, its fingerprint, and the devices a database trusts.

The private key is made on first use and kept in the user data dir, readable only by the
user. A database's `device_id` setting names this laptop in revisions and bundles; its own
row in `devices` records the public key, so a supervisor reading the table sees the same
fingerprint the laptop shows.

Other devices' keys live in `device_keys`, one row per key ever met, with what became of it:
trusted (possibly by fingerprint before the device's first bundle), forgotten, or replaced
by the device's new key. `key_standing` is the one rule an import asks; the `devices` row
keeps the device's name, its current key and whether it is trusted.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qinspect.errors import BundleRefused, InvalidInput, NotFound, QInspectError
from qinspect.paths import data_dir
from qinspect.store.db import Store, now

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE = "device_key.pem"
# cryptography is imported where a key is made, read or checked, not with this module: the
# window's status bar needs only the fingerprint, a hash of the stored public key (docs/benchmarks.md).


@dataclass(frozen=True)
class DeviceKey:
    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        from cryptography.hazmat.primitives import serialization
        return self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_text(self) -> str:
        return base64.b64encode(self.public_bytes).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def generate_key() -> DeviceKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    return DeviceKey(Ed25519PrivateKey.generate())


def device_key(folder: Path | None = None) -> DeviceKey:
    """This installation's key, made and saved (mode 0600) the first time it is asked for."""
    path = (folder or data_dir()) / KEY_FILE
    if not path.exists():
        _create_key_file(path)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as e:
        raise QInspectError(f"本机设备密钥文件 {path} 无法读取（{e}）；请从备份恢复该文件。") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise QInspectError(f"本机设备密钥文件 {path} 不是 Ed25519 密钥；请从备份恢复该文件。")
    return DeviceKey(private)


def _create_key_file(path: Path) -> None:
    # Written under a temporary name and linked into place, so two processes starting at
    # once never both make a key, and a crash never leaves half a key file.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)


def fingerprint(public_key: bytes) -> str:
    """24 digits in groups of four, easy to read aloud and compare by phone or in person."""
    digits = f"{int.from_bytes(hashlib.sha256(public_key).digest()[:12], 'big') % 10**24:024d}"
    return " ".join(digits[i:i + 4] for i in range(0, 24, 4))


def public_key_from_text(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def signature_valid(public_key: bytes, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def device_name(store: Store) -> str:
    """What the supervisor sees as this laptop's name: the `device_name` setting or the host name."""
    return store.setting("device_name") or socket.gethostname() or "qinspect"


def register_own_device(store: Store, key: DeviceKey) -> None:
    """Record this laptop's public key in its own `devices` table (call inside a transaction)."""
    store.execute(
        "INSERT INTO devices(id, name, public_key, fingerprint, trusted, last_sequence, first_seen) "
        "VALUES (?, ?, ?, ?, 1, 0, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
        "public_key = excluded.public_key, fingerprint = excluded.fingerprint, trusted = 1",
        (store.device_id, device_name(store), key.public_bytes, key.fingerprint, now()))


def own_fingerprint(store: Store) -> str | None:
    """This laptop's fingerprint as its database records it (None before set-up or a first export)."""
    row = store.execute("SELECT fingerprint FROM devices WHERE id = ?", (store.device_id,)).fetchone()
    return row[0] if row and row[0] else None


def normal_fingerprint(text: str) -> str:
    """A fingerprint as a person typed it (spaces, dashes or none) in its shown form, or InvalidInput."""
    digits = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"[0-9]{24}", digits):
        raise InvalidInput(f"“{text}”不是设备指纹：指纹是 24 位数字（可按四位一组用空格分开）。")
    return " ".join(digits[i:i + 4] for i in range(0, 24, 4))


@dataclass(frozen=True)
class KnownDevice:
    id: str
    name: str
    public_key: bytes | None
    fingerprint: str
    trusted: bool
    last_sequence: int


def known_device(store: Store, device_id: str) -> KnownDevice | None:
    row = store.execute("SELECT id, name, public_key, fingerprint, trusted, last_sequence FROM devices "
                        "WHERE id = ?", (device_id,)).fetchone()
    if row is None:
        return None
    return KnownDevice(row[0], row[1], None if row[2] is None else bytes(row[2]), row[3], bool(row[4]), row[5])


# -- what a bundle's key means here ------------------------------------------------------
TRUSTED = "trusted"
UNTRUSTED = "untrusted"  # a device never met: a person may trust it after comparing fingerprints
AHEAD = ""  # the device_id of a key trusted by fingerprint before any bundle signed with it arrived


def _state(store: Store, fp: str, device_id: str) -> tuple[str, str | None] | None:
    row = store.execute("SELECT state, replaced_by FROM device_keys WHERE fingerprint = ? AND device_id = ?",
                        (fp, device_id)).fetchone()
    return None if row is None else (row[0], row[1])


def key_standing(store: Store, device_id: str, name: str, public_key: bytes) -> str:
    """TRUSTED or UNTRUSTED for a bundle that device `device_id` signed with `public_key`.

    Raises BundleRefused when the key was forgotten or replaced, or the device is known under
    another key (a lost key is accepted with `devices trust NEW --replaces OLD`).
    """
    fp = fingerprint(public_key)
    state = _state(store, fp, device_id) or _state(store, fp, AHEAD)
    if state is not None and state[0] == "forgotten":
        raise BundleRefused(f"设备“{name}”（指纹 {fp}）已被本机遗忘，不再接受它签名的数据包；"
                            f"如确需恢复，请核对指纹后运行 qinspect devices trust {fp}。")
    if state is not None and state[0] == "replaced":
        raise BundleRefused(f"这个数据包由设备“{name}”已被替换的旧密钥（指纹 {fp}）签名，本机只接受它的新密钥"
                            f"（指纹 {state[1]}）签名的数据包，已拒绝。")
    other = store.execute("SELECT fingerprint FROM device_keys WHERE device_id = ? AND fingerprint != ? "
                          "AND state != 'replaced'", (device_id, fp)).fetchone()
    if other is not None:
        raise BundleRefused(f"数据包自称来自设备“{name}”，但签名密钥（指纹 {fp}）与本机登记的该设备密钥"
                            f"（指纹 {other[0]}）不同，可能是伪造的，已拒绝；如果该设备的密钥确已丢失，请当面核对"
                            f"新指纹后运行 qinspect devices trust {fp} --replaces {other[0]}。")
    return TRUSTED if state is not None else UNTRUSTED


def trust_device(store: Store, device_id: str, name: str, public_key: bytes) -> None:
    """Record a device's key as trusted, with its name (inside the import's transaction).

    Used for a device a person has just checked by its fingerprint, and whenever a bundle of a
    trusted key arrives: the first one binds a key trusted ahead (or a device's new key) to it.
    """
    fp = fingerprint(public_key)
    store.execute(
        "INSERT INTO devices(id, name, public_key, fingerprint, trusted, last_sequence, first_seen) "
        "VALUES (?, ?, ?, ?, 1, 0, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
        "public_key = excluded.public_key, fingerprint = excluded.fingerprint, trusted = 1",
        (device_id, name, public_key, fp, now()))
    store.execute(
        "INSERT INTO device_keys(fingerprint, device_id, public_key, state, changed_at) VALUES (?, ?, ?, 'trusted', ?) "
        "ON CONFLICT(fingerprint, device_id) DO UPDATE SET public_key = excluded.public_key",
        (fp, device_id, public_key, now()))
    store.execute("DELETE FROM device_keys WHERE fingerprint = ? AND device_id = ?", (fp, AHEAD))


# -- a supervisor's decisions: trust by fingerprint, forget, accept a new key ----------------
@dataclass(frozen=True)
class KeyChange:
    """What `trust_fingerprint` or `forget` did, for the audit log and the one line shown."""

    action: str  # "trust", "trust-ahead", "replace-key", "forget", or "unchanged"
    fingerprint: str
    devices: tuple[str, ...]  # the names of the devices concerned (none for a key trusted ahead)
    replaced: str | None = None

    def describe(self) -> str:
        who = "、".join(f"“{n}”" for n in self.devices)
        who = f"设备{who}" if who else "尚未导入过数据包的设备"
        return {
            "trust": f"已信任{who}（指纹 {self.fingerprint}）。",
            "trust-ahead": f"已信任指纹 {self.fingerprint}：用这个密钥签名的数据包到达时直接导入。",
            "replace-key": f"已接受{who}的新密钥（指纹 {self.fingerprint}），旧密钥 {self.replaced} 签名的数据包"
                           "今后一律拒绝；该设备的记录保持不变。",
            "forget": f"已遗忘{who}（指纹 {self.fingerprint}），今后拒绝它签名的数据包。",
            "unchanged": f"{who}（指纹 {self.fingerprint}）的状态没有变化。",
        }[self.action]


def _refuse_own(store: Store, fp: str) -> None:
    if fp == own_fingerprint(store):
        raise InvalidInput(f"指纹 {fp} 是本机自己的密钥，不需要信任或遗忘。")


def _keys(store: Store, fp: str) -> dict[str, tuple[str, str | None]]:
    """device_id -> (state, replaced_by) of every row of this key."""
    return {r[0]: (r[1], r[2]) for r in store.execute(
        "SELECT device_id, state, replaced_by FROM device_keys WHERE fingerprint = ?", (fp,))}


def _names(store: Store, device_ids) -> tuple[str, ...]:
    return tuple(store.execute("SELECT name FROM devices WHERE id = ?", (d,)).fetchone()[0]
                 for d in sorted(device_ids) if d != AHEAD)


def _set_trusted(store: Store, device_ids) -> None:
    """A device is trusted while one of its keys is (call after changing its keys)."""
    for device_id in device_ids:
        store.execute("UPDATE devices SET trusted = EXISTS(SELECT 1 FROM device_keys WHERE device_id = ? "
                      "AND state = 'trusted') WHERE id = ?", (device_id, device_id))


def trust_fingerprint(store: Store, fp: str, replaces: str | None = None) -> KeyChange:
    """Trust a key by the fingerprint a person compared; with `replaces`, as a known device's new key.

    A fingerprint not met yet is trusted ahead of the first bundle signed with it. Call inside
    a transaction.
    """
    fp = normal_fingerprint(fp)
    _refuse_own(store, fp)
    if replaces is not None:
        return _replace_key(store, fp, normal_fingerprint(replaces))
    keys = _keys(store, fp)
    if any(state == "replaced" for state, _ in keys.values()):
        raise InvalidInput(f"指纹 {fp} 是设备{'、'.join(_names(store, keys))}已被替换的旧密钥，不能再信任。")
    forgotten = [d for d, (state, _) in keys.items() if state == "forgotten"]
    if keys and not forgotten:
        return KeyChange("unchanged", fp, _names(store, keys))
    if not keys:
        store.execute("INSERT INTO device_keys(fingerprint, device_id, state, changed_at) VALUES (?, ?, 'trusted', ?)",
                      (fp, AHEAD, now()))
        return KeyChange("trust-ahead", fp, ())
    # Forgotten before: a person changed their mind after comparing the fingerprint again.
    store.execute("UPDATE device_keys SET state = 'trusted', changed_at = ? WHERE fingerprint = ? "
                  "AND state = 'forgotten'", (now(), fp))
    _set_trusted(store, forgotten)
    names = _names(store, forgotten)
    return KeyChange("trust" if names else "trust-ahead", fp, names)


def _replace_key(store: Store, fp: str, old_fp: str) -> KeyChange:
    old = {d: s for d, s in _keys(store, old_fp).items() if d != AHEAD}
    if not old:
        raise NotFound(f"本机没有登记过指纹为 {old_fp} 的设备，无法用新密钥替换它；请用 qinspect devices list 查看已知设备的指纹。")
    names = _names(store, old)
    if fp == old_fp:
        raise InvalidInput("新指纹与要替换的旧指纹相同；请填写该设备现在显示的新指纹。")
    if all(state == "replaced" for state, _ in old.values()):
        newer = next(iter(old.values()))[1]
        raise InvalidInput(f"设备{'、'.join(names)}的密钥 {old_fp} 已被 {newer} 替换过；要再换新密钥，请替换 {newer}。")
    if any(state != "trusted" for state, _ in _keys(store, fp).values()):
        raise InvalidInput(f"指纹 {fp} 在本机已被遗忘或替换过，不能作为新密钥；请核对该设备现在显示的指纹。")
    at = now()
    devices = [d for d, (state, _) in old.items() if state != "replaced"]
    for device_id in devices:
        store.execute("UPDATE device_keys SET state = 'replaced', replaced_by = ?, changed_at = ? "
                      "WHERE fingerprint = ? AND device_id = ?", (fp, at, old_fp, device_id))
        store.execute("INSERT INTO device_keys(fingerprint, device_id, state, changed_at) VALUES (?, ?, 'trusted', ?) "
                      "ON CONFLICT(fingerprint, device_id) DO NOTHING", (fp, device_id, at))
        # The device's row, history and name stay; its new key itself is known once a bundle brings it.
        store.execute("UPDATE devices SET fingerprint = ?, public_key = NULL WHERE id = ?", (fp, device_id))
    _set_trusted(store, devices)
    return KeyChange("replace-key", fp, _names(store, devices), old_fp)


def forget(store: Store, fp: str) -> KeyChange:
    """Stop trusting a key: bundles it signed are refused from now on. Call inside a transaction."""
    fp = normal_fingerprint(fp)
    _refuse_own(store, fp)
    keys = _keys(store, fp)
    if not keys:
        raise NotFound(f"本机不认识指纹为 {fp} 的设备；请用 qinspect devices list 查看已知设备的指纹。")
    trusted = [d for d, (state, _) in keys.items() if state == "trusted"]
    if not trusted:
        return KeyChange("unchanged", fp, _names(store, keys))
    store.execute("UPDATE device_keys SET state = 'forgotten', changed_at = ? WHERE fingerprint = ? "
                  "AND state = 'trusted'", (now(), fp))
    _set_trusted(store, trusted)
    return KeyChange("forget", fp, _names(store, trusted))


# -- what `devices list` and the window show -----------------------------------------------
def device_rows(store: Store) -> list[dict]:
    """Every device this database knows, this one first, then keys trusted ahead of any bundle."""
    from qinspect.sync.receipts import missing_sequences  # receipts reads bundles, which sign with device keys
    own = store.device_id
    rows = []
    for device_id, name, fp, trusted, first_seen in store.execute(
            "SELECT id, name, fingerprint, trusted, first_seen FROM devices ORDER BY id != ?, name, id", (own,)):
        is_self = device_id == own
        direction = "export" if is_self else "import"
        last = store.execute("SELECT sequence, file_name, at FROM bundles WHERE device_id = ? AND direction = ? "
                             "ORDER BY sequence DESC, at DESC LIMIT 1", (device_id, direction)).fetchone()
        states = dict(store.execute("SELECT fingerprint, state FROM device_keys WHERE device_id = ?", (device_id,)))
        rows.append({
            "id": device_id, "name": name, "fingerprint": fp, "trusted": bool(trusted), "self": is_self,
            "state": "self" if is_self else ("trusted" if trusted else states.get(fp, "untrusted")),
            "missing": [] if is_self else missing_sequences(store, device_id),
            "last_bundle": None if last is None else {"sequence": last[0], "file": last[1], "at": last[2]},
            "replaced_keys": sorted(k for k, s in states.items() if s == "replaced"),
            "first_seen": first_seen,
        })
    for fp, state, at in store.execute("SELECT fingerprint, state, changed_at FROM device_keys "
                                       "WHERE device_id = '' ORDER BY changed_at, fingerprint"):
        rows.append({"id": None, "name": None, "fingerprint": fp, "trusted": state == "trusted", "self": False,
                     "state": "trusted ahead" if state == "trusted" else state, "missing": [], "last_bundle": None,
                     "replaced_keys": [], "first_seen": None})
    return rows
