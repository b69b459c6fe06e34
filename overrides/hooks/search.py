"""Shape the search index: aliases on pages and sections, glossary terms, synonyms.

The work is done by pure functions in awsnotes/search.py; this hook only
feeds them each page as Material's search plugin indexes it, and adds the
synonym table (includes/search-synonyms.yml) to the written index's
`config`, where docs/assets/javascripts/search-worker.js reads it.
"""

import json
from pathlib import Path

from mkdocs.exceptions import PluginError

from awsnotes import search

_state = {}


def search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def on_config(config, **kwargs):
    redirects = config.plugins.get("redirects")
    maps = dict(redirects.config.get("redirect_maps") or {}) if redirects else {}
    _state["short_links"] = search.short_links(maps)
    try:
        _state["synonyms"] = search.read_synonyms()
    except search.SynonymError as error:
        raise PluginError(str(error)) from None
    return config


def on_page_context(context, page, config, **kwargs):
    plugin = search_plugin(config)
    index = getattr(plugin, "search_index", None)
    if index is None:
        return context
    meta = page.meta
    search.shape_page(index.entries, page.url,
                      [str(k) for k in meta.get("keywords") or []],
                      {str(a): [str(k) for k in v] for a, v in (meta.get("section_keywords") or {}).items()},
                      _state.get("short_links", {}).get(page.file.src_uri, {}))
    terms = meta.get("glossary_terms")
    if terms:
        search.split_glossary(index.entries, page.url, terms)
    return context


def on_post_build(config, **kwargs):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["config"].update(_state.get("synonyms", {}))
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
