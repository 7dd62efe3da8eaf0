"""Safety plans now belong to the plans app (plans 0001). Their tables stay where they are:
this only removes the models from this app's migration state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0004_order_within_case_by_case_id'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalsafetyplan',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='historicalsafetyplan',
                    name='based_on',
                ),
                migrations.RemoveField(
                    model_name='historicalsafetyplan',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='historicalsafetyplan',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalsafetyplan',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='planpdf',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='planpdf',
                    name='rendered_by',
                ),
                migrations.RemoveField(
                    model_name='planrule',
                    name='network_member',
                ),
                migrations.RemoveField(
                    model_name='planrule',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='safetyplan',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='safetyplan',
                    name='based_on',
                ),
                migrations.RemoveField(
                    model_name='safetyplan',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='safetyplan',
                    name='created_by',
                ),
                migrations.DeleteModel(
                    name='HistoricalPlanRule',
                ),
                migrations.DeleteModel(
                    name='HistoricalSafetyPlan',
                ),
                migrations.DeleteModel(
                    name='PlanPdf',
                ),
                migrations.DeleteModel(
                    name='PlanRule',
                ),
                migrations.DeleteModel(
                    name='SafetyPlan',
                ),
            ],
        ),
    ]
