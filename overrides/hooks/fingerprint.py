"""Give the site's own CSS and scripts content-hashed names, as Material does for its own, and serve
them minified (awsnotes/payload.py).

A file named after its content can be cached for a year and never revalidated
(see awsnotes/http_policy.py), so a returning reader's browser asks the
server only for the page itself. Each file listed in `extra_css` and
`extra_javascript`, the joined start-up scripts, the search worker wrapper and the files the
scripts fetch on demand is renamed to `name.<hash>.ext` after the build, and every page's
and script's references follow.
"""

import hashlib
from pathlib import Path

from awsnotes import payload

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


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    assets = ON_DEMAND + [str(path) for path in (*config["extra_css"], *config["extra_javascript"])] + EXTRA_FILES
    renames = {}
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
