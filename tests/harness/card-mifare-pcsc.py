#!/usr/bin/python3
"""A MIFARE Classic 1K behind a PC/SC contactless reader, for pcscd's vpcd
driver (stsvend's tests): the PC/SC part 3 storage-card pseudo-APDUs as
ACR122U/CCID readers expose them.

  FF CA 00 00 00                        get UID
  FF 82 00 kk 06 key(6)                 load key into slot kk
  FF 86 00 00 05 01 00 blk 60|61 kk     general authenticate (key A/B) -> 9000 or 6300
  FF B0 00 blk 10                       read block (6982 unless its sector is authenticated)
  FF D6 00 blk 10 data(16)              update block

Memory is a 1024-byte file in nfc-mfclassic's .mfd layout (block 0 holds
the UID; each sector trailer holds key A, access bits, key B), rewritten
after every update.

  card-mifare-pcsc.py --create FILE --uid HEX      a blank tag, transport keys FF..FF
  card-mifare-pcsc.py --port P --card FILE [--log F] [--control F] [--owner PID]
"""
import argparse, os, sys

sys.dont_write_bytecode = True      # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mfc_tag
import vpcd_card

ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")   # part 3: MIFARE Classic 1K

class Card:
    def __init__(self, path):
        self.path = path
        self.keys, self.auth = {}, None

    def power_on(self):
        self.auth = None

    def mem(self):
        with open(self.path, "rb") as f:
            return bytearray(f.read())

    def apdu(self, c):
        m = self.mem()
        if c[:2] == b"\xFF\xCA":
            return bytes(m[0:4]) + b"\x90\x00"
        if c[:2] == b"\xFF\x82" and len(c) == 11:
            self.keys[c[3]] = bytes(c[5:11])
            return b"\x90\x00"
        if c[:2] == b"\xFF\x86" and len(c) == 10:
            blk, kt, kn = c[7], c[8], c[9]
            t = (blk // 4 * 4 + 3) * 16
            want = m[t:t + 6] if kt == 0x60 else m[t + 10:t + 16]
            self.auth = blk // 4 if self.keys.get(kn) == bytes(want) else None
            return b"\x90\x00" if self.auth is not None else b"\x63\x00"
        if c[:2] == b"\xFF\xB0" and len(c) == 5:
            blk = c[3]
            if self.auth != blk // 4:
                return b"\x69\x82"
            out = bytearray(m[blk * 16:blk * 16 + 16])
            if blk % 4 == 3:
                out[0:6] = bytes(6)                  # key A never reads back
            return bytes(out) + b"\x90\x00"
        if c[:2] == b"\xFF\xD6":
            blk = c[3]
            if self.auth != blk // 4 or c[4] != 16 or len(c) != 21 or blk == 0:
                return b"\x69\x82"
            m[blk * 16:blk * 16 + 16] = c[5:21]
            mfc_tag.write_file(self.path, m)
            return b"\x90\x00"
        return b"\x6A\x81"

    def tear(self, c):
        if c[:2] == b"\xFF\xD6" and len(c) == 21 and self.auth == c[3] // 4 and c[3] != 0:
            m = self.mem()
            m[c[3] * 16:c[3] * 16 + 8] = c[5:13]
            mfc_tag.write_file(self.path, m)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--create")
    ap.add_argument("--uid")
    ap.add_argument("--port", type=int)
    ap.add_argument("--card")
    ap.add_argument("--log")
    ap.add_argument("--control")
    ap.add_argument("--owner", type=int, default=0)
    a = ap.parse_args()
    if a.create:
        uid = bytes.fromhex(a.uid or "")
        if len(uid) != 4:
            sys.exit("--uid takes 4 bytes in hex")
        mfc_tag.write_file(a.create, mfc_tag.blank(uid))
        return
    if a.port is None or a.card is None:
        ap.error("--port and --card are needed")
    vpcd_card.watch_owner(a.owner)
    log = open(a.log, "a", buffering=1) if a.log else None
    vpcd_card.serve(Card(a.card), a.port, ATR, vpcd_card.Pull(a.control), log)


if __name__ == "__main__":
    main()
