"""Admin of evaluation reports: read-mostly, a ready report never changes."""

from django.contrib import admin

from .models import EvaluationReport, EvaluationSummary, ReportDownload


@admin.register(EvaluationReport)
class EvaluationReportAdmin(admin.ModelAdmin):
    list_display = ["regency", "kind", "year", "quarter", "version", "status", "page_count"]
    list_filter = ["status", "kind", "year", "regency"]
    search_fields = ["regency__name"]
    readonly_fields = ["pdf", "size", "page_count", "sha256", "inputs", "started_at",
                       "finished_at", "attempts"]


@admin.register(EvaluationSummary)
class EvaluationSummaryAdmin(admin.ModelAdmin):
    list_display = ["regency", "kind", "year", "quarter", "updated_at"]
    list_filter = ["kind", "year", "regency"]


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    list_display = ["report", "user", "at"]
    list_filter = ["at"]
    search_fields = ["user__username", "report__regency__name"]
