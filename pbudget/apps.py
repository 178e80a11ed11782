from django.apps import AppConfig


class PbudgetConfig(AppConfig):
    name = "pbudget"
    verbose_name = "Personal budgets (core)"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from pbudget import checks  # noqa: F401  (registers the deployment checks)
        from pbudget.accounts.two_factor import session_start
        from pbudget.middleware import session_clock_start

        # Session plumbing, not business logic: the clocks start when anyone signs in.
        user_logged_in.connect(session_clock_start, dispatch_uid="pbudget_session_clock")
        user_logged_in.connect(session_start, dispatch_uid="pbudget_second_factor")
