from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import MultiWidget, modelformset_factory
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from assessments.terminology import terms_for
from cases.access import MANAGE, PLAN, WRITE, get_case_for_user, log_case_access
from cases.conflicts import save_or_show_conflict
from cases.revisions import EditConflict
from meetings.access import get_meeting_for_user, get_minutes_for_user
from meetings.forms import (
    ActionForm,
    ActionRowForm,
    AttendanceForm,
    AttendeeForm,
    DecisionForm,
    DecisionRowForm,
    DiscussionForm,
    MeetingForm,
    NewAttendeeForm,
    RowFormSet,
    ScalingAnswerForm,
    ScalingRoundForm,
)
from meetings.models import Action, Attendee, Decision, Meeting, MeetingScalingAnswer
from meetings.pdf import cached_minutes_pdf, minutes_context, printed_minutes
from meetings.services import meeting_finalise, refuse_finalise
from sos_site.parts import Part, part_or_404
from sos_site.views import GET_AND_POST, refused, take_step

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
    refusal = refused(request, lambda: refuse_finalise(meeting), record=meeting)
    if refusal:
        return refusal
    context = {
        "meeting": meeting,
        "case": meeting.case,
        "answer_count": meeting.answers.filter(declined=False).count(),
        "action_count": meeting.actions.count(),
    }
    return render(request, "meetings/meeting_finalise.html", context)


# --- Recording the meeting as it happens -------------------------------------------------------

AttendanceFormSet = modelformset_factory(Attendee, form=AttendanceForm, extra=0)
NewAttendeeFormSet = modelformset_factory(Attendee, form=NewAttendeeForm, extra=2)
DecisionFormSet, ActionFormSet = (
    modelformset_factory(
        model, form=form, formset=RowFormSet, extra=1, can_delete=True, can_delete_extra=False
    )
    for model, form in [(Decision, DecisionRowForm), (Action, ActionRowForm)]
)

CONFLICT = (
    "Someone else changed this while you were recording it. Save again to keep what you typed "
    "here, or go back to the meeting to read what they saved."
)


@GET_AND_POST
@login_required
def meeting_register(request, pk):
    """Everyone invited, each with whether they came, and rows for anyone who came unasked."""
    meeting = get_meeting_for_user(request, pk, need=WRITE, action="take the register")
    if refused := refusal_of_changes(request, meeting):
        return refused
    data = request.POST or None
    kwargs = {"form_kwargs": {"meeting": meeting}}
    invited = AttendanceFormSet(data, queryset=meeting.attendees.all(), prefix="register", **kwargs)
    newcomers = NewAttendeeFormSet(
        data, queryset=Attendee.objects.none(), prefix="newcomer", **kwargs
    )
    formsets = [invited, newcomers]
    if data is not None and all_valid(formsets):
        rows = [form for formset in formsets for form in formset.forms if form.has_changed()]
        if save_rows(request, meeting, rows, formsets=formsets):
            return saved(
                request, meeting, "The register is saved.", "meeting_scaling_round", "attendees"
            )
    focus_first_field(invited.forms, data, "attendance")
    context = row_page_context(meeting, "Take the register", formsets)
    context["next_step"] = "Save and record the scaling round"
    return render(request, "meetings/meeting_register.html", context)


@GET_AND_POST
@login_required
def meeting_scaling_round(request, pk):
    """The scaling question, and a row for everyone who came: their score or that they did not
    want to give one, why, and what would move it up one point. All rows save together."""
    meeting = get_meeting_for_user(request, pk, need=WRITE, action="record the scaling round")
    if refused := refusal_of_changes(request, meeting):
        return refused
    data = request.POST or None
    answers = {answer.attendee_id: answer for answer in meeting.answers.all()}
    rows = [
        ScalingRoundForm(
            data,
            instance=answers.get(attendee.pk) or MeetingScalingAnswer(meeting=meeting),
            attendee=attendee,
            meeting=meeting,
            prefix=f"answer-{attendee.pk}",
        )
        for attendee in meeting.attendees.filter(attendance=Attendee.Attendance.ATTENDED)
    ]
    page = RowPage(rows)
    if data is not None and all_valid(rows):
        changed = [form for form in rows if form.has_changed()]
        if save_rows(request, meeting, changed, formsets=[page]):
            return saved(
                request, meeting, "The scaling round is saved.", "meeting_decisions", "answers"
            )
    focus_first_field(rows, data, "answer")
    context = row_page_context(meeting, "Record the scaling round", [page])
    context.update(rows=rows, next_step="Save and record the decisions")
    return render(request, "meetings/meeting_scaling_round.html", context)


@GET_AND_POST
@login_required
def meeting_discussion(request, pk):
    """The discussion in the three columns, on one page."""
    meeting = get_meeting_for_user(request, pk, need=WRITE, action="record the discussion")
    terms = terms_for(meeting.case)
    return save_or_show_conflict(
        request,
        DiscussionForm,
        instance=meeting,
        form_kwargs={"meeting": meeting, "terms": terms},
        template="meetings/meeting_form.html",
        context={**part_form_context(meeting, "Record the discussion"), "terms": terms},
        success_url=meeting_url(meeting),
        success_message="The discussion is saved.",
    )


@GET_AND_POST
@login_required
def meeting_decisions(request, pk):
    """Every decision on one page, with a row for one more."""
    meeting = get_meeting_for_user(request, pk, need=WRITE, action="record decisions")
    return items_page(
        request,
        meeting,
        DecisionFormSet(
            request.POST or None,
            queryset=meeting.decisions.all(),
            prefix="decision",
            form_kwargs={"meeting": meeting},
        ),
        title="Record decisions",
        saved_message="The decisions are saved.",
        add_another="Save and add another decision",
        anchor="decisions",
        first_field="kind",
        next_page=("meeting_actions", "Save and record actions"),
    )


