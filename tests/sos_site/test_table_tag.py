"""The table tag: every table's markup, written in one place (sos_site/templatetags/govuk.py)."""

from django.template import Context, Template
from django.test import SimpleTestCase


def render(tag, rows="", **context):
    template = Template("{% load govuk %}" + tag + rows + "{% endtable %}")
    return template.render(Context(context))


ROW = '<tr class="govuk-table__row"><td class="govuk-table__cell">Sandra</td></tr>'


class TableTagTests(SimpleTestCase):
    def test_a_table_is_a_scrolling_region_named_by_its_caption(self):
        html = render('{% table "Who" "Score" caption="Latest scores" %}', ROW)
        self.assertHTMLEqual(
            html,
            '<div class="sos-scroll-region" role="region" aria-label="Latest scores" tabindex="0">'
            '<table class="govuk-table">'
            '<caption class="govuk-table__caption">Latest scores</caption>'
            '<thead class="govuk-table__head"><tr class="govuk-table__row">'
            '<th scope="col" class="govuk-table__header">Who</th>'
            '<th scope="col" class="govuk-table__header">Score</th>'
            "</tr></thead>"
            f'<tbody class="govuk-table__body">{ROW}</tbody>'
            "</table></div>",
        )

    def test_classes_id_numeric_column_and_actions(self):
        html = render(
            '{% table "Who" "Score" caption="Scores" caption_classes="govuk-table__caption--m" '
            'classes="sos-table--stack" id="all-scores" numeric="Score" actions=True %}',
            ROW,
        )
        self.assertInHTML(
            '<table class="govuk-table sos-table--stack" id="all-scores">'
            '<caption class="govuk-table__caption govuk-table__caption--m">Scores</caption>'
            '<thead class="govuk-table__head"><tr class="govuk-table__row">'
            '<th scope="col" class="govuk-table__header">Who</th>'
            '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Score</th>'
            '<th scope="col" class="govuk-table__header">'
            '<span class="govuk-visually-hidden">Actions</span></th>'
            "</tr></thead>"
            f'<tbody class="govuk-table__body">{ROW}</tbody></table>',
            html,
        )

    def test_an_empty_header_leaves_its_column_out(self):
        html = render(
            '{% table "Case" show|yesno:"Worker," "Status" caption="Cases" %}', show=False
        )
        assert 'class="govuk-table__header">Case</th>' in html
        assert 'class="govuk-table__header">Status</th>' in html
        assert "Worker" not in html
        assert html.count("<th ") == 2

    def test_a_table_without_rows_is_its_sentence_when_given_one(self):
        html = render('{% table "Who" caption="Scores" empty="Nobody has answered yet." %}', "  ")
        self.assertHTMLEqual(html, '<p class="govuk-body">Nobody has answered yet.</p>')
        # Without one, the table is drawn with no rows.
        assert '<tbody class="govuk-table__body"></tbody>' in render(
            '{% table "Who" caption="Scores" %}'
        )

    def test_what_people_typed_is_escaped_and_the_rows_are_not(self):
        html = render(
            "{% table who caption=caption %}",
            "{{ row }}",
            who="<b>Who</b>",
            caption='Ann "A" <Reid>',
            row="<script>x</script>",
        )
        assert 'aria-label="Ann &quot;A&quot; &lt;Reid&gt;"' in html
        assert ">Ann &quot;A&quot; &lt;Reid&gt;</caption>" in html
        assert ">&lt;b&gt;Who&lt;/b&gt;</th>" in html
        # The rows' own template escaped what they show; the table keeps their markup as it is.
        assert '<tbody class="govuk-table__body">&lt;script&gt;x&lt;/script&gt;</tbody>' in html
