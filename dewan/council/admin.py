"""Admin for the national administrator: regencies, agencies, decrees, members, roles."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, CouncilMember, Decree, Regency, RoleAssignment


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "province", "kemendagri_code", "time_zone",
                    "year_joined"]
    list_filter = ["kind", "province", "time_zone"]
    search_fields = ["name", "short_name", "province", "kemendagri_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "regency"]
    list_filter = ["kind", "regency"]
    search_fields = ["name", "short_name", "head_name"]


@admin.register(Decree)
class DecreeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "regency", "kind", "date_signed", "valid_until"]
    list_filter = ["kind", "regency", "year"]
    search_fields = ["number", "title"]
    date_hierarchy = "date_signed"


@admin.register(CouncilMember)
class CouncilMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "council_role", "agency", "regency", "decree"]
    list_filter = ["council_role", "regency"]
    search_fields = ["name", "position", "email"]
    autocomplete_fields = ["agency", "user"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "regency", "agency", "created_at"]
    list_filter = ["role", "regency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user", "agency"]
