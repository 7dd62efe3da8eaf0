"""How the access log reads: each row as a plain sentence, in its case's own words.

Views log what someone set out to do as a short phrase ("add a past harm entry"). Here it
becomes what happened ("Added a past harm entry") or what was tried ("Tried to add a past harm
entry"), with the practice's words of the case it is about, so an early-help family's log never
says "danger".
"""

from assessments.terminology import BY_CONTEXT
from cases.models import Case, User

PAST_TENSE = {
    "add": "Added",
    "allocate": "Allocated",
    "approve": "Approved",
    "change": "Changed",
    "close": "Closed",
    "compare": "Compared",
    "download": "Downloaded",
    "edit": "Edited",
    "end": "Ended",
    "export": "Exported",
    "finalise": "Finalised",
    "give": "Gave",
    "open": "Opened",
    "read": "Read",
    "record": "Recorded",
    "remove": "Removed",
    "reopen": "Reopened",
    "request": "Requested",
    "search": "Searched",
    "see": "Saw",
    "send": "Sent",
    "sign": "Signed",
    "start": "Started",
    "submit": "Submitted",
    "use": "Used",
    "view": "Viewed",
    "withdraw": "Withdrew",
}


# Verbs whose page is the thing itself: opening it is doing it.
READING = {"view", "download", "see", "search", "read", "compare", "request"}


def sentence(entry, terms=None):
    """A row as what happened: 'add a danger statement' becomes 'Added a critical worry
    statement', say, or 'Opened the page to ...', or 'Tried to ...'."""
    # Rows logged before actions were phrases name parts by their address: future-danger.
    words = entry.action.replace("-", " ")
    if terms is not None:
        words = terms.say(words)
    verb, _, rest = words.partition(" ")
    if not entry.allowed:
        return f"Tried to {words}"
    if entry.method in {"GET", "HEAD"} and verb not in READING:
        return f"Opened the page to {words}"
    if entry.status == 409:
        return f"Tried to {words}, but someone else had saved a change first"
    if entry.status and entry.status >= 500:
        return f"Tried to {words}, but it failed with an error"
    if entry.method == "POST" and entry.status and entry.status < 300:
        return f"Tried to {words}, but the form needed correcting"
    return f"{PAST_TENSE.get(verb, verb.capitalize())} {rest}".strip()


def readable(entries):
    """Give each entry its `sentence` and the `person` who acted, in two queries."""
    contexts = dict(
        Case.objects.filter(pk__in={e.case_id for e in entries if e.case_id}).values_list(
            "pk", "practice_context"
        )
    )
    people = User.objects.in_bulk({entry.user_id for entry in entries})
    for entry in entries:
        terms = BY_CONTEXT.get(contexts.get(entry.case_id))
        entry.sentence = sentence(entry, terms)
        entry.person = people.get(entry.user_id)
    return entries
