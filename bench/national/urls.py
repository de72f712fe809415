"""The portal's URLs plus the two floors of the load benchmark (never in production URLs):
a bare view behind the same middleware, and the same behind `login_required`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor-login/", login_required(floor)),
    path("", include("dewan.project.urls")),
]
