"""Encryption of backup archives: AES-256-GCM in chunks, from `cryptography`.

A backup holds every town's personal data and password hashes, so it is written
encrypted and a restore refuses anything it cannot authenticate. Fernet would do
the cryptography but holds the whole file in memory; a district's dump is
gigabytes, so the archive is sealed in 1 MiB chunks instead (the STREAM
construction, as in Tink's streaming AEAD and age):

    header  = MAGIC | version (1 byte) | chunk size (4 bytes) | salt (16) | key fingerprint (8)
    chunk i = AES-256-GCM(file key, nonce = i (11 bytes) | last (1 byte), data, aad = header)

- The file key is HKDF-SHA256(backup key, salt): each file has its own key, so
  counter nonces never repeat under one key.
- The header is authenticated with every chunk (changing the chunk size or the
  fingerprint fails every chunk); the counter in the nonce detects reordered or
  dropped chunks; the last-chunk flag detects a file cut short or extended.
- The fingerprint names the key (so a restore can say which key is missing) and
  reveals nothing of it.

Keys are 32 random bytes in URL-safe base64 (`manage.py backup_keygen`), given in
the environment variable BAQIAO_BACKUP_KEY or in a key file, one key per line.
The first key encrypts; every key is tried on restore, which is how a key is
rotated (DEPLOY.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"BAQIAO-BACKUP\x00"
VERSION = 1
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16
SALT_SIZE = 16
KEY_SIZE = 32
_HEADER = struct.Struct(f">{len(MAGIC)}sBI{SALT_SIZE}s8s")
HEADER_SIZE = _HEADER.size
KEY_ENV = "BAQIAO_BACKUP_KEY"
KEY_FILE_ENV = "BAQIAO_BACKUP_KEY_FILE"


class BackupCryptoError(ValueError):
    """A key or an encrypted archive that cannot be used; the message is for the operator."""


class _Truncated(BackupCryptoError):
    pass


class _Unauthentic(BackupCryptoError):
    pass


TRUNCATED = "备份文件不完整（被截断），未做任何恢复。"
UNAUTHENTIC = "备份文件校验失败（已被篡改、损坏或不完整），未做任何恢复。"


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_SIZE)).decode()


def fingerprint(key: bytes) -> bytes:
    return hashlib.sha256(b"baqiao backup key fingerprint\x00" + key).digest()[:8]


def parse_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        key = b""
    if len(key) != KEY_SIZE:
        # The key itself is never echoed: this message may end up in a log.
        raise BackupCryptoError(
            "备份密钥格式不对：应为 manage.py backup_keygen 生成的 44 个字符（URL 安全的 Base64，32 字节）。"
        )
    return key


def load_keys(key_file: str | Path | None = None) -> list[bytes]:
    """The backup keys, current first: from key_file, else the file named by
    BAQIAO_BACKUP_KEY_FILE, else BAQIAO_BACKUP_KEY (keys separated by commas or
    spaces). An empty list when none is configured."""
    key_file = key_file or os.environ.get(KEY_FILE_ENV)
    if key_file:
        path = Path(key_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise BackupCryptoError(f"无法读取备份密钥文件 {path}：{exc.__class__.__name__}") from exc
        texts = [line for line in (raw.split("#", 1)[0].strip() for raw in lines) if line]
        if not texts:
            raise BackupCryptoError(f"备份密钥文件 {path} 中没有密钥。")
    else:
        texts = os.environ.get(KEY_ENV, "").replace(",", " ").split()
    return [parse_key(text) for text in texts]


def key_file_warning(key_file: str | Path | None = None) -> str | None:
    """A warning when the key file can be read by other users of the machine."""
    key_file = key_file or os.environ.get(KEY_FILE_ENV)
    if not key_file:
        return None
    try:
        mode = Path(key_file).stat().st_mode & 0o777
    except OSError:
        return None
    if mode & 0o077:
        return f"备份密钥文件 {key_file} 的权限为 {mode:04o}，本机其他用户可读；请执行 chmod 600 {key_file}。"
    return None


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=b"baqiao backup v1 aes-256-gcm")
    return AESGCM(hkdf.derive(key))


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only binary file object that seals what is written to it into `out`.

    tarfile writes into it in streaming mode ("w|gz"), so the plain archive is
    never on disk. close() seals the last chunk; without it the file is
    incomplete, and a restore says so.
    """

    def __init__(self, out, key: bytes):
        salt = os.urandom(SALT_SIZE)
        self.header = _HEADER.pack(MAGIC, VERSION, CHUNK_SIZE, salt, fingerprint(key))
        self.aead = _file_key(key, salt)
        self.out = out
        self.buffer = bytearray()
        self.counter = 0
        self.closed = False
        out.write(self.header)

    def write(self, data) -> int:
        self.buffer += data
        # Strictly more than a chunk: the last chunk is sealed only by close(),
        # so a chunk is never sealed as "not last" and then found to be the end.
        while len(self.buffer) > CHUNK_SIZE:
            self._seal(bytes(self.buffer[:CHUNK_SIZE]), last=False)
            del self.buffer[:CHUNK_SIZE]
        return len(data)

    def _seal(self, data: bytes, *, last: bool) -> None:
        self.out.write(self.aead.encrypt(_nonce(self.counter, last), data, self.header))
        self.counter += 1

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
            self.closed = True
            self.out.flush()


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def key_fingerprint_of(path: Path) -> bytes | None:
    """The fingerprint an encrypted archive's header names (unauthenticated: a hint only)."""
    with open(path, "rb") as fh:
        header = fh.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
        return None
    return _HEADER.unpack(header)[4]


