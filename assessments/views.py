from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from assessments.access import get_assessment_for_user
from assessments.diff import compare_assessments
from assessments.forms import (
    PARTS,
    ReasonForm,
    SafetyGoalForm,
    ScalingAnswerForm,
    SubmitAssessmentForm,
    ThreeHousesForm,
    WordsAndPicturesForm,
)
from assessments.models import (
    Assessment,
    DangerStatement,
    MappingEntry,
    NextStep,
    PastHarm,
    PlainLanguageTerm,
    SafetyGoal,
    WordsAndPictures,
)
from assessments.plain_language import find_jargon, reading_age
from assessments.scaling_chart import scaling_chart, spread
from assessments.services import open_case_from_referral
from assessments.terminology import terms_for
from cases import version_steps
from cases.access import (
    MANAGE,
    WRITE,
    cases_writable_by,
    get_case_for_user,
    get_referral_for_manager,
    manager_required,
    staff_required,
)
from cases.conflicts import save_or_show_conflict
from cases.forms import TriageForm
from sos_site.parts import part_or_404
from sos_site.views import GET_AND_POST, refused, take_step


def part_items(assessment, part):
    """The rows of this kind that belong to the assessment, read through its related manager so
    each row knows the assessment (and its case, with this user's access) without reading them
    again when it is saved."""
    related = part.model._meta.get_field("assessment").remote_field.get_accessor_name()
    items = getattr(assessment, related).all()
    return items.filter(category=part.category) if part.category else items


def part_title(part, terms):
    return terms.say(part.title)


def part_noun(part):
    """The part as the access log names it: "a past harm entry", "a next step"."""
    noun = part.title.lower().removeprefix("the ")
    if part.category or part.model is PastHarm:
        noun += " entry"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def form_kwargs(part, assessment, terms):
    kwargs = {"assessment": assessment}
    if part.model is DangerStatement:
        kwargs["terms"] = terms
    if part.category:
        kwargs["label"] = part_title(part, terms)
    return kwargs


# --- The mapping ------------------------------------------------------------------------------


@require_POST
@login_required
def assessment_start(request, pk):
    """The case's first assessment. Later ones start from the one before (new version)."""
    case = get_case_for_user(request, pk, need=WRITE, action="start an assessment")
    return take_step(request, lambda: Assessment.start(case=case, by=request.user), record=case)


@require_GET
@login_required
def assessment_detail(request, pk):
    assessment = get_assessment_for_user(request, pk)
    case = assessment.case
    terms = terms_for(case)
    jargon = list(PlainLanguageTerm.objects.all())
    entries = list(assessment.entries.all())
    statements = list(assessment.danger_statements.select_related("goal"))
    for statement in statements:
        statement.reading_age = reading_age(statement.sentence)
        statement.warnings = find_jargon(statement.sentence, jargon)
        goal = getattr(statement, "goal", None)
        if goal is not None:
            goal.reading_age = reading_age(goal.what_needs_to_be_seen)
            goal.warnings = find_jargon(f"{goal.what_needs_to_be_seen} {goal.how_long}", jargon)
    for entry in entries:
        entry.warnings = [] if entry.is_referrers_words else find_jargon(entry.text, jargon)
    past_harms = list(assessment.past_harms.all())
    for harm in past_harms:
        text = " ".join([harm.behaviour, harm.frequency, harm.worst_incident, harm.impact_on_child])
        harm.warnings = find_jargon(text, jargon)
    next_steps = list(assessment.next_steps.all())
    for step in next_steps:
        step.warnings = find_jargon(step.what, jargon)

    def entries_in(categories):
        return [
            (
                terms.column(category),
                slug_for(category),
                [e for e in entries if e.category == category],
            )
            for category in categories
        ]

    context = {
        "assessment": assessment,
        "case": case,
        "terms": terms,
        "worried": entries_in(MappingEntry.WORRIED),
        "working_well": entries_in(MappingEntry.WORKING_WELL),
        "needs": entries_in(MappingEntry.NEEDS),
        "past_harms": past_harms,
        "next_steps": next_steps,
        "statements": statements,
        "statements_without_goal": [s for s in statements if not hasattr(s, "goal")],
        "can_edit": case.can_change and assessment.is_draft,
        "can_manage": case.access >= MANAGE,
        "wrote_it": assessment.written_by(request.user),
        "other_versions": case.assessments.exclude(pk=assessment.pk)
        if case.access >= MANAGE
        else [],
    }
    return render(request, "assessments/assessment_detail.html", context)


