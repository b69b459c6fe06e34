"""Give the site's own CSS and scripts content-hashed names, as Material does for its own, and serve
them minified (awsnotes/payload.py). Material's stylesheet, which the build changes
(awsnotes/tables.py), gets a name after its new content too.

A file named after its content can be cached for a year and never revalidated
(see awsnotes/http_policy.py), so a returning reader's browser asks the
server only for the page itself. Each file listed in `extra_css` and
`extra_javascript`, the joined start-up scripts, the search worker wrapper and the files the
scripts fetch on demand is renamed to `name.<hash>.ext` after the build, and every page's
and script's references follow.
"""

import hashlib
from pathlib import Path

from mkdocs.exceptions import PluginError

from awsnotes import payload, tables

# Files the scripts fetch on demand: renamed first, so the scripts that name them carry the new
# names (and hashes that change with them).
ON_DEMAND = ["assets/javascripts/diagram-viewer.js"]
EXTRA_FILES = ["assets/javascripts/search-worker.js", "assets/javascripts/not-found.js",
               payload.START]  # (payload.AFTER is the one entry of extra_javascript)


def hashed_name(path: str, content: bytes) -> str:
    """'assets/site.css' -> 'assets/site.1a2b3c4d.css' for this content."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}{dot}{suffix}"


def rewrite(html: str, renames: dict[str, str]) -> str:
    for old, new in renames.items():
        html = html.replace(old + '"', new + '"').replace(old + "?", new + "?")
    return html


def changed_material_files(site: Path) -> dict[str, str]:
    """Material's files that the build changes: old path -> new path (each renamed after its content)."""
    renames = {}
    for source in sorted(site.glob(tables.MATERIAL_STYLESHEET)):
        content = tables.widened(source.read_text(encoding="utf-8")).encode("utf-8")
        old = source.relative_to(site).as_posix()
        # Material's own form, main.<hash>.min.css, with the hash of the new content.
        new = f"{old.split('.', 1)[0]}.{hashlib.sha256(content).hexdigest()[:8]}.min.css"
        (site / new).write_bytes(content)
        source.unlink()
        source.with_name(source.name + ".map").unlink(missing_ok=True)  # it maps Material's version
        renames[old] = new
    if not renames:
        raise PluginError(f"Material's stylesheet ({tables.MATERIAL_STYLESHEET}) is not in the built site: "
                          "see awsnotes/tables.py and CONTRIBUTING.md (Upgrading Material)")
    return renames


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    assets = ON_DEMAND + [str(path) for path in (*config["extra_css"], *config["extra_javascript"])] + EXTRA_FILES
    try:
        renames = changed_material_files(site)
    except ValueError as error:
        raise PluginError(str(error)) from None
    for asset in assets:
        source = site / asset
        if not source.is_file():
            continue
        text = payload.minified(asset, source.read_text(encoding="utf-8"))
        content = (rewrite(text, renames) if asset.endswith(".js") else text).encode("utf-8")
        target = hashed_name(asset, content)
        (site / target).write_bytes(content)
        source.unlink()
        renames[asset] = target
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        updated = rewrite(text, renames)
        if updated != text:
            page.write_text(updated, encoding="utf-8")
