"""The words the screens and the printed plan use, which change with the practice context.

Early help works as Signs of Wellbeing, children in care and care leavers as Signs of Stability,
and everything else as Signs of Safety. Templates get these through `terms_for(case)`; nothing
else spells them out.
"""

from dataclasses import dataclass

from assessments.models import MappingEntry
from cases.models import PracticeContext


@dataclass(frozen=True)
class Terms:
    framework: str
    worry_statement: str
    worry_statements: str
    goal: str
    goals: str
    scale: str
    plan: str
    scaling_question: str
    future_harm: str
    network: str

    def column(self, category):
        """The heading of one category of the mapping, in this context's words."""
        if category == MappingEntry.Category.FUTURE_DANGER:
            return self.future_harm
        return MappingEntry.Category(category).label

    def say(self, text):
        """A sentence written in Signs of Safety words, in this context's words instead."""
        for safety_word, own_word in _REWORDING:
            text = text.replace(safety_word, getattr(self, own_word))
            text = text.replace(safety_word.lower(), getattr(self, own_word).lower())
        return text


SAFETY = Terms(
    framework="Signs of Safety",
    worry_statement="Danger statement",
    worry_statements="Danger statements",
    goal="Safety goal",
    goals="Safety goals",
    scale="safety scale",
    plan="Safety plan",
    scaling_question=(
        "On a scale of 0 to 10, where 10 means everyone knows the children are safe enough for "
        "the case to close, and 0 means things are so bad the children cannot stay at home, "
        "where are things right now?"
    ),
    future_harm="Future danger",
    network="Safety network",
)

WELLBEING = Terms(
    framework="Signs of Wellbeing",
    worry_statement="Critical worry statement",
    worry_statements="Critical worry statements",
    goal="Wellbeing goal",
    goals="Wellbeing goals",
    scale="wellbeing scale",
    plan="Wellbeing plan",
    scaling_question=(
        "On a scale of 0 to 10, where 10 means everyone is confident the children are doing "
        "well enough for us to stop being involved, and 0 means the worries are so great that "
        "more help is needed straight away, where are things right now?"
    ),
    future_harm="Future worries",
    network="Support network",
)

STABILITY = Terms(
    framework="Signs of Stability",
    worry_statement="Critical worry statement",
    worry_statements="Critical worry statements",
    goal="Success goal",
    goals="Success goals",
    scale="stability scale",
    plan="Stability plan",
    scaling_question=(
        "On a scale of 0 to 10, where 10 means everyone is confident the young person is "
        "settled and has the stability they need, and 0 means their home could break down "
        "today, where are things right now?"
    ),
    future_harm="Future worries",
    network="Support network",
)

# Signs of Safety's words, and the term that says each in every context, longest first.
_REWORDING = [
    ("Danger statements", "worry_statements"),
    ("Danger statement", "worry_statement"),
    ("Future danger", "future_harm"),
    ("Safety goals", "goals"),
    ("Safety goal", "goal"),
    ("Safety plan", "plan"),
    ("Safety network", "network"),
]

BY_CONTEXT = {
    PracticeContext.EARLY_HELP: WELLBEING,
    PracticeContext.CHILD_IN_NEED: SAFETY,
    PracticeContext.CHILD_PROTECTION: SAFETY,
    PracticeContext.CHILD_IN_CARE: STABILITY,
    PracticeContext.CARE_LEAVER: STABILITY,
}


def terms_for(case):
    return BY_CONTEXT[case.practice_context]
