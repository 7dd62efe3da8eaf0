from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from cases.access import WRITE, get_case_for_user
from sos_site.views import GET_AND_POST
from visits.forms import VisitForm
from visits.models import Visit


@GET_AND_POST
@login_required
def visit_create(request, pk):
    case = get_case_for_user(request, pk, need=WRITE, action="record a visit")
    visit = Visit(case=case, recorded_by=request.user)
    form = VisitForm(request.POST or None, instance=visit, case=case)
    if form.is_valid():
        visit = form.save(commit=False)
        visit._history_user = request.user
        visit.save()
        messages.success(request, f"The visit to {visit.child.full_name} is recorded.")
        return redirect(visit)
    context = {"case": case, "form": form, "title": "Record a visit"}
    return render(request, "visits/visit_form.html", context)
