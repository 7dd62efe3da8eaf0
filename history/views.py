import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from assessments.terminology import terms_for
from cases import access
from cases.access import MANAGE, get_case_for_user, governance_required
from cases.models import AccessLogEntry, Person, User, search_key
from history import access_log, registry, timeline
from history.forms import AccessLogSearchForm, PersonSearchForm, TimelineFilterForm
from history.subject_access import subject_access_data, subject_access_zip
from sos_site.views import GET_AND_POST


@require_GET
@login_required
def case_history(request, pk):
    """Everything that happened on the case, newest first, for the team manager."""
    case = get_case_for_user(request, pk, need=MANAGE, action="view the case history")
    # PDF downloads, which the history shows from the access log, move the case's change on too.
    asked = urlencode(sorted(request.GET.lists()), doseq=True)
    key = case.page_cache_key(
        "case-history", request.user, hashlib.sha256(asked.encode()).hexdigest()
    )
    page = cache.get(key)
    if page is None:
        page = history_page(request, case)
        cache.set(key, page, settings.SOS_CASE_PAGE_CACHE_SECONDS)
    # The body is the SafeString render_to_string gave, which the cache keeps as it is.
    return render(request, "history/case_history.html", {"case": case, "page": page})


def history_page(request, case):
    """The case history's content, rendered, and whether the filters had errors."""
    terms = terms_for(case)
    kinds = {key: terms.say(label) for key, label in registry.KINDS.items()}
    filters = TimelineFilterForm(
        request.GET or None, kinds=kinds, people=timeline.people_on_timeline(case)
    )
    options = {}
    if filters.is_valid():
        options = {
            "kinds": filters.cleaned_data["kind"],
            "user_id": filters.cleaned_data["user"].pk if filters.cleaned_data["user"] else None,
            "since": filters.cleaned_data["since"],
            "until": filters.cleaned_data["until"],
        }
    cursor = timeline.Cursor.decode(request.GET.get("after", ""))
    events, next_cursor = timeline.timeline_page(case, cursor=cursor, **options)
    next_query = next_after = None
    if next_cursor is not None:
        next_after = next_cursor.encode()
        query = request.GET.copy()
        query["after"] = next_after
        next_query = query.urlencode()
    context = {
        "case": case,
        "filters": filters,
        "events": events,
        "next_query": next_query,
        "next_after": next_after,
        "first_page": cursor is None,
    }
    return {
        "has_errors": bool(filters.errors),
        "body": render_to_string("history/_case_history.html", context, request),
    }


ACCESS_LOG_PAGE = 50


@require_GET
@login_required
def case_access_log(request, pk):
    """Who looked at the case, when, what they opened, and what they were refused."""
    case = get_case_for_user(request, pk, need=MANAGE, action="view who has looked at the case")
    entries = AccessLogEntry.objects.filter(case=case).order_by("-pk")
    before = request.GET.get("before", "")
    if before.isdigit():
        entries = entries.filter(pk__lt=int(before))
    entries = list(entries[: ACCESS_LOG_PAGE + 1])
    older = entries[ACCESS_LOG_PAGE - 1].pk if len(entries) > ACCESS_LOG_PAGE else None
    entries = access_log.readable(entries[:ACCESS_LOG_PAGE])
    context = {"case": case, "entries": entries, "older": older}
    return render(request, "history/access_log.html", context)


@require_GET
@governance_required
def access_log_search(request):
    """Search the whole access log, across teams, by user or by case. Every search is logged."""
    form = AccessLogSearchForm(request.GET or None)
    entries = []
    if form.is_valid():
        entries = AccessLogEntry.objects.order_by("-pk")
        username = form.cleaned_data["username"]
        reference = form.cleaned_data["reference"].upper()
        if username:
            entries = entries.filter(
                user_id__in=User.objects.filter(username=username).values("pk")
            )
        if reference:
            entries = entries.filter(case_reference=reference)
        entries = access_log.readable(list(entries[:200]))
        access.log_entry(
            request,
            case_id=None,
            case_reference=reference[:20],
            action=f"search access log{' for ' + username if username else ''}"[:100],
            allowed=True,
        ).save()
    return render(request, "history/access_log_search.html", {"form": form, "entries": entries})


PEOPLE_FOUND = 50


def _with_case_references(people):
    for person in people:
        cases = {case.reference for case in person.cases_as_child.all()}
        cases |= {role.case.reference for role in person.family_roles.all()}
        cases |= {role.case.reference for role in person.network_roles.all()}
        person.case_references = sorted(cases)
    return people


@require_GET
@governance_required
def subject_access_search(request):
    """Find a person by name, to export what is held about them. Every search is logged; the
    name searched for is not, as the access log keeps no personal details."""
    form = PersonSearchForm(request.GET or None)
    people = []
    if form.is_valid():
        found = Person.objects.all()
        for word in search_key(form.cleaned_data["name"]).split():
            found = found.filter(search_name__contains=word)
        found = found.prefetch_related(
            "cases_as_child", "family_roles__case", "network_roles__case"
        )
        people = _with_case_references(list(found[:PEOPLE_FOUND]))
        access.log_entry(
            request,
            case_id=None,
            case_reference="",
            action="search people for subject access",
            allowed=True,
        ).save()
    context = {"form": form, "people": people, "limit": PEOPLE_FOUND}
    return render(request, "history/subject_access_search.html", context)


@GET_AND_POST
@governance_required
def subject_access(request, pk):
    """Show and export everything held about one person (UK GDPR Article 15). Both are
    logged, attributed to whoever did them."""
    person = get_object_or_404(Person, pk=pk)
    if request.method == "POST":
        archive = subject_access_zip(person, requested_by=request.user)
        access.log_entry(
            request,
            case_id=None,
            case_reference="",
            action=f"subject access export for person {person.pk}",
            allowed=True,
        ).save()
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.zip"'
        return response
    data = subject_access_data(person)
    access.log_entry(
        request,
        case_id=None,
        case_reference="",
        action=f"subject access view for person {person.pk}",
        allowed=True,
    ).save()
    return render(request, "history/subject_access.html", {"person": person, "data": data})