def slug_for(category):
    """The URL name of a mapping entry category, or None for the referrer's own words."""
    for slug, part in PARTS.items():
        if part.category == category:
            return slug
    return None


@GET_AND_POST
@login_required
def part_add(request, pk, part):
    kind = part_or_404(PARTS, part)
    assessment = get_assessment_for_user(request, pk, need=WRITE, action=f"add {part_noun(kind)}")
    terms = terms_for(assessment.case)
    initial = {"noted_on": timezone.localdate()}
    form = kind.form(request.POST or None, initial=initial, **form_kwargs(kind, assessment, terms))
    if form.is_valid():
        item = form.save(commit=False)
        item.assessment = assessment
        if kind.model is NextStep:
            item.case = assessment.case
        if kind.category:
            item.category = kind.category
        item.save_checked(expected_revision=item.revision, by=request.user)
        messages.success(request, f"{part_title(kind, terms)} saved.")
        return redirect(f"{assessment.get_absolute_url()}#{part}")
    return render(
        request,
        "assessments/part_form.html",
        {
            "assessment": assessment,
            "case": assessment.case,
            "form": form,
            "title": f"Add: {part_title(kind, terms)}",
        },
    )


@GET_AND_POST
@login_required
def part_edit(request, pk, part, item_pk):
    kind = part_or_404(PARTS, part)
    assessment = get_assessment_for_user(request, pk, need=WRITE, action=f"edit {part_noun(kind)}")
    item = get_object_or_404(part_items(assessment, kind), pk=item_pk)
    terms = terms_for(assessment.case)
    kwargs = form_kwargs(kind, assessment, terms)
    title = f"Edit: {part_title(kind, terms)}"
    return save_or_show_conflict(
        request,
        kind.form,
        instance=item,
        form_kwargs=kwargs,
        template="assessments/part_form.html",
        context={"assessment": assessment, "case": assessment.case, "title": title},
        success_url=f"{assessment.get_absolute_url()}#{part}",
        success_message=f"{part_title(kind, terms)} saved.",
    )


@require_POST
@login_required
def part_remove(request, pk, part, item_pk):
    kind = part_or_404(PARTS, part)
    assessment = get_assessment_for_user(
        request, pk, need=WRITE, action=f"remove {part_noun(kind)}"
    )
    item = get_object_or_404(part_items(assessment, kind), pk=item_pk)
    try:
        assessment.remove_part(item, by=request.user)
    except ValidationError as refusal:
        raise PermissionDenied(" ".join(refusal.messages)) from None
    messages.success(request, f"{part_title(kind, terms_for(assessment.case))} removed.")
    return redirect(f"{assessment.get_absolute_url()}#{part}")


@GET_AND_POST
@login_required
def goal_edit(request, pk, statement_pk):
    assessment = get_assessment_for_user(request, pk, need=WRITE, action="edit a safety goal")
    statement = get_object_or_404(assessment.danger_statements, pk=statement_pk)
    terms = terms_for(assessment.case)
    goal = getattr(statement, "goal", None) or SafetyGoal(danger_statement=statement)
    return save_or_show_conflict(
        request,
        SafetyGoalForm,
        instance=goal,
        form_kwargs={"assessment": assessment},
        template="assessments/part_form.html",
        context={
            "assessment": assessment,
            "case": assessment.case,
            "title": terms.goal,
            "statement": statement,
        },
        success_url=f"{assessment.get_absolute_url()}#worry-statements",
        success_message=f"{terms.goal} saved.",
    )


# --- The lifecycle (cases.version_steps) -----------------------------------------------------


