from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import AccessLogEntry, Team, User


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "agency", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Role in the service", {"fields": ["role", "team", "agency"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("Role in the service", {"fields": ["first_name", "last_name", "role", "team", "agency"]}),
    ]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, and PostgreSQL enforces it too."""

    list_display = ["at", "user_id", "case_reference", "action", "allowed", "ip_address"]
    list_filter = ["allowed"]
    search_fields = ["case_reference", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
