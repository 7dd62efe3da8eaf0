"""Safety plans: the draft, its rules and actions, approval, versions, the PDF and the diff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from assessments.forms import ReasonForm
from assessments.terminology import terms_for
from cases import version_steps
from cases.access import MANAGE, PLAN, WRITE, get_case_for_user, log_case_access
from cases.conflicts import save_or_show_conflict
from plans.access import get_plan_for_user
from plans.diff import compare_plans
from plans.forms import PlanRuleForm, SafetyPlanForm
from plans.models import SafetyPlan
from plans.pdf import printed_copy
from plans.tasks import is_waiting_too_long, pdf_or_queue, queue_pdf, renders_inline
from sos_site.views import GET_AND_POST, take_step

DOWNLOAD_PDF = "download plan PDF"


@require_POST
@login_required
def plan_start(request, pk):
    """The case's first plan. Later versions start from the one before (new version)."""
    case = get_case_for_user(request, pk, need=WRITE, action="start a safety plan")
    return take_step(request, lambda: SafetyPlan.start(case=case, by=request.user), record=case)


@require_GET
@login_required
def plan_detail(request, pk):
    plan = get_plan_for_user(request, pk)
    case = plan.case
    context = {
        "plan": plan,
        "case": case,
        "content": plan.content(),
        "rules": plan.rules.select_related("network_member__person"),
        "terms": terms_for(case),
        "is_partner": case.access == PLAN,
        "can_edit": case.can_change and plan.is_draft,
        "can_manage": case.access >= MANAGE,
        "wrote_it": case.access >= MANAGE and plan.written_by(request.user),
        "other_versions": case.safety_plans.exclude(pk=plan.pk) if case.access >= MANAGE else [],
    }
    return render(request, "plans/safetyplan_detail.html", context)


@GET_AND_POST
@login_required
def plan_edit(request, pk):
    plan = get_plan_for_user(request, pk, need=WRITE, action="edit a safety plan")
    return save_plan_part(
        request,
        SafetyPlanForm,
        plan,
        instance=plan,
        title="When worries come back, and the review date",
    )


@GET_AND_POST
@login_required
def plan_rule_add(request, pk):
    plan = get_plan_for_user(request, pk, need=WRITE, action="add a rule to a safety plan")
    form = PlanRuleForm(request.POST or None, plan=plan)
    if form.is_valid():
        rule = form.save(commit=False)
        rule.plan = plan
        rule.save_checked(expected_revision=rule.revision, by=request.user)
        messages.success(request, "Rule saved.")
        return redirect(f"{plan.get_absolute_url()}#rules")
    return render(
        request,
        "plans/plan_form.html",
        {"plan": plan, "case": plan.case, "form": form, "title": "Add a rule or action"},
    )


@GET_AND_POST
@login_required
def plan_rule_edit(request, pk, rule_pk):
    plan = get_plan_for_user(request, pk, need=WRITE, action="edit a rule in a safety plan")
    rule = get_object_or_404(plan.rules, pk=rule_pk)
    return save_plan_part(request, PlanRuleForm, plan, instance=rule, title="Edit a rule or action")


@require_POST
@login_required
def plan_rule_remove(request, pk, rule_pk):
    plan = get_plan_for_user(request, pk, need=WRITE, action="remove a rule from a safety plan")
    rule = get_object_or_404(plan.rules, pk=rule_pk)
    try:
        plan.remove_part(rule, by=request.user)
    except ValidationError as refusal:
        raise PermissionDenied(" ".join(refusal.messages)) from None
    messages.success(request, "Rule removed.")
    return redirect(f"{plan.get_absolute_url()}#rules")


def save_plan_part(request, form_class, plan, *, instance, title):
    return save_or_show_conflict(
        request,
        form_class,
        instance=instance,
        form_kwargs={"plan": plan},
        template="plans/plan_form.html",
        context={"plan": plan, "case": plan.case, "title": title},
        success_url=plan.get_absolute_url(),
        success_message=f"{title} saved.",
    )


# --- The lifecycle (cases.version_steps) -----------------------------------------------------


@require_POST
@login_required
def plan_step(request, pk, step):
    kind = version_steps.step_or_404(step)
    plan = get_plan_for_user(
        request, pk, need=kind.need, action=f"{version_steps.verb(SafetyPlan, step)} a safety plan"
    )
    response = version_steps.take_version_step(request, plan, step)
    if step == "decide" and plan.is_approved and not renders_inline():
        queue_pdf(plan, requested_by=request.user)  # ready before the first partner asks
    return response


@GET_AND_POST
@login_required
def plan_send_back(request, pk):
    plan = get_plan_for_user(request, pk, need=MANAGE, action="send back a safety plan")
    form = ReasonForm(request.POST or None)
    return version_steps.send_back(request, plan, form, "plans/plan_form.html")


@GET_AND_POST
@login_required
def plan_new_version(request, pk):
    plan = get_plan_for_user(request, pk, need=WRITE, action="start a new version of a safety plan")
    copies = [
        f"{plan.rules.count()} rules and actions, each still its author's",
        "what to do when worries come back, who to call and the review date",
    ]
    return version_steps.start_new_version(request, plan, copies=copies)


@require_GET
@login_required
def plan_pdf(request, pk):
    """The plan as a PDF, stamped with who printed it and when, or the "being prepared" page.

    The access log records what happened: a download only when PDF bytes are sent, a request
    when the page says the PDF is being prepared, and nothing for that page's polls."""
    plan = get_plan_for_user(request, pk, action=DOWNLOAD_PDF, log_allowed=False)
    record = pdf_or_queue(plan, requested_by=request.user)
    waited_too_long = record is None and is_waiting_too_long(plan)
    if "check" in request.GET:
        # What the "being prepared" page asks every few seconds.
        return JsonResponse({"ready": record is not None, "waited_too_long": waited_too_long})
    if record is None:
        log_case_access(request, plan.case, "request plan PDF")
        context = {"plan": plan, "terms": terms_for(plan.case), "waited_too_long": waited_too_long}
        return render(request, "plans/plan_pdf_preparing.html", context, status=202)
    pdf = printed_copy(record, printed_by=request.user)
    log_case_access(request, plan.case, DOWNLOAD_PDF)
    filename = f"{plan.case.reference}-plan-version-{plan.number}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@login_required
def plan_compare(request, pk, other_pk):
    plan = get_plan_for_user(
        request, pk, need=MANAGE, action="compare two versions of a safety plan"
    )
    other = get_object_or_404(plan.case.safety_plans, pk=other_pk)
    older, newer = sorted([plan, other], key=lambda version: version.number)
    context = {
        "case": plan.case,
        "plan": plan,
        "older": older,
        "newer": newer,
        "older_number": str(older.number),
        "newer_number": str(newer.number),
        "sections": compare_plans(older, newer),
        "terms": terms_for(plan.case),
    }
    return render(request, "plans/safetyplan_compare.html", context)
