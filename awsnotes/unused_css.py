"""Material's stylesheets without the rules this site cannot use.

Material ships one stylesheet for every feature it has: blog posts, navigation
tabs, banners, cookie consent, version selectors, keyboard keys, and all 21
primary and 16 accent colours of its palette. Both stylesheets block the first
paint, and on the phone profile of the benchmark every kilobyte on the way to it
costs about 5 ms. The build drops each selector that needs a class the site
never has, and each palette colour the site never sets (`pruned`, applied by
overrides/hooks/fingerprint.py): on this site main.css goes from 22.7 to
18.4 KB compressed and palette.css from 2.0 to 0.8 KB (BENCHMARKS.md, "The
first paint level with the old site's").

Pruning only removes what cannot match (`Usage.keeps`):

- A selector needs each class written outside brackets and parentheses
  (`needed_classes`). `:not(.x)`, `:is(.x,.y)` and `[class*=x]` need nothing,
  so a selector is never dropped for a class it only tests for.
- A class is used if a class attribute of a built HTML file has it, if a script
  that can put classes on the page names it anywhere (Material's bundle, the
  site's own scripts, the search worker), or if such a script builds class names
  from its prefix (`md-tag--${...}`, `"md-status--"+...`). The diagram library
  (`vendor/`, which draws inside its own SVG) and the search's language support
  (`lunr/`) are not such scripts.
- A palette colour (`[data-md-color-primary=pink]`) is used if a built page
  sets it in a `data-md-color-primary` or `data-md-color-accent` attribute: the
  page's body and the palette toggle's inputs, which is where Material's palette
  script reads the colours it applies.

Everything else is kept as it is, rule bodies included: at-rules other than the
grouping ones (`@keyframes`, `@font-face`, ...), comments, declarations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PALETTE_STYLESHEET = "assets/stylesheets/palette.*.min.css"  # glob, in the built site
GROUPING_RULES = {"media", "supports", "layer", "container", "document"}  # bodies hold rules
SCRIPTS = "assets/javascripts"
NOT_PAGE_SCRIPTS = ("vendor/", "lunr/")  # under SCRIPTS: scripts that put no class on the page

SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")
CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
COLOUR = re.compile(r"\[data-md-color-(?:primary|accent)=[\"']?([\w-]+)[\"']?\]")
CLASS_ATTRIBUTE = re.compile(r"\bclass\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
COLOUR_ATTRIBUTE = re.compile(r"\bdata-md-color-(?:primary|accent)\s*=\s*[\"']([\w-]+)[\"']")
# A class name a script completes at run time: `md-tag--${kind}` or "md-status--"+kind.
CLASS_PREFIX = re.compile(r"([A-Za-z_][\w-]*[-_])(?:\$\{|[\"']\s*\+)")


@dataclass(frozen=True)
class Block:
    """One top-level piece of a stylesheet: a rule (`prelude{body}`), or a comment or statement
    (body None). `text` is exactly what the stylesheet had."""

    prelude: str
    body: str | None
    text: str


def _skip_string(css: str, i: int) -> int:
    """The index just after the string that starts at css[i]."""
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    if i >= len(css):
        raise ValueError("a string is not closed")
    return i + 1


def _skip_comment(css: str, i: int) -> int:
    end = css.find("*/", i + 2)
    if end < 0:
        raise ValueError("a comment is not closed")
    return end + 2


def _closing_brace(css: str, i: int) -> int:
    """The index of the `}` that closes the `{` at css[i]."""
    depth, i = 0, i
    while i < len(css):
        char = css[i]
        if char in "\"'":
            i = _skip_string(css, i)
            continue
        if css.startswith("/*", i):
            i = _skip_comment(css, i)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("a `{` is not closed")


def blocks(css: str) -> list[Block]:
    """The top-level blocks of `css`, in order; joined, their texts are `css` again. Raises
    ValueError for a stylesheet that is not well formed (an unclosed brace, string or comment)."""
    found: list[Block] = []
    i = 0
    while i < len(css):
        start = i
        while start < len(css) and css[start].isspace():
            start += 1
        if css.startswith("/*", start):
            end = _skip_comment(css, start)
            found.append(Block("", None, css[i:end]))
            i = end
            continue
        j, depth = i, 0
        while j < len(css) and not (css[j] in "{;" and depth == 0):
            if css[j] in "\"'":
                j = _skip_string(css, j)
                continue
            if css.startswith("/*", j):
                j = _skip_comment(css, j)
                continue
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(css[j], 0)
            j += 1
        if j == len(css):
            if css[i:].strip():
                raise ValueError(f"text after the last rule: {css[i:i + 40]!r}")
            found.append(Block("", None, css[i:]))
            break
        if css[j] == ";":
            found.append(Block("", None, css[i:j + 1]))
            i = j + 1
            continue
        end = _closing_brace(css, j)
        found.append(Block(css[i:j], css[j + 1:end], css[i:end + 1]))
        i = end + 1
    if "".join(block.text for block in found) != css:  # the parser's own guarantee
        raise ValueError("the stylesheet did not split into whole rules")
    return found


def selectors(prelude: str) -> list[str]:
    """The selectors of a rule's selector list, split at its top-level commas."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(prelude):
        char = prelude[i]
        if char in "\"'":
            i = _skip_string(prelude, i)
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
        i += 1
    parts.append(prelude[start:].strip())
    return parts


