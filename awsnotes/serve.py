#!/usr/bin/env python3
"""Serve a built site the way a static host does: cache headers, revalidation, gzip.

    python3 scripts/serve.py                 # serve site/ on http://127.0.0.1:8000/
    python3 scripts/serve.py --site DIR --port 0

Fingerprinted files (a content hash in the name, like bundle.a5f9d56c.min.js,
or a version, like mermaid-11.13.0.min.js) are sent with
`Cache-Control: public, max-age=31536000, immutable`: a browser keeps them
for a year without asking again. Everything else (pages, unversioned scripts
and stylesheets, the search index) is sent with `Cache-Control: no-cache`
plus an ETag and Last-Modified, so a browser revalidates it on every visit
and gets a bodiless 304 when it has not changed. Text is gzip-compressed for
clients that accept it; a missing path gets the site's 404.html. Every
response carries the site's security headers (Content-Security-Policy and
the rest, from http_policy.py), as nginx and CloudFront send them.

The benchmark (scripts/benchmark.py) measures the site behind this server.
"""

from __future__ import annotations

import argparse
import email.utils
import errno
import http.server
import io
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from awsnotes import ROOT

# The same caching policy the publish command sets on real hosts.
from awsnotes.browser import QuietServer, SiteServer
from awsnotes.http_policy import (MIN_COMPRESS_BYTES, REVALIDATE, accepts_gzip, cache_control, content_type,
                                  gzip_bytes, is_compressible, security_headers)

LISTEN_BACKLOG = 128


def entity_tag(mtime_ns: int, size: int, encoding: str = "") -> str:
    """A strong ETag from a file's modification time and size, distinct per content encoding."""
    return f'"{mtime_ns:x}-{size:x}{"-" + encoding if encoding else ""}"'


def not_modified(if_none_match: str | None, if_modified_since: str | None,
                 etag: str, mtime: float) -> bool:
    """Whether a conditional request may get a 304 (If-None-Match wins over If-Modified-Since)."""
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if if_modified_since:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(mtime) <= since
    return False


class Traffic:
    """What a server has sent: responses, and bytes on the wire (status lines, headers, bodies)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.bytes = 0
        self.responses = 0

    def add(self, sent: int = 0, responses: int = 0) -> None:
        with self._lock:
            self.bytes += sent
            self.responses += responses

    def reset(self) -> None:
        with self._lock:
            self.bytes = self.responses = 0


class _CountingWriter:
    """A response stream that adds whatever is written to a Traffic.

    Bytes are counted before they go to the socket: a client that has read a response
    must find it counted, or a reading taken right after a load races the server thread.
    """

    def __init__(self, stream, traffic: Traffic):
        self._stream, self._traffic = stream, traffic

    def write(self, data) -> int:
        self._traffic.add(len(data))
        return self._stream.write(data)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class CachingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with a host's cache headers, 304s and gzip; quiet unless `verbose`."""

    protocol_version = "HTTP/1.1"  # keep-alive, as every real host
    _compressed: dict[tuple[str, int], bytes] = {}
    _lock = threading.Lock()

    def __init__(self, *args, verbose: bool = False, **kwargs):
        self.verbose = verbose  # set first: the base class handles the request in __init__
        super().__init__(*args, **kwargs)

    def setup(self):
        super().setup()
        traffic = getattr(self.server, "traffic", None)
        if traffic is not None:
            self.wfile = _CountingWriter(self.wfile, traffic)

    def send_response(self, code, message=None):
        traffic = getattr(self.server, "traffic", None)
        if traffic is not None:
            traffic.add(responses=1)
        super().send_response(code, message)

    def log_message(self, format, *args):
        if self.verbose:
            super().log_message(format, *args)

    def end_headers(self):
        """Every response, 200, 304, 404 or redirect, carries the site's security headers."""
        for name, value in security_headers().items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        url_path = urlsplit(self.path).path
        if path.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
            if not path.is_file():
                self.send_error(404, "File not found")
                return None
        stat = path.stat()
        site_path = path.relative_to(self.directory).as_posix()
        encoding = "gzip" if (is_compressible(site_path) and stat.st_size >= MIN_COMPRESS_BYTES
                              and accepts_gzip(self.headers.get("Accept-Encoding"))) else ""
        etag = entity_tag(stat.st_mtime_ns, stat.st_size, encoding)
        headers = {"Cache-Control": cache_control(site_path) if status == 200 else REVALIDATE,
                   "ETag": etag, "Last-Modified": self.date_time_string(int(stat.st_mtime))}
        if is_compressible(site_path):
            headers["Vary"] = "Accept-Encoding"
        if status == 200 and not_modified(self.headers.get("If-None-Match"),
                                          self.headers.get("If-Modified-Since"), etag, stat.st_mtime):
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return None
        body = self._gzipped(path, stat.st_mtime_ns) if encoding else path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", content_type(site_path))
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    @classmethod
    def _gzipped(cls, path: Path, mtime_ns: int) -> bytes:
        key = (str(path), mtime_ns)
        with cls._lock:
            if key not in cls._compressed:
                cls._compressed[key] = gzip_bytes(path.read_bytes())
            return cls._compressed[key]


class _Server(QuietServer):
    daemon_threads = True
    # The listen backlog: the standard library's 5 drops connections when a browser, a
    # benchmark or a link checker opens many at once; 128 is the usual system default.
    request_queue_size = LISTEN_BACKLOG


class CachingServer(SiteServer):
    """Serve a directory with CachingHandler on 127.0.0.1 (port 0: a free one), in a thread.

    `traffic` counts what it sends, for measuring a page load from the host's side.
    """

    def __init__(self, directory: Path, port: int = 0, verbose: bool = False, handler=None):
        super().__init__(directory, handler or CachingHandler, _Server, port, verbose=verbose)
        self.traffic = self.httpd.traffic = Traffic()


def port_problem(port: int, error: OSError) -> str:
    """One line saying why the server could not listen on 127.0.0.1:`port`, and what to do."""
    if error.errno == errno.EADDRINUSE:
        return (f"port {port} on 127.0.0.1 is already in use (another server, or an earlier "
                f"`serve.py` still running): stop it, or pass another --port (0 picks a free one)")
    if error.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: use a port above 1023 with --port"
    return f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default=str(ROOT / "site"), help="built site to serve (default: site/)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        print(f"error: {site}/index.html not found: build the site first with "
              "`python3 scripts/build.py`", file=sys.stderr)
        return 1
    try:
        running = CachingServer(site, args.port, verbose=True)
    except OSError as error:
        print(f"error: {port_problem(args.port, error)}", file=sys.stderr)
        return 1
    with running as server:
        print(f"Serving {site} at {server.url} (Ctrl+C to stop)", flush=True)
        try:
            server.thread.join()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