def decrypt_file(source: Path, target, keys: list[bytes]) -> int:
    """Write the plain archive of `source` into the binary file `target`.

    Every chunk is authenticated before the next is read; any failure raises
    BackupCryptoError, so the caller touches nothing until this returns. Returns
    the index in `keys` of the key that opened the file.
    """
    with open(source, "rb") as fh:
        header = fh.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE:
            raise _Truncated(TRUNCATED)
        magic, version, chunk_size, salt, print_ = _HEADER.unpack(header)
        if magic != MAGIC:
            raise BackupCryptoError("这不是加密的备份文件。")
        if version != VERSION or not 0 < chunk_size <= 64 * CHUNK_SIZE:
            raise BackupCryptoError(f"备份文件版本（{version}）不受支持，或文件头已损坏，未做任何恢复。")
        read_size = chunk_size + TAG_SIZE
        current = fh.read(read_size)
        following = fh.read(read_size)
        # Try the key whose fingerprint the header names first, then the others
        # (the fingerprint itself could have been altered).
        order = sorted(range(len(keys)), key=lambda i: fingerprint(keys[i]) != print_)
        index, aead, plain = _open_first_chunk(keys, order, salt, header, current, last=not following)
        target.write(plain)
        counter = 1
        while following:
            current, following = following, fh.read(read_size)
            target.write(_open(aead, counter, current, header, last=not following))
            counter += 1
    return index


def _open_first_chunk(keys, order, salt, header, chunk, *, last):
    if not keys:
        raise BackupCryptoError("备份文件已加密，但没有提供密钥（环境变量 BAQIAO_BACKUP_KEY 或 --key-file）。")
    for index in order:
        aead = _file_key(keys[index], salt)
        try:
            return index, aead, _open(aead, 0, chunk, header, last=last)
        except _Unauthentic:
            continue  # not this key (or a damaged chunk: said below when no key opens it)
    named = header[-8:].hex()
    if all(fingerprint(key).hex() != named for key in keys):
        given = "、".join(fingerprint(key).hex() for key in keys)
        raise BackupCryptoError(
            f"无法解密：备份由指纹为 {named} 的密钥加密，提供的密钥（指纹 {given}）中没有它。"
            "请同时提供旧密钥（见 DEPLOY.md“备份密钥”），未做任何恢复。"
        )
    raise _Unauthentic(UNAUTHENTIC)


def _open(aead: AESGCM, counter: int, chunk: bytes, header: bytes, *, last: bool) -> bytes:
    if len(chunk) < TAG_SIZE:
        raise _Truncated(TRUNCATED)
    try:
        return aead.decrypt(_nonce(counter, last), chunk, header)
    except InvalidTag:
        pass
    if last:
        # A chunk that opens as "not last" at the end of the file: the rest is missing.
        try:
            aead.decrypt(_nonce(counter, False), chunk, header)
        except InvalidTag:
            pass
        else:
            raise _Truncated(TRUNCATED)
    raise _Unauthentic(UNAUTHENTIC)
