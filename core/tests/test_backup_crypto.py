"""The sealed-chunk format of core.backup_crypto, without a database: every size
round-trips, and any change, cut, extension or reordering is refused."""

import io
import os

import pytest

from core.backup_crypto import (
    CHUNK_SIZE,
    HEADER_SIZE,
    TAG_SIZE,
    BackupCryptoError,
    EncryptingWriter,
    decrypt_file,
    fingerprint,
    generate_key,
    parse_key,
)

KEY = parse_key(generate_key())
SEALED = CHUNK_SIZE + TAG_SIZE


def seal(plain: bytes, key=KEY, pieces=7) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, key)
    step = max(1, len(plain) // pieces)
    for start in range(0, len(plain), step):  # written in odd pieces, as tarfile does
        writer.write(plain[start : start + step])
    writer.close()
    return out.getvalue()


def unseal(tmp_path, data: bytes, keys=(KEY,)) -> tuple[bytes, int]:
    path = tmp_path / "b.enc"
    path.write_bytes(data)
    out = io.BytesIO()
    index = decrypt_file(path, out, list(keys))
    return out.getvalue(), index


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE])
def test_every_size_round_trips(tmp_path, size):
    plain = os.urandom(size)
    data = seal(plain)
    assert len(data) == HEADER_SIZE + max(1, -(-size // CHUNK_SIZE)) * TAG_SIZE + size
    assert unseal(tmp_path, data) == (plain, 0)


def test_two_files_of_the_same_content_share_no_byte_pattern():
    plain = b"110101199003071234" * 1000
    first, second = seal(plain), seal(plain)
    assert first[HEADER_SIZE:] != second[HEADER_SIZE:]  # each file has its own key (salt)
    assert b"110101199003071234" not in first


@pytest.mark.parametrize("position", range(0, HEADER_SIZE + 40, 3))
def test_any_changed_byte_of_the_header_or_first_chunk_is_refused(tmp_path, position):
    data = bytearray(seal(b"x" * 100))
    data[position] ^= 0x80
    with pytest.raises(BackupCryptoError):
        unseal(tmp_path, bytes(data))


def test_cuts_extensions_and_swaps_are_refused(tmp_path):
    data = seal(os.urandom(3 * CHUNK_SIZE + 10))
    header, body = data[:HEADER_SIZE], data[HEADER_SIZE:]
    chunks = [body[i : i + SEALED] for i in range(0, len(body), SEALED)]
    assert len(chunks) == 4
    cases = {
        "cut at a boundary": (header + b"".join(chunks[:2]), "被截断"),
        "last chunk dropped": (header + b"".join(chunks[:3]), "被截断"),
        "cut inside a chunk": (data[:-5], "校验失败"),
        "header only": (header, "被截断"),
        "header cut": (data[: HEADER_SIZE - 1], "被截断"),
        "swapped": (header + chunks[1] + chunks[0] + chunks[2] + chunks[3], "校验失败"),
        "chunk repeated": (header + chunks[0] + chunks[0] + chunks[2] + chunks[3], "校验失败"),
        "appended": (data + chunks[0], "校验失败"),
        "last moved forward": (header + chunks[0] + chunks[3], "校验失败"),
    }
    for changed, message in cases.values():
        with pytest.raises(BackupCryptoError, match=message):
            unseal(tmp_path, changed)


def test_keys_are_tried_in_turn_and_a_missing_one_is_named(tmp_path):
    old, new = parse_key(generate_key()), parse_key(generate_key())
    data = seal(b"data", key=old)
    assert unseal(tmp_path, data, keys=(new, old)) == (b"data", 1)
    with pytest.raises(BackupCryptoError, match=f"指纹为 {fingerprint(old).hex()} 的密钥"):
        unseal(tmp_path, data, keys=(new,))
    with pytest.raises(BackupCryptoError, match="没有提供密钥"):
        unseal(tmp_path, data, keys=())


@pytest.mark.parametrize(
    "text",
    ["", "short", "x" * 44, generate_key()[:-4], "密钥" * 22],
    # Fixed ids: a random key in the id differs between pytest-xdist workers.
    ids=["empty", "short", "not-base64-length", "truncated-key", "non-ascii"],
)
def test_a_malformed_key_is_refused_without_echoing_it(text):
    with pytest.raises(BackupCryptoError, match="格式不对") as raised:
        parse_key(text)
    assert not text or text not in str(raised.value)
