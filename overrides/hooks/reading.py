"""Quieter acronyms, copyable commands and a quiet palette start, settled at build time
(see awsnotes/reading.py).

Also checks `extra.report_issue_url`, which overrides/main.html turns into
each page's "Report a mistake" link.
"""

from mkdocs.exceptions import PluginError

from awsnotes import reading


def on_config(config, **kwargs):
    problem = reading.report_url_problem(config.extra.get("report_issue_url"))
    if problem:
        raise PluginError(f"mkdocs.yml: extra.report_issue_url {problem}")
    return config


def on_page_content(html, page, **kwargs):
    return reading.add_console_copy_text(reading.mark_first_abbreviations(html))


def on_page_context(context, page, config, **kwargs):
    title = config.site_name if page.is_homepage or not page.title else page.title
    context["report_url"] = reading.report_url(config.extra["report_issue_url"], title, page.canonical_url or "")
    return context


def on_post_page(output, config, **kwargs):
    return reading.settle_palette(output, config.theme["palette"])


def on_post_template(output_content, template_name, config, **kwargs):
    # 404.html: a theme template, not a page.
    return reading.settle_palette(output_content, config.theme["palette"]) if template_name == "404.html" else output_content
