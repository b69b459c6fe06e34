"""Keep old links working in the reader's browser.

- Anchor redirects: links/anchor-redirects.yml becomes the map inside
  assets/javascripts/anchor-redirects.js, which sends `page/#old-anchor`
  to its new place. A malformed entry stops the build, naming its line.
- Redirect pages: the stubs that mkdocs-redirects writes for moved pages
  and short links (`/sqs/`) are rewritten as small, accessible pages that
  carry the target's title and description (so a wiki or chat link preview
  of a short link shows the right page), its canonical URL, and a redirect
  that keeps the `#anchor` part of the address.

The registry check itself runs after the build, in scripts/links.py.
"""

import html
import json
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from awsnotes import ROOT
from awsnotes import links

SCRIPT = "assets/javascripts/anchor-redirects.js"
PLACEHOLDER = "/* links/anchor-redirects.yml */ {}"
STUB = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>{title}</title>
  <meta name="description" content="{description}">
  <link rel="canonical" href="{canonical}">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{site_name}">
  <meta property="og:title" content="{title}">
  <meta property="og:description" content="{description}">
  <meta property="og:url" content="{canonical}">
  <meta name="twitter:card" content="summary">
  <meta name="twitter:title" content="{title}">
  <meta name="twitter:description" content="{description}">
  <script>location.replace({path} + (location.hash || {fragment}))</script>
  <meta http-equiv="refresh" content="0; url={href}">
</head>
<body>
  <main>
    <h1>{heading}</h1>
    <p>Redirecting to <a href="{href}">{heading}</a>.</p>
  </main>
</body>
</html>
"""

_targets = {}  # Markdown source -> what a redirect page needs to know about it


def page_redirects(config):
    plugin = config.plugins.get("redirects")
    maps = plugin.config.get("redirect_maps", {}) if plugin else {}
    return [links.Redirect(str(old), str(new)) for old, new in maps.items()]


def fill_map(script: str, redirects: dict) -> str:
    """Put the anchor map into the browser script."""
    if PLACEHOLDER not in script:
        raise PluginError(f"docs/{SCRIPT}: the marker '{PLACEHOLDER}' is missing; restore it")
    return script.replace(PLACEHOLDER, json.dumps(redirects, sort_keys=True, separators=(",", ":")))


def on_files(files, config, **kwargs):
    anchor_redirects, problems = links.read_anchor_redirects(ROOT / links.ANCHOR_REDIRECTS)
    if problems:
        raise PluginError("\n".join(str(problem) for problem in problems))
    script = files.get_file_from_path(SCRIPT)
    if script is None:
        raise PluginError(f"docs/{SCRIPT} is missing: the anchor redirects need it")
    script.content_string = fill_map(script.content_string,
                                     links.anchor_map(page_redirects(config), anchor_redirects))
    return files


def _flatten(toc):
    for item in toc:
        yield item
        yield from _flatten(item.children)


def on_page_context(context, page, config, **kwargs):
    _targets[page.file.src_uri] = {
        "url": page.url,
        "title": page.title or config.site_name,
        "description": (page.meta.get("description") or config.site_description or "").strip(),
        "canonical": page.canonical_url or "",
        "headings": {item.id: item.title for item in _flatten(page.toc)},
    }
    return context


def _js_string(value: str) -> str:
    return json.dumps(value).replace("<", "\\u003c")


def stub_html(path: str, fragment: str, target: dict, site_name: str) -> str:
    """A redirect page to `path` (relative to the stub) and its optional `#fragment`."""
    heading = target["title"]
    if fragment in target["headings"]:
        heading = f"{target['headings'][fragment]} - {heading}"
    hash_ = f"#{fragment}" if fragment else ""
    return STUB.format(
        title=html.escape(f"{heading} - {site_name}"), heading=html.escape(heading),
        description=html.escape(target["description"]), site_name=html.escape(site_name),
        canonical=html.escape(target["canonical"] or path),
        href=html.escape(path + hash_), path=_js_string(path), fragment=_js_string(hash_))


@event_priority(-100)  # after mkdocs-redirects has written its stubs
def on_post_build(config, **kwargs):
    from mkdocs_redirects.plugin import get_html_path, get_relative_html_path

    for redirect in page_redirects(config):
        page, _, fragment = redirect.target.partition("#")
        stub = Path(config.site_dir) / get_html_path(redirect.source, config.use_directory_urls)
        if page not in _targets or not stub.is_file():
            continue  # an external target, or a missing one mkdocs-redirects already reported
        path = get_relative_html_path(redirect.source, _targets[page]["url"], config.use_directory_urls)
        stub.write_text(stub_html(path, fragment, _targets[page], config.site_name), encoding="utf-8")


def on_serve(server, config, builder, **kwargs):
    server.watch(str(ROOT / "links"))
    return server
