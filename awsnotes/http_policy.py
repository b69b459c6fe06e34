"""The site's one HTTP policy: Content-Type, Cache-Control and compression of each file.

Pure functions of a file's path inside the site (a POSIX path such as
`assets/javascripts/bundle.a5f9d56c.min.js`), shared by the local server (serve.py) and every publish target.
The table is explicit rather than taken from the `mimetypes` module, whose
answers depend on the machine's /etc/mime.types.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from pathlib import PurePosixPath

from awsnotes.payload import INLINE_SCRIPTS

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


# -- Security headers ----------------------------------------------------------------
def script_hash(code: str) -> str:
    """A CSP source allowing exactly the inline script `code` ('sha256-...')."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


# The site runs only its own files and two of Material's inline start-up scripts, allowed by their
# hashes (awsnotes/payload.py says why they stay inline; their hashes follow the installed theme):
# Material's other start-up scripts are served as files, the search worker is a same-origin
# script, and diagrams are prerendered SVG. Styles need 'unsafe-inline': the SVGs
# carry <style> elements and Material and Mermaid set style attributes. CSS icons are data: URIs.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": " ".join(["'self'", *map(script_hash, INLINE_SCRIPTS)]),
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Directives a <meta http-equiv> policy cannot carry (browsers ignore them there).
HEADER_ONLY_DIRECTIVES = {"frame-ancestors", "report-uri", "sandbox"}
REFERRER_POLICY = "no-referrer"  # the site tells no other host who reads it
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def content_security_policy(meta: bool = False) -> str:
    """The Content-Security-Policy value; `meta=True` leaves out what a <meta> tag cannot say."""
    return "; ".join(f"{name} {value}" for name, value in CONTENT_SECURITY_POLICY.items()
                     if not (meta and name in HEADER_ONLY_DIRECTIVES))


def security_headers() -> dict[str, str]:
    """The headers every response of the site carries, on every host that can set headers."""
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    }


def nginx_conf(root: str = "/var/www/aws-notes") -> str:
    """deploy/nginx.conf: a server block for a `publish.py dir` target, from this policy.

    nginx drops the server's add_header lines in any location with its own, so each
    location repeats the security headers."""
    security = "".join(f'    add_header {name} "{value}" always;\n' for name, value in security_headers().items())
    fingerprinted = r"\.[0-9a-f]{8,}\.|-\d+\.\d+\.\d+(\.min)?\.(js|css)$"
    return (
        "# AWS Notes behind nginx: generated from awsnotes/http_policy.py by\n"
        "#   python3 -m awsnotes.http_policy --write\n"
        "# (tests/test_security.py fails when it is out of date). Include it in http { }.\n"
        "server {\n"
        "    listen 80;\n"
        "    server_name _;\n"
        f"    # The link `python3 scripts/publish.py dir {root}` maintains.\n"
        f"    root {root};\n"
        "    charset utf-8;\n"
        "    gzip_static on;  # the publisher writes a .gz beside every text file\n"
        "    gzip_vary on;\n"
        "    etag on;\n"
        "    error_page 404 /404.html;\n\n"
        "    location / {\n"
        f'        add_header Cache-Control "{REVALIDATE}" always;\n'
        f"{security.replace('    add_header', '        add_header')}"
        "        try_files $uri $uri/ =404;\n"
        "    }\n\n"
        "    # Names that change with their content: cached for a year.\n"
        f'    location ~ "^/assets/.*({fingerprinted})" {{\n'
        f'        add_header Cache-Control "{IMMUTABLE}" always;\n'
        f"{security.replace('    add_header', '        add_header')}"
        "    }\n"
        "}\n")


def cloudfront_response_headers_policy(name: str = "aws-notes-security-headers") -> dict:
    """deploy/cloudfront-response-headers.json: the ResponseHeadersPolicyConfig for the S3
    target's CloudFront distribution (`aws cloudfront create-response-headers-policy
    --response-headers-policy-config file://deploy/cloudfront-response-headers.json`)."""
    headers = security_headers()
    return {
        "Name": name,
        "Comment": "AWS Notes security headers, from awsnotes/http_policy.py",
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": {"Override": True,
                                      "ContentSecurityPolicy": headers["Content-Security-Policy"]},
            "ContentTypeOptions": {"Override": True},
            "ReferrerPolicy": {"Override": True, "ReferrerPolicy": headers["Referrer-Policy"]},
            "FrameOptions": {"Override": True, "FrameOption": headers["X-Frame-Options"]},
        },
        "CustomHeadersConfig": {"Quantity": 1, "Items": [
            {"Header": "Permissions-Policy", "Value": headers["Permissions-Policy"], "Override": True}]},
    }


DEPLOY_FILES = {
    "deploy/nginx.conf": lambda: nginx_conf(),
    "deploy/cloudfront-response-headers.json":
        lambda: __import__("json").dumps(cloudfront_response_headers_policy(), indent=2) + "\n",
}


def main(argv: list[str] | None = None) -> int:
    """Write (--write) or check the deploy/ files generated from this policy."""
    import argparse

    from awsnotes import ROOT

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the deploy/ files")
    args = parser.parse_args(argv)
    stale = []
    for rel, render in DEPLOY_FILES.items():
        path = ROOT / rel
        if args.write:
            path.parent.mkdir(exist_ok=True)
            path.write_text(render(), encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != render():
            stale.append(rel)
    for rel in stale:
        print(f"{rel}: out of date with awsnotes/http_policy.py: run "
              "`python3 -m awsnotes.http_policy --write` (with .venv/bin/python)")
    return 1 if stale else 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
