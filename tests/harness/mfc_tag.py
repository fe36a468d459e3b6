"""MIFARE Classic 1K memory in nfc-mfclassic's .mfd layout (stsvend's test
emulators): a blank tag and an atomic file write.  stdlib only."""
import os

TRAILER = bytes.fromhex("FFFFFFFFFFFF" "FF078069" "FFFFFFFFFFFF")   # key A, access bits, key B


def blank(uid):
    """1024 bytes: block 0 = UID, BCC, SAK 08, ATQA 0004; transport keys."""
    m = bytearray(1024)
    bcc = 0
    for b in uid:
        bcc ^= b
    m[0:5] = bytes(uid) + bytes([bcc])
    m[5:8] = bytes([0x08, 0x04, 0x00])
    for sector in range(16):
        t = (sector * 4 + 3) * 16
        m[t:t + 16] = TRAILER
    return m


def write_file(path, m):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(m)
    os.replace(tmp, path)
