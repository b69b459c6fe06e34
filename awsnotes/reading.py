"""Build-time touches to a page's HTML that make it easier to read, at no cost in the browser.

- Acronyms: Python-Markdown's `abbr` wraps every use of an acronym in
  `<abbr title>`. Underlining every one of them is noise, so only the first
  use of each acronym in a section (between `<h2>` headings) gets the
  `first-use` class (underlined by site.css) and `tabindex="0"`, so the
  keyboard can reach it and reader.js shows its meaning on focus. Acronyms in
  headings, links, summaries and buttons are never marked (a focusable
  element inside another interactive one confuses keyboards and screen
  readers).
- Commands: the copy button of a `console` block (any block with prompts)
  copies the commands only, without `$ ` prompts or output lines. The text is computed here and put in
  `data-copy` on the block, which Material's copy button uses when present.
- Colour palette: on its first run Material's palette script marks `<body>`
  `data-md-color-switching` (its CSS then turns every transition off), writes
  the resolved scheme, primary and accent colours, and takes the mark off
  again. Each change restyles the whole page, one of them after the first
  paint: the largest piece of a text page's blocking time (BENCHMARKS.md).
  The page is served with the body Material would write for the system's
  light scheme, switching mark included, so on a light system its script
  changes nothing until it removes the mark; a dark system still switches.
"""

from __future__ import annotations

import html
import re

ABBR_TOKENS = re.compile(
    r"<(?P<close>/?)(?P<tag>h[1-6]|a|summary|button|abbr)\b(?P<attrs>[^>]*)>", re.I)
INTERACTIVE = {"a", "summary", "button"}


def mark_first_abbreviations(page_html: str) -> str:
    """Mark the first `<abbr>` of each acronym per `<h2>` section as `first-use`, focusable."""
    out: list[str] = []
    position = 0
    seen: set[str] = set()
    open_heading = 0
    open_interactive = 0
    for match in ABBR_TOKENS.finditer(page_html):
        tag = match["tag"].lower()
        closing = bool(match["close"])
        if tag in ("h1", "h2") and not closing:
            seen.clear()
        if tag.startswith("h"):
            open_heading += -1 if closing else 1
            continue
        if tag in INTERACTIVE:
            open_interactive += -1 if closing else 1
            continue
        if closing:
            continue
        title = re.search(r'title="([^"]*)"', match["attrs"])
        term_end = page_html.find("</abbr>", match.end())
        term = page_html[match.end():term_end]
        if not title or open_heading > 0 or open_interactive > 0 or term in seen:
            continue
        seen.add(term)
        out.append(page_html[position:match.start()])
        out.append(f'<abbr class="first-use" tabindex="0"{match["attrs"]}>')
        position = match.end()
    out.append(page_html[position:])
    return "".join(out)


BODY = re.compile(r'<body\b(?:[^>]*?\bdir="(?P<dir>[^"]*)")?[^>]*>')
AUTOMATIC = "(prefers-color-scheme)"
LIGHT = "(prefers-color-scheme: light)"


def settled_body(palette: list[dict], direction: str = "ltr") -> str | None:
    """The `<body>` start tag the palette scripts leave on a light system (Material's start-up
    script and palette.js), so that on most first visits they change nothing; None when the palette does not
    follow the system (nothing to settle)."""
    light = next((entry for entry in palette or [] if entry.get("media") == LIGHT), None)
    if not palette or palette[0].get("media") != AUTOMATIC or light is None:
        return None
    # As Material writes them (templates/base.html and its palette script): spaces become hyphens.
    colours = {"scheme": light.get("scheme") or "default", "primary": light.get("primary") or "indigo",
               "accent": light.get("accent") or "indigo"}
    attributes = "".join(f' data-md-color-{key}="{html.escape(value.replace(" ", "-"))}"'
                         for key, value in colours.items())
    return f'<body dir="{html.escape(direction)}" data-md-color-media="{AUTOMATIC}"{attributes}>'


def settle_palette(page_html: str, palette: list[dict]) -> str:
    """`page_html` with its `<body>` start tag as `settled_body` gives it, keeping its `dir`
    (unchanged when the palette does not follow the system)."""
    def settle(found: re.Match) -> str:
        return settled_body(palette, found["dir"] or "ltr") or found.group(0)
    return BODY.sub(settle, page_html, count=1)


CODE_BLOCK = re.compile(
    r'(<div class="(?:language-[\w-]+ )?highlight")(><pre>(?:(?!</pre>).)*?<code>)(?P<code>.*?)(</code>)', re.S)
TAG = re.compile(r"<[^>]+>")
PROMPT = '<span class="gp">'
OUTPUT_LINE = re.compile(r'^(?:<a [^>]*></a>)*<span class="go">.*</span>$')
LINE_ANCHOR = re.compile(r'^(?:<a [^>]*></a>)+')


def console_commands(code_html: str) -> str:
    """The commands of a highlighted console block: no `$ ` prompts, no output lines."""
    commands = []
    for line in code_html.split("\n"):
        line = LINE_ANCHOR.sub("", line)
        if not line or OUTPUT_LINE.match(line):
            continue
        if line.startswith(PROMPT):
            line = line[line.index("</span>") + len("</span>"):]
        commands.append(html.unescape(TAG.sub("", line)))
    return "\n".join(commands).rstrip()


def add_console_copy_text(page_html: str) -> str:
    """Give each code block with prompts (`console`) a `data-copy` attribute holding its commands."""
    def with_copy(match: re.Match) -> str:
        if PROMPT not in match["code"]:
            return match[0]
        text = html.escape(console_commands(match["code"]), quote=True).replace("\n", "&#10;")
        return f'{match[1]} data-copy="{text}"{match[2]}{match["code"]}{match[4]}'

    return CODE_BLOCK.sub(with_copy, page_html)


def report_url_problem(template: object) -> str | None:
    """What is wrong with the "Report a mistake" address template, or None."""
    if not isinstance(template, str) or not template:
        return ("is missing: set it to a mailto: or https:// address with {url} (and optionally "
                "{title}) where the page's address and title go")
    if not template.startswith(("mailto:", "https://", "http://")):
        return f"'{template}' must start with mailto: or https://"
    if "{url}" not in template:
        return f"'{template}' must contain {{url}}, where the page's address goes"
    return None


def report_url(template: str, title: str, url: str) -> str:
    """The template with the page's title and address filled in, URL-encoded."""
    from urllib.parse import quote

    return template.replace("{title}", quote(title, safe="")).replace("{url}", quote(url, safe=""))
