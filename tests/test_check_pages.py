"""Each source check fails on a crafted bad page and names the file."""

from awsnotes.checks import pages as check_pages

TAGS = {"Networking", "Security"}
GOOD = """---
description: How network ACLs filter traffic at the subnet boundary.
tags:
  - Networking
keywords:
  - NACL
verified: 2026-12-01
sources:
  - url: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    for: how network ACLs evaluate rules
---

# Network ACLs

Summary.

## Rules { #rules }

```console
# not a heading inside a fence
```
"""


def messages(problems):
    return [str(p) for p in problems]


def test_good_page_passes():
    assert check_pages.check_page("docs/good.md", GOOD, TAGS) == []


def test_missing_front_matter():
    problems = check_pages.check_page("docs/bad.md", "# Title\n", TAGS)
    assert any("docs/bad.md:1: no front matter" in m for m in messages(problems))


def test_missing_description():
    text = GOOD.replace("description: How network ACLs filter traffic at the subnet boundary.\n", "")
    assert any("missing 'description:'" in m and m.startswith("docs/bad.md")
               for m in messages(check_pages.check_page("docs/bad.md", text, TAGS)))


def test_long_description():
    text = GOOD.replace("How network ACLs", "x" * 170)
    assert any("shorten it to at most 160" in m for m in messages(check_pages.check_page("p.md", text, TAGS)))


def test_unknown_field_and_tag():
    text = GOOD.replace("tags:\n  - Networking", "tags:\n  - Networkin\nauthor: me")
    found = messages(check_pages.check_page("p.md", text, TAGS))
    assert any("unknown front matter field 'author'" in m for m in found)
    assert any("tag 'Networkin' is not allowed" in m for m in found)


def test_invalid_yaml():
    text = GOOD.replace("keywords:\n  - NACL", "keywords: [unclosed")
    assert any("not valid YAML" in m for m in messages(check_pages.check_page("p.md", text, TAGS)))


def test_two_h1_and_missing_anchor_and_deep_heading():
    text = GOOD + "\n# Another title\n\n## No anchor here\n\n#### Too deep { #deep }\n"
    found = messages(check_pages.check_page("docs/x.md", text, TAGS))
    assert any(m.startswith("docs/x.md:23: second H1") for m in found), found
    assert any(m.startswith("docs/x.md:25: heading has no explicit anchor") for m in found), found
    assert any(m.startswith("docs/x.md:27: heading level 4") for m in found), found


def test_no_h1():
    text = GOOD.replace("# Network ACLs\n", "")
    assert any("no H1 title" in m for m in messages(check_pages.check_page("p.md", text, TAGS)))


def test_garbled_characters():
    text = GOOD + "\nAWS‚Äôs network is fast and it\u00e2\u20ac\u2122s cheap.\n"
    found = messages(check_pages.check_page("docs/g.md", text, TAGS))
    assert any(m.startswith("docs/g.md:23: garbled characters '‚Äô") for m in found), found


def test_external_image():
    text = GOOD + "\n![diagram](https://example.com/vpc.png)\n"
    assert any("image from another host" in m
               for m in messages(check_pages.check_page("docs/i.md", text, TAGS)))
    html = GOOD + '\n<img src="//cdn.example.com/x.png">\n'
    assert any("image from another host" in m for m in messages(check_pages.check_page("p.md", html, TAGS)))


def test_local_image_is_fine():
    assert check_pages.check_images("p.md", "![VPC](../assets/images/vpc.svg)\n") == []


def test_abbreviations_unsorted_duplicate_and_malformed():
    text = "*[VPC]: Virtual private cloud\n*[ALB]: Application Load Balancer\n*[VPC]: Again\nnot one\n"
    found = messages(check_pages.check_abbreviations("includes/abbreviations.md", text))
    assert any("includes/abbreviations.md:2: 'ALB' is out of order" in m for m in found), found
    assert any("includes/abbreviations.md:3: 'VPC' is defined twice" in m for m in found), found
    assert any("includes/abbreviations.md:4: 'not one' is not an abbreviation" in m for m in found), found


def test_sorted_abbreviations_pass():
    assert check_pages.check_abbreviations("a.md", "*[AZ]: Availability Zone\n*[AZs]: Zones\n*[VPC]: V\n") == []


def test_the_real_tree_is_clean():
    from awsnotes import ROOT, config

    assert messages(check_pages.check_tree(ROOT, config.allowed_tags(config.load()))) == []


# -- Headings as Markdown parses them ----------------------------------------------

def problems_at(text, path="docs/h.md"):
    return messages(check_pages.check_page(path, text, TAGS))


def test_setext_h1_is_refused():
    text = GOOD + "\nAnother title\n=============\n"
    assert any(m.startswith("docs/h.md:23: underlined (setext) heading 'Another title'")
               for m in problems_at(text)), problems_at(text)


def test_setext_h2_is_refused_with_the_atx_form_spelled_out():
    text = GOOD + "\nLimits\n------\n"
    found = problems_at(text)
    assert any(m.startswith("docs/h.md:23: underlined (setext) heading 'Limits'") and "## Limits { #stable-id }" in m
               for m in found), found


