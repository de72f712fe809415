"""Admin of evaluation reports: read-mostly, a ready report never changes."""

from django.contrib import admin

from .models import EvaluationReport, EvaluationSummary, EvaluationYear, ReportDownload
from .services import evaluation_year_weights_changed


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


@admin.register(EvaluationYear)
class EvaluationYearAdmin(admin.ModelAdmin):
    """The administrator maintains the evaluation years and their weights (summing to 100,
    checked by the model's clean() and a database constraint)."""

    list_display = ["year", "weight_baseline", "weight_output", "weight_outcome",
                    "weight_impact", "weight_quick_win", "note"]
    ordering = ["-year"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # the stored indexes of the year follow its new weights
            evaluation_year_weights_changed(obj)