@require_POST
@login_required
def assessment_step(request, pk, step):
    kind = version_steps.step_or_404(step)
    assessment = get_assessment_for_user(
        request, pk, need=kind.need, action=f"{version_steps.verb(Assessment, step)} the assessment"
    )
    return version_steps.take_version_step(request, assessment, step)


@GET_AND_POST
@login_required
def assessment_submit(request, pk):
    """Submit for sign-off. For the census's kinds of work this page first asks the factors
    the assessment found; early help submits straight from the assessment's page."""
    assessment = get_assessment_for_user(request, pk, need=WRITE, action="submit the assessment")
    # Already submitted, or the case has closed: nothing to ask.
    refusal = refused(request, assessment.refuse_submit, record=assessment, step=True)
    if refusal:
        return refusal
    form = SubmitAssessmentForm(
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        initial={"factors": assessment.factors},
    )
    if form.is_valid():
        return take_step(
            request,
            lambda: assessment.submit(by=request.user, factors=form.cleaned_data.get("factors")),
            record=assessment,
            done=lambda _: version_steps.done_message(assessment, "submit"),
        )
    context = {
        "assessment": assessment,
        "case": assessment.case,
        "form": form,
        "title": f"Submit assessment {assessment.number} for sign-off",
    }
    return render(request, "assessments/assessment_submit.html", context)


@GET_AND_POST
@login_required
def assessment_send_back(request, pk):
    assessment = get_assessment_for_user(
        request, pk, need=MANAGE, action="send back the assessment"
    )
    form = ReasonForm(request.POST or None)
    return version_steps.send_back(request, assessment, form, "assessments/part_form.html")


@GET_AND_POST
@login_required
def assessment_new_version(request, pk):
    assessment = get_assessment_for_user(
        request, pk, need=WRITE, action="start a new version of the assessment"
    )
    statements = terms_for(assessment.case).worry_statements.lower()
    copies = [
        f"{assessment.entries.count()} entries in the three columns",
        f"{assessment.past_harms.count()} descriptions of past harm",
        f"{assessment.next_steps.count()} next steps",
        f"{assessment.danger_statements.count()} {statements}, with their goals",
    ]
    return version_steps.start_new_version(request, assessment, copies=copies)


# --- Scaling ----------------------------------------------------------------------------------


@require_GET
@login_required
def scaling(request, pk):
    case = get_case_for_user(request, pk, action="view the scaling scores")
    answers = list(case.scaling_answers.all())
    latest = list(
        case.scaling_answers.latest_per_person().order_by("respondent_kind", "respondent_name")
    )
    context = {
        "case": case,
        "terms": terms_for(case),
        "answers": answers,
        "latest": latest,
        "spread": spread(latest),
        "chart": scaling_chart(answers),
    }
    return render(request, "assessments/scaling.html", context)


@GET_AND_POST
@login_required
def scaling_add(request, pk):
    case = get_case_for_user(request, pk, need=WRITE, action="add a scaling score")
    terms = terms_for(case)
    form = ScalingAnswerForm(
        request.POST or None,
        case=case,
        initial={"question": terms.scaling_question, "answered_on": timezone.localdate()},
    )
    if form.is_valid():
        answer = form.save(commit=False)
        answer.case = case
        answer.recorded_by = request.user
        answer.save()
        messages.success(request, f"{answer.respondent_name}'s score of {answer.score} is saved.")
        if "another" in request.POST:
            return redirect("scaling_add", pk=case.pk)
        return redirect("scaling", pk=case.pk)
    return render(
        request, "assessments/scaling_form.html", {"case": case, "form": form, "terms": terms}
    )


# --- The child's voice ------------------------------------------------------------------------


def child_on_case(case, child_pk):
    return get_object_or_404(case.children, pk=child_pk)


@GET_AND_POST
@login_required
def three_houses_add(request, pk, child_pk):
    case = get_case_for_user(request, pk, need=WRITE, action="add a Three Houses record")
    child = child_on_case(case, child_pk)
    form = ThreeHousesForm(
        request.POST or None, case=case, initial={"recorded_on": timezone.localdate()}
    )
    if form.is_valid():
        houses = form.save(commit=False)
        houses.case, houses.child, houses.recorded_by = case, child, request.user
        houses.save()
        messages.success(
            request, f"{child.first_name}'s three houses are saved in their own words."
        )
        return redirect(case)
    title = f"{child.first_name}'s three houses"
    return render(
        request,
        "cases/case_form.html",
        {"case": case, "child": child, "form": form, "title": title},
    )


