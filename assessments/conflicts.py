"""Two people editing the same thing: the later save shows both versions and loses nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render

from cases.versions import EditConflict


def save_or_show_conflict(
    request, form, *, remake, template, context, success_url, success_message
):
    """Save an edit unless someone else saved first; then show both versions, losing nothing.

    `remake(data, current)` builds the same form again around the latest saved version, with
    what this person typed, so saving again is a decision made with both in view.
    """
    context = {**context, "form": form}
    if form.is_valid():
        try:
            form.instance.save_checked(expected_revision=form.expected_revision, by=request.user)
        except EditConflict as conflict:
            data = request.POST.copy()
            data["revision"] = conflict.current.revision
            context.update(
                form=remake(data, conflict.current),
                current=conflict.current,
                last_change=conflict.current.history.select_related("history_user").first(),
            )
            return render(request, "assessments/edit_conflict.html", context, status=409)
        messages.success(request, success_message)
        return redirect(success_url)
    return render(request, template, context)
