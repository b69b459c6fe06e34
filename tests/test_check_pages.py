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




def test_site_css_draws_every_diagram_class_in_both_schemes():
    import re

    from awsnotes import diagram_styles

    css = (check_pages.ROOT / "docs" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    light, dark = (re.search(pattern + r"\s*\{(.*?)\}", css, re.S).group(1) for pattern in (
        r"\n:is\(\.md-typeset \.diagram, \.md-typeset \.mermaid, \.diagram-viewer\)",
        r'\n\[data-md-color-scheme="slate"\] :is\(\.md-typeset \.diagram, \.md-typeset \.mermaid, \.diagram-viewer\)'))
    for style in diagram_styles.STYLES.values():
        wanted = [f"--diagram-{style.name}-line"] + ([f"--diagram-{style.name}-fill"] if style.filled else [])
        for block, scheme in ((light, "light"), (dark, "dark")):
            assert all(f"{var}:" in block for var in wanted), f"{style.name}: {wanted} not set for the {scheme} scheme"
        selector = f".cluster.{style.name} > rect" if style.kind == "group" else f".node.{style.name} > "
        assert selector in css, f"site.css has no rule drawing the class {style.name} ({selector})"
