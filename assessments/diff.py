"""Word-level differences between two versions of a plan or an assessment."""

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


def plan_sections(plan):
    """A plan as named sections of plain text, in the order the plan is read."""
    content = plan.content()
    rules = "\n".join(
        f"{rule.what_will_happen} Responsible: {rule.responsible}. "
        f"We will know it is working when: {rule.how_we_will_know}"
        for rule in plan.rules.select_related("network_member__person")
    )
    network = "\n".join(
        f"{member['name']} ({member['relationship']}): {member['agreed_to_do']}"
        for member in content["network"]
    )
    words = "\n".join(
        f"{entry['child']}: worries: {entry['worries']} Good things: {entry['good_things']} "
        f"Dreams: {entry['dreams']}"
        for entry in content["children_words"]
    )
    return {
        "Rules and actions": rules,
        "Signs the worries are coming back": plan.worry_signs,
        "Who to call": plan.who_to_call,
        "What each person will do": plan.what_each_person_will_do,
        "The safety network": network,
        "In the children's words": words,
        "Review date": plan.review_date.strftime("%-d %B %Y") if plan.review_date else "",
    }


def compare_plans(old, new):
    """Each section with its word diff, and whether it changed at all."""
    before, after = plan_sections(old), plan_sections(new)
    return [
        {
            "title": title,
            "pieces": word_diff(before[title], after[title]),
            "changed": before[title] != after[title],
        }
        for title in before
    ]
