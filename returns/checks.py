"""Check a census message with the Department for Education's rules, in the validator's own
environment (returns/validator_runner.py explains why it is separate)."""

import json
import subprocess  # nosec B404: runs a fixed script with a fixed interpreter, no shell
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

RUNNER = Path(__file__).resolve().with_name("validator_runner.py")
# The S set's ten thousand children take well under this.
TIMEOUT_SECONDS = 900


class ValidatorUnavailable(RuntimeError):
    """The validator's environment is missing or did not answer."""


@dataclass(frozen=True)
class Failure:
    """One rule a record broke. la_child_id, table and field are None for the return as a whole."""

    rule_code: str
    message: str
    kind: str  # "error" or "query"
    la_child_id: str | None = None
    table: str | None = None
    field: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class CrashedRule:
    """A rule that raised instead of answering: the data was not checked against it."""

    rule_code: str
    message: str
    error: str


@dataclass
class CensusCheck:
    errors: list[Failure] = field(default_factory=list)
    queries: list[Failure] = field(default_factory=list)
    crashed_rules: list[CrashedRule] = field(default_factory=list)

    @property
    def passed(self):
        """No errors, and every rule ran. Queries are for the council to explain, not fix."""
        return not self.errors and not self.crashed_rules

    def rule_codes(self, kind=None):
        """The codes of the rules broken, errors and queries or one kind."""
        failures = {"error": self.errors, "query": self.queries}.get(
            kind, self.errors + self.queries
        )
        return sorted({failure.rule_code for failure in failures})


def check_census(xml: bytes) -> CensusCheck:
    """Run every rule of the 2026 to 2027 census on the message and sort what failed."""
    python = Path(settings.CIN_VALIDATOR_PYTHON)
    if not python.exists():
        raise ValidatorUnavailable(
            f"The census validator is not installed: run make cin-validator (looked for {python})."
        )
    try:
        completed = subprocess.run(  # noqa: S603  # nosec B603: no shell, fixed arguments
            [str(python), "-I", str(RUNNER)],
            input=xml,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ValidatorUnavailable(
            f"The census validator did not finish within {TIMEOUT_SECONDS} seconds."
        ) from error
    if completed.returncode != 0:
        raise ValidatorUnavailable(
            "The census validator stopped with an error: "
            + completed.stderr.decode(errors="replace").strip()[-2000:]
        )
    result = json.loads(completed.stdout)
    check = CensusCheck(crashed_rules=[CrashedRule(**crash) for crash in result["crashed_rules"]])
    for entry in result["failures"]:
        failure = Failure(**entry)
        (check.queries if failure.kind == "query" else check.errors).append(failure)
    return check