def _outside_groups(selector: str, groups: str = "([") -> str:
    """`selector` without what is inside the groups named by their opening characters:
    parentheses and brackets by default."""
    closing = {"(": ")", "[": "]"}
    out, depth, i = [], 0, 0
    while i < len(selector):
        char = selector[i]
        if char in "\"'":
            end = _skip_string(selector, i)
            if depth == 0:
                out.append(selector[i:end])
            i = end
            continue
        if char in groups:
            depth += 1
        elif depth and char in (closing[opening] for opening in groups):
            depth -= 1
        elif depth == 0:
            out.append(char)
        i += 1
    return "".join(out)


def needed_classes(selector: str) -> set[str]:
    """The classes an element (or its ancestors) must have for `selector` to match: those outside
    brackets and parentheses. None for a selector with escapes (this reader does not parse them),
    which is then always kept."""
    if "\\" in selector:
        return set()
    return set(CLASS.findall(_outside_groups(selector)))


def needed_colours(selector: str) -> set[str]:
    """The palette colours `selector` requires: `[data-md-color-primary=pink] a` -> {"pink"}; none
    for a colour inside parentheses (`:not([data-md-color-primary=pink])`)."""
    return set(COLOUR.findall(_outside_groups(selector, groups="(")))


@dataclass(frozen=True)
class Usage:
    """What the built site uses: see the module's docstring."""

    classes: frozenset[str]       # from class attributes of the built HTML
    scripts: str                  # the page scripts' text, searched for class names
    prefixes: tuple[str, ...]     # class names the scripts complete at run time
    colours: frozenset[str]       # palette colours the pages set

    def uses_class(self, name: str) -> bool:
        return name in self.classes or name in self.scripts or name.startswith(self.prefixes)

    def keeps(self, selector: str) -> bool:
        return (all(self.uses_class(name) for name in needed_classes(selector))
                and needed_colours(selector) <= self.colours)


def usage(html: list[str], scripts: list[str]) -> Usage:
    """The usage of a site whose HTML files and page scripts have these texts."""
    classes = {name for text in html for match in CLASS_ATTRIBUTE.finditer(text)
               for name in (match[1] if match[1] is not None else match[2]).split()}
    colours = {match[1] for text in html for match in COLOUR_ATTRIBUTE.finditer(text)}
    script_text = "\n".join(scripts)
    prefixes = tuple(sorted(set(CLASS_PREFIX.findall(script_text))))
    return Usage(frozenset(classes), script_text, prefixes, frozenset(colours))


def usage_of_site(site: Path) -> Usage:
    """The usage of the built site in `site`: every HTML file, every page script."""
    html = [path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))]
    scripts = [path.read_text(encoding="utf-8") for path in sorted((site / SCRIPTS).rglob("*.js"))
               if not path.relative_to(site / SCRIPTS).as_posix().startswith(NOT_PAGE_SCRIPTS)]
    return usage(html, scripts)


def pruned(css: str, used: Usage) -> str:
    """`css` without the selectors `used` does not keep, and without the rules and grouping rules
    left empty. Raises ValueError for a stylesheet that is not well formed."""
    out = []
    for block in blocks(css):
        if block.body is None:
            out.append(block.text)
            continue
        at_rule = re.match(r"\s*@([\w-]+)", block.prelude)
        if at_rule and at_rule[1].lower() in GROUPING_RULES:
            inner = pruned(block.body, used)
            if inner.strip():
                out.append(f"{block.prelude}{{{inner}}}")
        elif at_rule:
            out.append(block.text)
        else:
            kept = [selector for selector in selectors(block.prelude) if used.keeps(selector)]
            if kept:
                out.append(f"{','.join(kept)}{{{block.body}}}")
    return "".join(out)


def without_source_map(css: str) -> str:
    """`css` without its source map comment: the map describes the stylesheet as Material ships it."""
    return SOURCE_MAP.sub("", css)
