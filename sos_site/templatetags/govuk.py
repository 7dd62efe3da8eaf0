"""GOV.UK Design System components that templates in every app share."""

from django import template
from django.utils.html import format_html, format_html_join

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
    header_cells = format_html_join(
        "",
        '<th scope="col" class="govuk-table__header{}">{}</th>',
        (
            (" govuk-table__header--numeric" if header == numeric else "", header)
            for header in headers
            if header
        ),
    )
    # On a phone a wide table scrolls inside its own region, which takes keyboard focus, rather
    # than the whole page scrolling sideways. Written here rather than by a template: the lists
    # on the home pages and search draw several tables a page, and a template cost each of them
    # 400 Python calls.
    return format_html(
        '<div class="sos-scroll-region" role="region" aria-label="{caption}" tabindex="0">'
        '<table class="govuk-table{classes}"{id}>'
        '<caption class="govuk-table__caption{caption_classes}">{caption}</caption>'
        '<thead class="govuk-table__head">'
        '<tr class="govuk-table__row">{headers}{actions}</tr>'
        "</thead>"
        '<tbody class="govuk-table__body">{rows}</tbody>'
        "</table></div>",
        caption=caption,
        classes=_more(classes),
        id=format_html(' id="{}"', id) if id else "",
        caption_classes=_more(caption_classes),
        headers=header_cells,
        actions=format_html(ACTIONS_HEADER, "Actions") if actions else "",
        rows=content,
    )


# The header of a column of each row's links, read only by screen readers.
ACTIONS_HEADER = (
    '<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{}</span></th>'
)


def _more(classes):
    """Classes added to a component's own, each after a space."""
    return f" {classes}" if classes else ""


@register.filter
def full_stop(text):
    """The text as a sentence that ends, so what is printed after it starts a new one."""
    text = str(text).rstrip()
    return text if not text or text.endswith((".", "!", "?")) else f"{text}."


def tag(colour, text):
    """A GOV.UK tag, the short status in a coloured box, for the apps' own template tags."""
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)
