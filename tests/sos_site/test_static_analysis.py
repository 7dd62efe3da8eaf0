"""The local semgrep rules catch what they promise to, and the code base passes them."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SEMGREP = Path(sys.executable).with_name("semgrep")

BAD_CODE = """
from django import forms
from django.db import connection
from django.utils.safestring import mark_safe


class PersonForm(forms.ModelForm):
    class Meta:
        fields = "__all__"


def handler(request, Case, name):
    Case.objects.filter(pk=1).update(status="closed")
    Case.objects.bulk_create([])
    mark_safe(request.GET["q"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM cases_case WHERE reference = '{name}'")
        cursor.execute("SELECT 1 FROM x WHERE y = " + name)
"""


def semgrep(target):
    result = subprocess.run(
        [
            str(SEMGREP),
            "scan",
            "--config",
            str(PROJECT / ".semgrep.yml"),
            "--metrics=off",
            "--disable-version-check",
            "--json",
            "--quiet",
            str(target),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"},
        check=False,
        cwd=target.parent if target.is_file() else target,
    )
    return sorted(
        finding["check_id"].rsplit(".", 1)[-1] for finding in json.loads(result.stdout)["results"]
    )


def test_each_rule_catches_what_it_bans(tmp_path):
    bad = tmp_path / "bad_code.py"
    bad.write_text(BAD_CODE)

    assert semgrep(bad) == [
        "no-all-fields-in-forms",
        "no-bulk-writes-on-tracked-models",
        "no-bulk-writes-on-tracked-models",
        "no-mark-safe-on-data",
        "no-raw-sql-from-strings",
        "no-raw-sql-from-strings",
    ]


def test_the_application_code_passes_the_rules():
    for folder in [
        "accounts",
        "cases",
        "assessments",
        "plans",
        "meetings",
        "history",
        "demo",
        "bench",
        "sos_site",
    ]:
        assert semgrep(PROJECT / folder) == [], folder
