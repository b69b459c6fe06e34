"""Headless Chromium and a local server for the built site: shared by scripts and tests."""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

# Debian's chromium, started without the background services that would try
# to reach Google's hosts from a machine with no network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# Material draws diagrams in closed shadow roots; open them so code can look inside.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing a connection
            super().handle_error(request, client_address)


class SiteServer:
    """Serve a directory on 127.0.0.1 on a free port, in a background thread."""

    def __init__(self, directory: Path, handler=QuietHandler, server_class=QuietServer,
                 port: int = 0, **handler_options):
        bound = functools.partial(handler, directory=str(directory), **handler_options)
        self.httpd = server_class(("127.0.0.1", port), bound)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        raise RuntimeError("Chromium not found: install Debian's package (`apt-get install chromium`); "
                           "`python3 scripts/test.py` does this for you")
    return path
