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
        # A manager's queue of decisions, and a worker's work sent back to them.
        pages.register_home_panel(
            "waiting_for_decision",
            Section("plans/_home_waiting_for_decision.html", summary.decisions_waiting_context),
        )
        pages.register_home_panel(
            "sent_back", Section("plans/_home_sent_back.html", summary.sent_back_context)
        )
        pages.register_home_panel(
            "invited_plans",
            Section("plans/_home_invited_plans.html", summary.invited_plans_context),
        )
