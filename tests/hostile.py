"""Hostile text, and a reader for the forms on a page, shared by the fuzzing tests."""

from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "{{ request.user }} {% csrf_token %}",
    "javascript:alert(1)",
    "'; DROP TABLE cases_case; --",
    "&lt;already escaped&gt; &amp;",
]
INVISIBLE = [
    "\u202eRTL override",
    "\u200bzero\u200bwidth\u200b",
    "\u200fرسالة بالعربية",
    "\ufeffbyte order mark",
]
NUL = "before\x00after"
LONG = "A very long line of text. " * 400

# Letters, marks, digits, punctuation, symbols and spaces from all of Unicode, with line breaks
# and tabs; no surrogates, which cannot be sent, and no other control characters, which no
# keyboard types.
_typed = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t")


def fuzz_settings(examples):
    """The same examples on every run (failures reproduce), none kept on disk, and no complaint
    about the database fixtures the examples share."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def hostile_text():
    """What anyone might paste into a box: markup, invisible characters, NUL, or a lot."""
    piece = st.sampled_from(MARKUP + INVISIBLE + [NUL, LONG])
    return st.one_of(
        piece,
        st.builds(
            lambda a, b, c: a + b + c,
            st.text(_typed, max_size=20),
            piece,
            st.text(_typed, max_size=20),
        ),
        st.text(_typed, min_size=1, max_size=300),
    )


class FormReader(HTMLParser):
    """The forms inside <main>: method, action and fields, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.in_main = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": [],
                }
            )
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            self.forms[-1]["fields"].append(
                {
                    "kind": attrs.get("type", "text"),
                    "name": attrs["name"],
                    "value": attrs.get("value") or "",
                    "checked": "checked" in attrs,
                    "inputmode": attrs.get("inputmode", ""),
                }
            )
        elif tag == "textarea" and attrs.get("name"):
            self.forms[-1]["fields"].append({"kind": "textarea", "name": attrs["name"]})
        elif tag == "select" and attrs.get("name"):
            self.select = {"kind": "select", "name": attrs["name"], "options": []}
            self.forms[-1]["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if tag == "select":
            self.select = None


def forms_on(html):
    reader = FormReader()
    reader.feed(html)
    return reader.forms
