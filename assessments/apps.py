from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from assessments import summary
        from cases import pages
        from cases.pages import Section

        # What the case page and the home page show of assessments, scaling and the child's voice.
        pages.register_case_section("child_voice", Section("assessments/_child_voice.html"))
        pages.load_children_with(summary.children_with_their_voice)
        # One summary, loaded once, gives both sections their context.
        case_page = summary.case_page_context
        pages.register_case_section(
            "assessments", Section("assessments/_case_assessments.html", case_page)
        )
        pages.register_case_section("scaling", Section("assessments/_case_scaling.html", case_page))
        pages.register_home_panel(
            "children_without_explanation",
            Section(
                "assessments/_home_children_without_explanation.html",
                summary.team_children_context,
            ),
        )
