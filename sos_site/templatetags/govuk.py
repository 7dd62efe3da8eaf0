"""GOV.UK Design System components that templates in every app share."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

register = template.Library()


@register.simple_block_tag
def table(
    content,
    *headers,
    caption,
    caption_classes="",
    classes="",
    id="",
    numeric="",
    actions=False,
    empty="",
):
    """A GOV.UK table around its rows, so that every table's markup comes from one place.

        {% table "Who" "Score" "Why" caption="Latest scores" numeric="Score" actions=can_edit %}
          {% for answer in answers %}<tr class="govuk-table__row">...</tr>{% endfor %}
        {% endtable %}

    Each header is scoped to its column. An empty header is left out, so a column that only
    some people see is `flag|yesno:"Its header,"`. `numeric` names the column whose figures
    align right; `actions` adds a last column for each row's links, its header read only by
    screen readers. `caption_classes` and `classes` add to the caption's and the table's.
    Given `empty`, a table without rows is that sentence instead.
    """
    if empty and not content.strip():
        return format_html('<p class="govuk-body">{}</p>', empty)
    return render_to_string(
        "_table.html",
        {
            "rows": content,
            "headers": [header for header in headers if header],
            "caption": caption,
            "caption_classes": caption_classes,
            "classes": classes,
            "id": id,
            "numeric": numeric,
            "actions": actions,
        },
    )


@register.filter
def full_stop(text):
    """The text as a sentence that ends, so what is printed after it starts a new one."""
    text = str(text).rstrip()
    return text if not text or text.endswith((".", "!", "?")) else f"{text}."


def tag(colour, text):
    """A GOV.UK tag, the short status in a coloured box, for the apps' own template tags."""
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)
