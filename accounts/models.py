from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SetupCode(models.Model):
    """A one-time code an administrator gives someone, so that their first sign-in can set up
    an authenticator app. A password alone never does: whoever knew it could otherwise add their
    own phone to the account. Only a hash is kept; the code is shown once, to the administrator.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="setup_code"
    )
    code_hash = models.CharField(max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the code was made with the setup_code command.",
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    wrong_tries = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["code_hash"])

    def __str__(self):
        return f"Set-up code for {self.user}"
