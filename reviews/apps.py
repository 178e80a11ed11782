from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from pbudget.lifecycle import on_close
        from reviews.services import reviews_close_with_budget

        # A closed budget has nothing left to review: its open review closes in the same transaction.
        on_close(reviews_close_with_budget)
