"""Subject access export: a ZIP with a readable PDF and a JSON file, third parties marked, and
the export logged."""

import io
import json
import subprocess
import zipfile

import pytest
from django.urls import reverse

from assessments.models import ThreeHouses
from cases.models import AccessLogEntry, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor():
    return UserFactory(username="audrey", role=User.Role.AUDITOR, team=None)


def test_the_export_holds_the_persons_records_history_and_access_metadata(
    client, auditor, sam, jo, reid_case, chloe, tmp_path
):
    leo = reid_case.children.get()
    ThreeHouses.objects.create(
        case=reid_case,
        child=leo,
        house_of_worries="Shouting.",
        house_of_good_things="Nanny's.",
        house_of_dreams="A dog.",
        recorded_on=reid_case.opened_on,
        recorded_by=sam,
    )
    client.force_login(jo)
    client.get(reverse("case_detail", args=[reid_case.pk]))
    client.force_login(auditor)

    response = client.post(reverse("subject_access", args=[leo.pk]))

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        f"subject-access-{leo.pk}.json",
        f"subject-access-{leo.pk}.pdf",
    ]
    data = json.loads(archive.read(f"subject-access-{leo.pk}.json"))
    assert data["person"]["first_name"] == leo.first_name
    assert data["person_history"][0]["change"] == "created"
    case = data["cases"][0]
    assert case["reference"] == reid_case.reference
    assert case["their_part"] == ["a child the case is about"]
    assert case["three_houses"][0]["dreams"] == "A dog."
    assert case["other_people_for_redaction_review"] == [
        {"name": "Chloe Reid", "relationship": "Mother", "redaction_review": True}
    ]
    assert {"user_id": jo.pk, "action": "view case", "allowed": True}.items() <= case["access_log"][
        0
    ].items()
    pdf = tmp_path / "export.pdf"
    pdf.write_bytes(archive.read(f"subject-access-{leo.pk}.pdf"))
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"Records held about {leo.full_name}" in text
    assert "Chloe Reid (Mother) [check before sending]" in text
    assert AccessLogEntry.objects.filter(
        user_id=auditor.pk, action=f"subject access export for person {leo.pk}"
    ).exists()


def test_the_confirmation_page_comes_first_and_only_governance_roles_may_export(
    client, auditor, morgan, reid_case
):
    leo = reid_case.children.get()
    client.force_login(auditor)
    assert (
        "Download the records"
        in client.get(reverse("subject_access", args=[leo.pk])).content.decode()
    )

    client.force_login(morgan)
    assert client.post(reverse("subject_access", args=[leo.pk])).status_code == 403
    assert not AccessLogEntry.objects.filter(action__startswith="subject access export").exists()
