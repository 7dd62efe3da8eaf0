from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from cases import pages
        from cases.pages import Section
        from meetings import summary

        # What the case page and the home page show of meetings and statutory deadlines.
        pages.register_case_section(
            "next_deadline", Section("meetings/_case_next_deadline.html", summary.case_page_context)
        )
        pages.register_case_section(
            "meetings", Section("meetings/_case_meetings.html", summary.case_page_context)
        )
        # A worker's caseload knows which cases have a signed-off assessment, for what is due.
        pages.load_caseload_from(summary.cases_with_signed_off)
        pages.register_home_panel(
            "team_due_work",
            Section("meetings/_home_team_due_work.html", summary.team_due_work_context),
        )
        pages.register_home_panel(
            "my_due_work", Section("meetings/_home_my_due_work.html", summary.my_due_work_context)
        )
        pages.register_home_panel(
            "my_actions", Section("meetings/_home_my_actions.html", summary.my_actions_context)
        )
        pages.register_home_panel(
            "meetings_attended",
            Section("meetings/_home_meetings_attended.html", summary.meetings_attended_context),
        )
