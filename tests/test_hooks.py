"""The build hooks: diagrams stay out of the index and off the critical path; the glossary."""

import hashlib
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from awsnotes import abbreviations, diagrams, vendor_mermaid
from tests.support import load_hook

ROOT = Path(__file__).resolve().parent.parent


def test_uncached_diagrams_stay_for_the_browser_and_out_of_search(tmp_path, monkeypatch):
    hook = load_hook("diagrams")
    monkeypatch.setattr(diagrams, "CACHE_DIR", tmp_path)
    html = '<p>x</p><pre  class="mermaid"><code>flowchart LR\nA-->B\n</code></pre>'
    out = hook.replace_diagrams(html)
    key = diagrams.diagram_key("flowchart LR\nA-->B\n", hook.VERSION)
    assert f'<pre class="mermaid" data-diagram="{key}" data-search-exclude>' in out
    assert "A-->B" in out


def test_markup_in_a_diagram_reaches_mermaid_as_text(tmp_path, monkeypatch):
    hook = load_hook("diagrams")
    monkeypatch.setattr(diagrams, "CACHE_DIR", tmp_path)
    out = hook.replace_diagrams('<pre class="mermaid"><code>flowchart TB\nA["gp3<br>deleted"] <-.-> B\n'
                                    '</code></pre>')
    assert 'A["gp3&lt;br>deleted"] &lt;-.-> B' in out and "<br>" not in out


def test_cached_diagrams_are_inlined_with_unique_ids(tmp_path, monkeypatch):
    hook = load_hook("diagrams")
    monkeypatch.setattr(diagrams, "CACHE_DIR", tmp_path)
    source = "flowchart LR\nA-->B\n"
    key = diagrams.diagram_key(source, hook.VERSION)
    (tmp_path / f"{key}.svg").write_text('<svg id="__mermaid_3"><style>#__mermaid_3 .x{}</style></svg>')
    block = f'<pre class="mermaid"><code>{source}</code></pre>'
    out = hook.replace_diagrams(block + block)
    assert out.count('<div class="diagram" data-search-exclude>') == 2
    assert f'id="diagram-{key}"' in out and f'id="diagram-{key}-1"' in out
    assert "__mermaid_" not in out and "A-->B" not in out
    assert hook.replace_diagrams(block, prerender=False).startswith("<pre")


def test_embedded_diagrams_name_the_heading_above_each_one():
    html = ('<h1 id="amazon-vpc">Amazon VPC</h1><div class="diagram" style="--diagram-width: 640px">'
            '<svg></svg></div><h2 id="topology">Topology</h2><p>Text</p>'
            '<div class="diagram" data-search-exclude style="--diagram-width: 1200px"><svg></svg></div>')
    found = diagrams.embedded_diagrams(html)
    assert [(d.heading, d.width, d.svg) for d in found] == [("amazon-vpc", 640, "<svg></svg>"),
                                                            ("topology", 1200, "<svg></svg>")]
    assert diagrams.MAX_WIDTH == 917  # 688 px column, labels at three quarters of 16 px


def test_the_renderer_version_follows_the_library_and_the_loader(tmp_path):
    vendor, loader = tmp_path / "vendor", tmp_path / "diagram-loader.js"
    vendor.mkdir()
    (vendor / "mermaid-11.13.0.min.js").write_text("lib", encoding="utf-8")
    loader.write_text("var LAYOUT = { flowchart: { nodeSpacing: 30 } };", encoding="utf-8")
    before = diagrams.renderer_version(vendor, loader)
    assert before.startswith("11.13.0+")
    loader.write_text("var LAYOUT = { flowchart: { nodeSpacing: 40 } };", encoding="utf-8")
    assert diagrams.renderer_version(vendor, loader) != before


def test_diagram_key_depends_on_source_and_version():
    assert diagrams.diagram_key("a", "11.13.0") == diagrams.diagram_key(" a\n", "11.13.0")
    assert diagrams.diagram_key("a", "11.13.0") != diagrams.diagram_key("b", "11.13.0")
    assert diagrams.diagram_key("a", "11.13.0") != diagrams.diagram_key("a", "11.14.0")


def test_render_command_finds_keyed_blocks_and_stale_files(tmp_path):
    from awsnotes import render_diagrams
    (tmp_path / "vpc").mkdir()
    (tmp_path / "vpc" / "index.html").write_text('<pre class="mermaid" data-diagram="ab12"><code>x</code></pre>'
                                                  '<pre class="mermaid" data-diagram="cd34">')
    (tmp_path / "index.html").write_text("<p>no diagrams</p>")
    assert render_diagrams.pages_with_diagrams(tmp_path) == {"/vpc/": ["ab12", "cd34"]}
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("ab12", "old1"):
        (cache / f"{name}.svg").write_text("<svg/>")
    assert [p.name for p in render_diagrams.stale_files(cache, {"ab12", "cd34"})] == ["old1.svg"]


