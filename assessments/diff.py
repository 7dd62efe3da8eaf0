"""Word-level differences between two versions of an assessment (or, through plans.diff, of a
plan)."""

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


def word_diff(old, new):
    """Pieces of text marking what was removed from `old` and added in `new`, word by word."""
    old_words = re.findall(r"\S+\s*", old or "")
    new_words = re.findall(r"\S+\s*", new or "")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    pieces = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(Piece("same", "".join(old_words[a_start:a_end])))
            continue
        if a_end > a_start:
            pieces.append(Piece("removed", "".join(old_words[a_start:a_end])))
        if b_end > b_start:
            pieces.append(Piece("added", "".join(new_words[b_start:b_end])))
    return pieces


def assessment_sections(assessment):
    """An assessment as named sections of plain text, in the order of the three columns."""
    from assessments.models import MappingEntry  # the column order lives on the model
    from assessments.terminology import terms_for

    entries = {}
    for entry in assessment.entries.all():
        entries.setdefault(entry.category, []).append(
            f"{entry.text} ({entry.source}, {entry.noted_on:%-d %B %Y})"
        )
    sections = {
        "Past harm": "\n".join(
            f"{harm.behaviour} How often: {harm.frequency}. Worst: {harm.worst_incident} "
            f"Impact: {harm.impact_on_child}"
            for harm in assessment.past_harms.all()
        )
    }
    for category in MappingEntry.WORRIED + MappingEntry.WORKING_WELL + MappingEntry.NEEDS:
        sections[terms_for(assessment.case).column(category)] = "\n".join(entries.get(category, []))
    sections["Next steps"] = "\n".join(
        f"{step.what} ({step.who}, by {step.by_when:%-d %B %Y})"
        for step in assessment.next_steps.all()
    )
    sections["Statements and goals"] = "\n".join(
        f"{statement.sentence} The family's view: {statement.family_view or 'none'}. Goal: "
        f"{statement.goal.what_needs_to_be_seen if hasattr(statement, 'goal') else 'none'}"
        for statement in assessment.danger_statements.select_related("goal")
    )
    return sections


def compare_sections(before, after):
    """Each section with its word diff, both sides of it, and whether it changed at all."""
    result = []
    for title in before:
        pieces = word_diff(before[title], after[title])
        result.append(
            {
                "title": title,
                "pieces": pieces,
                "old": [piece for piece in pieces if piece.kind != "added"],
                "new": [piece for piece in pieces if piece.kind != "removed"],
                "changed": before[title] != after[title],
            }
        )
    return result


def compare_assessments(old, new):
    return compare_sections(assessment_sections(old), assessment_sections(new))
