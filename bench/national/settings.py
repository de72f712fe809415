"""The portal's settings plus two floor views, for the load benchmark only."""

from dewan.project.settings import *  # noqa: F403

ROOT_URLCONF = "bench.national.urls"
