"""The plain-language word list the service ships with. Administrators can change it."""

from django.db import migrations

# (phrase, what to say instead, match case). Acronyms match case so ordinary words are left be.
TERMS = [
    ("neglect", "Describe what the child went without, for example 'Leo had no breakfast on 4 days out of 5'.", False),
    ("domestic abuse", "Say what happened and who did it, for example 'Dan pushed Chloe against the wall while Leo watched'.", False),
    ("domestic violence", "Say what happened and who did it, for example 'Dan hit Chloe in front of the children'.", False),
    ("DV", "Do not use the acronym. Say what happened and who did it.", True),
    ("emotional harm", "Describe what the child saw or heard, and how it affected them.", False),
    ("emotional abuse", "Describe what was said or done to the child, and how it affected them.", False),
    ("non-engagement", "Say what was offered and what happened, for example 'Chloe did not come to the last two appointments'.", False),
    ("not engaging", "Say what was offered and what happened.", False),
    ("disguised compliance", "Describe what the adults said they would do and what actually happened.", False),
    ("toxic trio", "Name each worry on its own and describe what happened.", False),
    ("substance misuse", "Say which drug or drink, how much, how often, and what happened to the child.", False),
    ("LAC", "Say 'in care' or 'looked after by the council'.", True),
    ("CLA", "Say 'in care' or 'looked after by the council'.", True),
    ("CP", "Say 'child protection' in full.", True),
    ("CIN", "Say 'child in need' in full.", True),
    ("s47", "Say 'a child protection enquiry'.", False),
    ("section 47", "Say 'a child protection enquiry'.", False),
    ("ICPC", "Say 'the first child protection meeting' or 'initial child protection conference'.", True),
    ("RCPC", "Say 'the review child protection meeting'.", True),
    ("PLO", "Say 'the pre-proceedings process' and explain what it means for the family.", True),
    ("CSE", "Describe what happened to the young person.", True),
    ("chaotic", "Describe what the home or day is like, for example 'there is often no food in the house'.", False),
    ("inappropriate", "Say what was done and why it worried you.", False),
    ("hard to reach", "Say what was tried and what happened.", False),
    ("safeguarding concerns", "Say what you are worried will happen to the child.", False),
    ("failure to thrive", "Describe the child's weight and growth, and what the doctor said.", False),
]


def add_terms(apps, schema_editor):
    PlainLanguageTerm = apps.get_model("assessments", "PlainLanguageTerm")
    for phrase, suggestion, match_case in TERMS:
        PlainLanguageTerm.objects.get_or_create(
            phrase=phrase, defaults={"suggestion": suggestion, "match_case": match_case}
        )


def remove_terms(apps, schema_editor):
    PlainLanguageTerm = apps.get_model("assessments", "PlainLanguageTerm")
    PlainLanguageTerm.objects.filter(phrase__in=[phrase for phrase, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_mapping_scaling_and_words")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
