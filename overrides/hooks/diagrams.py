"""Keep diagrams out of the search index and off the critical rendering path.

- Mermaid source is marked `data-search-exclude`, so searching "flowchart"
  or "subgraph" finds nothing and the index stays small.
- The library script that mkdocs-mermaid2 adds to pages with diagrams is
  made `async`, so it downloads in parallel and never blocks the first paint.
"""

import re

DIAGRAM_BLOCK = re.compile(r'<pre (?:id="[^"]*" )?class="mermaid">')
LIBRARY_TAG = re.compile(r'<script src="([^"]*/mermaid-[0-9.]+\.min\.js)"></script>')


def mark_diagrams(html: str) -> str:
    """Exclude every Mermaid block from the search index."""
    return DIAGRAM_BLOCK.sub(lambda m: m.group(0)[:-1] + " data-search-exclude>", html)


def load_library_async(html: str) -> str:
    """Let the diagram library download without blocking rendering."""
    return LIBRARY_TAG.sub(r'<script async src="\1"></script>', html)


def on_page_content(html, **kwargs):
    return mark_diagrams(html)


def on_post_page(output, **kwargs):
    return load_library_async(output)
