"""An early-help family, or a young person in care, never reads "danger", and reads the
network's name in the words of its own practice.

Every page of an early-help case and of a child-in-care case is crawled as its worker and its
manager: the case, its assessments and plans and their compare pages, meetings, the history,
the access log, the forms, and the plan's PDF. Nothing a person reads may say "danger"."""

import re
import subprocess
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case, PracticeContext, User
from plans.models import PlanRule, SafetyPlan

pytestmark = pytest.mark.django_db

# Attributes whose values people read or hear, besides the text itself.
SPOKEN = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')
LINK = re.compile(r'\bhref="([^"#]+)')
MOST_PAGES = 200


def readable_text(html):
    """What a person reads or hears of a page: its text, and its spoken attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    spoken = " ".join(SPOKEN.findall(html))
    return f"{re.sub(r'<[^>]+>', ' ', html)} {spoken}"


def pdf_text(pdf, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def prefixes(case):
    """The addresses that belong to the case."""
    yield f"/cases/{case.pk}/"
    for assessment in case.assessments.all():
        yield f"/assessments/{assessment.pk}/"
    for plan in case.safety_plans.all():
        yield f"/plans/{plan.pk}/"
    for meeting in case.meetings.all():
        yield f"/meetings/{meeting.pk}/"


def crawl(client, case, tmp_path):
    """Every page of the case this person can reach by following links: {address: text}."""
    allowed = tuple(prefixes(case))
    start = reverse("case_detail", args=[case.pk])
    queue, seen, texts = [start], {start}, {}
    while queue and len(texts) < MOST_PAGES:
        address = queue.pop(0)
        response = client.get(address)
        if response.status_code != 200:
            continue
        if response["Content-Type"].startswith("application/pdf"):
            texts[address] = pdf_text(response.content, tmp_path)
            continue
        html = response.content.decode()
        texts[address] = readable_text(html)
        for link in LINK.findall(html):
            target = urljoin(address, link.replace("&amp;", "&"))
            if urlsplit(target).path.startswith(allowed) and target not in seen:
                seen.add(target)
                queue.append(target)
    return texts


def has_versions_to_compare(case, worker, manager):
    """A signed-off assessment with a new version after it, and a plan in the same state."""
    assessment = case.assessments.get()
    if assessment.is_submitted:
        assessment.sign_off(by=manager)
    assessment.start_new_version(by=worker)
    plan = case.safety_plans.first() or SafetyPlan.start(case=case, by=worker)
    if not plan.rules.exists():
        rule = PlanRule(
            plan=plan,
            what_will_happen="Grace drives Jordan to football every Saturday.",
            how_we_will_know="Jordan tells his worker at each visit.",
        )
        rule.save_checked(expected_revision=rule.revision, by=worker)
    if plan.is_draft:
        plan.submit(by=worker)
    if plan.is_submitted:
        plan.sign_off(by=manager)
    plan.start_new_version(by=worker)


@pytest.mark.parametrize(
    "context", [PracticeContext.EARLY_HELP, PracticeContext.CHILD_IN_CARE], ids=str
)
def test_no_page_of_the_case_says_danger(client, settings, tmp_path, context):
    settings.DEBUG = True  # the demo data refuses production mode
    call_command("seed_demo")
    case = Case.objects.get(practice_context=context)
    worker = case.allocated_worker
    manager = User.objects.filter(role=User.Role.MANAGER, team=case.team).first()
    has_versions_to_compare(case, worker, manager)
    statement = reverse("part_add", args=[case.assessments.latest("number").pk, "worry-statements"])
    client.force_login(worker)
    saved = client.post(
        statement,
        {
            "who_is_worried": "The school and Mia's grandad",
            "worried_behaviour": "Mia has been left alone in the evenings when Jade works.",
            "likely_impact": "Mia could be hurt at home with nobody to help her.",
            "revision": "1",
        },
        follow=True,
    )
    assert saved.status_code == 200
    assert "danger" not in readable_text(saved.content.decode()).lower()

    pages = {}
    for person in [worker, manager]:
        client.force_login(person)
        pages |= {f"{person.username} {a}": t for a, t in crawl(client, case, tmp_path).items()}

    said = sorted(address for address, text in pages.items() if "danger" in text.lower())
    assert said == []
    # The network is named as the context names it, on the case page and everywhere else.
    named = [address for address, text in pages.items() if "safety network" in text.lower()]
    assert named == []
    assert any("Support network" in text for text in pages.values())
    kinds = {
        "history": "/history/",
        "access log": "/access-log/",
        "compare": "/compare/",
        "PDF": "/pdf/",
        "meeting or form": "/add/",
    }
    reached = {kind for kind, part in kinds.items() if any(part in a for a in pages)}
    assert reached == set(kinds)
    printed = [text for address, text in pages.items() if "/pdf/" in address]
    assert all(f"by {manager.get_full_name()}" in text for text in printed[-1:])
