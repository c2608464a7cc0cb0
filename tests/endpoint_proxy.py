"""A loopback HTTP proxy in front of the test Oxigraph server, for what Oxigraph itself cannot do:
refuse the Graph Store Protocol, fail one SPARQL Update, demand basic or digest credentials, or answer
a query that holds a marker only after a delay.
Every other request goes through to the real server unchanged."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

REALM = "ittifak-test"
NONCE = "5f1c0d2a9b7e"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # HTTP digest is MD5 by definition


class EndpointProxy:
    """Start with `with EndpointProxy(upstream, ...) as proxy:`; `proxy.base` is its URL."""

    def __init__(self, upstream: str, *, refuse_gsp: bool = False, fail_update: int | None = None,
                 basic: tuple[str, str] | None = None, digest: tuple[str, str] | None = None,
                 slow: tuple[bytes, float] | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.refuse_gsp = refuse_gsp
        self.fail_update = fail_update
        self.basic = basic
        self.digest = digest
        self.slow = slow  # (marker, seconds): a request whose body holds the marker waits that long
        self.updates = 0
        self.headers: list[dict[str, str]] = []
        self.requests: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def _authorised(self, method: str, header: str | None) -> bool:
        if self.basic:
            expected = base64.b64encode(":".join(self.basic).encode()).decode()
            return header == f"Basic {expected}"
        if self.digest:
            if not header or not header.startswith("Digest "):
                return False
            fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest "):]))
            user, password = self.digest
            ha1 = _md5(f"{user}:{REALM}:{password}")
            ha2 = _md5(f"{method}:{fields.get('uri', '')}")
            expected = _md5(f"{ha1}:{NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:{fields.get('qop')}:{ha2}")
            return fields.get("username") == user and fields.get("response") == expected
        return True

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                proxy.requests.append((self.command, self.path))
                proxy.headers.append(dict(self.headers.items()))
                if proxy.slow and body and proxy.slow[0] in body:
                    time.sleep(proxy.slow[1])
                if not proxy._authorised(self.command, self.headers.get("Authorization")):
                    challenge = (f'Basic realm="{REALM}"' if proxy.basic else
                                 f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm=MD5')
                    self._answer(401, b"credentials required", {"WWW-Authenticate": challenge})
                    return
                path = self.path.split("?", 1)[0]
                if proxy.refuse_gsp and path.endswith("/store"):
                    self._answer(405, b"no graph store here")
                    return
                if path.endswith("/update") and self.command == "POST":
                    proxy.updates += 1
                    if proxy.fail_update == proxy.updates:
                        self._answer(500, b"injected failure for the test")
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                request = urllib.request.Request(proxy.upstream + self.path, data=body,
                                                 method=self.command, headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        self._answer(response.status, response.read(),
                                     {"Content-Type": response.headers.get("Content-Type", "text/plain")})
                except urllib.error.HTTPError as err:
                    self._answer(err.code, err.read())

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _relay

        return Handler
