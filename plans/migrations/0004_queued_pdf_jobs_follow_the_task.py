"""PDF jobs queued before plans had their own app name the task by its old path. They are
pointed at the task's new path, so the worker renders them rather than failing to import them.
The arguments are unchanged: the plan, the revision it was queued at, and who asked."""

from django.db import migrations

OLD = "assessments.tasks.render_plan_pdf"
NEW = "plans.tasks.render_plan_pdf_job"


def repoint(from_path, to_path):
    def run(apps, schema_editor):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        jobs = DBTaskResult.objects.using(schema_editor.connection.alias)
        jobs.filter(task_path=from_path).update(task_path=to_path)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("plans", "0003_pdf_cache_keyed_by_plan_revision"),
    ]

    operations = [migrations.RunPython(repoint(OLD, NEW), repoint(NEW, OLD))]
