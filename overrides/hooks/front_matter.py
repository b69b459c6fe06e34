"""Front matter reaches HTML escaped, wherever a template puts it.

MkDocs' Jinja environment does not autoescape, and Material's base.html
(the `<title>` and `<meta name="description">`), its header and our
overrides/main.html insert `page.meta.title` and `page.meta.description`
as they are: a description such as `SQS & SNS "fan-out" isn't <hard>` would
end the attribute at the first quote and put the rest into the page as HTML.

Each text value of the front matter that templates show is replaced by its
escaped form, marked safe (markupsafe.Markup): a template that prints it
raw prints the escaped text, one that escapes it (`| e`) leaves it as it is,
so the reader sees exactly what the author wrote, and nothing runs. A title
taken from the H1 is HTML text already; only its quotes are escaped.
"""

from markupsafe import Markup, escape

SHOWN = ("title", "description")


def escaped_meta(meta: dict) -> dict:
    """`meta` with the shown text values escaped (and marked safe, so never escaped twice)."""
    return {key: escape(value) if key in SHOWN and isinstance(value, str) and not isinstance(value, Markup)
            else value for key, value in meta.items()}


def safe_heading(title: str) -> Markup:
    """A title taken from the page's H1: HTML text already (`&amp;`, `&lt;`), except quotes."""
    return Markup(title.replace('"', "&#34;"))


def on_page_markdown(markdown, page, **kwargs):
    page.meta = escaped_meta(page.meta)
    return markdown


def on_page_content(html, page, **kwargs):
    title = getattr(page, "_title_from_render", None)  # MkDocs 1.6 keeps the H1's text here
    if isinstance(title, str) and not isinstance(title, Markup):
        page._title_from_render = safe_heading(title)
    return html
