"""Fill the `{{ glossary }}` marker from includes/abbreviations.md.

Only pages that contain the marker are touched, so the glossary and the
acronym tooltips come from the same single file.
"""


from mkdocs.exceptions import PluginError

from awsnotes import abbreviations

MARKER = "{{ glossary }}"


def on_page_markdown(markdown, page, **kwargs):
    if MARKER not in markdown:
        return markdown
    entries, bad = abbreviations.parse(abbreviations.ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    if bad:
        line, text = bad[0]
        raise PluginError(
            f"{abbreviations.ABBREVIATIONS_FILE.name}:{line}: '{text}' is not of the form "
            "'*[TERM]: Meaning'"
        )
    return markdown.replace(MARKER, abbreviations.glossary_table(entries))
