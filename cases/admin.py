from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Case, FamilyMember, Person, SubjectChild, Team, User


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


class SubjectChildInline(admin.TabularInline):
    model = SubjectChild
    extra = 0
    autocomplete_fields = ["child"]


class FamilyMemberInline(admin.TabularInline):
    model = FamilyMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "date_of_birth"]
    search_fields = ["first_name", "last_name", "preferred_name"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "practice_context", "team", "allocated_worker", "status"]
    list_filter = ["practice_context", "status", "team"]
    search_fields = ["reference"]
    readonly_fields = ["reference"]
    inlines = [SubjectChildInline, FamilyMemberInline]

    def has_add_permission(self, request):
        # Cases are opened in the service, which gives them their reference number.
        return False
