"""Give the site's own CSS and scripts content-hashed names, as Material does for its own, and serve
them minified (awsnotes/payload.py). Material's two stylesheets, which the build changes (its
table rules widened to the tables the build wraps, awsnotes/tables.py; the rules the site cannot
use dropped, awsnotes/unused_css.py), get names after their new content too.

A file named after its content can be cached for a year and never revalidated
(see awsnotes/http_policy.py), so a returning reader's browser asks the
server only for the page itself. Each file listed in `extra_css` and
`extra_javascript`, the diagrams' stylesheet, the joined start-up scripts, the search worker
wrapper and the files the scripts fetch on demand is renamed to `name.<hash>.ext` after the
build, and every page's and script's references follow.
"""

import hashlib
from pathlib import Path

from mkdocs.exceptions import PluginError

from awsnotes import diagrams, payload, tables, unused_css

# Files the scripts fetch on demand: renamed first, so the scripts that name them carry the new
# names (and hashes that change with them).
ON_DEMAND = ["assets/javascripts/diagram-viewer.js"]
EXTRA_FILES = ["assets/javascripts/search-worker.js", "assets/javascripts/not-found.js",
               payload.START,  # (payload.AFTER is the one entry of extra_javascript)
               diagrams.STYLESHEET]


def hashed_name(path: str, content: bytes) -> str:
    """'assets/site.css' -> 'assets/site.1a2b3c4d.css' for this content."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}{dot}{suffix}"


def rewrite(html: str, renames: dict[str, str]) -> str:
    for old, new in renames.items():
        html = html.replace(old + '"', new + '"').replace(old + "?", new + "?")
    return html


def changed_material_files(site: Path) -> dict[str, str]:
    """Material's stylesheets, changed by the build: old path -> new path (each renamed after its
    content, in Material's own form `name.<hash>.min.css`). Raises ValueError naming the file."""
    used = unused_css.usage_of_site(site)
    renames = {}
    for pattern, change, required in ((tables.MATERIAL_STYLESHEET, tables.widened, True),
                                      (unused_css.PALETTE_STYLESHEET, str, False)):
        sources = sorted(site.glob(pattern))
        if required and not sources:
            raise ValueError(f"Material's stylesheet ({pattern}) is not in the built site: see "
                             "awsnotes/tables.py and CONTRIBUTING.md (Upgrading Material)")
        for source in sources:
            old = source.relative_to(site).as_posix()
            try:
                css = unused_css.pruned(change(source.read_text(encoding="utf-8")), used)
                content = unused_css.without_source_map(css).encode("utf-8")
            except ValueError as error:
                raise ValueError(f"{source}: {error}") from None
            new = f"{old.split('.', 1)[0]}.{hashlib.sha256(content).hexdigest()[:8]}.min.css"
            (site / new).write_bytes(content)
            source.unlink()
            source.with_name(source.name + ".map").unlink(missing_ok=True)  # it maps Material's version
            renames[old] = new
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
