"""Two people editing the same thing: the later save shows both versions and loses nothing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from cases.revisions import EditConflict


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
            form = form_class(data, instance=conflict.current, **form_kwargs)
            context.update(
                form=form,
                saved=saved_answers(form),
                last_change=conflict.current.history.select_related("history_user").first(),
            )
            return render(request, "edit_conflict.html", context, status=409)
        except ValidationError as refusal:
            # Someone locked it a moment ago (submitted, finalised): say so on the form.
            form.add_error(None, refusal)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render(request, template, context)


def saved_answers(form):
    """Each question on the form with the answer saved now, in the words the form offers."""
    return [(field.label, shown(field.field, field.initial)) for field in form.visible_fields()]


def shown(field, value):
    """A saved value as the person reads it: a choice by its label, a date as a date."""
    if value in (None, ""):
        return ""
    if isinstance(field, forms.ModelChoiceField):
        return field.queryset.filter(pk=getattr(value, "pk", value)).first() or ""
    if isinstance(field, forms.MultipleChoiceField):  # ticked boxes: each by its label
        labels = dict(field.choices)
        return ", ".join(str(labels.get(code, code)) for code in value)
    if isinstance(field, forms.ChoiceField):
        return dict(field.choices).get(value, value)
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if hasattr(value, "strftime") and not hasattr(value, "hour"):
        return f"{value:%-d %B %Y}"
    return value
