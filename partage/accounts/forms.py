"""Account forms: email login, and the administration's user creation and change forms."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm
from django.contrib.auth.forms import PasswordResetForm as BasePasswordResetForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin

from .backends import local_password_allowed
from .models import User


class LoginForm(AuthenticationForm):
    """Login with the email address (case-insensitive, see UserManager.get_by_natural_key)."""

    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Le mot de passe tient compte des majuscules."
        ),
        "inactive": _("Ce compte est désactivé."),
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Adresse électronique")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "maxlength": 254}
        )
        self.fields["username"].error_messages["required"] = _("Saisissez votre adresse électronique.")
        # AuthenticationForm sets max_length after the field is built, so it is not enforced: an overlong
        # username would reach authenticate() and django-axes' varchar(255) (a 500 on PostgreSQL).
        self.fields["username"].validators.append(MaxLengthValidator(254))
        self.fields["password"].label = _("Mot de passe")
        self.fields["password"].error_messages["required"] = _("Saisissez votre mot de passe.")

    def clean_username(self) -> str:
        # One spelling per address, so that the login throttle (django-axes, which counts the
        # credentials given to authenticate()) cannot be dodged by changing the case.
        return self.cleaned_data["username"].strip().lower()


def _clean_email(form: forms.ModelForm) -> str:
    email = form.cleaned_data["email"].strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk).exists():
        raise forms.ValidationError(_("Un compte existe déjà avec cette adresse électronique."))
    return email


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        return _clean_email(self)


class UserChangeAdminForm(BoundedFormMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return _clean_email(self)


class PasswordResetForm(BasePasswordResetForm):
    """No reset link for accounts that may not use a local password (agents, when LOCAL_PASSWORDS_FOR_AGENTS
    is off): the page still says an email was sent, so it does not tell who has an account."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if local_password_allowed(user))
