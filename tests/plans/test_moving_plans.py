"""Plans moved from the assessments app to their own without moving a row: the migration only
changes Django's state, and the tables keep their names. Queued PDF jobs follow the task."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.models import DBTaskResult

from cases.models import User
from plans.models import PlanPdf, PlanRule, SafetyPlan
from plans.tasks import render_plan_pdf_job
from tests.conftest import DATABASE_TASKS

BEFORE = [("assessments", "0004_order_within_case_by_case_id"), ("plans", None)]
MODELS = {
    "SafetyPlan": SafetyPlan,
    "PlanRule": PlanRule,
    "PlanPdf": PlanPdf,
    "HistoricalSafetyPlan": SafetyPlan.history.model,
    "HistoricalPlanRule": PlanRule.history.model,
}


def rows(get_model):
    """Every row of every moved model, as the given app registry sees them."""
    return {name: sorted(get_model(name).objects.values_list("pk", flat=True)) for name in MODELS}


def migrate(targets):
    """Migrate to `targets`; return the models as they were at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_moving_plans_to_their_own_app_keeps_every_plan_rule_pdf_and_history_row(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # seed_demo runs only in debug mode
    call_command("seed_demo", verbosity=0)
    plan = SafetyPlan.objects.approved().first()
    PlanPdf(plan=plan, plan_revision=plan.revision, rendered_by=User.objects.first()).file.save(
        "plan.pdf", ContentFile(b"%PDF-1.7")
    )
    seeded = rows(lambda name: MODELS[name])
    assert all(seeded.values()), seeded  # the demo has rows of every kind to lose

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate(BEFORE)
        assert rows(lambda name: old_apps.get_model("assessments", name)) == seeded
    finally:
        new_apps = migrate(leaves)
    assert rows(lambda name: new_apps.get_model("plans", name)) == seeded
    assert rows(lambda name: MODELS[name]) == seeded


@pytest.mark.django_db(transaction=True)
def test_a_pdf_job_queued_before_the_move_is_pointed_at_the_task_in_plans(
    settings, approved_plan, pat
):
    settings.TASKS = DATABASE_TASKS
    render_plan_pdf_job.enqueue(approved_plan.pk, approved_plan.revision, pat.pk)
    job = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=job.pk).update(task_path="assessments.tasks.render_plan_pdf")
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()

    try:
        migrate([("plans", "0003_pdf_cache_keyed_by_plan_revision")])
    finally:
        migrate(leaves)

    job.refresh_from_db()
    assert job.task_path == render_plan_pdf_job.module_path == "plans.tasks.render_plan_pdf_job"