def test_headings_inside_admonitions_and_tabs_need_anchors():
    text = GOOD + ('\n!!! note "Remember"\n\n    ## Inside a note\n\n'
                   '=== "Console"\n\n    ### Inside a tab\n\n    Text.\n')
    found = problems_at(text)
    assert any(m.startswith("docs/h.md:25: heading has no explicit anchor") for m in found), found
    assert any(m.startswith("docs/h.md:29: heading has no explicit anchor") for m in found), found


def test_headings_in_included_snippets_need_anchors(tmp_path):
    snippet = "Intro.\n\n## From a snippet\n\nMore.\n"
    found = messages(check_pages.check_snippet("includes/part.md", snippet))
    assert found == ["includes/part.md:3: heading has no explicit anchor: end it with '{ #stable-id }' "
                     "so links to it never break"]
    assert any("includes/part.md:1: H1 in a snippet" in m
               for m in messages(check_pages.check_snippet("includes/part.md", "# Title\n")))


def test_hash_lines_in_a_fence_wrapping_a_fence_are_not_headings():
    text = GOOD + "\n````markdown\n```bash\n# comment\n```\n# still code\n## also code\n````\n"
    assert problems_at(text) == []


def test_a_hash_line_in_a_tilde_fence_and_an_indented_block_is_not_a_heading():
    text = GOOD + "\n~~~\n# code\n~~~\n\n    # indented code\n"
    assert problems_at(text) == []


# -- Active content ---------------------------------------------------------------

def test_scripts_event_handlers_and_javascript_urls_are_refused():
    text = GOOD + ('\n<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n'
                   '[click](javascript:alert(3))\n\n<a href=" JavaScript:alert(4)">x</a>\n')
    found = problems_at(text)
    assert any(m.startswith("docs/h.md:23: raw <script>") for m in found), found
    assert any(m.startswith("docs/h.md:25: inline event handler") for m in found), found
    assert any(m.startswith("docs/h.md:27: 'javascript:' URL") for m in found), found
    assert any(m.startswith("docs/h.md:29: 'javascript:' URL") for m in found), found


def test_code_about_scripts_is_fine():
    text = GOOD + ("\nUse `<script src=...>` or `onerror=` or `javascript:` in examples.\n\n"
                   "```html\n<script>alert(1)</script>\n```\n\nThe onerror handler of a JavaScript app.\n")
    assert problems_at(text) == []


def test_snippets_are_checked_for_active_content():
    found = messages(check_pages.check_snippet("includes/x.md", "| a |\n|---|\n| <b onclick=go()>b</b> |\n"))
    assert any(m.startswith("includes/x.md:3: inline event handler") for m in found), found


# -- Encoding and size -------------------------------------------------------------

