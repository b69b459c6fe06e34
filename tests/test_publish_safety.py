"""Publishing never ships a broken diagram, never destroys what it did not publish."""

from __future__ import annotations

import shutil
from pathlib import Path

from awsnotes import diagrams
from awsnotes.publish import cli as publish
from tests.support import write_site

BROKEN = ('<html><article><h1>SQS</h1><pre class="mermaid" data-diagram="0123456789abcdef0123" '
          'data-search-exclude><code>flowchart LR\n  A --&gt; B --</code></pre></article></html>')


def test_a_diagram_without_its_svg_is_named_with_its_page(tmp_path):
    site = write_site(tmp_path / "site", {"index.html": "<html><article>home</article></html>",
                                          "messaging/sqs/index.html": BROKEN})
    found = diagrams.unrendered(site)
    assert [(d.url, d.key, d.first_line) for d in found] == [
        ("/messaging/sqs/", "0123456789abcdef0123", "flowchart LR")]
    assert "run `python3 scripts/render_diagrams.py`" in str(found[0])


def test_publish_refuses_a_site_with_an_unrendered_diagram(tmp_path, monkeypatch, capsys):
    site = write_site(tmp_path / "built", {"index.html": "<html><article>home</article></html>",
                                           "messaging/sqs/index.html": BROKEN})
    monkeypatch.setattr(publish.build, "build", lambda target: shutil.copytree(site, target) and 0)
    target = tmp_path / "www"
    assert publish.main(["dir", str(target)]) == 1
    err = capsys.readouterr().err
    assert "/messaging/sqs/: diagram 0123456789abcdef0123 ('flowchart LR') has no prerendered SVG" in err
    assert "nothing was published" in err
    assert not target.exists()


def test_a_stored_mermaid_error_drawing_is_never_used(tmp_path):
    error = ('<svg id="x" aria-roledescription="error" viewBox="0 0 2412 512"><g><text>'
             'Syntax error in text</text></g></svg>')
    (tmp_path / "abc.svg").write_text(error, encoding="utf-8")
    (tmp_path / "def.svg").write_text('<svg aria-roledescription="flowchart-v2"></svg>', encoding="utf-8")
    assert diagrams.is_error_svg(error)
    assert diagrams.load("abc", tmp_path) is None
    assert diagrams.load("def", tmp_path) is not None
