"""The parts of the case page and the home page that the apps above cases add.

cases sits low in the stack and never imports assessments or meetings, yet its pages show their
work. Each of those apps registers its parts here from its AppConfig.ready(). case_detail() and
home() render whatever is registered, in the order declared below, whichever app loads first.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from cases.models import Case, SubjectChild, visibility_keys, visible_case_ids_of
from sos_site.prepared import Prepared


def no_context(request, subject):
    return {}


@dataclass(frozen=True)
class Section:
    """A part of a page: the template to include, and a function giving the names it uses."""

    template: str
    context: Callable[..., dict] = no_context
    # Where the case page puts a main section: its id, for the page's Contents list.
    anchor: str = ""
    # A section whose context reads what the page itself loaded (its children, say) takes
    # context(request, subject, page) instead.
    reads_page: bool = False


# The case page's sections, by where they go, in page order. Their context is
# context(request, case), the case carrying the user's `access`.
CASE_PAGE = {
    "summary": ("next_deadline",),  # a row of the summary list at the top
    "child": ("child_voice",),  # in each child's card, with `child` set
    "main": ("assessments", "scaling", "plans", "meetings", "visits"),  # after the safety network
}

# The case page's Contents list names each main section as its heading does. The plan's heading
# is the practice's word for a plan, from the `terms` the sections' context gives the page.
CONTENTS = {
    "assessments": "Assessment",
    "scaling": "Scaling",
    "plans": "{terms.plan}",
    "meetings": "Meetings",
    "visits": "Visits",
}

# The home page's panels for each role, in page order. Their context is context(request, page),
# `page` being what the home page has loaded for that role: see cases.views.home().
HOME_PAGE = {
    "partner": ("invited_plans", "meetings_attended"),
    "manager": (
        "waiting_for_decision",
        "sent_back",
        "team_due_work",
        "team_overdue_visits",
        "my_actions",
        "children_without_explanation",
    ),
    "social_worker": ("sent_back", "my_due_work", "my_overdue_visits", "my_actions"),
}

_case_sections = {}
_home_panels = {}


def _declared(name, layout):
    if not any(name in names for names in layout.values()):
        raise ValueError(f"{name!r} has no place on the page: add it to {__name__}.")


def register_case_section(name, section):
    _declared(name, CASE_PAGE)
    _case_sections[name] = section


def register_home_panel(name, section):
    _declared(name, HOME_PAGE)
    _home_panels[name] = section


def _context(request, subject, sections, page):
    """What the sections' templates need. Sections that share a context function share one
    call of it, so an app loads what its sections show in one go."""
    context = {}
    builds = {section.context: section.reads_page for section in sections}
    for build, reads_page in builds.items():
        made = build(request, subject, page) if reads_page else build(request, subject)
        for key, value in made.items():
            if key in page or key in context:
                raise ValueError(f"Two parts of the page both set {key!r}.")
            context[key] = value
    return context


def case_sections(request, case, page):
    """The registered case page sections by place, and their context for this case. `page` is
    what the case page sets itself; no section may change it."""
    sections = {
        place: [
            replace(_case_sections[name], anchor=name) for name in names if name in _case_sections
        ]
        for place, names in CASE_PAGE.items()
    }
    everything = [section for placed in sections.values() for section in placed]
    context = _context(request, case, everything, page)
    contents = [
        (section.anchor, CONTENTS[section.anchor].format(**context)) for section in sections["main"]
    ]
    return {"sections": sections, "contents": contents, **context}


def home_panels(request, role, page):
    """The registered home page panels for this role, and their context."""
    panels = [_home_panels[name] for name in HOME_PAGE.get(role, ()) if name in _home_panels]
    return {"panels": panels, **_context(request, page, panels, page)}


# The case page reads its children in one query, and its query count is pinned. An app that
# shows something of every child (the child's voice) loads the children with it instead, and
# any app may add to that query what it shows of each child (annotate_children_with).
def _children_alone(case):
    children = with_child_annotations(SubjectChild.objects.filter(case=case))
    ordered = children.select_related("child").order_by(
        "child__last_name", "child__first_name", "child"
    )
    return [carry_child_annotations(entry) for entry in ordered]


_child_annotations = {}


def annotate_children_with(**expressions):
    """Expressions over a SubjectChild row (OuterRef("case"), OuterRef("child")) that the case
    page's children query carries, each set on its child under its name."""
    _child_annotations.update(expressions)


def with_child_annotations(entries):
    return entries.annotate(**_child_annotations)


def carry_child_annotations(entry):
    """The entry's child, with what annotate_children_with() added to its row."""
    for name in _child_annotations:
        setattr(entry.child, name, getattr(entry, name))
    return entry.child


_loaders = {"children": _children_alone, "caseload": Case.objects.all}
_caseload_annotations = []


def load_children_with(loader):
    """`loader(case)` gives the case page the case's children, each carrying what the child
    sections show of them, in one query."""
    _loaders["children"] = loader


def load_caseload_from(cases):
    """`cases()` is the queryset a worker's caseload is read from, carrying what the home
    panels need of each case in the same query."""
    _loaders["caseload"] = cases
    _caseload.cache_clear()
    _own_caseload.clear()


def annotate_caseload_with(annotate):
    """`annotate(cases)` adds to the caseload's query what another app's home panel needs of
    each case. Any number of apps may; load_caseload_from() has one loader."""
    if annotate not in _caseload_annotations:
        _caseload_annotations.append(annotate)
        _caseload.cache_clear()
        _own_caseload.clear()


def children_of(case):
    return _loaders["children"](case)


def caseload():
    """The worker's caseload query, before it is narrowed to their cases: a copy of the one
    built once per process, as resolving the other apps' annotations on every page cost more
    than running them."""
    return _caseload().all()


@functools.cache
def _caseload():
    cases = _loaders["caseload"]()
    for annotate in _caseload_annotations:
        cases = annotate(cases)
    return cases


def own_caseload(user):
    """A social worker's open cases, allocated to them and that they may read, with their
    referrals and children's names and what the home panels need of each: the caseload query
    with the user's keys, compiled once per process (sos_site.prepared)."""
    return name_children(_own_caseload(*visibility_keys(user)))


@Prepared
def _own_caseload(user_pk, *teams):
    cases = caseload().filter(pk__in=visible_case_ids_of(user_pk, *teams))
    return cases.open().allocated_to(user_pk).select_related("referral")


def name_children(cases):
    """The cases as a list, each with `child_names`: its children's names as a caseload's row
    shows them, in order of surname. One query for all the cases, compiled once per process for
    each number of cases: Django's prefetch of the children cost a worker's home page 3,000 of
    its 20,000 Python calls."""
    cases = list(cases)
    names = {case.pk: [] for case in cases}
    if cases:
        for subject in _children_of_cases(*sorted(names)):
            names[subject.case_id].append(subject.child.full_name)
    for case in cases:
        case.child_names = ", ".join(names[case.pk])
    return cases


@Prepared
def _children_of_cases(*case_pks):
    return (
        SubjectChild.objects.filter(case__in=case_pks)
        .select_related("child")
        .only("case", "child__first_name", "child__last_name")
        .order_by("child__last_name", "child__first_name", "child__pk")
    )
