"""Every page's own link-preview image, plus favicon.ico and the Apple touch icon.

Pages get `preview_image` in their template context (overrides/main.html
turns it into `og:image` and friends); after the build, each page's PNG is
written from awsnotes/previews.py's cache, or drawn when new.
"""

from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError

from awsnotes import previews

_pending: dict[str, previews.Preview] = {}


def on_pre_build(config, **kwargs):
    _pending.clear()
    if urlsplit(config.site_url or "").scheme not in ("http", "https"):
        raise PluginError(
            "mkdocs.yml: site_url must be an absolute http(s) address (or set SITE_URL): "
            "link-preview images need absolute addresses")


def section_of(page) -> str:
    """The title of the page's top-level section ('' for the home page)."""
    return page.ancestors[-1].title if page.ancestors else ""


def on_page_context(context, page, config, **kwargs):
    path = previews.preview_path(page.url)
    title = page.title or config.site_name
    section = section_of(page)
    _pending[path] = previews.Preview(title, section, config.site_name, urlsplit(config.site_url).netloc)
    context["preview_image"] = {
        "url": urljoin(config.site_url, path),
        "width": previews.WIDTH,
        "height": previews.HEIGHT,
        "alt": f"{title} ({section}), {config.site_name}" if section and section != title
        else f"{title}, {config.site_name}" if title != config.site_name else config.site_name,
    }
    return context


def on_post_build(config, **kwargs):
    from pathlib import Path

    site = Path(config.site_dir)
    for path, preview in _pending.items():
        previews.write_preview(preview, site / path)
    previews.write_icons(site)
