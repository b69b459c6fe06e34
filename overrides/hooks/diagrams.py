"""Diagrams: prerendered where possible, never in the index, never render-blocking.

- A Mermaid block whose SVG is stored in diagrams/ (see
  scripts/render_diagrams.py) is replaced by that SVG: no diagram code is
  downloaded for it. Set AWS_NOTES_DIAGRAMS=browser to skip this.
- Any other block keeps Material's client-side rendering, tagged with its
  key so the render command can store its SVG, and is marked
  `data-search-exclude` so Mermaid source stays out of the search index.
- A page with a diagram links the diagrams' stylesheet (`diagram_stylesheet` in the
  templates' context, used by overrides/main.html); other pages do not wait for it.
- The library script that mkdocs-mermaid2 adds to pages that still have
  such blocks is made `async`, so it never blocks the first paint.
- mkdocs-mermaid2 runs its page pass only on pages that still have such a
  block. It reparses and rewrites every page whose text mentions "mermaid",
  and a stored SVG mentions it in each of its colour variables: without this,
  every page with a diagram was parsed a second time for nothing (about a
  fifth of the build's time).
"""

import logging
import os
import re
from collections import Counter

from awsnotes import diagrams

log = logging.getLogger("mkdocs.hooks.diagrams")
DIAGRAM_BLOCK = re.compile(r'<pre\s+(?:id="[^"]*"\s+)?class="mermaid"><code>(.*?)</code></pre>', re.S)
LIBRARY_TAG = re.compile(r'<script src="([^"]*/mermaid-[0-9.]+\.min\.js)"></script>')
VERSION = diagrams.renderer_version()
stats = Counter()


def as_text(source: str) -> str:
    """Diagram source that the page shows as text, so Mermaid gets it as written.

    The diagram plugin's fence leaves the source unescaped: a `<br>` in a label
    would become a line-break element, vanish from the text Mermaid reads, and
    run the words on either side together.
    """
    return source.replace("<", "&lt;")


def replace_diagrams(html: str, prerender: bool = True) -> str:
    """Swap each Mermaid block for its stored SVG, or tag it for the browser."""
    seen, styles = Counter(), diagrams.PageStyles()

    def swap(match):
        key = diagrams.diagram_key(match.group(1), VERSION)
        svg = diagrams.load(key) if prerender else None
        seen[key] += 1
        if svg is None:
            stats["browser"] += 1
            return (f'<pre class="mermaid" data-diagram="{key}" data-search-exclude>'
                    f"<code>{as_text(match.group(1))}</code></pre>")
        stats["prerendered"] += 1
        return diagrams.embed(styles.take(diagrams.compact(diagrams.scope_ids(svg, key, seen[key] - 1))))

    return styles.insert(DIAGRAM_BLOCK.sub(swap, html))


def load_library_async(html: str) -> str:
    """Let the diagram library download without blocking rendering."""
    return LIBRARY_TAG.sub(r'<script async src="\1"></script>', html)


def only_with_browser_diagrams(post_page):
    """The plugin's `on_post_page`, skipped on pages without a block left for the browser."""
    def run(output, **kwargs):
        return post_page(output, **kwargs) if 'class="mermaid"' in output else output
    return run


def on_config(config, **kwargs):
    events = config.plugins.events["post_page"]
    for index, method in enumerate(events):
        if type(getattr(method, "__self__", None)).__module__ == "mermaid2.plugin":
            events[index] = only_with_browser_diagrams(method)


def on_pre_build(**kwargs):
    stats.clear()


def on_page_content(html, **kwargs):
    return replace_diagrams(html, prerender=os.environ.get("AWS_NOTES_DIAGRAMS") != "browser")


def on_page_context(context, page, **kwargs):
    context["diagram_stylesheet"] = diagrams.stylesheet_for(page.content or "")
    return context


def on_post_page(output, **kwargs):
    return load_library_async(output)


def on_post_build(**kwargs):
    if stats["browser"] and os.environ.get("AWS_NOTES_DIAGRAMS") != "browser":
        log.info("%d diagram(s) have no stored SVG and render in the browser: "
                 "run `python3 scripts/render_diagrams.py` to prerender them", stats["browser"])
