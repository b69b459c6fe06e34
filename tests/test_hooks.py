"""The build hooks: diagrams stay out of the index and off the critical path; the glossary."""

import importlib.util
from pathlib import Path

from scripts import abbreviations

ROOT = Path(__file__).resolve().parent.parent


def load_hook(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "overrides" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_diagrams_are_excluded_from_search():
    diagrams = load_hook("diagrams")
    html = '<p>x</p><pre class="mermaid"><code>flowchart LR\nA-->B</code></pre>'
    assert '<pre class="mermaid" data-search-exclude>' in diagrams.mark_diagrams(html)


def test_library_script_becomes_async():
    diagrams = load_hook("diagrams")
    html = '<script src="../../assets/javascripts/vendor/mermaid-11.13.0.min.js"></script>'
    assert diagrams.load_library_async(html) == \
        '<script async src="../../assets/javascripts/vendor/mermaid-11.13.0.min.js"></script>'


def test_glossary_marker_filled_from_abbreviations():
    glossary = load_hook("glossary")
    out = glossary.on_page_markdown("# Glossary\n\n{{ glossary }}\n", page=None)
    assert "| **VPC**{ #vpc } | Virtual private cloud |" in out
    assert "{{ glossary }}" not in out


def test_glossary_table_sorted_case_insensitively():
    entries, _ = abbreviations.parse("*[IPv4]: v4\n*[IAM]: iam\n*[AZs]: zones\n*[AZ]: zone\n")
    rows = abbreviations.glossary_table(entries).splitlines()[2:]
    assert [row.split("**")[1] for row in rows] == ["AZ", "AZs", "IAM", "IPv4"]


def test_vendored_library_matches_configuration():
    vendor = ROOT / "docs" / "assets" / "javascripts" / "vendor"
    [library] = vendor.glob("mermaid-*.min.js")
    assert library.name in (ROOT / "mkdocs.yml").read_text()
    assert library.name in (ROOT / "docs" / "assets" / "javascripts" / "diagram-loader.js").read_text()
    assert "MIT" in (vendor / "mermaid.VERSION.txt").read_text()
