import io
import json

import pytest
from django.core.management import call_command

from plans.models import SafetyPlan

pytestmark = pytest.mark.django_db


def test_the_pdf_benchmark_renders_a_three_page_plan_and_leaves_nothing_behind(settings, tmp_path):
    settings.DEBUG = True

    call_command("bench_pdf", runs=1, output=str(tmp_path), stdout=io.StringIO())

    result = json.loads((tmp_path / "plan-pdf.json").read_text())
    assert result["pages"] == 3
    assert result["median_ms_per_page"] > 0
    assert result["cached_download_p95_ms_stamped"] > result["cached_download_p95_ms_unstamped"]
    assert "| plan PDF render | 3 |" in (tmp_path / "plan-pdf.md").read_text()
    assert "| 3-page plan |" in (tmp_path / "plan-pdf.md").read_text()
    assert not SafetyPlan.objects.exists()
