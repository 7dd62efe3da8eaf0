"""A plan is long: its page starts with a Contents list of its parts."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_link_in_the_plan_contents_goes_to_one_part_of_the_plan(client, sam, plan, rule):
    client.force_login(sam)

    html = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()

    nav = re.search(r'<nav class="sos-contents" aria-label="Contents">(.*?)</nav>', html, re.S)
    targets = re.findall(r'href="#([^"]+)"', nav[1])
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert targets == ["rules", "contingency", "network", "childs-words", "review"]
    assert all(ids.count(target) == 1 for target in targets)
