"""Word-level differences between two versions of a plan."""

from assessments.diff import compare_sections
from assessments.terminology import terms_for


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
        f"The {terms_for(plan.case).network.lower()}": network,
        "In the children's words": words,
        "Review date": plan.review_date.strftime("%-d %B %Y") if plan.review_date else "",
    }


def compare_plans(old, new):
    return compare_sections(plan_sections(old), plan_sections(new))
