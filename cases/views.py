from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def home(request):
    """Everyone's landing page after sign-in. What it lists depends on the person's role."""
    return render(request, "cases/home.html")