def tree(tmp_path, name: str, data: bytes):
    from awsnotes import ROOT

    (tmp_path / "docs").mkdir()
    (tmp_path / "includes").mkdir()
    (tmp_path / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    (tmp_path / name).write_bytes(data)
    return messages(check_pages.check_tree(tmp_path, TAGS))


def test_a_cp1252_byte_is_named_with_its_line(tmp_path):
    data = GOOD.encode() + b"\nIt\x92s cheap.\n"
    assert tree(tmp_path, "docs/cp.md", data) == [
        "docs/cp.md: not UTF-8 (byte 0x92 at line 23): re-save as UTF-8"]


def test_a_cp1252_snippet_is_named_too(tmp_path):
    assert tree(tmp_path, "includes/cp.md", b"ok\nIt\x92s\n") == [
        "includes/cp.md: not UTF-8 (byte 0x92 at line 2): re-save as UTF-8"]


def test_a_byte_order_mark_is_named(tmp_path):
    found = tree(tmp_path, "docs/bom.md", b"\xef\xbb\xbf" + GOOD.encode())
    assert len(found) == 1 and found[0].startswith("docs/bom.md:1: starts with a UTF-8 byte-order mark (BOM)")


def test_a_very_large_page_is_refused(tmp_path):
    data = GOOD.encode() + b"\nWords and more words.\n" * 60_000
    found = tree(tmp_path, "docs/huge.md", data)
    assert len(found) == 1 and "over the 1 MB limit" in found[0] and found[0].startswith("docs/huge.md: ")


def test_the_build_reports_a_cp1252_page_without_a_traceback(tmp_path):
    import subprocess
    import sys

    from tests.support import copy_project

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "messaging" / "sqs.md"
    page.write_bytes(page.read_bytes().replace(b"\n\n", b"\n\nIt\x92s here.\n\n", 1))
    result = subprocess.run([sys.executable, "scripts/build.py", "--check-only"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "docs/messaging/sqs.md: not UTF-8 (byte 0x92 at line" in result.stdout + result.stderr


def test_section_keywords_on_existing_anchors_pass():
    text = GOOD.replace("  - NACL\n", "  - NACL\nsection_keywords:\n  rules: [NACL rules, inbound rules]\n")
    assert check_pages.check_page("docs/good.md", text, TAGS) == []


def test_section_keywords_for_an_unknown_anchor_name_its_line():
    text = GOOD.replace("  - NACL\n", "  - NACL\nsection_keywords:\n  rules: [inbound rules]\n  rulez: [typo]\n")
    problems = messages(check_pages.check_page("docs/bad.md", text, TAGS))
    assert problems == ["docs/bad.md:9: section_keywords: no heading of this page has the anchor '#rulez': "
                        "use one of the page's '{ #anchor }' ids"]


def test_section_keywords_must_be_lists_of_aliases():
    text = GOOD.replace("  - NACL\n", "  - NACL\nsection_keywords:\n  rules: inbound\n")
    problems = messages(check_pages.check_page("docs/bad.md", text, TAGS))
    assert problems and problems[0].startswith("docs/bad.md:8: section_keywords: 'rules' must have a list")
    text = GOOD.replace("  - NACL\n", "  - NACL\nsection_keywords: [rules]\n")
    problems = messages(check_pages.check_page("docs/bad.md", text, TAGS))
    assert problems and problems[0].startswith("docs/bad.md:7: 'section_keywords:' must map a heading anchor")


DIAGRAM_PAGE = GOOD + """
Intro.

```mermaid
flowchart TB
    accTitle: Two servers
    accDescr: A load balancer forwards requests to two servers.
    lb["Load balancer"]:::lb --> a["Server"]
    class a compute
```

  ```mermaid
  flowchart LR
      x --> y:::vpcc
  ```
"""


def test_a_diagram_without_text_alternatives_or_with_unknown_classes_is_reported_with_its_line():
    found = messages(check_pages.check_page("docs/d.md", DIAGRAM_PAGE, TAGS))
    line = DIAGRAM_PAGE.splitlines().index("  ```mermaid") + 1
    assert any(m.startswith(f"docs/d.md:{line}: diagram has no `accTitle:`") for m in found), found
    assert any(m.startswith(f"docs/d.md:{line}: diagram has no `accDescr:`") for m in found), found
    assert any(m.startswith(f"docs/d.md:{line}: diagram uses the class `vpcc`") for m in found), found
    assert len(found) == 3, found  # the first diagram is fine


def test_a_diagram_defining_its_own_classdef_is_reported():
    text = GOOD + "\n```mermaid\nflowchart TB\n    accTitle: T\n    accDescr: A to B.\n" \
                  "    classDef hot fill:#f00\n    a:::hot --> b\n```\n"
    found = messages(check_pages.check_page("docs/d.md", text, TAGS))
    assert any("defines its own `classDef`" in m for m in found), found




def test_the_diagrams_stylesheet_draws_every_diagram_class_in_both_schemes():
    import re

    from awsnotes import diagram_styles

    css = (check_pages.ROOT / "docs" / "assets" / "stylesheets" / "diagrams.css").read_text(encoding="utf-8")
    light, dark = (re.search(pattern + r"\s*\{(.*?)\}", css, re.S).group(1) for pattern in (
        r"\n:is\(\.md-typeset \.diagram, \.md-typeset \.mermaid, \.diagram-viewer\)",
        r'\n\[data-md-color-scheme="slate"\] :is\(\.md-typeset \.diagram, \.md-typeset \.mermaid, \.diagram-viewer\)'))
    for style in diagram_styles.STYLES.values():
        wanted = [f"--diagram-{style.name}-line"] + ([f"--diagram-{style.name}-fill"] if style.filled else [])
        for block, scheme in ((light, "light"), (dark, "dark")):
            assert all(f"{var}:" in block for var in wanted), f"{style.name}: {wanted} not set for the {scheme} scheme"
        selector = f".cluster.{style.name} > rect" if style.kind == "group" else f".node.{style.name} > "
        assert selector in css, f"diagrams.css has no rule drawing the class {style.name} ({selector})"


# -- The project's stylesheets ---------------------------------------------------------------

from awsnotes.checks.stylesheets import check_stylesheet, check_stylesheets  # noqa: E402


def test_a_rule_left_open_is_reported_at_its_line():
    # Everything after an unclosed rule silently stops applying in the browser.
    [problem] = check_stylesheet("site.css", ".a {\n  color: red;\n/* next */\n.b { color: blue; }\n")
    assert (problem.path, problem.line) == ("site.css", 1) and "missing '}'" in problem.message


def test_an_at_rule_left_open_is_reported_at_its_line():
    [problem] = check_stylesheet("site.css", "@media print {\n  .a { color: red; }\n.b { content: '}'; }\n")
    assert problem.line == 1 and "never closed" in problem.message


def test_a_stray_closing_brace_is_reported():
    [problem] = check_stylesheet("site.css", ".a { color: red; }\n}\n")
    assert problem.line == 2


def test_rules_inside_media_and_braces_in_strings_and_comments_are_fine():
    text = '@media print {\n  .a::after { content: " {" attr(href) "}"; }\n}\n/* { */\n@supports (display: grid) { @media screen { .b { c: d; } } }\n'
    assert check_stylesheet("site.css", text) == []


def test_the_sites_own_stylesheets_are_well_formed():
    from awsnotes import ROOT

    assert check_stylesheets(ROOT) == []
