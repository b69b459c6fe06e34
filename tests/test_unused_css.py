"""Material's stylesheets without the rules the site cannot use (awsnotes/unused_css.py)."""

from pathlib import Path

import pytest

from awsnotes import site as built, unused_css
from tests.support import search

USED = unused_css.usage(
    html=['<body data-md-color-primary="indigo" data-md-color-accent="deep-orange">'
          '<div class="md-typeset admonition note"><table class=\'prewrapped\'></table></div>'],
    scripts=['x("div",{class:"md-search-result__item"});let t=`md-tag--${kind}`;e="md-status--"+s'])


def test_a_class_counts_as_used_from_a_class_attribute_a_script_or_a_prefix_a_script_completes():
    assert USED.classes == {"md-typeset", "admonition", "note", "prewrapped"}
    assert USED.colours == {"indigo", "deep-orange"}
    assert {"md-tag--", "md-status--"} <= set(USED.prefixes)
    for name in ("md-typeset", "prewrapped", "md-search-result__item", "md-search-result", "md-tag--new",
                 "md-status--deprecated"):
        assert USED.uses_class(name), name
    for name in ("md-post", "md-banner", "md-consent", "abstract"):
        assert not USED.uses_class(name), name


def test_a_selector_needs_only_the_classes_it_requires_not_those_it_tests_for():
    assert unused_css.needed_classes(".md-typeset .admonition.note>p::before") == {"md-typeset", "admonition", "note"}
    assert unused_css.needed_classes(".md-typeset table:is(:not([class]),.prewrapped) th") == {"md-typeset"}
    assert unused_css.needed_classes('a:not(.md-post)[href$=".md-post"]') == set()
    assert unused_css.needed_classes(r".md-\31 0") == set()  # escapes: kept, not parsed
    assert unused_css.needed_colours("[data-md-color-primary=pink] .md-header") == {"pink"}
    assert unused_css.needed_colours('[data-md-color-accent="deep-orange"]') == {"deep-orange"}
    assert unused_css.needed_colours(":not([data-md-color-primary=pink]) a") == set()


def test_pruning_drops_unused_selectors_and_the_rules_and_media_queries_left_empty():
    css = ('@charset "UTF-8";.md-typeset,.md-post{margin:0}.md-post__title{color:red}'
           '@media screen and (min-width:60em){.md-post{padding:0}.note:before{content:"{"}}'
           '@keyframes spin{0%{opacity:0}}@font-face{font-family:x}'
           "[data-md-color-primary=pink]{--c:#e92063}[data-md-color-primary=indigo]{--c:#4051b5}"
           "a:not(.md-post){color:blue}/* kept */")
    assert unused_css.pruned(css, USED) == (
        '@charset "UTF-8";.md-typeset{margin:0}'
        '@media screen and (min-width:60em){.note:before{content:"{"}}'
        "@keyframes spin{0%{opacity:0}}@font-face{font-family:x}"
        "[data-md-color-primary=indigo]{--c:#4051b5}a:not(.md-post){color:blue}/* kept */")


def test_a_stylesheet_the_site_uses_whole_is_left_exactly_as_it_was():
    css = ('@media (prefers-reduced-motion){*,:after{transition:none!important}}.md-typeset  table , .note{x:"}"}\n'
           "/* a */ .note /* b */ {x:1}\n/*# sourceMappingURL=main.min.css.map*/\n")
    assert "".join(block.text for block in unused_css.blocks(css)) == css
    assert unused_css.selectors(".md-typeset  table , .note") == [".md-typeset  table", ".note"]
    assert unused_css.pruned(".note,.admonition{x:1}", USED) == ".note,.admonition{x:1}"


@pytest.mark.parametrize("css, problem", [
    (".note{color:red", "a `{` is not closed"),
    ('.note{content:"x}', "a string is not closed"),
    (".note{color:red}/* x", "a comment is not closed"),
    (".note{color:red} .admonition", "text after the last rule"),
])
def test_a_stylesheet_that_is_not_well_formed_is_refused(css, problem):
    with pytest.raises(ValueError, match=problem):
        unused_css.pruned(css, USED)


def test_the_source_map_comment_goes():
    assert unused_css.without_source_map(".a{b:c}\n/*# sourceMappingURL=main.min.css.map*/") == ".a{b:c}\n"


# -- In the browser: every element styled exactly as Material's own stylesheets style it -----------

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "color_scheme": "light"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"}

