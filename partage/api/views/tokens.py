"""The "Mes jetons d'API" page: each signed-in user makes, sees and revokes their own tokens."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partage.core.http import form_status, posted

from .. import writes
from ..forms import TokenForm
from ..models import ApiToken


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(posted(request))
    new_key = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires_at"]
        expires_at = timezone.make_aware(datetime.datetime.combine(expires, datetime.time.max)) if expires else None
        _token, new_key = writes.create_token(
            user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"], expires_at=expires_at
        )
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": ApiToken.objects.filter(user=request.user), "new_key": new_key},
        status=201 if new_key else form_status(form),
    )


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    writes.revoke_token(token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("api:tokens")
