import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.handlers.wsgi import WSGIHandler

from cases.models import User
from tests.factories import authenticator_for, code_from

# Everything WCAG 2.0, 2.1 and 2.2 asks at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# axe ships its 2.5.8 Target Size rule switched off, even though it carries the wcag22aa tag.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {"target-size": {"enabled": True}},
}


@pytest.fixture(autouse=True, scope="session")
def _one_request_at_a_time():
    """The live server answers each request on a thread of its own, and on SQLite every thread
    uses the test's one in-memory connection, which two threads must not use at once: a form
    posted while the page's script checked the words in it once failed that way, leaving the
    connection in a broken transaction. Each request waits for the one before it."""
    lock = threading.Lock()
    answer = WSGIHandler.__call__

    def one_at_a_time(handler, environ, start_response):
        with lock:
            return answer(handler, environ, start_response)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WSGIHandler, "__call__", one_at_a_time)
        yield


class AccessibilityChecker:
    """Runs axe on the page in front of it, and remembers every page the browser loaded.

    At the end of a journey every loaded page must have been checked, so a new step in a
    journey cannot skip the accessibility check by accident.
    """

    def __init__(self, page):
        self.page = page
        self.axe = Axe()
        self.loaded = []
        self.checked = set()
        page.on("load", lambda loaded_page: self.loaded.append(loaded_page.url))

    def __call__(self):
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        self.checked.add(self.page.url)

    def unchecked_pages(self):
        return [url for url in self.loaded if url not in self.checked]


@pytest.fixture
def check_accessibility(page):
    checker = AccessibilityChecker(page)
    yield checker
    assert checker.unchecked_pages() == [], "pages the journey loaded but never checked"


@pytest.fixture
def sign_in(page, live_server, check_accessibility):
    """Signs in with a password and, when it is right, the code from the user's phone.

    `has_app=False` stops after the password, for someone who has never set up their app.
    """

    def sign_in_as(username, password, *, has_app=True):
        user = User.objects.filter(username=username).first()
        if has_app and user is not None:
            device = authenticator_for(user)
        page.goto(f"{live_server.url}/login/")
        check_accessibility()
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if has_app and page.get_by_role("heading", name="Enter your security code").count():
            check_accessibility()
            page.get_by_label("Security code").fill(code_from(device))
            page.get_by_role("button", name="Continue").click()

    return sign_in_as
