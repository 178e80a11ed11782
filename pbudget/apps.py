from django.apps import AppConfig


class PbudgetConfig(AppConfig):
    name = "pbudget"
    verbose_name = "Personal budgets (core)"

    def ready(self):
        from pbudget import checks  # noqa: F401  (registers the deployment checks)
