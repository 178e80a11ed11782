from django.apps import AppConfig


class SupportPlanningConfig(AppConfig):
    name = "support_planning"
