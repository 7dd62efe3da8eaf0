"""The compose topology: a database, migrations once, two or more app replicas behind a proxy,
a PDF worker, shared volumes, and a health check on every long-running service."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_every_part_of_the_topology_is_there():
    assert set(SERVICES) == {"db", "migrate", "app", "worker", "proxy"}
    assert SERVICES["app"]["deploy"]["replicas"] == "${APP_REPLICAS:-2}"
    assert SERVICES["worker"]["command"] == ["python", "manage.py", "pdf_worker"]
    assert SERVICES["migrate"]["command"][-2:] == ["migrate", "--no-input"]


def test_every_long_running_service_has_a_health_check():
    for name in ["db", "app", "worker", "proxy"]:
        assert SERVICES[name]["healthcheck"]["test"], name


def test_replicas_and_worker_wait_for_migrations_and_share_the_pdfs():
    for name in ["app", "worker"]:
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
        assert "media:/app/media" in SERVICES[name]["volumes"]
    assert set(COMPOSE["volumes"]) == {"db-data", "media"}


def test_only_the_proxy_is_published_and_it_sends_https_to_the_app():
    assert [name for name, service in SERVICES.items() if "ports" in service] == ["proxy"]
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"server app:8000", nginx)
    assert "proxy_set_header X-Forwarded-Proto https;" in nginx
    assert SERVICES["app"]["environment"]["DJANGO_TRUST_X_FORWARDED_PROTO"] == "true"


def test_the_example_environment_names_every_required_variable():
    example = (ROOT / ".env.example").read_text()
    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "docker-compose.yml").read_text()))
    assert required <= {line.split("=")[0] for line in example.splitlines() if "=" in line}
