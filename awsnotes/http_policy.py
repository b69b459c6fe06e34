"""The site's one HTTP policy: Content-Type, Cache-Control and compression of each file.

Pure functions of a file's path inside the site (a POSIX path such as
`assets/javascripts/bundle.a5f9d56c.min.js`), shared by the local server (serve.py) and every publish target.
The table is explicit rather than taken from the `mimetypes` module, whose
answers depend on the machine's /etc/mime.types.
"""

from __future__ import annotations

import gzip
import re
from pathlib import PurePosixPath

UTF8 = "; charset=utf-8"
CONTENT_TYPES = {
    # Pages, styles, scripts and data
    ".html": "text/html" + UTF8,
    ".css": "text/css" + UTF8,
    ".js": "text/javascript" + UTF8,
    ".mjs": "text/javascript" + UTF8,
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain" + UTF8,
    ".md": "text/markdown" + UTF8,
    ".gz": "application/gzip",
    # Images
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/vnd.microsoft.icon",
    # Fonts
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    # Documents
    ".pdf": "application/pdf",
}
UNKNOWN = "application/octet-stream"

# Types worth gzipping: text, and fonts that are not compressed already.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".map", ".webmanifest", ".xml", ".txt",
                ".md", ".svg", ".ico", ".ttf", ".otf", ".eot"}

# Fingerprinted by Material (`bundle.a5f9d56c.min.js`, `main.57a0d79d.min.css`, and their
# source maps) or versioned by us (`vendor/mermaid-11.13.0.min.js`): a new version gets a
# new name, so the old name's content never changes.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.")
VERSIONED = re.compile(r"-\d+\.\d+\.\d+(?:\.min)?\.(?:js|css)$")

MIN_COMPRESS_BYTES = 256  # smaller files are sent as they are: gzip would not pay for its header

IMMUTABLE = "public, max-age=31536000, immutable"  # one year: the name changes with the content
REVALIDATE = "no-cache"  # may be stored, but checked with the server (ETag) before each use


def content_type(path: str) -> str:
    """The Content-Type to serve `path` with (application/octet-stream when unknown)."""
    return CONTENT_TYPES.get(PurePosixPath(path).suffix.lower(), UNKNOWN)


def is_known(path: str) -> bool:
    """True when the table has a Content-Type for `path`."""
    return PurePosixPath(path).suffix.lower() in CONTENT_TYPES


def is_fingerprinted(path: str) -> bool:
    """True for assets whose name changes whenever their content does."""
    name = PurePosixPath(path).name
    if name.endswith(".html") or not path.startswith("assets/"):
        return False
    return bool(FINGERPRINTED.search(name) or VERSIONED.search(name))


def cache_control(path: str) -> str:
    """Long-lived and immutable for fingerprinted assets; revalidate everything else."""
    return IMMUTABLE if is_fingerprinted(path) else REVALIDATE


def is_compressible(path: str) -> bool:
    """True for text-like files that gzip well (not images, woff/woff2 or .gz files)."""
    return PurePosixPath(path).suffix.lower() in COMPRESSIBLE


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True when an Accept-Encoding header allows gzip (RFC 9110 12.5.3).

    An explicit `gzip` entry wins over the `*` wildcard, whatever their order:
    `*, gzip;q=0` refuses gzip; a quality of 0 (or an unreadable one) refuses.
    """
    qualities: dict[str, float] = {}
    for item in (accept_encoding or "").split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding:
            qualities[coding.lower()] = quality
    for coding in ("gzip", "x-gzip", "*"):
        if coding in qualities:
            return qualities[coding] > 0
    return False


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no timestamp, no file name): the same input gives the same bytes,
    so checksums of compressed files only change when their content does."""
    return gzip.compress(data, compresslevel=9, mtime=0)
