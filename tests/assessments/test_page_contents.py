"""An assessment is long: its page starts with a Contents list of its three columns and its
statements."""

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_every_link_in_the_assessment_contents_goes_to_one_part_of_it(client, sam, reid_case):
    assessment = Assessment.start(case=reid_case, by=sam)
    client.force_login(sam)

    html = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()

    nav = re.search(r'<nav class="sos-contents" aria-label="Contents">(.*?)</nav>', html, re.S)
    targets = re.findall(r'href="#([^"]+)"', nav[1])
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert targets == ["worried-about", "working-well", "needs-to-happen", "worry-statements"]
    assert all(ids.count(target) == 1 for target in targets)
