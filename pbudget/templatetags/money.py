from django import template

from pbudget.money import format_pence

register = template.Library()


@register.filter
def pounds(pence):
    """Integer pence as £1,234.56."""
    return format_pence(pence)
