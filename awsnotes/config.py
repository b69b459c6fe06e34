"""mkdocs.yml, loaded once by MkDocs' own config loader, and what the commands read from it.

MkDocs resolves `!ENV` (SITE_URL), validates every block and loads the
plugins and hooks; everything else asks the loaded config object. (The
registry check in links.py also reads the line numbers of `redirect_maps`
entries, only to name them in its error messages.)
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from awsnotes import ROOT

CONFIG_FILE = ROOT / "mkdocs.yml"
# Material 9.7+ prints a notice about MkDocs 2 at start-up; the project pins MkDocs 1.x.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def load(site_dir: Path | None = None, config_file: Path = CONFIG_FILE):
    """The validated MkDocs config (raises mkdocs.exceptions.ConfigurationError when invalid)."""
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    return load_config(config_file=str(config_file), **overrides)


def plugin(config, name: str):
    """A plugin instance by its name in mkdocs.yml (`search`, `tags`, `redirects`), or None."""
    return config.plugins.get(f"material/{name}") or config.plugins.get(name)


def allowed_tags(config) -> set[str]:
    tags = plugin(config, "tags")
    allowed = (tags.config.tags_allowed or []) if tags is not None else []
    return {getattr(tag, "name", tag) for tag in allowed}  # Material holds them as Tag objects


def site_hosts(config) -> set[str]:
    """The site's own host names (from site_url, which SITE_URL overrides)."""
    host = urlsplit(config.site_url or "").hostname
    return {host} if host else set()


def nav_pages(nav, section: str = "") -> list[tuple[str, str]]:
    """(section name, Markdown source) for every page of mkdocs.yml's `nav`, in order."""
    pages = []
    for item in nav:
        if isinstance(item, str):
            pages.append((section, item))
        elif isinstance(item, dict):
            for name, value in item.items():
                if isinstance(value, str):
                    if not value.startswith(("http://", "https://")):
                        pages.append((section or name, value))
                else:
                    pages.extend(nav_pages(value, name))
    return pages
