"""A small SMTP server on loopback for the tests (the standard library's ``smtpd`` is gone
and aiosmtpd is not installed): EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT, on
``socketserver``. It keeps every message it accepted, can refuse sign-ins, refuse some
addresses, or answer 421 (service not available) to every connection."""

from __future__ import annotations

import base64
import email
import email.policy
import socketserver
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class MailState:
    user: str
    password: str
    received: list[Received] = field(default_factory=list)
    #: Every line the clients sent (to check what went over the wire).
    wire: list[bytes] = field(default_factory=list)
    #: Answer 421 to every connection (a server that is down for maintenance).
    down: bool = False
    refused: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        state = self.server.state
        if state.down:
            self.reply("421 4.3.2 service not available")
            return
        self.reply("220 test ESMTP")
        authed, sender, rcpts = False, "", []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            with state.lock:
                state.wire.append(raw)
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            arg = line[len(verb):].strip()
            if verb in ("EHLO", "HELO"):
                self.reply("250-test")
                self.reply("250-8BITMIME")
                self.reply("250-SMTPUTF8")
                self.reply("250 AUTH PLAIN")
            elif verb == "AUTH":
                mech, _, initial = arg.partition(" ")
                parts = base64.b64decode(initial or "").split(b"\0")
                if mech.upper() == "PLAIN" and len(parts) == 3 and parts[1].decode() == \
                        state.user and parts[2].decode() == state.password:
                    authed = True
                    self.reply("235 2.7.0 accepted")
                else:
                    self.reply("535 5.7.8 authentication failed")
            elif verb == "MAIL":
                if not authed:
                    self.reply("530 5.7.0 authentication required")
                    continue
                sender, rcpts = arg.split(":", 1)[1].split()[0].strip("<>"), []
                self.reply("250 ok")
            elif verb == "RCPT":
                addr = arg.split(":", 1)[1].strip().strip("<>")
                if addr in state.refused:
                    self.reply("550 5.1.1 no such user")
                else:
                    rcpts.append(addr)
                    self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = b""
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b""):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                msg = email.message_from_bytes(data, policy=email.policy.default)
                with state.lock:
                    state.received.append(Received(sender, rcpts, msg))  # type: ignore[arg-type]
                self.reply("250 2.0.0 queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 ok")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 5.5.2 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: MailState


class MailServer:
    """``with MailServer(user, password) as server``: listening on 127.0.0.1:server.port."""

    def __init__(self, user: str, password: str, port: int = 0) -> None:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.state = MailState(user, password)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def state(self) -> MailState:
        return self._server.state

    @property
    def received(self) -> list[Received]:
        with self.state.lock:
            return list(self.state.received)

    def wait_for(self, count: int, timeout: float = 15) -> list[Received]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if len(self.received) >= count:
                return self.received
            time.sleep(0.05)
        raise AssertionError(f"{len(self.received)} of {count} mails received")

    def __enter__(self) -> MailServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