@GET_AND_POST
@login_required
def meeting_actions(request, pk):
    """Every action on one page: what, which person at the meeting will do it, by when."""
    meeting = get_meeting_for_user(request, pk, need=WRITE, action="record actions")
    return items_page(
        request,
        meeting,
        ActionFormSet(
            request.POST or None,
            queryset=meeting.actions.all(),
            prefix="action",
            form_kwargs={"meeting": meeting},
        ),
        title="Record actions",
        saved_message="The actions are saved.",
        add_another="Save and add another action",
        anchor="actions",
        first_field="what",
    )


def items_page(
    request,
    meeting,
    formset,
    *,
    title,
    saved_message,
    add_another,
    anchor,
    first_field,
    next_page=None,
):
    """A page of decisions or actions: change any, remove any, add one more."""
    if refused := refusal_of_changes(request, meeting):
        return refused
    if formset.is_bound and formset.is_valid():
        rows = [
            form
            for form in formset.forms
            if form.has_changed() and form not in formset.deleted_forms
        ]
        removed = [form.instance for form in formset.deleted_forms if form.instance.pk]
        if save_rows(request, meeting, rows, formsets=[formset], removed=removed):
            if "add_another" in request.POST:
                messages.success(request, saved_message, extra_tags="keep-focus")
                return redirect(request.path)
            return saved(request, meeting, saved_message, next_page and next_page[0], anchor)
    focus_first_field(formset.forms, request.POST or None, first_field)
    context = row_page_context(meeting, title, [formset])
    context.update(add_another=add_another, next_step=next_page and next_page[1])
    return render(request, "meetings/meeting_items.html", context)


class RowPage:
    """Rows that are not a Django formset (the scaling round), read like one by the page."""

    def __init__(self, forms):
        self.forms = forms
        self._errors = []

    def non_form_errors(self):
        return self._errors

    def add_error(self, message):
        self._errors.append(message)


def all_valid(forms):
    """Whether every form or formset is valid. Each is checked, not only up to the first that
    is not, so every row's errors show at once."""
    checked = [form.is_valid() for form in forms]
    return all(checked)


def save_rows(request, meeting, rows, *, formsets, removed=()):
    """Save the changed rows of a page, and remove the removed, as one change: all of it lands,
    or none of it does and the page says why. Each saved row's history names the person."""
    try:
        with transaction.atomic():
            meeting.lock_for_change()
            for form in rows:
                item = form.save(commit=False)
                item.meeting = meeting
                try:
                    item.save_checked(expected_revision=form.expected_revision, by=request.user)
                except EditConflict as conflict:
                    # Saving again is then a decision made knowing someone else saved first.
                    form.data = form.data.copy()
                    form.data[form.add_prefix("revision")] = conflict.current.revision
                    form.add_error(None, CONFLICT)
                    raise
            for item in removed:
                meeting.remove_part(item, by=request.user)
    except EditConflict:
        return False
    except ValidationError as refusal:
        # Finalised, or the case closed, a moment ago.
        add_page_error(formsets[0], " ".join(refusal.messages))
        return False
    return True


def add_page_error(formset, message):
    if isinstance(formset, RowPage):
        formset.add_error(message)
    else:
        formset._non_form_errors.append(message)


def refusal_of_changes(request, meeting):
    """Send someone back to a meeting that no longer changes, saying why, before they type."""
    return refused(request, meeting.refuse_changes, record=meeting)


def focus_first_field(forms, data, name):
    """The page opens with the cursor in the first row, so a chair recording a meeting as it
    happens starts typing at once. Not after an error: the error summary takes the focus."""
    if data is None and forms:
        forms[0].fields[name].widget.attrs["autofocus"] = True


def saved(request, meeting, message, next_page, anchor):
    """On to the next page of the meeting when the person asked to go on, else back to the
    meeting. Going on, the banner saying it is saved leaves the cursor in the next page's first
    row, so the chair carries on typing."""
    if next_page and "next" in request.POST:
        messages.success(request, message, extra_tags="keep-focus")
        return redirect(reverse(next_page, args=[meeting.pk]))
    messages.success(request, message)
    return redirect(meeting_url(meeting, anchor))


def row_page_context(meeting, title, formsets):
    errors = []
    for formset in formsets:
        errors += [(None, error, None) for error in formset.non_form_errors()]
        for number, form in enumerate(formset.forms, start=1):
            # A row is named by the person in it, else by its place, for a message it shares.
            row = getattr(form.instance, "name", "") or f"Row {number}"
            errors += [(None, error, row) for error in form.non_field_errors()]
            for field in form:
                # The link goes to the first radio, or the day of a date.
                anchor = field.auto_id
                if getattr(field.field.widget, "input_type", "") == "radio":
                    anchor += "_1"
                elif isinstance(field.field.widget, MultiWidget):
                    anchor += "_0"
                errors += [(anchor, error, row) for error in field.errors]
    # Two rows with the same mistake would give two links reading the same: say which row.
    texts = [str(error) for _, error, _ in errors]
    errors = [
        (anchor, f"{row}: {error}" if row and texts.count(str(error)) > 1 else error)
        for anchor, error, row in errors
    ]
    return {
        **part_form_context(meeting, title),
        "formsets": formsets,
        "page_errors": errors,
    }


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
