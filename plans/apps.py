from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Safety plans"

    def ready(self):
        from cases import pages
        from cases.pages import Section
        from plans import summary

        # What the case page and a partner's home page show of plans.
        pages.register_case_section(
            "plans", Section("plans/_case_plans.html", summary.case_page_context)
        )
        pages.register_home_panel(
            "invited_plans",
            Section("plans/_home_invited_plans.html", summary.invited_plans_context),
        )
