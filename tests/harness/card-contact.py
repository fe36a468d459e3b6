#!/usr/bin/python3
"""A contact ISO 7816-4 memory card for pcscd's vpcd driver (stsvend's tests).

Transparent EFs under the MF, kept in a JSON file {"5300": "hex", ...}:
  5300  the card serial (8 bytes), read-only (UPDATE BINARY -> 6982)
  5301  stsvend's data (400 bytes)
SELECT by file id (00 A4 00|02 0C 02 FID), READ BINARY (00 B0), UPDATE
BINARY (00 D6).  The file is re-read at power-on and rewritten (atomically)
after every UPDATE, so a test seeds it before and inspects it after.

  card-contact.py --create FILE --serial HEX      write a blank card and exit
  card-contact.py --port P --store FILE [--log F] [--control F] [--owner PID]

--control: see vpcd_card.Pull ("N" or "N tear" pulls the card after N more
APDUs).  --owner: exit when that process is gone.  Exits when the card is
pulled or vpcd goes away.
"""
import argparse, json, os, sys

sys.dont_write_bytecode = True      # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vpcd_card

ATR = bytes.fromhex("3B021450")          # minimal T=0 ATR
READ_ONLY = {"5300"}
DATA_BYTES = 400


def load(path):
    with open(path) as f:
        return {k.upper(): bytearray.fromhex(v) for k, v in json.load(f).items()}


def save(path, files):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({k: v.hex().upper() for k, v in files.items()}, f, indent=1)
    os.replace(tmp, path)


class Card:
    def __init__(self, store):
        self.store = store
        self.power_on()

    def power_on(self):
        self.files = load(self.store)
        self.cur = None

    @staticmethod
    def parse(c):
        body = c[4:]
        lc, data, le = 0, b"", None
        if len(body) == 1:
            le = body[0] or 256
        elif len(body) > 1:
            lc = body[0]
            data = body[1:1 + lc]
            if len(body) > 1 + lc:
                le = body[1 + lc] or 256
        return data, le

    def apdu(self, c):
        if len(c) < 4:
            return b"\x67\x00"
        ins, p1, p2 = c[1], c[2], c[3]
        data, le = self.parse(c)
        if c[0] != 0x00:
            return b"\x6E\x00"
        if ins == 0xA4:
            fid = data.hex().upper()
            if fid == "3F00":
                self.cur = None
                return b"\x90\x00"
            if fid in self.files:
                self.cur = fid
                return b"\x90\x00"
            return b"\x6A\x82"
        if ins in (0xB0, 0xD6):
            if self.cur is None:
                return b"\x69\x86"
            off = ((p1 & 0x7F) << 8) | p2
            f = self.files[self.cur]
            if ins == 0xB0:
                if off > len(f):
                    return b"\x6B\x00"
                out = bytes(f[off:off + (le or 256)])
                return out + (b"\x90\x00" if le is None or len(out) == le else b"\x62\x82")
            if self.cur in READ_ONLY:
                return b"\x69\x82"
            if off + len(data) > len(f):
                return b"\x67\x00"
            f[off:off + len(data)] = data
            save(self.store, self.files)
            return b"\x90\x00"
        return b"\x6D\x00"

    def tear(self, c):
        """A pulled UPDATE BINARY lands its first half."""
        if len(c) > 5 and c[1] == 0xD6 and self.cur is not None and self.cur not in READ_ONLY:
            data, _ = self.parse(c)
            off = ((c[2] & 0x7F) << 8) | c[3]
            half = data[:len(data) // 2]
            f = self.files[self.cur]
            if off + len(half) <= len(f):
                f[off:off + len(half)] = half
                save(self.store, self.files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--create")
    ap.add_argument("--serial")
    ap.add_argument("--port", type=int)
    ap.add_argument("--store")
    ap.add_argument("--log")
    ap.add_argument("--control")
    ap.add_argument("--owner", type=int, default=0)
    a = ap.parse_args()
    if a.create:
        serial = bytes.fromhex(a.serial or "")
        if len(serial) != 8:
            sys.exit("--serial takes 8 bytes in hex")
        save(a.create, {"5300": bytearray(serial), "5301": bytearray(DATA_BYTES)})
        return
    if a.port is None or a.store is None:
        ap.error("--port and --store are needed")
    vpcd_card.watch_owner(a.owner)
    log = open(a.log, "a", buffering=1) if a.log else None
    vpcd_card.serve(Card(a.store), a.port, ATR, vpcd_card.Pull(a.control), log)


if __name__ == "__main__":
    main()
