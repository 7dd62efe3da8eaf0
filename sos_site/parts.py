"""The kinds of record a page adds, edits and removes by a slug in its URL: an assessment's
entries and statements, a meeting's attendees, answers, decisions and actions."""

from dataclasses import dataclass

from django.http import Http404


@dataclass(frozen=True)
class Part:
    """One kind of thing recorded on a page, and the form that records it. `category` picks the
    rows of a model that holds several kinds (the columns of the mapping, say)."""

    model: type
    form: type
    title: str
    category: str = ""


def part_or_404(parts, slug):
    """The kind of record this URL names, or 404 for a slug the page does not have."""
    if slug not in parts:
        raise Http404
    return parts[slug]
