"""Fewer requests and bytes (see awsnotes/payload.py): the site's scripts as two files (one before
Material's bundle, one after it); pages without the templates' indentation.

The script parts leave the site: pages reference only the joined files. Listed
after overrides/hooks/links.py, which fills the anchor map into one of the
parts, and before overrides/hooks/fingerprint.py, which gives the joined files
hashed names.
"""

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from awsnotes import payload

_after: list[str] = []  # extra_javascript from mkdocs.yml: the parts of payload.AFTER


def on_config(config, **kwargs):
    global _after
    _after = []
    for script in config.extra_javascript:
        if not isinstance(script, str) and (script.type or script.async_ or script.defer):
            raise PluginError(f"mkdocs.yml: extra_javascript: {script} has attributes of its own, but the site "
                              f"joins its scripts into one classic deferred file ({payload.AFTER}): list it as "
                              f"a plain path, or load it from overrides/main.html")
        _after.append(str(script))
    config.extra_javascript = [payload.AFTER] if _after else []
    return config


def joined(files, paths: list[str]) -> str:
    parts = []
    for path in paths:
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"docs/{path} is missing: it is part of the site's scripts "
                              f"(awsnotes/payload.py, extra_javascript in mkdocs.yml); restore it or remove it there")
        parts.append((path, file.content_string))
        files.remove(file)
    return payload.join(parts)


def on_files(files, config, **kwargs):
    for bundle, paths in ((payload.START, payload.start_parts(config.theme.get("features") or [])),
                          (payload.AFTER, _after)):
        if paths:
            files.append(File.generated(config, bundle, content=joined(files, paths)))
    return files


def on_post_page(output, **kwargs):
    return payload.dedent(payload.plain_whitespace(output))


def on_post_template(output_content, template_name, **kwargs):
    # 404.html: a theme template, not a page.
    return payload.dedent(output_content) if template_name == "404.html" else output_content