@GET_AND_POST
@login_required
def words_and_pictures_edit(request, pk, child_pk):
    case = get_case_for_user(
        request, pk, need=WRITE, action="edit the Words and Pictures explanation"
    )
    child = child_on_case(case, child_pk)
    explanation = WordsAndPictures.objects.filter(case=case, child=child).first()
    explanation = explanation or WordsAndPictures(case=case, child=child)
    return save_or_show_conflict(
        request,
        WordsAndPicturesForm,
        instance=explanation,
        form_kwargs={"case": case},
        template="cases/case_form.html",
        context={
            "case": case,
            "child": child,
            "title": f"Words and pictures for {child.first_name}",
        },
        success_url=reverse("case_detail", args=[case.pk]),
        success_message=f"The explanation for {child.first_name} is saved.",
    )


# --- Plain language ---------------------------------------------------------------------------


@require_POST
@staff_required
def plain_language_check(request):
    """The same check as on save, for the page to run as the worker types."""
    text = request.POST.get("text", "")[:20000]
    matches = find_jargon(text, PlainLanguageTerm.objects.all())
    return JsonResponse(
        {"matches": [{"found": m.found, "suggestion": m.suggestion} for m in matches]}
    )


@require_GET
@login_required
def assessment_compare(request, pk, other_pk):
    assessment = get_assessment_for_user(
        request, pk, need=MANAGE, action="compare two versions of the assessment"
    )
    other = get_object_or_404(assessment.case.assessments, pk=other_pk)
    older, newer = sorted([assessment, other], key=lambda version: version.number)
    context = {
        "case": assessment.case,
        "assessment": assessment,
        "older": older,
        "newer": newer,
        "older_number": str(older.number),
        "newer_number": str(newer.number),
        "sections": compare_assessments(older, newer),
        "terms": terms_for(assessment.case),
    }
    return render(request, "assessments/assessment_compare.html", context)


# --- Deciding a referral ----------------------------------------------------------------------
# Here rather than in cases because opening a case from a referral also records the referrer's
# scaling score (assessments.services), and cases never imports assessments.


@GET_AND_POST
@manager_required
def referral_detail(request, pk):
    referral = get_referral_for_manager(request, pk)
    form = None
    if not referral.is_decided or request.method == "POST":
        form = TriageForm(
            request.POST or None,
            referral=referral,
            writable_cases=cases_writable_by(request.user),
        )
    if form is not None and form.is_valid():
        try:
            return decide_referral(request, referral, form)
        except ValidationError as refusal:
            form.add_error(None, refusal)  # the model refused: shown on the form
    return render(request, "cases/referral_detail.html", {"referral": referral, "form": form})


def decide_referral(request, referral, form):
    """Carry out the manager's decision on a referral, and go where it leads."""
    decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
    source, primary_need = form.cleaned_data["source"], form.cleaned_data["primary_need"]
    if decision == TriageForm.NEW_CASE:
        case = open_case_from_referral(
            referral=referral,
            practice_context=form.cleaned_data["practice_context"],
            allocated_worker=form.cleaned_data["allocated_worker"],
            reason=reason,
            by=request.user,
            source=source,
            primary_need=primary_need,
        )
        messages.success(request, f"Case {case.reference} is open.")
        return redirect(case)
    if decision == TriageForm.LINK:
        referral.link_to(
            form.cleaned_data["case"],
            reason=reason,
            by=request.user,
            source=source,
            primary_need=primary_need,
        )
        messages.success(request, f"The referral is added to {referral.linked_case}.")
        return redirect(referral.linked_case)
    # No case follows, so a main need chosen before the decision changed is not kept.
    referral.close_with_no_further_action(reason=reason, by=request.user, source=source)
    messages.success(request, "The referral is closed with no further action.")
    return redirect("referral_queue")
