from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Statutory visits"

    def ready(self):
        from cases import pages
        from cases.pages import Section
        from visits import summary

        # The case page's Visits section, and the overdue visits on the home pages.
        pages.register_case_section(
            "visits",
            Section("visits/_case_visits.html", summary.case_page_context, reads_page=True),
        )
        pages.annotate_children_with(**summary.child_annotations())
        pages.annotate_caseload_with(summary.with_last_child_seen)
        pages.register_home_panel(
            "my_overdue_visits",
            Section("visits/_home_my_overdue_visits.html", summary.my_overdue_visits_context),
        )
        pages.register_home_panel(
            "team_overdue_visits",
            Section("visits/_home_team_overdue_visits.html", summary.team_overdue_visits_context),
        )
