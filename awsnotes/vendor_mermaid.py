"""Refresh the self-hosted Mermaid library from the npm registry.

Downloads the pinned Mermaid release with `npm pack`, copies its browser
build (the UMD `mermaid.min.js`, which defines `window.mermaid`) into
docs/assets/javascripts/vendor/, and records the version and licence beside
it. The site never loads Mermaid from a CDN.

    python3 scripts/vendor_mermaid.py --version 11.13.0

After a version change, update `mermaid2.javascript` in mkdocs.yml and
LIBRARY in docs/assets/javascripts/diagram-loader.js (the build checks that
they agree with the vendored file).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from awsnotes import ROOT

VENDOR_DIR = ROOT / "docs" / "assets" / "javascripts" / "vendor"
# Mermaid 11.14+ renames the arrow markers that Material 9.8's dark styling
# targets; stay on 11.13.x until Material catches up.
DEFAULT_VERSION = "11.13.0"


def library_name(version: str) -> str:
    """File name of the vendored library for a version."""
    return f"mermaid-{version}.min.js"


def extract_release(tarball: Path, version: str, dest: Path) -> list[Path]:
    """Copy the UMD build and the licence out of an npm tarball into dest."""
    written = []
    with tarfile.open(tarball) as tar:
        members = {
            "package/dist/mermaid.min.js": dest / library_name(version),
            "package/LICENSE": dest / "mermaid.LICENSE.txt",
        }
        for name, target in members.items():
            source = tar.extractfile(name)
            if source is None:
                raise FileNotFoundError(f"{tarball}: {name} missing from the release")
            target.write_bytes(source.read())
            written.append(target)
    digest = hashlib.sha256((dest / library_name(version)).read_bytes()).hexdigest()
    record = dest / "mermaid.VERSION.txt"
    record.write_text(version_record(version, digest))
    written.append(record)
    return written


def version_record(version: str, sha256: str) -> str:
    """The text of mermaid.VERSION.txt: what was vendored, from where, and its SHA-256."""
    return (f"mermaid {version} (MIT licence, see mermaid.LICENSE.txt)\n"
            f"source: npm package mermaid@{version}, file dist/mermaid.min.js\n"
            f"sha256: {sha256}\n"
            f"refresh: python3 scripts/vendor_mermaid.py --version {version}\n")


def recorded_sha256(record: str) -> str | None:
    match = re.search(r"^sha256: ([0-9a-f]{64})$", record, re.M)
    return match.group(1) if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", default=DEFAULT_VERSION, help="Mermaid release to vendor")
    args = parser.parse_args(argv)
    if shutil.which("npm") is None:
        print("error: npm is required to download Mermaid (apt-get install npm)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"mermaid@{args.version}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("mermaid-*.tgz"))
        for old in VENDOR_DIR.glob("mermaid-*.min.js"):
            old.unlink()
        for path in extract_release(tarball, args.version, VENDOR_DIR):
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
