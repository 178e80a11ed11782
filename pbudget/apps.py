from django.apps import AppConfig


class PbudgetConfig(AppConfig):
    name = "pbudget"
    verbose_name = "Personal budgets (core)"
