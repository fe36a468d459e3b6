#!/usr/bin/python3
"""Tests of stsvend's card emulators themselves, without pcscd or libnfc:
this file plays vpcd (a TCP server the card connects to) and the host side
of the PN532's serial line.  Run with /usr/bin/python3 (stdlib only)."""
import json, os, shutil, socket, struct, subprocess, sys, tempfile, time, unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"


def run(*args):
    subprocess.run([PY] + list(args), check=True)


class Vpcd:
    """The vpcd side of one card connection."""
    def __init__(self, script, *args):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        port = self.server.getsockname()[1]
        self.proc = subprocess.Popen([PY, os.path.join(HERE, script), "--port", str(port),
                                      "--owner", str(os.getpid())] + list(args))
        self.server.settimeout(10)
        self.conn, _ = self.server.accept()
        self.conn.settimeout(10)

    def send(self, payload):
        self.conn.sendall(struct.pack("!H", len(payload)) + payload)

    def recv(self):
        head = b""
        while len(head) < 2:
            chunk = self.conn.recv(2 - len(head))
            if not chunk:
                return None
            head += chunk
        (n,) = struct.unpack("!H", head)
        body = b""
        while len(body) < n:
            body += self.conn.recv(n - len(body))
        return body

    def apdu(self, hexstr):
        self.send(bytes.fromhex(hexstr))
        r = self.recv()
        return None if r is None else r.hex().upper()

    def close(self):
        self.conn.close()
        self.server.close()
        self.proc.wait(timeout=10)


