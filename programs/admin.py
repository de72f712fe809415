"""Admin of programs and progress reports (the product's own pages are the main way in)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Dimension,
    Element,
    EvidenceFile,
    Indicator,
    IndicatorTarget,
    Program,
    ProgressReport,
    ProgressReportEvent,
    ReminderLog,
    ReportingPeriod,
)


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["name", "dimension", "name_en"]
    list_filter = ["dimension"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "agency", "regency", "kind", "horizon", "status"]
    list_filter = ["regency", "kind", "horizon", "status", "dimensions", "funding_source"]
    search_fields = ["code", "name", "description", "agency__name"]
    filter_horizontal = ["dimensions", "elements"]
    inlines = [IndicatorInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "target"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["regency", "year", "quarter", "deadline"]
    list_filter = ["regency", "year"]


class EvidenceInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0


class EventInline(admin.TabularInline):
    model = ProgressReportEvent
    extra = 0
    readonly_fields = ["actor", "at", "from_status", "to_status", "comment"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["program", "year", "quarter", "physical_progress", "status"]
    list_filter = ["regency", "year", "quarter", "status"]
    search_fields = ["program__code", "program__name"]
    inlines = [EvidenceInline, EventInline]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["period", "agency", "sent_at", "recipients"]
    list_filter = ["period__regency"]
