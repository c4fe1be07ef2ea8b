from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from . import oidc, views
from .forms import PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("connexion/", login_not_required(views.LoginView.as_view()), name="login"),
    # The identity provider (OpenID Connect): 404 while it is not configured.
    path("connexion/oidc/", login_not_required(oidc.OIDCLoginView.as_view()), name="oidc_login"),
    path("connexion/oidc/retour/", login_not_required(oidc.OIDCCallbackView.as_view()), name="oidc_callback"),
    path("deconnexion/", views.logout, name="logout"),
    path("", views.profile, name="profile"),
    path(
        "mot-de-passe/oubli/",
        login_not_required(
            views.PasswordResetView.as_view(
                form_class=PasswordResetForm,
                template_name="accounts/password_reset_form.html",
                email_template_name="accounts/email/password_reset.txt",
                html_email_template_name="accounts/email/password_reset.html",
                subject_template_name="accounts/email/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        login_not_required(auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        login_not_required(
            views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
        ),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:profile"),
        ),
        name="password_change",
    ),
]
