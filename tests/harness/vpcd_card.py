"""The vsmartcard vpcd socket protocol and what stsvend's card emulators share.

A virtual card connects to pcscd's vpcd driver over TCP.  Every message is a
2-byte big-endian length and a payload; a 1-byte payload is a control
message (00 power off, 01 power on, 02 reset, 04 send the ATR), anything
else a command APDU answered with a response APDU.  The card is "in the
reader" while the connection is open: closing it removes the card.

Shared here: the connection loop, a watchdog that ends the emulator when the
process that owns it is gone, and the "pull" control file: a test writes
"N" (or "N tear") into it ("off" cancels), and the card then answers N more commands and is
pulled out at the next one (with "tear", a write caught by the pull lands
only its first half).  stdlib only; run with /usr/bin/python3.
"""
import os, socket, struct, sys, threading, time


def watch_owner(pid):
    """Exit as soon as process @pid is gone (0: no owner)."""
    if not pid:
        return
    def loop():
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass
            time.sleep(0.3)
    threading.Thread(target=loop, daemon=True).start()


class Pull:
    """The control file: how many more commands before the card is pulled."""
    def __init__(self, path):
        self.path, self.left, self.tear = path, None, False

    def check(self):
        """Called before each command: True when this one finds the card gone."""
        if self.path and os.path.exists(self.path):
            with open(self.path) as f:
                words = f.read().split()
            os.unlink(self.path)
            if words and words[0] == "off":
                self.left = None
                return False
            self.left = int(words[0]) if words else 0
            self.tear = "tear" in words[1:]
        if self.left is None:
            return False
        if self.left == 0:
            self.left = None
            return True
        self.left -= 1
        return False


def quick_ack(s):
    # vpcd sends a command's length and body in two writes; with Nagle on
    # its side, the body waits for our ACK, which Linux delays by 40 ms
    # unless asked not to (after every read: the flag does not stick).
    if hasattr(socket, "TCP_QUICKACK"):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        quick_ack(s)
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("vpcd closed the connection")
        buf += chunk
    return buf


def serve(card, port, atr, pull, log, host="127.0.0.1"):
    """Connects to vpcd on @port and serves @card (an object with
    power_on(), apdu(bytes) -> bytes and tear(bytes), the half-write) until
    pulled or disconnected."""
    for _ in range(100):                          # pcscd may not listen yet
        try:
            s = socket.create_connection((host, port))
            break
        except OSError:
            time.sleep(0.05)
    else:
        sys.exit("cannot reach vpcd on %s:%d" % (host, port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            (n,) = struct.unpack("!H", recv_exact(s, 2))
            msg = recv_exact(s, n)
            if n == 1:
                if msg[0] == 0x04:
                    s.sendall(struct.pack("!H", len(atr)) + atr)
                elif msg[0] in (0x01, 0x02):
                    card.power_on()
                continue
            if pull.check():
                if pull.tear:
                    card.tear(msg)
                if log:
                    log.write("> %s\n! pulled%s\n" % (msg.hex().upper(), " (torn)" if pull.tear else ""))
                s.shutdown(socket.SHUT_RDWR)
                s.close()
                return
            resp = card.apdu(msg)
            if log:
                log.write("> %s\n< %s\n" % (msg.hex().upper(), resp.hex().upper()))
            s.sendall(struct.pack("!H", len(resp)) + resp)
    except ConnectionError:
        return
