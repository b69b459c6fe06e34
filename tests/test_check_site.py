"""The built-site checks catch broken links, missing anchors and third-party loads."""

from pathlib import Path

from awsnotes.checks import site as check_site


def write(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head></head><body>{body}</body></html>", encoding="utf-8")


def test_clean_site(tmp_path):
    write(tmp_path, "index.html", '<a href="vpc/#nacl">NACL</a><a href="https://aws.amazon.com/">AWS</a>')
    write(tmp_path, "vpc/index.html", '<h2 id="nacl">NACL</h2><a href="../">home</a>')
    assert check_site.check_site(tmp_path, {"notes.example.org"}) == []


def test_broken_link_names_file_and_target(tmp_path):
    write(tmp_path, "index.html", '<a href="missing/">x</a>')
    [problem] = check_site.check_site(tmp_path, set())
    assert str(problem).startswith("site/index.html:1: broken link 'missing/'")


def test_missing_anchor(tmp_path):
    write(tmp_path, "index.html", '<a href="vpc/#nat">x</a>')
    write(tmp_path, "vpc/index.html", '<h2 id="nacl">NACL</h2>')
    [problem] = check_site.check_site(tmp_path, set())
    assert "missing anchor '#nat' on /vpc/" in str(problem)


def test_third_party_resources(tmp_path):
    write(tmp_path, "index.html",
          '<script src="https://cdn.jsdelivr.net/npm/mermaid.js"></script>'
          '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
          '<img src="//images.example.com/x.png">'
          '<style>@font-face { src: url("https://fonts.gstatic.com/x.woff2") }</style>'
          '<link rel="canonical" href="https://other.example/">')
    (tmp_path / "extra.css").write_text('body { background: url(https://cdn.example.com/bg.png) }')
    found = [str(p) for p in check_site.check_site(tmp_path, {"notes.example.org"})]
    assert len(found) == 5, found
    assert any("cdn.jsdelivr.net" in m for m in found)
    assert any("fonts.googleapis.com" in m for m in found)
    assert any("images.example.com" in m for m in found)
    assert any("fonts.gstatic.com" in m for m in found)
    assert any(m.startswith("site/extra.css:1:") for m in found)


def test_own_host_and_data_urls_allowed(tmp_path):
    write(tmp_path, "index.html", '<img src="https://notes.example.org/a.png">'
          '<img src="data:image/png;base64,AAAA">')
    assert check_site.check_site(tmp_path, {"notes.example.org"}) == []


def test_code_the_content_security_policy_blocks_is_refused(tmp_path):
    write(tmp_path, "index.html", '<script id="__config" type="application/json">{"a": 1}</script>'
                                  '<script src="assets/x.js"></script>\n<script>alert(1)</script>\n'
                                  '<img src="a.png" onerror="alert(2)">\n<a href="javascript:alert(3)">x</a>')
    found = [str(p) for p in check_site.check_site(tmp_path, set())]
    assert any(m.startswith("site/index.html:2: inline <script>") for m in found), found
    assert any(m.startswith("site/index.html:3: inline event handler 'onerror='") for m in found), found
    assert any(m.startswith("site/index.html:4: 'javascript:' URL in href=") for m in found), found
    assert len(found) == 3, found


def test_only_the_inline_script_the_policy_allows_by_hash_passes(tmp_path):
    from awsnotes import http_policy

    allowed = http_policy.INLINE_SCRIPTS[0]
    write(tmp_path, "index.html", f"<script>{allowed}</script>\n<script>{allowed};</script>")
    found = [str(p) for p in check_site.check_site(tmp_path, set())]
    assert [m.split(": ", 1)[0] for m in found] == ["site/index.html:2"], found  # one character changed
