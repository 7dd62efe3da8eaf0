from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from assessments.terminology import terms_for
from cases.access import MANAGE, PLAN, WRITE, get_case_for_user, log_case_access
from cases.conflicts import save_or_show_conflict
from meetings.access import get_meeting_for_user, get_minutes_for_user
from meetings.forms import ActionForm, AttendeeForm, DecisionForm, MeetingForm, ScalingAnswerForm
from meetings.models import Action, Attendee, Decision, Meeting, MeetingScalingAnswer
from meetings.pdf import cached_minutes_pdf, minutes_context, printed_minutes
from meetings.services import meeting_finalise, refuse_finalise
from sos_site.parts import Part, part_or_404
from sos_site.views import GET_AND_POST, take_step

PARTS = {
    "attendees": Part(Attendee, AttendeeForm, "Someone at the meeting"),
    "answers": Part(MeetingScalingAnswer, ScalingAnswerForm, "A scaling answer"),
    "decisions": Part(Decision, DecisionForm, "A decision"),
    "actions": Part(Action, ActionForm, "An action"),
}


def meeting_url(meeting, anchor=""):
    return meeting.get_absolute_url() + (f"#{anchor}" if anchor else "")


@GET_AND_POST
@login_required
def meeting_new(request, pk):
    case = get_case_for_user(request, pk, need=WRITE, action="record a meeting")
    meeting = Meeting(case=case, created_by=request.user)
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        case=case,
        initial={"scaling_question": terms_for(case).scaling_question},
    )
    if form.is_valid():
        meeting = form.save()
        messages.success(request, f"{meeting.get_kind_display()} recorded. Now add who was there.")
        return redirect(meeting_url(meeting))
    context = {"case": case, "form": form, "title": "Record a meeting"}
    return render(request, "meetings/meeting_form.html", context)


@require_GET
@login_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request, pk)
    case = meeting.case
    if case.access == PLAN:
        return render(request, "meetings/meeting_minutes.html", minutes_context(meeting))
    context = {
        "meeting": meeting,
        "case": case,
        "terms": terms_for(case),
        "attendees": meeting.attendees.select_related("answer"),
        "answers": meeting.answers.select_related("attendee"),
        "decisions": meeting.decisions.all(),
        "actions": meeting.actions.all(),
        "can_edit": case.can_change and not meeting.is_finalised,
        "can_manage": case.access >= MANAGE,
    }
    return render(request, "meetings/meeting_detail.html", context)


@GET_AND_POST
@login_required
def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request, pk, need=WRITE, action="edit a meeting")
    return save_or_show_conflict(
        request,
        MeetingForm,
        instance=meeting,
        form_kwargs={"case": meeting.case},
        template="meetings/meeting_form.html",
        context={"case": meeting.case, "meeting": meeting, "title": "The meeting"},
        success_url=meeting_url(meeting),
        success_message="The meeting is saved.",
    )


@GET_AND_POST
@login_required
def part_add(request, pk, part):
    kind = part_or_404(PARTS, part)
    meeting = get_meeting_for_user(request, pk, need=WRITE, action=f"add {kind.title.lower()}")
    form = kind.form(request.POST or None, meeting=meeting)
    if form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        try:
            item.save_checked(expected_revision=item.revision, by=request.user)
        except ValidationError as refusal:
            form.add_error(None, refusal)  # finalised a moment ago
        else:
            messages.success(request, f"{kind.title} is saved.")
            return redirect(meeting_url(meeting, part))
    context = {**part_form_context(meeting, f"Add {kind.title.lower()}"), "form": form}
    return render(request, "meetings/meeting_form.html", context)


@GET_AND_POST
@login_required
def part_edit(request, pk, part, item_pk):
    kind = part_or_404(PARTS, part)
    meeting = get_meeting_for_user(request, pk, need=WRITE, action=f"edit {kind.title.lower()}")
    item = get_object_or_404(kind.model, pk=item_pk, meeting=meeting)
    return save_or_show_conflict(
        request,
        kind.form,
        instance=item,
        form_kwargs={"meeting": meeting},
        template="meetings/meeting_form.html",
        context=part_form_context(meeting, f"Change {kind.title.lower()}"),
        success_url=meeting_url(meeting, part),
        success_message=f"{kind.title} is saved.",
    )


@require_POST
@login_required
def part_remove(request, pk, part, item_pk):
    kind = part_or_404(PARTS, part)
    meeting = get_meeting_for_user(request, pk, need=WRITE, action=f"remove {kind.title.lower()}")
    item = get_object_or_404(kind.model, pk=item_pk, meeting=meeting)
    try:
        meeting.remove_part(item, by=request.user)
    except ValidationError as refusal:
        raise PermissionDenied(" ".join(refusal.messages)) from None
    messages.success(request, f"{kind.title} is removed.")
    return redirect(meeting_url(meeting, part))


def part_form_context(meeting, title):
    return {"case": meeting.case, "meeting": meeting, "title": title}


@GET_AND_POST
@login_required
def meeting_finalise_view(request, pk):
    """GET asks the person to confirm, saying what will be copied where; POST finalises."""
    meeting = get_meeting_for_user(request, pk, need=WRITE, action="finalise a meeting")
    if request.method == "POST":
        return take_step(
            request,
            lambda: meeting_finalise(meeting=meeting, by=request.user),
            record=meeting,
            done="The meeting is finalised. Its scaling answers are on the case's chart and its "
            "actions are in the case's next steps.",
        )
    # Nobody is asked to confirm a step that would be refused: they read why on the meeting.
    try:
        refuse_finalise(meeting)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(meeting)
    context = {
        "meeting": meeting,
        "case": meeting.case,
        "answer_count": meeting.answers.count(),
        "action_count": meeting.actions.count(),
    }
    return render(request, "meetings/meeting_finalise.html", context)


@require_GET
@login_required
def meeting_minutes_pdf(request, pk):
    """The finalised meeting's minutes as a PDF, stamped with who printed them and when.

    The access log records a download only once the PDF is sent, naming the meeting, and a
    refusal for anyone who may not have it, or a meeting not yet finalised."""
    meeting = get_minutes_for_user(request, pk, action="download the minutes of a meeting")
    record = cached_minutes_pdf(meeting, requested_by=request.user)
    pdf = printed_minutes(record, printed_by=request.user)
    log_case_access(request, meeting.case, f"download the minutes of the {minutes_of(meeting)}")
    filename = f"{meeting.case.reference}-minutes-{meeting.held_on:%Y-%m-%d}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def minutes_of(meeting):
    """The meeting as the access log names it: "core group on 2 November 2026"."""
    return f"{meeting.get_kind_display().lower()} on {meeting.held_on:%-d %B %Y}"
