from __future__ import annotations

from django import forms
from django.contrib.auth.models import User


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the 6 digits your app shows.")
        return code


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class RequireTwoFactorForm(forms.Form):
    required = forms.BooleanField(required=False)
