"""The acronyms of includes/abbreviations.md: tooltips on every page, and the glossary.

`on_config` hands the file's entries to Python-Markdown's `abbr` extension as
its glossary, so every page gets the acronym tooltips without the file being
appended to each page (the extension reparses an appended block once per
definition: about a quarter of the build). `on_page_markdown` fills the
`{{ glossary }}` marker of the glossary page from the same entries, and leaves
the terms in `page.meta["glossary_terms"]`, so the search hook can index each
term on its own, at its own anchor.
"""

from mkdocs.exceptions import PluginError

from awsnotes import abbreviations
from awsnotes.search import GlossaryTerm

MARKER = "{{ glossary }}"
_entries: list[abbreviations.Abbreviation] = []


def on_config(config, **kwargs):
    entries, bad = abbreviations.parse(abbreviations.ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    if bad:
        line, text = bad[0]
        raise PluginError(
            f"includes/{abbreviations.ABBREVIATIONS_FILE.name}:{line}: '{text}' is not of the form "
            "'*[TERM]: Meaning'"
        )
    if "abbr" not in config.markdown_extensions:
        raise PluginError("mkdocs.yml: the acronym tooltips need the `abbr` Markdown extension: "
                          "list `- abbr` under `markdown_extensions:`")
    _entries[:] = entries
    config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviations.glossary(entries)
    return config


def on_page_markdown(markdown, page, **kwargs):
    if MARKER not in markdown:
        return markdown
    page.meta["glossary_terms"] = [
        GlossaryTerm(abbreviations.anchor(e.term), e.term, e.meaning)
        for e in sorted(_entries, key=lambda e: abbreviations.sort_key(e.term))]
    return markdown.replace(MARKER, abbreviations.glossary_table(_entries))
