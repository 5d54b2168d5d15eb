from __future__ import annotations

from django import forms
from django.contrib.auth.models import User

from workspaces.models import Role


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.RESEARCHER)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"No active user {username!r}.")
        return user


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
