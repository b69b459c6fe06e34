"""The site's scripts joined into two files (awsnotes/payload.py, overrides/hooks/payload.py).

That every joined part still works is checked in the browser by the tests of each feature
(reading aids, search landing, anchor redirects, diagrams); these check the joining."""

import pytest
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from awsnotes import payload
from tests.support import load_hook


def test_parts_are_joined_in_order_each_closed_and_named():
    joined = payload.join([("a.js", "x=f()"), ("b.js", "(function () { y = 1; })();\n\n")])
    assert joined == "/* a.js */\nx=f()\n;\n/* b.js */\n(function () { y = 1; })();\n;\n"


def test_the_tab_script_joins_only_with_linked_tabs():
    assert payload.TABS in payload.start_parts(["content.tabs.link", "navigation.instant"])
    parts = payload.start_parts(["navigation.instant"])
    assert payload.TABS not in parts and parts[0].endswith("search-loader.js") and parts[-1].endswith("theme-target.js")


def config_with(tmp_path, scripts) -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site"),
                      "theme": {"name": "mkdocs"}, "extra_javascript": scripts})
    (tmp_path / "docs").mkdir(exist_ok=True)
    errors, _warnings = config.validate()
    assert not errors
    config.plugins._current_plugin = None  # set by MkDocs while an event runs; File.generated reads it
    return config


def test_the_hook_serves_the_parts_as_two_files_and_drops_the_parts(tmp_path):
    hook = load_hook("payload")
    config = hook.on_config(config_with(tmp_path, ["assets/javascripts/one.js", "assets/javascripts/two.js"]))
    assert [str(script) for script in config.extra_javascript] == [payload.AFTER]
    sources = {path: f"/* {path} */ run();" for path in
               [*payload.start_parts([]), "assets/javascripts/one.js", "assets/javascripts/two.js"]}
    files = Files([File.generated(config, path, content=text) for path, text in sources.items()]
                  + [File.generated(config, "index.md", content="# Home")])
    files = hook.on_files(files, config)
    assert sorted(file.src_uri for file in files) == sorted([payload.START, payload.AFTER, "index.md"])
    after = files.get_file_from_path(payload.AFTER).content_string
    assert after.index("one.js */ run();") < after.index("two.js */ run();")
    start = files.get_file_from_path(payload.START).content_string
    assert start.index("search-loader.js */ run();") < start.index("theme-target.js */ run();")


def test_a_missing_part_fails_naming_its_file(tmp_path):
    hook = load_hook("payload")
    config = hook.on_config(config_with(tmp_path, ["assets/javascripts/gone.js"]))
    files = Files([File.generated(config, path, content="run();")
                   for path in payload.start_parts([])])
    with pytest.raises(PluginError, match=r"docs/assets/javascripts/gone\.js is missing"):
        hook.on_files(files, config)


def test_a_script_with_attributes_of_its_own_is_refused(tmp_path):
    hook = load_hook("payload")
    config = config_with(tmp_path, [{"path": "assets/javascripts/module.mjs", "type": "module"}])
    assert isinstance(config.extra_javascript[0], ExtraScriptValue)
    with pytest.raises(PluginError, match=r"mkdocs.yml: extra_javascript: assets/javascripts/module.mjs has attributes"):
        hook.on_config(config)


def test_pages_lose_their_indentation_but_not_their_preformatted_text():
    html = ('<nav>\n      <ul>\n\n        <li>One</li>\n\t\t<li>Two</li>\n  \n      </ul>\n    </nav>\n'
            '<div class="highlight"><pre><span></span><code>{\n  "Effect": "Allow"\n}\n</code></pre></div>\n'
            '  <p>Run\n\u00a0<code>a\n   b</code> or press <kbd>Ctrl\n  C</kbd>.</p>\n'
            '  <textarea>\n    kept\n  </textarea>\n  <PRE>\n  kept too\n</PRE>\n'
            '  <div data-copy="aws s3 ls \\\n    --human-readable" title=\'a >\n  b\'>\n    x</div>')
    assert payload.dedent(html) == (
        '<nav>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n</nav>\n'
        '<div class="highlight"><pre><span></span><code>{\n  "Effect": "Allow"\n}\n</code></pre></div>\n'
        '<p>Run\n\u00a0<code>a\n   b</code> or press <kbd>Ctrl\n  C</kbd>.</p>\n'
        '<textarea>\n    kept\n  </textarea>\n<PRE>\n  kept too\n</PRE>\n'
        '<div data-copy="aws s3 ls \\\n    --human-readable" title=\'a >\n  b\'>\nx</div>')


def test_served_scripts_and_stylesheets_lose_comments_but_not_code():
    script = ('/* The viewer.\n * Two lines. */\nvar path = "a/*b*/c";  // a comment\n'
              "var slash = /\\/*x/g;\n\nfunction f(a, b) {\n  return a / b;\n}\n")
    assert payload.minified("x.js", script) == 'var path="a/*b*/c";var slash=/\\/*x/g;function f(a,b){return a/b;}'
    css = "/* Diagrams. */\n.a  >  .b {\n  color: red;  /* why */\n}\n@media print {\n  .c { content: \"/* */\"; }\n}\n"
    assert payload.minified("x.css", css) == '.a>.b{color:red}@media print{.c{content:"/* */"}}'
    assert payload.minified("x.txt", script) == script


def test_code_white_space_is_text_not_elements():
    code = ('<pre><code><span class="gp">$ </span>aws<span class="w"> </span>s3<span class="w">\n</span>'
            '<span class="nv">X</span><span class="w">  </span>=<span class="w">x</span></code></pre>')
    assert payload.plain_whitespace(code) == ('<pre><code><span class="gp">$ </span>aws s3\n'
                                              '<span class="nv">X</span>  =<span class="w">x</span></code></pre>')
