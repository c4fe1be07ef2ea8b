from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/profile.html", {"piloted_actions": request.user.piloted_actions.select_related("programme")}
    )
