from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import setup_codes


class Command(BaseCommand):
    help = (
        "Make a one-time code that lets someone set up their authenticator app at their next "
        "sign-in. Any earlier code of theirs stops working. Give it to them in person or by "
        "phone, not in the same email as their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active account with the username {username!r}.")
        if user.totpdevice_set.filter(confirmed=True).exists():
            raise CommandError(
                f"{username} already has an authenticator app. If their phone is lost, delete "
                "their TOTP device in the admin site first, then make a code."
            )
        code, expires_at = setup_codes.issue(user)
        expires = timezone.localtime(expires_at)
        self.stdout.write(f"Set-up code for {username}: {code}")
        self.stdout.write(f"It works once, until {expires:%-d %B %Y at %H:%M}.")
