#!/usr/bin/python3
"""A PN532 (HSU/UART framing) on a pseudo-terminal for libnfc's pn532_uart
driver, with one MIFARE Classic 1K tag in its field (stsvend's tests).

The tag's memory is the .mfd file --card; the tag is in the field while
that file exists (rename it away to take the tag out).  Implemented:
Diagnose, GetFirmwareVersion (PN532 1.6), Get/SetGeneralStatus, Read/
WriteRegister, SetParameters, SAMConfiguration, RFConfiguration,
PowerDown, InListPassiveTarget (ISO 14443 A, 106 kbps: ATQA 0004, SAK 08),
InDataExchange with MIFARE AUTH A/B (wrong key -> status 14), READ and
WRITE, InDeselect, InRelease; InCommunicateThru always times out.

--control: "N" (or "N tear") in that file pulls the tag out of the field
after N more InDataExchange commands: the file --card is renamed to
--card.away (a test renames it back to put the tag in again); with "tear",
a WRITE caught by the pull lands its first 8 bytes.

  pn532-emu.py --link PATH --card FILE [--log F] [--control F] [--owner PID]
  LIBNFC_DEVICE=pn532_uart:PATH nfc-list
"""
import argparse, os, pty, select, signal, sys, tty

sys.dont_write_bytecode = True      # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mfc_tag
import vpcd_card

ACK = bytes.fromhex("0000FF00FF00")
ERRFRAME = bytes.fromhex("0000FF01FF7F8100")


def frame(payload):
    n = len(payload)
    if n <= 255:
        hdr = bytes([0, 0, 0xFF, n, (-n) & 0xFF])
    else:
        hi, lo = n >> 8, n & 0xFF
        hdr = bytes([0, 0, 0xFF, 0xFF, 0xFF, hi, lo, (-(hi + lo)) & 0xFF])
    return hdr + payload + bytes([(-sum(payload)) & 0xFF, 0])


class Tag:
    def __init__(self, path, pull):
        self.path, self.pull = path, pull
        self.auth_sector = None

    def present(self):
        return os.path.exists(self.path)

    def mem(self):
        with open(self.path, "rb") as f:
            return bytearray(f.read().ljust(1024, b"\0"))

    def uid(self):
        return bytes(self.mem()[0:4])

    def key_ok(self, cmd, block, key):
        m = self.mem()
        t = (block // 4 * 4 + 3) * 16
        k = m[t:t + 6] if cmd == 0x60 else m[t + 10:t + 16]
        return bytes(k) == key

    def exchange(self, data):
        cmd = data[0]
        if not self.present():
            return b"\x01"                              # timeout: no tag
        if self.pull.check():
            if self.pull.tear and cmd == 0xA0 and len(data) == 18 and self.auth_sector == data[1] // 4:
                m = self.mem()
                m[data[1] * 16:data[1] * 16 + 8] = data[2:10]
                mfc_tag.write_file(self.path, m)
            os.replace(self.path, self.path + ".away")
            self.auth_sector = None
            return b"\x01"
        if cmd in (0x60, 0x61):
            block, key, uid = data[1], bytes(data[2:8]), bytes(data[8:12])
            if uid == self.uid() and self.key_ok(cmd, block, key):
                self.auth_sector = block // 4
                return b"\x00"
            self.auth_sector = None
            return b"\x14"
        if cmd == 0x30:
            if self.auth_sector != data[1] // 4:
                return b"\x14"
            b = data[1] * 16
            blk = bytearray(self.mem()[b:b + 16])
            if data[1] % 4 == 3:
                blk[0:6] = bytes(6)
            return b"\x00" + bytes(blk)
        if cmd == 0xA0:
            if self.auth_sector != data[1] // 4 or len(data) != 18 or data[1] == 0:
                return b"\x14"
            m = self.mem()
            m[data[1] * 16:data[1] * 16 + 16] = data[2:18]
            mfc_tag.write_file(self.path, m)
            return b"\x00"
        return b"\x01"


class PN532:
    def __init__(self, tag):
        self.tag, self.regs = tag, {}

    def handle(self, d):
        cc, a = d[0], d[1:]
        if cc == 0x00:
            out = bytes(a)
        elif cc == 0x02:
            out = bytes([0x32, 0x01, 0x06, 0x07])
        elif cc == 0x04:
            out = bytes([0, 0, 0, 0])
        elif cc == 0x06:
            out = bytes(self.regs.get((a[i] << 8) | a[i + 1], 0) for i in range(0, len(a), 2))
        elif cc == 0x08:
            for i in range(0, len(a) - 2, 3):
                self.regs[(a[i] << 8) | a[i + 1]] = a[i + 2]
            out = b""
        elif cc in (0x12, 0x14, 0x32):
            out = b""
        elif cc == 0x16:
            out = b"\x00"
        elif cc == 0x4A:
            want_uid = bytes(a[2:6]) if len(a) >= 6 else None
            if a[1] == 0x00 and self.tag.present() and (not want_uid or want_uid == self.tag.uid()):
                self.tag.auth_sector = None
                m = self.tag.mem()
                out = bytes([1, 1, 0x00, 0x04, 0x08, 4]) + bytes(m[0:4])
            else:
                out = b"\x00"
        elif cc == 0x40:
            out = self.tag.exchange(a[1:])
        elif cc == 0x42:
            out = b"\x01"
        elif cc in (0x44, 0x52):
            out = b"\x00"
        else:
            return None
        return bytes([0xD5, cc + 1]) + out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--link", required=True)
    ap.add_argument("--card", required=True)
    ap.add_argument("--log")
    ap.add_argument("--control")
    ap.add_argument("--owner", type=int, default=0)
    o = ap.parse_args()
    vpcd_card.watch_owner(o.owner)
    master, slave = pty.openpty()
    tty.setraw(slave)
    if os.path.lexists(o.link):
        os.unlink(o.link)
    os.symlink(os.ttyname(slave), o.link)
    log = open(o.log, "a", buffering=1) if o.log else None
    chip = PN532(Tag(o.card, vpcd_card.Pull(o.control)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    buf = b""
    try:
        while True:
            select.select([master], [], [])
            buf += os.read(master, 4096)
            while True:
                i = buf.find(b"\x00\x00\xFF")
                if i < 0:
                    buf = buf[-2:]
                    break
                buf = buf[i:]
                if len(buf) < 6:
                    break
                if buf[3:5] == b"\x00\xFF":
                    buf = buf[6:]
                    continue
                if buf[3:5] == b"\xFF\xFF":
                    if len(buf) < 8:
                        break
                    n, hl = (buf[5] << 8) | buf[6], 8
                else:
                    n, hl = buf[3], 5
                if len(buf) < hl + n + 2:
                    break
                body = buf[hl:hl + n]
                buf = buf[hl + n + 2:]
                if body[:1] != b"\xD4":
                    continue
                resp = chip.handle(body[1:])
                if log:
                    log.write("> %s\n< %s\n" % (body.hex(), resp.hex() if resp else "ERR"))
                os.write(master, ACK + (frame(resp) if resp else ERRFRAME))
    finally:
        if os.path.lexists(o.link):
            os.unlink(o.link)


if __name__ == "__main__":
    main()
