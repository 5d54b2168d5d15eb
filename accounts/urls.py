"""Sign-in and account pages under /accounts/.

`login`, `logout` and the password change keep Django's unprefixed names (LOGIN_URL, templates);
the rest is in the `accounts` namespace. There is no password reset by e-mail: an installation
has no mail server by default, and a reset link is one more way into an account. An admin sets a
new password in Django's admin instead.
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy

from accounts import views

account_patterns = [
    path("login/code/", views.login_code_view, name="login_code"),
    path("security/", views.security_view, name="security"),
    path("two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify_view, name="two_factor_verify"),
    path("two-factor/disable/", views.two_factor_disable_view, name="two_factor_disable"),
]

urlpatterns = [
    path("login/", views.login_view, name="login"),
    # Anyone may log out; the view only ends a session if there is one.
    path("logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include((account_patterns, "accounts"))),
]