# One fingerprint per element and per ::before/::after (their content first: most have none),
# over every computed property, once transitions and animations have finished (an endless one
# is held at its start).
STYLES = """() => {
  for (const animation of document.getAnimations()) {
    try { animation.finish(); } catch (endless) { animation.pause(); animation.currentTime = 0; }
  }
  const names = [...getComputedStyle(document.documentElement)].sort();  // custom properties come unordered
  const text = (style) => names.map(name => style.getPropertyValue(name)).join("|");
  const hash = (s) => { let h = 2166136261; for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619); return h >>> 0; };
  const out = [];
  for (const element of document.querySelectorAll("*")) {
    out.push(hash(text(getComputedStyle(element))));
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(element, pseudo);
      out.push(style.content === "none" ? 0 : hash(text(style)));
    }
  }
  return out;
}"""
# What differs at entry `index` of STYLES, told so a reader can find it.
DETAIL = """(index) => {
  const element = document.querySelectorAll("*")[Math.floor(index / 3)];
  const pseudo = [null, "::before", "::after"][index % 3];
  const style = getComputedStyle(element, pseudo);
  const where = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.className && element.className.baseVal === undefined ? "." + element.className.trim().replace(/\\s+/g, ".") : "")
    + (pseudo || "");
  return [where, Object.fromEntries([...getComputedStyle(document.documentElement)].map(n => [n, style.getPropertyValue(n)]))];
}"""


def materials_own_stylesheets() -> dict[str, str]:
    """Material's main and palette stylesheets as it ships them, with only the table rules widened
    (awsnotes/tables.py): what the site served before pruning. Keyed by file-name stem."""
    import material

    from awsnotes import tables

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return {"main": tables.widened(next(folder.glob("main.*.min.css")).read_text(encoding="utf-8")),
            "palette": next(folder.glob("palette.*.min.css")).read_text(encoding="utf-8")}


def covering_pages(site: Path, styled: set[str]) -> list[str]:
    """A few pages that between them have every class Material's stylesheets style (greedy)."""
    classes = {page.url: {name for match in unused_css.CLASS_ATTRIBUTE.finditer(page.html())
                          for name in (match[1] or match[2] or "").split()} & styled
               for page in built.pages(site)}
    left, chosen = set().union(*classes.values()), []
    while left:
        best = max(classes, key=lambda url: len(classes[url] & left))
        chosen.append(best)
        left -= classes[best]
    return chosen


def settled_styles(page) -> list[int]:
    """STYLES once two readings 300 ms apart agree (scripts finish their start-up work at their own pace)."""
    last = page.evaluate(STYLES)
    for _ in range(20):
        page.wait_for_timeout(300)
        now = page.evaluate(STYLES)
        if now == last:
            return now
        last = now
    raise AssertionError(f"{page.url}: the page's styles kept changing for 6 s")


def open_in_state(page, url: str, state: str) -> None:
    """Open `url` and bring it to `state`: "loaded", "search" (results shown, on a desktop) or "menu"
    (the phone's navigation drawer open)."""
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("() => window.document$ !== undefined")
    if state == "search":
        search(page, "vpc peering")
    elif state == "menu":
        page.locator(".md-header label[for=__drawer]").click()
        page.wait_for_function("() => document.getElementById('__drawer').checked")


def fulfil_with(css: str):
    """A route handler that answers with `css`."""
    return lambda route: route.fulfill(body=css, content_type="text/css")


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone-light", "desktop-dark"])
def test_every_element_is_styled_exactly_as_materials_own_stylesheets_style_it(browser, server, built_site, size):
    own = materials_own_stylesheets()
    served = {sheet.name.split(".")[0]: sheet for sheet in (built_site / "assets" / "stylesheets").glob("*.min.css")}
    assert set(served) == {"main", "palette"}
    assert all(len(served[name].read_text(encoding="utf-8")) < len(own[name]) for name in own), \
        "the build served Material's stylesheets whole"
    styled = set(unused_css.CLASS.findall(own["main"] + own["palette"]))
    states = [(path, "loaded") for path in covering_pages(built_site, styled)]
    states.append(("/", "menu" if size is PHONE else "search"))
    contexts = {variant: browser.new_context(**size) for variant in ("material", "served")}
    for name, css in own.items():
        contexts["material"].route(f"**/assets/stylesheets/{served[name].name}", fulfil_with(css))
    differences = []
    try:
        for path, state in states:
            opened = {}
            for variant, context in contexts.items():
                opened[variant] = context.new_page()
                open_in_state(opened[variant], server.url + path.lstrip("/"), state)
            theirs, ours = (settled_styles(opened[variant]) for variant in ("material", "served"))
            assert len(theirs) == len(ours), f"{path} ({state}): the two loads built different pages"
            for index in [i for i, (a, b) in enumerate(zip(theirs, ours)) if a != b][:3]:
                where, want = opened["material"].evaluate(DETAIL, index)
                _, got = opened["served"].evaluate(DETAIL, index)
                changed = {name: (want[name], got[name]) for name in want if want[name] != got[name]}
                differences.append(f"{path} ({state}) {where}: {changed}")
            for page in opened.values():
                page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not differences, "styled differently from Material's own stylesheets:\n" + "\n".join(differences)
