"""Material's table wrappers written at build time, so its bundle moves no table after load
(awsnotes/tables.py). Material's stylesheet is widened to the wrapped tables by
overrides/hooks/fingerprint.py, which renames it after its new content.
"""

from mkdocs.exceptions import PluginError

from awsnotes import tables


def on_page_content(html, page, **kwargs):
    try:
        return tables.wrapped(html)
    except ValueError as error:
        raise PluginError(f"docs/{page.file.src_uri}: {error}") from None
