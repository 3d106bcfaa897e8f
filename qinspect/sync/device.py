"""Device identity: this installation's Ed25519 key pair, its fingerprint, and the devices a database trusts.

The private key is made on first use and kept in the user data dir, readable only by the
user. A database's `device_id` setting names this laptop in revisions and bundles; its own
row in `devices` records the public key, so a supervisor reading the table sees the same
fingerprint the laptop shows.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from qinspect.errors import QInspectError
from qinspect.paths import data_dir
from qinspect.store.db import Store, now

KEY_FILE = "device_key.pem"


@dataclass(frozen=True)
class DeviceKey:
    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
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
    return DeviceKey(Ed25519PrivateKey.generate())


def device_key(folder: Path | None = None) -> DeviceKey:
    """This installation's key, made and saved (mode 0600) the first time it is asked for."""
    path = (folder or data_dir()) / KEY_FILE
    if not path.exists():
        _create_key_file(path)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
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


def trust_device(store: Store, device_id: str, name: str, public_key: bytes) -> None:
    """Record a device the supervisor has checked by its fingerprint (inside the import's transaction)."""
    store.execute(
        "INSERT INTO devices(id, name, public_key, fingerprint, trusted, last_sequence, first_seen) "
        "VALUES (?, ?, ?, ?, 1, 0, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
        "public_key = excluded.public_key, fingerprint = excluded.fingerprint, trusted = 1",
        (device_id, name, public_key, fingerprint(public_key), now()))
