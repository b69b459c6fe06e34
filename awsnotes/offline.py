"""Build the offline copy: the whole site as a zip that works opened from the file system.

    python3 scripts/offline.py                       # writes site/downloads/aws-notes-offline.zip
    python3 scripts/offline.py --output DIR/notes.zip

Unzip it anywhere and open `aws-notes/index.html`: no server, no network.
Pages link to each other as files (MkDocs' `use_directory_urls` is off),
search works from the file system (Material's offline plugin puts the index
in a script and runs the search worker in an iframe, with the self-hosted
iframe-worker shim), diagrams are the prerendered SVGs, and the light and dark
schemes work as on the site. Instant navigation, which needs a server, is off.
The same page checks and built-site checks as the build run first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from pathlib import Path

from awsnotes import ROOT

SHIM = "assets/javascripts/vendor/iframe-worker-1.0.4.js"
TOP = "aws-notes"  # the folder the zip unpacks into
DEFAULT_OUTPUT = ROOT / "site" / "downloads" / "aws-notes-offline.zip"
SERVER_ONLY_FEATURES = {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"}


def offline_config(site_dir: Path):
    """mkdocs.yml, switched to the offline build."""
    from awsnotes import config as site_config

    config = site_config.load(site_dir=site_dir)
    offline = site_config.plugin(config, "offline")
    if offline is None:
        raise SystemExit("mkdocs.yml: the `offline` plugin is not listed under `plugins:` "
                         "(add `- offline: {enabled: false}`; this command switches it on)")
    offline.config.enabled = True
    # Listed before the plugin runs, so it does not add its default shim from a CDN.
    config.extra["polyfills"] = [SHIM]
    config.theme["features"] = [f for f in config.theme["features"] if f not in SERVER_ONLY_FEATURES]
    return config


def zip_site(site: Path, output: Path) -> None:
    """Write `site` into `output` under one top folder, in a stable order."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            rel = path.relative_to(site).as_posix()
            if rel.startswith("downloads/"):
                continue
            archive.write(path, f"{TOP}/{rel}")
    partial.replace(output)  # never a half-written zip under the real name


def build_offline(output: Path) -> int:
    from awsnotes import build
    from awsnotes.checks import pages as check_pages
    from awsnotes.problems import report

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        config = offline_config(site)
        from awsnotes import config as site_config
        if report(check_pages.check_tree(ROOT, site_config.allowed_tags(config)), "the page sources", sys.stderr):
            return 1
        if not build.run_mkdocs(config):
            print("Offline build stopped: `mkdocs build --strict` failed (see above).", file=sys.stderr)
            return 1
        zip_site(site, output)
    size = output.stat().st_size
    print(f"Wrote {output} ({size / 1_048_576:.1f} MiB): unzip it and open {TOP}/index.html")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/offline.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="the zip to write")
    args = parser.parse_args(argv)
    return build_offline(Path(args.output).resolve())


if __name__ == "__main__":
    sys.exit(main())