def test_library_script_becomes_async():
    hook = load_hook("diagrams")
    html = '<script src="../../assets/javascripts/vendor/mermaid-11.13.0.min.js"></script>'
    assert hook.load_library_async(html) == \
        '<script async src="../../assets/javascripts/vendor/mermaid-11.13.0.min.js"></script>'


def test_the_diagram_plugin_reads_only_pages_with_a_diagram_left_for_the_browser():
    """mkdocs-mermaid2 reparses any page that mentions "mermaid"; a stored SVG's colour variables do."""
    from awsnotes import config as site_config

    config = site_config.load()
    plugin = site_config.plugin(config, "mermaid2")
    passes = config.plugins.events["post_page"]
    before = len(passes)
    hook = load_hook("diagrams")
    hook.on_config(config)
    assert len(passes) == before and not [m for m in passes if getattr(m, "__self__", None) is plugin]
    calls = []
    wrapped = hook.only_with_browser_diagrams(lambda output, **kwargs: calls.append(output) or output + "<script>")
    stored = '<div class="diagram"><svg><style>.node{fill:var(--md-mermaid-node-bg-color)}</style></svg></div>'
    assert wrapped(stored, page=None) == stored and not calls
    left = '<pre class="mermaid" data-diagram="ab12"><code>graph LR</code></pre>'
    assert wrapped(left, page=None) == left + "<script>" and calls == [left]


def test_glossary_hook_gives_every_page_the_acronyms_and_fills_the_marker():
    import markdown

    from awsnotes import config as site_config

    glossary = load_hook("glossary")
    config = site_config.load()
    glossary.on_config(config)
    # Every page gets the tooltips from the abbr extension's glossary option ...
    md = markdown.Markdown(extensions=["abbr"], extension_configs={"abbr": config.mdx_configs["abbr"]})
    assert md.convert("A VPC.") == '<p>A <abbr title="Virtual private cloud">VPC</abbr>.</p>'
    # ... and the glossary page its table.
    page = SimpleNamespace(meta={})
    out = glossary.on_page_markdown("# Glossary\n\n{{ glossary }}\n", page=page)
    assert "| **VPC**{ #vpc } | Virtual private cloud |" in out
    assert "{{ glossary }}" not in out
    # The same terms, each with its anchor, for the search index.
    terms = {term.term: term for term in page.meta["glossary_terms"]}
    assert terms["VPC"].anchor == "vpc" and terms["VPC"].meaning == "Virtual private cloud"


def test_a_bad_abbreviation_line_stops_the_build_naming_it(tmp_path, monkeypatch):
    from mkdocs.exceptions import PluginError

    from awsnotes import config as site_config

    glossary = load_hook("glossary")
    bad = tmp_path / "abbreviations.md"
    bad.write_text("*[AZ]: Availability Zone\nVPC = Virtual private cloud\n", encoding="utf-8")
    monkeypatch.setattr(abbreviations, "ABBREVIATIONS_FILE", bad)
    with pytest.raises(PluginError, match=r"includes/abbreviations\.md:2: 'VPC = Virtual private cloud' is not"):
        glossary.on_config(site_config.load())


def test_glossary_table_sorted_case_insensitively():
    entries, _ = abbreviations.parse("*[IPv4]: v4\n*[IAM]: iam\n*[AZs]: zones\n*[AZ]: zone\n")
    rows = abbreviations.glossary_table(entries).splitlines()[2:]
    assert [row.split("**")[1] for row in rows] == ["AZ", "AZs", "IAM", "IPv4"]


@pytest.mark.parametrize("folder, name, pattern", [("docs/assets/javascripts/vendor", "mermaid", "mermaid-*.min.js"),
                                                   ("docs/assets/javascripts/vendor", "iframe-worker", "iframe-worker-*.js"),
                                                   ("tests/vendor", "axe-core", "axe-*.min.js")])
def test_vendored_libraries_are_the_recorded_releases(folder, name, pattern):
    """Each vendored library is byte for byte the file recorded when it was vendored."""
    vendor = ROOT / folder
    [library] = vendor.glob(pattern)
    recorded = vendor_mermaid.recorded_sha256((vendor / f"{name}.VERSION.txt").read_text())
    assert recorded, f"{name}.VERSION.txt records no sha256"
    assert hashlib.sha256(library.read_bytes()).hexdigest() == recorded, (
        f"{library.name} differs from the vendored release recorded in {name}.VERSION.txt")


