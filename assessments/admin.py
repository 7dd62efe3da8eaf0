from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import PlainLanguageTerm


@admin.register(PlainLanguageTerm)
class PlainLanguageTermAdmin(SimpleHistoryAdmin):
    """The plain-language word list. Changes take effect at once, on every form."""

    list_display = ["phrase", "suggestion", "match_case"]
    search_fields = ["phrase", "suggestion"]
