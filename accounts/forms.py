from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import setup_codes
from sos_site.forms import GDSFormMixin


class LoginForm(GDSFormMixin, AuthenticationForm):
    submit_label = "Sign in"

    error_messages = {
        "invalid_login": (
            "Enter a correct username and password. After 10 wrong attempts the account is "
            "locked for 30 minutes."
        ),
        "inactive": "This account has been switched off. Ask your team manager for help.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
        )


def normalise_code(value):
    """People type codes with spaces, or in capitals; backup codes are stored in lower case."""
    return "".join(value.split()).lower()


class SecurityCodeForm(GDSFormMixin, forms.Form):
    """The second step of signing in: a code from the authenticator app, or a backup code."""

    submit_label = "Continue"

    code = forms.CharField(
        label="Security code",
        help_text=(
            "The 6-digit code your authenticator app shows now, or one of your backup codes."
        ),
        max_length=20,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("code", field_width=10))

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        throttled = self.throttled()
        self.device = match_token(self.user, code)
        if self.device is None and throttled:
            raise ValidationError(
                "You have entered too many wrong codes. Wait a minute, then enter the code "
                "your app shows at that time.",
                code="throttled",
            )
        if self.device is None:
            raise ValidationError(
                "That code is not right, or it has expired. Enter the code your app shows now. "
                "After several wrong codes you must wait a little before trying again.",
                code="invalid",
            )
        return code

    def throttled(self):
        """After a wrong code django-otp makes each next try wait twice as long as the last."""
        return any(
            not device.verify_is_allowed()[0]
            for device in TOTPDevice.objects.devices_for_user(self.user, confirmed=True)
        )


class SetupCodeForm(GDSFormMixin, forms.Form):
    """The one-time code from an administrator that lets a first sign-in add an app."""

    submit_label = "Continue"

    code = forms.CharField(
        label="Set-up code",
        help_text="The 12-letter code your administrator gave you, for example ABCD-EFGH-JKMN.",
        max_length=40,
        error_messages={"required": "Enter the set-up code your administrator gave you"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.setup_code = None
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("code", field_width=10))

    def clean_code(self):
        try:
            self.setup_code = setup_codes.check(self.user, self.cleaned_data["code"])
        except setup_codes.SetupCodeRefused as refusal:
            raise ValidationError(str(refusal), code="refused") from None
        return self.cleaned_data["code"]


class AuthenticatorSetupForm(GDSFormMixin, forms.Form):
    """Confirms that the app has the secret: the first code it shows must match."""

    submit_label = "Confirm and continue"

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="Enter the 6-digit code the app shows after you add this account.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("code", field_width=5))

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError("Enter the code as 6 digits, like 123456", code="format")
        if not self.device.verify_token(code):
            raise ValidationError(
                "That code does not match. Check the app shows this account, then enter the "
                "code it shows now.",
                code="invalid",
            )
        return code


class NewBackupCodesForm(GDSFormMixin, forms.Form):
    submit_label = "Make new backup codes"
