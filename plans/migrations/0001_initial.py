"""Safety plans move out of the assessments app into their own, with no data moving.

The tables keep their names (each model sets `db_table`), so this migration only tells Django's
state that the models now belong to `plans`; assessments 0005 removes them from the old app's
state. The content types are relabelled so that permissions and admin history follow them.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ["safetyplan", "planrule", "planpdf", "historicalsafetyplan", "historicalplanrule"]


def relabel_content_types(from_app, to_app):
    def relabel(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        # A content type already made for the new label keeps it; the old one is left alone.
        taken = content_types.filter(app_label=to_app, model__in=MOVED).values_list(
            "model", flat=True
        )
        content_types.filter(app_label=from_app, model__in=MOVED).exclude(
            model__in=list(taken)
        ).update(app_label=to_app)

    return relabel


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('assessments', '0004_order_within_case_by_case_id'),
        ('cases', '0007_order_family_by_case_id'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='SafetyPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('number', models.PositiveIntegerField()),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved')], default='draft', max_length=20)),
                        ('approved_at', models.DateTimeField(blank=True, null=True)),
                        ('review_date', models.DateField(blank=True, null=True, verbose_name='Review date')),
                        ('worry_signs', models.TextField(blank=True, help_text='What would the family, the children or the network see or hear?', verbose_name='What are the signs the worries are coming back?')),
                        ('who_to_call', models.TextField(blank=True, help_text='Names and numbers, in the order to call them.', verbose_name='Who to call')),
                        ('what_each_person_will_do', models.TextField(blank=True, verbose_name='What each person will do')),
                        ('frozen', models.JSONField(blank=True, default=dict, editable=False)),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('based_on', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='plans.safetyplan')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='safety_plans', to='cases.case')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'assessments_safetyplan',
                        'ordering': ['case_id', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('what_will_happen', models.TextField(verbose_name='What will happen')),
                        ('professional', models.CharField(blank=True, help_text='For example, Sam Okafor, social worker.', max_length=200, verbose_name='Or the professional responsible')),
                        ('how_we_will_know', models.TextField(verbose_name='How everyone will know it is working')),
                        ('network_member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.safetynetworkmember', verbose_name='Who is responsible, from the safety network')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='plans.safetyplan')),
                    ],
                    options={
                        'db_table': 'assessments_planrule',
                        'ordering': ['pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanPdf',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('plan_version', models.PositiveIntegerField()),
                        ('watermark', models.CharField(blank=True, max_length=20)),
                        ('file', models.FileField(upload_to='plans/')),
                        ('rendered_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('render_ms', models.PositiveIntegerField(default=0)),
                        ('pages', models.PositiveIntegerField(default=0)),
                        ('rendered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pdfs', to='plans.safetyplan')),
                    ],
                    options={
                        'db_table': 'assessments_planpdf',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSafetyPlan',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('number', models.PositiveIntegerField()),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved')], default='draft', max_length=20)),
                        ('approved_at', models.DateTimeField(blank=True, null=True)),
                        ('review_date', models.DateField(blank=True, null=True, verbose_name='Review date')),
                        ('worry_signs', models.TextField(blank=True, help_text='What would the family, the children or the network see or hear?', verbose_name='What are the signs the worries are coming back?')),
                        ('who_to_call', models.TextField(blank=True, help_text='Names and numbers, in the order to call them.', verbose_name='Who to call')),
                        ('what_each_person_will_do', models.TextField(blank=True, verbose_name='What each person will do')),
                        ('frozen', models.JSONField(blank=True, default=dict, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('approved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('based_on', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.safetyplan')),
                    ],
                    options={
                        'verbose_name': 'historical safety plan',
                        'verbose_name_plural': 'historical safety plans',
                        'db_table': 'assessments_historicalsafetyplan',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalPlanRule',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('what_will_happen', models.TextField(verbose_name='What will happen')),
                        ('professional', models.CharField(blank=True, help_text='For example, Sam Okafor, social worker.', max_length=200, verbose_name='Or the professional responsible')),
                        ('how_we_will_know', models.TextField(verbose_name='How everyone will know it is working')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('network_member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.safetynetworkmember', verbose_name='Who is responsible, from the safety network')),
                        ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.safetyplan')),
                    ],
                    options={
                        'verbose_name': 'historical plan rule',
                        'verbose_name_plural': 'historical plan rules',
                        'db_table': 'assessments_historicalplanrule',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='safetyplan',
                    constraint=models.UniqueConstraint(fields=('case', 'number'), name='one_number_per_plan'),
                ),
                migrations.AddConstraint(
                    model_name='planpdf',
                    constraint=models.UniqueConstraint(fields=('plan', 'plan_version', 'watermark'), name='one_pdf_per_version'),
                ),
                migrations.AddIndex(
                    model_name='historicalsafetyplan',
                    index=models.Index(fields=['case', 'history_date'], name='assessments_case_id_8a9448_idx'),
                ),
                migrations.AddIndex(
                    model_name='historicalplanrule',
                    index=models.Index(fields=['plan', 'history_date'], name='assessments_plan_id_dde549_idx'),
                ),
            ],
        ),
        migrations.RunPython(
            relabel_content_types("assessments", "plans"),
            relabel_content_types("plans", "assessments"),
        ),
    ]