def test_renamed_assets_are_found_under_the_names_they_are_served_with(tmp_path):
    """The page's scripts find the file they fetch on demand, and the page finds its scripts and
    Material's stylesheets (changed by the build) under their content-hashed names."""
    fingerprint = load_hook("fingerprint")
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "diagram-viewer.js").write_text("window.viewer = 1;\n", encoding="utf-8")
    (scripts / "site.js").write_text('var VIEWER = "assets/javascripts/diagram-viewer.js";\n', encoding="utf-8")
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir()
    (styles / "main.0123abcd.min.css").write_text(".md-typeset table:not([class]){display:inline-block}"
                                                 ".md-post{margin:0}\n/*# sourceMappingURL=main.0123abcd.min.css.map*/")
    (styles / "main.0123abcd.min.css.map").write_text("{}")
    (styles / "palette.4567cdef.min.css").write_text("[data-md-color-primary=pink]{--c:#e92063}"
                                                    "[data-md-color-primary=indigo]{--c:#4051b5}")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css">'
        '<link rel="stylesheet" href="assets/stylesheets/palette.4567cdef.min.css">'
        '<body data-md-color-primary="indigo"><div class="md-typeset"><table></table></div>'
        '<script src="assets/javascripts/site.js"></script>', encoding="utf-8")
    fingerprint.on_post_build({"site_dir": str(tmp_path), "extra_css": [],
                               "extra_javascript": ["assets/javascripts/site.js"]})
    [viewer] = scripts.glob("diagram-viewer.*.js")
    [site_js] = scripts.glob("site.*.js")
    [material, palette] = sorted(styles.iterdir())  # changed by the build; the map is gone
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f'"assets/javascripts/{viewer.name}"' in site_js.read_text(encoding="utf-8")
    assert f'src="assets/javascripts/{site_js.name}"' in page
    for sheet, shipped in ((material, "main.0123abcd.min.css"), (palette, "palette.4567cdef.min.css")):
        assert f'href="assets/stylesheets/{sheet.name}"' in page and sheet.name != shipped
        assert re.fullmatch(shipped.split(".")[0] + r"\.[0-9a-f]{8}\.min\.css", sheet.name)
    # Widened to the wrapped tables; without the rules and colours no page uses, and without the map.
    assert material.read_text(encoding="utf-8") == ".md-typeset table:is(:not([class]),.prewrapped){display:inline-block}\n"
    assert palette.read_text(encoding="utf-8") == "[data-md-color-primary=indigo]{--c:#4051b5}"
    assert not (scripts / "diagram-viewer.js").exists() and not (scripts / "site.js").exists()


def test_a_page_carries_each_diagram_stylesheet_once_pruned_to_the_classes_it_uses():
    def stored(n, rule):
        return (f'<svg id="diagram-{n}" class="flowchart" viewBox="0 0 10.123456 20">'
                f'<style>@keyframes dash{{to{{x:0}}}}#diagram-{n}{{fill:#333}}#diagram-{n} .node rect,'
                f'#diagram-{n} .cluster rect{{{rule}}}#diagram-{n} .flowchart-link:not(.node){{stroke:red}}'
                f'#diagram-{n} .edge-animation{{animation:dash 1s}}</style>'
                f'<g class="node"><path d="M1.234567,2L3.98,4.04" data-points="W3sieCI6MH1d"/></g>'
                f'<path class="flowchart-link"/><text x="0.5">99.999999999%</text></svg>')
    styles = diagrams.PageStyles()
    first, second = (styles.take(diagrams.compact(stored(n, "fill:red"))) for n in "ab")
    other = styles.take(diagrams.compact(stored("c", "fill:blue")))
    name = re.search(r'class="flowchart (diagram-style-\w+)"', first).group(1)
    assert f'class="flowchart {name}"' in second and name not in other
    assert "<style>" not in first + second + other and "#diagram-" not in first + second + other
    page = styles.insert("<p>Text</p>" + "".join(f'<div class="diagram">{svg}</div>' for svg in (first, second, other)))
    [css] = re.findall(r"<style>(.*?)</style>", page)
    assert page.index("<style>") < page.index("<g")  # inside the first diagram
    # Once per stylesheet; no rule for a class no diagram has (.cluster, .edge-animation), so no keyframes.
    assert css.count(f".{name}{{fill:#333}}") == 1 and css.count("{fill:#333}") == 2
    assert f".{name} .node rect{{fill:red}}" in css and f".{name} .flowchart-link:not(.node){{stroke:red}}" in css
    assert "cluster" not in css and "edge-animation" not in css and "@keyframes" not in css
    # Coordinates to a tenth of a pixel and no copy of the edges' points; the text is left as written.
    assert 'viewBox="0 0 10.1 20"' in first and 'd="M1.2,2L4,4"' in first and "99.999999999%" in first
    assert "data-points" not in first
    # Numbers run together in path data stay apart once shortened.
    assert diagrams.compact('<path d="M12.3.04l.26.3-.04.01"/>') == '<path d="M12.3 0l0.3 0.3 0 0"/>'
    assert diagrams.PageStyles().insert("<p>No diagram</p>") == "<p>No diagram</p>"


def test_keyframes_stay_while_a_rule_animates_with_them():
    css = "@keyframes dash{to{x:0}}.s .edge-animation{animation:dash 1s}.s .unused{fill:red}"
    assert diagrams.pruned(css, {"s", "edge-animation"}) == "@keyframes dash{to{x:0}}.s .edge-animation{animation:dash 1s}"
    assert diagrams.pruned('.s [href$=".pdf"]{x:0}', {"s"}) == '.s [href$=".pdf"]{x:0}'  # not a class
