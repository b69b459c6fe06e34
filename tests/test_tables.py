"""Material's table wrappers, written by the build (awsnotes/tables.py)."""

import pytest

from awsnotes import tables


def test_a_table_without_a_class_gets_materials_wrappers_and_the_class():
    html = "<p>a</p><table>\n<thead><tr><th>A</th></tr></thead></table><p>b</p>"
    assert tables.wrapped(html) == (
        '<p>a</p><div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        '<table class="prewrapped">\n<thead><tr><th>A</th></tr></thead></table></div></div><p>b</p>')


def test_attributes_stay_and_a_table_with_a_class_is_left_as_it_is():
    html = '<table id="t" summary="s"><tr><td>1</td></tr></table><table class="highlighttable"><tr><td>2</td></tr></table>'
    assert tables.wrapped(html) == (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        '<table class="prewrapped" id="t" summary="s"><tr><td>1</td></tr></table></div></div>'
        '<table class="highlighttable"><tr><td>2</td></tr></table>')


def test_text_that_only_looks_like_a_table_is_left_alone():
    html = "<code>&lt;table&gt;</code><p>tables</p><tablet></tablet>"
    assert tables.wrapped(html) == html


def test_a_table_inside_a_table_is_refused():
    with pytest.raises(ValueError, match="a table inside a table"):
        tables.wrapped("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>")


def test_materials_table_rules_apply_to_wrapped_tables_with_the_same_specificity():
    css = (".md-typeset table:not([class]){display:inline-block}"
           ".md-typeset table:not([class]) th{font-weight:700}")
    assert tables.widened(css) == (".md-typeset table:is(:not([class]),.prewrapped){display:inline-block}"
                                   ".md-typeset table:is(:not([class]),.prewrapped) th{font-weight:700}")


def test_a_stylesheet_without_materials_table_rules_fails_loudly():
    with pytest.raises(ValueError, match="no longer styles"):
        tables.widened(".md-typeset table{display:table}")
