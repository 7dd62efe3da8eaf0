from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.models import Case


@require_GET
@login_required
def home(request):
    """Everyone's landing page after sign-in. What it lists depends on the person's role."""
    user = request.user
    cases = Case.objects.none()
    if user.is_manager:
        cases = Case.objects.open().for_team(user.team).select_related("allocated_worker")
    elif user.is_social_worker:
        cases = Case.objects.open().allocated_to(user)
    # One query for every case's children, however many cases there are.
    cases = cases.prefetch_related("children")
    return render(request, "cases/home.html", {"cases": cases})
