from django.apps import AppConfig


class HookDemoConfig(AppConfig):
    """A stand-in for a new feeding app (live sessions, surveys): installed by one test only."""

    name = "partage.core.tests.hookdemo"
    label = "hookdemo"
