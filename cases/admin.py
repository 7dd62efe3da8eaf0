from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from accounts import setup_codes
from cases.models import Team, User


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

    actions = ["make_setup_code"]

    @admin.action(
        description="Make a one-time set-up code for their authenticator app",
        permissions=["add_setup_code"],
    )
    def make_setup_code(self, request, queryset):
        """Shown once, on this page, and never stored in a message or a cookie."""
        if queryset.count() != 1:
            self.message_user(request, "Choose one person at a time.", messages.ERROR)
            return None
        user = queryset.get()
        if not user.is_active or user.totpdevice_set.filter(confirmed=True).exists():
            self.message_user(
                request,
                f"{user.username} is switched off or already has an authenticator app. If "
                "their phone is lost, delete their TOTP device first, then make a code.",
                messages.ERROR,
            )
            return None
        code, expires_at = setup_codes.issue(user, by=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Set-up code for {user.get_full_name() or user.username}",
            "person": user,
            "code": code,
            "expires_at": expires_at,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/setup_code_issued.html", context)

    def has_add_setup_code_permission(self, request):
        return request.user.has_perm("accounts.add_setupcode")

    def has_delete_permission(self, request, obj=None):
        # Deleting someone would blank their name on every history row they wrote, which the
        # database refuses; someone who leaves is made inactive instead.
        return False
