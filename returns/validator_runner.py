"""Run the Department for Education's CIN census rules on a census message.

This runs under the validator's own Python (var/cin-validator, or /opt/cin-validator in the
image), never the app's: it imports neither Django nor the app. It applies the cin2026_27 rule
set. returns/checks.py starts it, writes the XML to its standard input and reads one JSON
object from its standard output:

    {"failures": [{"rule_code", "message", "kind", "la_child_id", "table", "field", "value"}],
     "crashed_rules": [{"rule_code", "message", "error"}]}

`kind` is "error" or "query", as the rule set says. A failure of the return as a whole has no
child, table or field. The validator only prints a rule that raises and carries on; what it
prints is caught and reported, so a crash is never read as a pass.
"""

import contextlib
import io
import json
import re
import sys
import xml.etree.ElementTree as ET  # nosec B405: the app's own export, from a pipe

CRASH = re.compile(r"^Error with rule (?P<code>\S+): (?P<error>.*)$")


def main():
    from cin_validator import cin_validator
    from cin_validator.rules.cin2026_27 import registry

    root = ET.fromstring(sys.stdin.buffer.read())  # noqa: S314  # nosec B314
    data = cin_validator.process_data(cin_validator.convert_data(root))
    rules = {str(rule.code): rule for rule in registry.values()}

    # The validator prints a rule that raises and carries on as if it had passed: catch what
    # it prints, and report each one.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data, registry)
    crashed = []
    for line in printed.getvalue().splitlines():
        match = CRASH.match(line)
        if match:
            rule = rules.get(match["code"])
            crashed.append(
                {
                    "rule_code": match["code"],
                    "message": rule.message if rule else "",
                    "error": match["error"],
                }
            )

    def kind_of(code):
        rule = rules.get(str(code))
        return "query" if rule is not None and rule.rule_type.name == "QUERY" else "error"

    failures = []
    report = validator.user_report
    for row in [] if report.empty else report.to_dict("records"):
        failures.append(
            {
                "rule_code": str(row["rule_code"]),
                "message": str(row["rule_description"]),
                "kind": kind_of(row["rule_code"]),
                "la_child_id": clean(row["LAchildID"]),
                "table": clean(row["tables_affected"]),
                "field": clean(row["columns_affected"]),
                "value": clean(row["value_flagged"]),
            }
        )
    # Failures of the return as a whole, not of one child's records.
    reported = {(f["rule_code"], f["la_child_id"]) for f in failures}
    for row in validator.multichild_issues.to_dict("records"):
        code = str(row["rule_code"])
        if (code, None) not in reported:
            reported.add((code, None))
            failures.append(
                {
                    "rule_code": code,
                    "message": str(row["rule_description"]),
                    "kind": kind_of(code),
                    "la_child_id": None,
                    "table": None,
                    "field": None,
                    "value": None,
                }
            )
    json.dump({"failures": failures, "crashed_rules": crashed}, sys.stdout)


def clean(value):
    """The report writes every value as text; missing ones read "nan", "NaT" or "<NA>"."""
    if value is None or str(value) in ("nan", "NaT", "<NA>", "None", ""):
        return None
    return str(value)


if __name__ == "__main__":
    main()