class ContactCard(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.store = os.path.join(self.dir, "card.json")
        self.control = os.path.join(self.dir, "pull")
        run(os.path.join(HERE, "card-contact.py"), "--create", self.store, "--serial", "0102030405060708")
        self.v = Vpcd("card-contact.py", "--store", self.store, "--control", self.control)
        self.v.send(b"\x04")
        self.assertEqual(self.v.recv(), bytes.fromhex("3B021450"))
        self.v.send(b"\x01")

    def tearDown(self):
        self.v.close()
        shutil.rmtree(self.dir)

    def files(self):
        with open(self.store) as f:
            return json.load(f)

    def test_files(self):
        v = self.v
        self.assertEqual(v.apdu("00A4000C025300"), "9000")
        self.assertEqual(v.apdu("00B0000008"), "01020304050607089000")
        self.assertEqual(v.apdu("00D6000002AAAA"), "6982")          # the serial is read-only
        self.assertEqual(v.apdu("00A4000C025301"), "9000")
        self.assertEqual(v.apdu("00D6001004CAFEBABE"), "9000")
        self.assertEqual(v.apdu("00B0001004"), "CAFEBABE9000")
        self.assertEqual(self.files()["5301"][32:40], "CAFEBABE")   # persisted at once
        self.assertEqual(len(self.files()["5301"]), 800)
        self.assertEqual(v.apdu("00A4000C029999"), "6A82")
        self.assertEqual(v.apdu("00D6019004CAFEBABE"), "6700")     # beyond the file

    def test_pull_tears(self):
        v = self.v
        self.assertEqual(v.apdu("00A4000C025301"), "9000")
        with open(self.control, "w") as f:
            f.write("1 tear\n")
        self.assertEqual(v.apdu("00D6000004AAAAAAAA"), "9000")     # answered
        self.assertIsNone(v.apdu("00D6000404BBBBBBBB"))            # pulled: no answer
        self.assertEqual(self.files()["5301"][:16], "AAAAAAAABBBB0000")   # half landed

    def test_pull_off(self):
        v = self.v
        with open(self.control, "w") as f:
            f.write("0\n")                         # would pull at the next APDU...
        with open(self.control, "w") as f:
            f.write("off\n")                       # ...but is cancelled first
        self.assertEqual(v.apdu("00A4000C025301"), "9000")        # cancelled before it counted


class MifarePcsc(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.card = os.path.join(self.dir, "card.mfd")
        self.control = os.path.join(self.dir, "pull")
        run(os.path.join(HERE, "card-mifare-pcsc.py"), "--create", self.card, "--uid", "DEADBEEF")
        self.v = Vpcd("card-mifare-pcsc.py", "--card", self.card, "--control", self.control)
        self.v.send(b"\x04")
        self.assertEqual(self.v.recv().hex().upper(), "3B8F8001804F0CA000000306030001000000006A")

    def tearDown(self):
        self.v.close()
        shutil.rmtree(self.dir)

    def test_blocks(self):
        v = self.v
        self.assertEqual(v.apdu("FFCA000000"), "DEADBEEF9000")
        self.assertEqual(v.apdu("FFB0000410"), "6982")               # not authenticated
        self.assertEqual(v.apdu("FF82000006010203040506"), "9000")
        self.assertEqual(v.apdu("FF860000050100046000"), "6300")     # wrong key
        self.assertEqual(v.apdu("FF82000006FFFFFFFFFFFF"), "9000")
        self.assertEqual(v.apdu("FF860000050100046000"), "9000")
        self.assertEqual(v.apdu("FFD60005100102030405060708090A0B0C0D0E0F10"), "9000")
        self.assertEqual(v.apdu("FFB0000510"), "0102030405060708090A0B0C0D0E0F109000")
        self.assertEqual(v.apdu("FFB0000710")[:12], "000000000000")  # key A never reads back
        self.assertEqual(v.apdu("FFB0000810"), "6982")               # another sector
        with open(self.card, "rb") as f:
            self.assertEqual(f.read()[80:96], bytes(range(1, 17)))

    def test_pull_tears(self):
        v = self.v
        v.apdu("FF82000006FFFFFFFFFFFF")
        v.apdu("FF860000050100046000")
        with open(self.control, "w") as f:
            f.write("0 tear\n")
        self.assertIsNone(v.apdu("FFD6000410" + "AB" * 16))
        with open(self.card, "rb") as f:
            self.assertEqual(f.read()[64:80], b"\xAB" * 8 + bytes(8))


def pn532_frame(payload):
    n = len(payload)
    return bytes([0, 0, 0xFF, n, (-n) & 0xFF]) + payload + bytes([(-sum(payload)) & 0xFF, 0])


class Pn532(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.card = os.path.join(self.dir, "card.mfd")
        self.link = os.path.join(self.dir, "pn532")
        self.control = os.path.join(self.dir, "pull")
        run(os.path.join(HERE, "card-mifare-pcsc.py"), "--create", self.card, "--uid", "04A1B2C3")
        self.proc = subprocess.Popen([PY, os.path.join(HERE, "pn532-emu.py"), "--link", self.link, "--card",
                                      self.card, "--control", self.control, "--owner", str(os.getpid())])
        for _ in range(200):
            if os.path.exists(self.link):
                break
            time.sleep(0.02)
        self.fd = os.open(self.link, os.O_RDWR | os.O_NOCTTY)

    def tearDown(self):
        os.close(self.fd)
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir)

    def command(self, payload):
        os.write(self.fd, pn532_frame(bytes([0xD4]) + payload))
        buf = b""
        deadline = time.time() + 5
        while time.time() < deadline:
            buf += os.read(self.fd, 4096)
            if buf.startswith(bytes.fromhex("0000FF00FF00")) and len(buf) > 11:
                n = buf[9]
                if len(buf) >= 6 + 5 + n + 2:
                    return buf[11:11 + n]
        self.fail("no answer")

    def test_tag(self):
        self.assertEqual(self.command(b"\x02").hex(), "d50332010607")                 # firmware 1.6
        self.assertEqual(self.command(b"\x4A\x01\x00").hex(), "d54b010100040804" + "04a1b2c3")
        key, uid = bytes.fromhex("FFFFFFFFFFFF"), bytes.fromhex("04A1B2C3")
        self.assertEqual(self.command(b"\x40\x01\x60\x04" + bytes(6) + uid).hex(), "d54114")   # wrong key
        self.assertEqual(self.command(b"\x40\x01\x60\x04" + key + uid).hex(), "d54100")
        self.assertEqual(self.command(b"\x40\x01\xA0\x05" + b"\x5A" * 16).hex(), "d54100")
        self.assertEqual(self.command(b"\x40\x01\x30\x05").hex(), "d54100" + "5a" * 16)
        with open(self.control, "w") as f:
            f.write("1\n")
        self.assertEqual(self.command(b"\x40\x01\x30\x04").hex(), "d54100" + "00" * 16)
        self.assertEqual(self.command(b"\x40\x01\x30\x04").hex(), "d54101")          # pulled: timeout
        self.assertFalse(os.path.exists(self.card))
        self.assertTrue(os.path.exists(self.card + ".away"))
        self.assertEqual(self.command(b"\x4A\x01\x00").hex(), "d54b00")               # nothing in the field


if __name__ == "__main__":
    unittest.main(verbosity=2)
