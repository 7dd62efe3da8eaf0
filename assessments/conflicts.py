"""Two people editing the same thing: the later save shows both versions and loses nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render

from cases.versions import EditConflict


def save_or_show_conflict(
    request, form_class, *, instance, form_kwargs, template, context, success_url, success_message
):
    """Save an edit of `instance` with `form_class` unless someone else saved first; then show
    both versions, losing nothing.

    The form is made again around the latest saved version, with what this person typed, so
    saving again is a decision made with both in view.
    """
    form = form_class(request.POST or None, instance=instance, **form_kwargs)
    context = {**context, "form": form}
    if form.is_valid():
        try:
            form.instance.save_checked(expected_revision=form.expected_revision, by=request.user)
        except EditConflict as conflict:
            data = request.POST.copy()
            data["revision"] = conflict.current.revision
            context.update(
                form=form_class(data, instance=conflict.current, **form_kwargs),
                current=conflict.current,
                last_change=conflict.current.history.select_related("history_user").first(),
            )
            return render(request, "assessments/edit_conflict.html", context, status=409)
        messages.success(request, success_message)
        return redirect(success_url)
    return render(request, template, context)
