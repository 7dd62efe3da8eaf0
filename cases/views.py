from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from cases import access, pages
from cases.access import (
    MANAGE,
    WRITE,
    get_case_for_user,
    manager_required,
    staff_required,
)
from cases.conflicts import save_or_show_conflict
from cases.forms import (
    AllocateForm,
    BreakGlassForm,
    ChildForm,
    CloseCaseForm,
    EndNetworkMemberForm,
    FamilyMemberForm,
    OpenCaseForm,
    PartnerGrantForm,
    PersonForm,
    ReferralForm,
    ReopenCaseForm,
    RestrictionForm,
    RevokeGrantForm,
    SafetyNetworkMemberForm,
    SearchForm,
    TeamCaseloadFilterForm,
)
from cases.genogram import family_tree
from cases.models import (
    BreakGlassAccess,
    Case,
    FamilyMember,
    PartnerAccessGrant,
    SubjectChild,
    User,
    search_key,
    visible_case_ids,
)
from sos_site.prepared import Prepared
from sos_site.views import GET_AND_POST

# --- Lists ------------------------------------------------------------------------------------

# A team's caseload is shown this many cases to a page: a team holds a hundred or more, and on a
# phone each case is a block of six lines under the manager's lists of what is due.
TEAM_CASELOAD_PAGE_SIZE = 25
# What a row of the team's caseload shows (cases/_case_table.html), and all that is read of it.
CASELOAD_ROW_FIELDS = (
    "reference",
    "practice_context",
    "status",
    "restricted",
    "opened_on",
    *(f"allocated_worker__{name}" for name in User.NAME_FIELDS),
)


def caseload_rows(cases):
    """The cases as a caseload's rows: only what a row shows. pages.name_children() adds the
    children's names."""
    return cases.select_related("allocated_worker").only(*CASELOAD_ROW_FIELDS)


@Prepared
def _rows_of_cases(*pks):
    """caseload_rows() of the cases with these ids, compiled once per process for each number
    of cases (sos_site.prepared): search reads its results so."""
    return caseload_rows(Case.objects.filter(pk__in=pks))


# A manager's lists of what is due and overdue show the most urgent rows, and a link to all.
MANAGER_PANEL_ROWS = 10


