"""Give each page's search entry the page's `keywords` from its front matter.

Keywords hold the acronyms, alternative names and common misspellings readers
type ("SG", "lamda", "autoscaling"). They go into a `keywords` field of the
page's own entry in the search index (its boost is set in mkdocs.yml), so a
service's page outranks pages that only mention the service, without the
words showing on the page.
"""


def search_index(config):
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(plugin, "search_index", None)


def add_keywords(entries: list[dict], location: str, keywords: list[str]) -> bool:
    """Attach keywords to the entry for `location`; True if it was found."""
    for entry in reversed(entries):
        if entry.get("location") == location:
            entry["keywords"] = " ".join(keywords)
            return True
    return False


def on_page_context(context, page, config, **kwargs):
    keywords = page.meta.get("keywords") or []
    index = search_index(config)
    if keywords and index is not None:
        add_keywords(index.entries, page.url, [str(k) for k in keywords])
    return context
