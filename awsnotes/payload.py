"""Fewer requests and fewer bytes on a first visit, without changing what the reader gets.

On a slow phone connection every request costs a round trip, and a page that
does not fit in the first TCP round trip (about 14 KB compressed, headers
included) costs one more before anything is painted. Lighthouse models both;
BENCHMARKS.md has the measurements. overrides/hooks/payload.py applies this:

- Two of Material's start-up scripts stay inline, where Material puts them,
  and the Content-Security-Policy allows exactly these two by their hashes
  (INLINE_SCRIPTS; awsnotes/http_policy.py). HEAD_SCRIPT, after the
  stylesheets, holds the parser there until they have arrived, so the first
  paint shows the top of the page without waiting for the rest to be laid out
  (a parser that has read the whole page first must lay all of it out before
  it paints). The palette script, right after the header's palette form,
  applies the reader's chosen scheme before the first paint, and there the
  parser stops for a frame, so the header is painted before the article is
  laid out. As files they cost a request each and about 0.1 s of first paint
  on the benchmark's phone (BENCHMARKS.md).
- The site's own scripts are served as two files around Material's bundle.
  The sources stay small files with one job each under docs/assets/javascripts/.
  START (the search loader, which must hold back the search index before the
  bundle asks for it, and Material's content-tab start-up scripts, which need
  the page's body, served as files) and AFTER (every script listed under
  `extra_javascript` in mkdocs.yml, in that order) are deferred
  (overrides/main.html): they run in document order after parsing, before
  and after the bundle, as the parts did as separate files. The site's own
  scripts and stylesheet are served minified (`minified`).
- Code blocks carry their white space as text, not one element per run of
  spaces (`plain_whitespace`).
- Pages are served without the templates' indentation and blank lines, which
  are about a fifth of a page's bytes. Outside preformatted text a run of
  white space shows as one space whatever its length, so removing the spaces
  and line breaks that follow a line break changes nothing on screen.
"""

from __future__ import annotations

import re
from pathlib import Path

START = "assets/javascripts/start.js"
AFTER = "assets/javascripts/site.js"

TABS = "assets/javascripts/theme-tabs.js"  # Material includes it only with `content.tabs.link`
START_PARTS = (
    "assets/javascripts/search-loader.js",  # before the bundle requests the search index
    TABS,                                   # the reader's chosen content tabs
    "assets/javascripts/theme-target.js",   # the content tab named in the address
)



def material_inline_script(partial: str) -> str:
    """The code of the inline <script> in Material's template partials/javascripts/`partial`."""
    import material

    template = Path(material.__file__).parent / "templates" / "partials" / "javascripts" / partial
    found = re.search(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S)
    if found is None:
        raise RuntimeError(f"Material's partials/javascripts/{partial} has no inline <script> any more: "
                           "see awsnotes/payload.py and CONTRIBUTING.md (Upgrading Material)")
    return found[1]


# Material's head script names the site's root once per page depth ("../.."), so each depth would
# need its own hash: the page gives its root in the script's `data-scope` instead
# (overrides/partials/javascripts/base.html), and one script, one hash, serves every page.
MATERIAL_SCOPE = 'new URL("{{ config.extra.scope | d(base_url) }}",location)'
PAGE_SCOPE = "new URL(document.currentScript.dataset.scope,location)"


# The marks Material's bundle puts on the root when it starts go on in the head, before there is a
# body to restyle: the `js` class in place of `no-js`, and the focus-visible polyfill's
# `js-focus-visible` class and `data-js-focus-visible` attribute. Made by the bundle, after the whole
# page is laid out, each restyled every element (BENCHMARKS.md); now the bundle's own changes find
# nothing left to change.
ROOT_MARKS = ('document.documentElement.classList.replace("no-js","js");'
                   'document.documentElement.classList.add("js-focus-visible");'
                   'document.documentElement.setAttribute("data-js-focus-visible","");')


def head_script() -> str:
    """Material's head script (__md_scope, __md_get, __md_set), its root read from `data-scope`,
    then the marks Material's bundle puts on the root (ROOT_MARKS)."""
    code = material_inline_script("base.html")
    if MATERIAL_SCOPE not in code:
        raise RuntimeError("Material's head script no longer sets __md_scope as "
                           f"{MATERIAL_SCOPE}: update MATERIAL_SCOPE in awsnotes/payload.py")
    return code.replace(MATERIAL_SCOPE, PAGE_SCOPE).rstrip().rstrip(";") + ";" + ROOT_MARKS


HEAD_SCRIPT = head_script()
# The inline scripts the site's Content-Security-Policy allows, by their hashes.
INLINE_SCRIPTS = (HEAD_SCRIPT, material_inline_script("palette.html"))

# Elements whose white space shows as written: preformatted blocks, form text, and the inline
# code and keys Material styles `white-space: pre-wrap`.
PRESERVED = re.compile(r"(<(pre|textarea|code|kbd)\b.*?</\2>)", re.S | re.I)
# A whole tag (so its attribute values, quoted, are kept as they are), or a line break with the
# blank lines and indentation after it.
TAG_OR_INDENT = re.compile(r"""(<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>)|\n[ \t\r\n]+""")


def minified(path: str, text: str) -> str:
    """A script or stylesheet as the site serves it: without comments and the white space that
    changes nothing (rjsmin, rcssmin). The sources keep their comments; served, they were about
    two fifths of the site's own bytes on every first visit (BENCHMARKS.md)."""
    import rcssmin
    import rjsmin

    if path.endswith(".js"):
        return rjsmin.jsmin(text)
    if path.endswith(".css"):
        return rcssmin.cssmin(text)
    return text


def start_parts(features: list[str]) -> list[str]:
    """The files joined into START, in order, for the theme's enabled features."""
    return [part for part in START_PARTS if part != TABS or "content.tabs.link" in features]


def join(parts: list[tuple[str, str]]) -> str:
    """One script from (path, source) pairs, in order. Each part is headed by a comment naming its
    file and ended by `;`, so a part whose last statement has no semicolon (Material's minified
    scripts) cannot run on into the next part's opening parenthesis."""
    return "".join(f"/* {path} */\n{source.rstrip()}\n;\n" for path, source in parts)


# Pygments wraps each run of white space between code tokens in its own element; no style draws it.
WHITESPACE_TOKEN = re.compile(r'<span class="w">([ \t\n]*)</span>')


def plain_whitespace(html: str) -> str:
    """Code blocks with their white space as text instead of hundreds of empty-looking elements."""
    return WHITESPACE_TOKEN.sub(r"\1", html)


def dedent(html: str) -> str:
    """The page without blank lines and the spaces and tabs that start its lines, except inside
    PRESERVED elements and attribute values (a `data-copy` attribute holds a command's continuation
    lines). A no-break space is text, not indentation: it stays."""
    pieces = PRESERVED.split(html)
    # split() with two groups: text, whole element, its tag name, text, ...
    return "".join(_dedent(piece) if index % 3 == 0 else piece if index % 3 == 1 else ""
                   for index, piece in enumerate(pieces))


def _dedent(html: str) -> str:
    return TAG_OR_INDENT.sub(lambda match: match[1] or "\n", html)