@require_GET
@login_required
def home(request):
    """Everyone's landing page. Workers see their caseload; managers their team's, filtered.

    The panels other apps add (what is due, plans, meetings) come from cases.pages.
    """
    user = request.user
    # Only a manager's lists are cut (panel_slice, below): a worker's own are short.
    context = {"cases": Case.objects.none(), "panel_slice": ""}
    if user.leads:
        teams = user.managed_team_ids
        team_cases = Case.objects.visible_to(user).for_teams(teams)
        # The filters as chosen, or the open cases; the page links carry them.
        chosen = {
            name: request.GET[name]
            for name in TeamCaseloadFilterForm.base_fields
            if name in request.GET
        } or {"status": "open"}
        filters = TeamCaseloadFilterForm(chosen, teams=teams)
        cases = team_cases
        if filters.is_valid():
            if filters.cleaned_data["practice_context"]:
                cases = cases.filter(practice_context=filters.cleaned_data["practice_context"])
            if filters.cleaned_data["status"]:
                cases = cases.filter(status=filters.cleaned_data["status"])
            if filters.cleaned_data["worker"]:
                cases = cases.filter(allocated_worker=filters.cleaned_data["worker"])
        waiting = list(access.referrals_for_manager(user).awaiting_decision())
        all_panels = request.GET.get("panels") == "all"
        shown = Paginator(caseload_rows(cases), TEAM_CASELOAD_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context.update(
            filters=filters,
            cases=pages.name_children(shown.object_list),
            caseload_page=shown,
            # The first and last pages and those either side of this one; "…" for the rest.
            caseload_page_links=shown.paginator.get_elided_page_range(
                shown.number, on_each_side=1, on_ends=1
            ),
            # The caseload's page links keep the filters, and every row of the lists if shown.
            filter_query=urlencode({**chosen, **({"panels": "all"} if all_panels else {})}),
            # The panels' templates slice their lists with this ("" is all of each list).
            panel_rows=MANAGER_PANEL_ROWS,
            panel_slice="" if all_panels else f":{MANAGER_PANEL_ROWS}",
            all_panels_query=urlencode({**chosen, "panels": "all"}),
            referrals_waiting=len(waiting),
            # For the panels, which read the team's open cases from manager_keys() themselves.
            referrals=waiting,
            # Emergency access now open on the team's cases this manager can see; gone once it ends.
            break_glass=BreakGlassAccess.objects.current()
            .filter(case__in=team_cases)
            .select_related("user", "case"),
        )
        context.update(pages.home_panels(request, "manager", context))
        return render(request, "cases/home.html", context)
    elif user.is_social_worker:
        # One query for the cases, one for their children and one for what is due on them.
        context["cases"] = pages.own_caseload(user)
        context.update(pages.home_panels(request, "social_worker", context))
        return render(request, "cases/home.html", context)
    elif user.is_partner:
        context["cases"] = list(Case.objects.invited(user).open().prefetch_related("children"))
        context.update(pages.home_panels(request, "partner", context))
        return render(request, "cases/home.html", context)
    # Administrators, data officers and auditors: no caseload, only their links.
    return render(request, "cases/home.html", context)


def cases_with_person(user, matches):
    """The ids of the cases this user may read that have a child or family member who
    `matches(prefix)` (a Q on Person, its fields behind `prefix`), in one query.

    The people are joined to the cases the user may read, found by team and by user, so a name
    that thousands of people in the council share costs no more than a rare one.
    """
    visible = visible_case_ids(user)
    as_child = SubjectChild.objects.filter(matches("child__"), case__in=visible)
    in_family = FamilyMember.objects.filter(matches("person__"), case__in=visible)
    return set(
        as_child.order_by()
        .values_list("case_id", flat=True)
        .union(in_family.order_by().values_list("case_id", flat=True))
    )


def name_matches(key):
    def matches(prefix):
        names = Q(**{f"{prefix}search_name__contains": key})
        if connection.vendor == "postgresql":
            # pg_trgm: "Leo Reed" still finds Leo Reid.
            names |= Q(**{f"{prefix}search_name__trigram_word_similar": key})
        return names

    return matches


def born(day):
    def matches(prefix):
        return Q(**{f"{prefix}date_of_birth": day})

    return matches


@require_GET
@staff_required
def search(request):
    form = SearchForm(request.GET or None)
    cases = Case.objects.none()
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        born_on = form.search_date()
        if query.upper().startswith("SOS-") or query.replace("-", "").isdigit():
            by_reference = Case.objects.visible_to(request.user).filter(reference__icontains=query)
            cases = pages.name_children(caseload_rows(by_reference))
        else:
            matches = born(born_on) if born_on else name_matches(search_key(query))
            # Only cases the user may read: cases_with_person() joins the people to them.
            found = cases_with_person(request.user, matches)
            cases = pages.name_children(_rows_of_cases(*sorted(found)) if found else [])
        access.log_search_results(request, cases)
    return render(request, "cases/case_search.html", {"form": form, "cases": cases})


# --- The case ---------------------------------------------------------------------------------


@GET_AND_POST
@access.team_staff_required
def case_open(request):
    user = request.user
    case_form = OpenCaseForm(
        request.POST or None, team=user.team, initial={"allocated_worker": user}
    )
    child_form = ChildForm(request.POST or None, prefix="child", user=user)
    child_form.helper.form_tag = False
    child_form.helper.inputs = []
    if request.method == "POST" and case_form.is_valid() and child_form.is_valid():
        child = child_form.save()
        case = Case.open_new(
            practice_context=case_form.cleaned_data["practice_context"],
            team=user.team,
            allocated_worker=case_form.cleaned_data["allocated_worker"],
            opened_on=timezone.localdate(),
            children=[child],
            by=user,
            referral_source=case_form.cleaned_data["referral_source"],
            primary_need=case_form.cleaned_data["primary_need"],
        )
        messages.success(request, f"Case {case.reference} is open.")
        return redirect(case)
    return render(
        request, "cases/case_open.html", {"case_form": case_form, "child_form": child_form}
    )


@require_GET
@login_required
def case_detail(request, pk):
    """The case page. Its assessment, scaling, plan and meeting sections, and what each child's
    card shows of their own words, are registered by those apps in cases.pages."""
    case = get_case_for_user(request, pk)
    key = case.page_cache_key("case-page", request.user)
    page = cache.get(key)
    if page is None:
        page = case_page(request, case)
        # A form's CSRF token belongs to this browser's sign-in: a page with one ("Start the
        # assessment", on a new case) is rendered afresh each time.
        if "csrfmiddlewaretoken" not in page["body"]:
            cache.set(key, page, settings.SOS_CASE_PAGE_CACHE_SECONDS)
    # The body is the SafeString render_to_string gave, which the cache keeps as it is.
    return render(request, "cases/case_detail.html", {"case": case, "page": page})


def case_page(request, case):
    """The case page's title and content, rendered."""
    children = pages.children_of(case)
    family = list(case.family_members.select_related("person"))
    network = list(case.safety_network.select_related("person"))
    context = {
        "case": case,
        "children": children,
        "family": family,
        "network": network,
        "tree": family_tree(children=children, family_members=family, network_members=network),
        "can_manage": case.access >= MANAGE,
    }
    context.update(pages.case_sections(request, case, context))
    return {
        "title": " and ".join(child.full_name for child in children),
        "body": render_to_string("cases/_case_page.html", context, request),
    }


@GET_AND_POST
@login_required
def child_add(request, pk):
    case = get_case_for_user(request, pk, need=WRITE, action="add a child")
    form = ChildForm(request.POST or None, case=case, user=request.user)
    if form.is_valid():
        child = form.save()
        case.add_child(child, by=request.user)
        messages.success(request, f"{child.full_name} is added to the case.")
        return redirect(case)
    return render(
        request, "cases/person_form.html", {"case": case, "form": form, "adding": "child"}
    )


@GET_AND_POST
@login_required
def family_member_add(request, pk):
    case = get_case_for_user(request, pk, need=WRITE, action="add a family member")
    form = FamilyMemberForm(request.POST or None, case=case, user=request.user)
    if form.is_valid():
        person = form.save()
        member = FamilyMember(
            case=case,
            person=person,
            relationship=form.cleaned_data["relationship"],
            lives_with_child=form.cleaned_data["lives_with_child"],
        )
        member.save()
        messages.success(request, f"{person.full_name} is added to the family.")
        return redirect(case)
    return render(
        request, "cases/person_form.html", {"case": case, "form": form, "adding": "family"}
    )


@GET_AND_POST
@login_required
def person_edit(request, pk, person_pk):
    case = get_case_for_user(request, pk, need=WRITE, action="edit a person's details")
    person = get_object_or_404(case.people(), pk=person_pk)
    # A child the case is about is asked what the statutory returns need; an adult is not.
    is_child = case.children.filter(pk=person.pk).exists()
    return save_or_show_conflict(
        request,
        ChildForm if is_child else PersonForm,
        instance=person,
        form_kwargs={"case": case, "user": request.user},
        template="cases/person_form.html",
        context={"case": case, "person": person},
        success_url=case.get_absolute_url(),
        success_message=f"{person.full_name}'s details are saved.",
    )


# --- Safety network ---------------------------------------------------------------------------


@GET_AND_POST
@login_required
def network_add(request, pk):
    case = get_case_for_user(request, pk, need=WRITE, action="add someone to the safety network")
    form = SafetyNetworkMemberForm(
        request.POST or None, case=case, initial={"joined_on": timezone.localdate()}
    )
    if form.is_valid():
        member = form.save(commit=False)
        member.case = case
        member.person = form.network_person()
        if member.person.pk is None:
            member.person.save()
        member.save()
        messages.success(request, f"{member.person.full_name} is in the network.")
        return redirect(case)
    return render(request, "cases/network_form.html", {"case": case, "form": form})


@GET_AND_POST
@login_required
def network_edit(request, pk, member_pk):
    case = get_case_for_user(request, pk, need=WRITE, action="edit the safety network")
    member = get_object_or_404(case.safety_network.select_related("person"), pk=member_pk)
    return save_or_show_conflict(
        request,
        SafetyNetworkMemberForm,
        instance=member,
        form_kwargs={"case": case},
        template="cases/network_form.html",
        context={"case": case, "member": member},
        success_url=case.get_absolute_url(),
        success_message=f"{member.person.full_name}'s part in the network is saved.",
    )


@GET_AND_POST
@login_required
def network_end(request, pk, member_pk):
    case = get_case_for_user(
        request, pk, need=WRITE, action="end someone's part in the safety network"
    )
    member = get_object_or_404(case.safety_network.active().select_related("person"), pk=member_pk)
    form = EndNetworkMemberForm(
        request.POST or None, case=case, member=member, initial={"ended_on": timezone.localdate()}
    )
    if form.is_valid():
        member.end(
            on=form.cleaned_data["ended_on"], reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, f"{member.person.full_name} is no longer in the network.")
        return redirect(case)
    return render(request, "cases/network_end.html", {"case": case, "form": form, "member": member})


# --- Manager actions --------------------------------------------------------------------------


@GET_AND_POST
@login_required
def case_allocate(request, pk):
    case = get_case_for_user(request, pk, need=MANAGE, action="allocate the case")
    form = AllocateForm(
        request.POST or None, case=case, initial={"allocated_worker": case.allocated_worker}
    )
    if form.is_valid():
        case.allocate(form.cleaned_data["allocated_worker"], by=request.user)
        messages.success(request, f"{case.reference} is allocated to {case.allocated_worker}.")
        return redirect(case)
    return render(request, "cases/case_form.html", action_context(case, form, "Allocate"))


@GET_AND_POST
@login_required
def case_close(request, pk):
    case = get_case_for_user(request, pk, need=MANAGE, action="close the case")
    form = CloseCaseForm(
        request.POST or None, case=case, initial={"closed_on": timezone.localdate()}
    )
    if form.is_valid():
        try:
            case.close(
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["closed_on"],
                by=request.user,
                reason_for_closure=form.cleaned_data.get("reason_for_closure", ""),
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)  # shown on the form, with the reason as typed
        else:
            messages.success(request, f"{case.reference} is closed.")
            return redirect(case)
    return render(request, "cases/case_form.html", action_context(case, form, "Close the case"))


@GET_AND_POST
@login_required
def case_reopen(request, pk):
    case = get_case_for_user(request, pk, need=MANAGE, action="reopen the case")
    form = ReopenCaseForm(request.POST or None)
    if form.is_valid():
        try:
            case.reopen(reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, f"{case.reference} is open again.")
            return redirect(case)
    return render(request, "cases/case_form.html", action_context(case, form, "Reopen the case"))


@GET_AND_POST
@login_required
def case_restrict(request, pk):
    case = get_case_for_user(request, pk, need=MANAGE, action="change who can see the case")
    named = [entry.user for entry in case.named_users.select_related("user")]
    form = RestrictionForm(
        request.POST or None,
        case=case,
        by=request.user,
        initial={"restricted": case.restricted, "named_users": named or [request.user]},
    )
    if form.is_valid():
        users = list(form.cleaned_data["named_users"]) if form.cleaned_data["restricted"] else []
        case.restrict(users, by=request.user)
        if case.restricted:
            messages.success(request, f"{case.reference} is restricted to the people named.")
        else:
            messages.success(request, f"{case.reference} is no longer restricted.")
        return redirect(case)
    return render(
        request, "cases/case_form.html", action_context(case, form, "Who can see this case")
    )


@GET_AND_POST
@login_required
def partner_access(request, pk):
    case = get_case_for_user(request, pk, need=MANAGE, action="give a partner access")
    today = timezone.localdate()
    form = PartnerGrantForm(
        request.POST or None,
        case=case,
        initial={"valid_from": today, "valid_until": today.replace(year=today.year + 1)},
    )
    if form.is_valid():
        grant = form.save(commit=False)
        grant.case = case
        grant.granted_by = request.user
        grant.save()
        messages.success(request, f"{grant.partner} can now see the plan for {case.reference}.")
        return redirect("partner_access", pk=case.pk)
    grants = case.partner_grants.select_related("partner", "granted_by", "revoked_by")
    return render(
        request, "cases/partner_access.html", {"case": case, "form": form, "grants": grants}
    )


@GET_AND_POST
@login_required
def partner_revoke(request, pk, grant_pk):
    case = get_case_for_user(request, pk, need=MANAGE, action="remove a partner's access")
    grant = get_object_or_404(
        PartnerAccessGrant.objects.select_related("partner"),
        pk=grant_pk,
        case=case,
        revoked_at__isnull=True,
    )
    form = RevokeGrantForm(request.POST or None)
    if form.is_valid():
        grant.revoke(reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, f"{grant.partner} can no longer see {case.reference}.")
        return redirect("partner_access", pk=case.pk)
    context = action_context(case, form, f"Remove {grant.partner}'s access")
    return render(request, "cases/case_form.html", context)


def action_context(case, form, title):
    return {"case": case, "form": form, "title": title}


# --- Referrals --------------------------------------------------------------------------------


@GET_AND_POST
@access.team_staff_required
def referral_new(request):
    form = ReferralForm(
        request.POST or None,
        initial={"team": request.user.team, "received_on": timezone.localdate()},
    )
    if form.is_valid():
        referral = form.save(commit=False)
        referral.recorded_by = request.user
        referral.save()
        messages.success(
            request,
            f"The referral about {referral.child_first_name} {referral.child_last_name} is "
            f"saved. The {referral.team} team's manager will decide what happens next.",
        )
        return redirect("home")
    return render(request, "cases/referral_form.html", {"form": form})


@require_GET
@manager_required
def referral_queue(request):
    """Two tabs, as links so they work without JavaScript: the referrals waiting for a
    decision, oldest first, and those decided, newest first. The decision page is
    assessments.views.referral_detail."""
    showing = "decided" if request.GET.get("show") == "decided" else "waiting"
    if showing == "decided":
        # Each row names who decided and the case it led to.
        referrals = (
            access.referrals_for_manager(request.user)
            .decided()
            .select_related("decided_by", "linked_case", "opened_case")
            .order_by("-decided_at", "-pk")
        )
        # Years of decisions build up; fifty to a page keeps the page quick to read and load.
        page = Paginator(referrals, 50).get_page(request.GET.get("page"))
        context = {"referrals": page, "page": page}
    else:
        context = {"referrals": access.referrals_for_manager(request.user).awaiting_decision()}
    return render(request, "cases/referral_queue.html", {**context, "showing": showing})


# --- Emergency access -------------------------------------------------------------------------


@GET_AND_POST
@staff_required
def break_glass(request):
    form = BreakGlassForm(
        request.POST or None, readable_cases=Case.objects.visible_to(request.user)
    )
    if form.is_valid():
        case = form.cleaned_data["case"]
        granted = BreakGlassAccess.start(
            case=case, user=request.user, reason=form.cleaned_data["reason"]
        )
        access.log_case_access(request, case, granted.log_action)
        messages.success(
            request,
            f"You can see {case.reference} until "
            f"{timezone.localtime(granted.expires_at):%H:%M}. Your access is recorded.",
        )
        return redirect(case)
    if form.is_bound and form.data.get("reference", "").strip():
        # Refused: logged with the reference as typed, whether or not there is such a case.
        access.log_break_glass_refused(
            request,
            case=form.readable_case,
            reference=form.data["reference"].strip().upper(),
        )
    return render(request, "cases/break_glass.html", {"form": form})


@require_POST
@login_required
def break_glass_end(request, pk):
    """The case's manager ends someone's emergency access early."""
    granted = access.get_on_case_for_user(
        request,
        BreakGlassAccess.objects.select_related("user"),
        pk,
        need=access.MANAGE,
        action="end emergency access",
        partner_may_see=lambda record: False,
        log_allowed=False,
    )
    if granted.is_current:
        granted.end(by=request.user)
        access.log_case_access(
            request, granted.case, f"end emergency access of {granted.user}"[:100]
        )
        messages.success(request, f"{granted.user}'s emergency access has ended.")
    else:
        messages.info(request, f"{granted.user}'s emergency access had already ended.")
    return redirect("home")
