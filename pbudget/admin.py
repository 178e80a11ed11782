"""
The Django admin is for platform operators setting up councils, teams and staff. Case records
are read-only here: every change to a budget goes through the services and the lifecycle.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from pbudget.models import BudgetEvent, Council, Person, PersonalBudget, Representative, Team, User


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "council"]
    list_filter = ["council"]
    filter_horizontal = ["managers"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "council", "role", "team", "is_active"]
    list_filter = ["council", "role", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Council", {"fields": ["council", "role", "team", "is_senior_manager"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "council", "role", "team", "password1", "password2"]})]


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "council", "team", "allocated_worker"]
    list_filter = ["council", "team"]
    search_fields = ["first_name", "last_name"]
    raw_id_fields = ["user", "allocated_worker"]
    inlines = [RepresentativeInline]


class BudgetEventInline(admin.TabularInline):
    model = BudgetEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "move", "from_status", "to_status", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PersonalBudget)
class PersonalBudgetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "council", "status", "status_changed_at"]
    list_filter = ["council", "status"]
    readonly_fields = ["council", "person", "status", "opened_at", "status_changed_at", "closed_at", "agreed_weekly_pence"]
    inlines = [BudgetEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
