"""Form documents may ask for tabs and for last year's values (issue 12): both are data the
schema checks, with where and why for a wrong value."""

from keqi.formkit.document import check, compile_form

BASE = {
    "key": "tabbed",
    "title": "分页表单",
    "sections": [
        {"key": "one", "title": "第一页", "fields": [{"key": "a", "label": "联系人", "prefill_previous": True}]},
        {"key": "two", "title": "第二页", "fields": [{"key": "b", "label": "人数", "type": "integer"}]},
    ],
}


def test_tabs_layout_and_prefill_previous_are_valid_and_compile():
    document = {**BASE, "layout": "tabs"}
    assert check(document) == []
    assert [s.title for s in compile_form(document, "1").sections] == ["第一页", "第二页"]
    assert check({**BASE, "layout": "sections"}) == []


def test_an_unknown_layout_or_a_non_boolean_prefill_previous_is_refused_with_where():
    problems = check({**BASE, "layout": "grid"})
    assert len(problems) == 1 and problems[0].startswith("layout：")
    bad = {
        **BASE,
        "sections": [
            {"key": "one", "title": "第一页", "fields": [{"key": "a", "label": "联系人", "prefill_previous": "yes"}]}
        ],
    }
    assert check(bad)[0].startswith("sections/0/fields/0/prefill_previous：")
