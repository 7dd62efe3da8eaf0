"""The pages that move a version (an assessment or a plan) through its lifecycle. Each app's
views find the version with its own access helper, then hand it here; the model refuses a
wrong starting state itself (cases.versions) and these pages only show what it says."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from cases.access import MANAGE, WRITE
from sos_site.views import refused, take_step


@dataclass(frozen=True)
class Step:
    """A step someone takes from a version's page: who may take it, and what it says after."""

    need: int
    verb: str

    def run(self, version, by):
        return getattr(version, self.verb)(by=by)


STEPS = {
    "submit": Step(WRITE, "submit"),
    "withdraw": Step(WRITE, "withdraw"),
    "decide": Step(MANAGE, "sign_off"),
}


def step_or_404(slug):
    if slug not in STEPS:
        raise Http404
    return STEPS[slug]


def verb(kind, slug):
    """What taking the step is called, for the access log: "approve" a plan, say."""
    return kind.decide if slug == "decide" else slug


def done_message(version, slug):
    if slug == "submit":
        return f"{version.label} is submitted. {version.who_decides()}"
    if slug == "withdraw":
        return f"{version.label} is back in draft. Submit it again when it is ready."
    return f"{version.label} is {version.decided} and locked.{version.decided_note}"


def take_version_step(request, version, slug):
    """Take one step (submit, withdraw, decide) and show the version with what happened."""
    step = STEPS[slug]
    return take_step(
        request,
        lambda: step.run(version, request.user),
        record=version,
        done=lambda _: done_message(version, slug),
    )


def send_back(request, version, form, template):
    """A manager sends a submitted version back to its author with what needs to change."""
    if form.is_valid():
        try:
            version.send_back(reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as refusal:
            form.add_error(None, refusal)  # shown with the reason as typed, nothing lost
        else:
            messages.success(request, f"{version.label} is back with its author for changes.")
            return redirect(version)
    context = {
        "case": version.case,
        version.url_prefix: version,  # the page's own name for it: assessment, plan
        "form": form,
        "title": "Send it back for changes",
    }
    return render(request, template, context)


def start_new_version(request, version, *, copies):
    """GET: what starting a new version will copy, and a button to do it. POST: start it.

    A new version is never started by opening a page: only by this button, and only where
    nothing is a draft or waits for a decision (the model refuses otherwise)."""
    if request.method == "POST":
        return take_step(
            request,
            lambda: version.start_new_version(by=request.user),
            record=version,
            done=lambda new: f"{new.label} starts as a copy of {version.label.lower()}.",
        )
    refusal = refused(request, version.refuse_new_version, record=version)
    if refusal:
        return refusal
    context = {"case": version.case, "version": version, "copies": copies}
    return render(request, "cases/version_new.html", context)
