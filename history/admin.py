"""The access log in the admin site: read-only, in sentences, and every reading of it logged."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery

from assessments.terminology import BY_CONTEXT
from cases import access
from cases.models import AccessLogEntry, Case
from history.access_log import sentence


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, and PostgreSQL enforces it too."""

    list_display = ["at", "user_id", "case_reference", "what_they_did", "allowed", "ip_address"]
    list_filter = ["allowed"]
    search_fields = ["case_reference", "action"]
    fields = ["at", "user_id", "case_reference", "what_they_did", "allowed", "ip_address", "path"]
    readonly_fields = fields

    def get_queryset(self, request):
        context = Case.objects.filter(pk=OuterRef("case_id")).values("practice_context")
        return super().get_queryset(request).annotate(practice_context=Subquery(context))

    @admin.display(description="What they did")
    def what_they_did(self, entry):
        terms = BY_CONTEXT.get(entry.practice_context)
        return sentence(entry, terms)

    def changelist_view(self, request, extra_context=None):
        self._log(request, case_id=None, case_reference="")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = AccessLogEntry.objects.filter(pk=object_id).first()
        self._log(
            request,
            case_id=entry.case_id if entry else None,
            case_reference=entry.case_reference if entry else "",
        )
        return super().change_view(request, object_id, form_url, extra_context)

    def _log(self, request, **case):
        access.log_entry(
            request, action="read the access log in the admin site", allowed=True, **case
        ).save()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
