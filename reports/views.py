"""The reports page of a workspace: request a report, watch its progress, download it when done."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from claims.filters import ClaimFilter
from claims.models import Claim
from reports.forms import ReportFormatForm
from reports.models import Report, ReportState
from reports.selectors import ReportFilterError, filters_described, report_claim_filter
from reports.services import ReportError, report_request
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Workspace

RECENT = 20


class HtmxRequest(AuthenticatedHttpRequest):
    """django-htmx's typing pattern: the middleware sets request.htmx."""

    htmx: HtmxDetails


def _report_or_404(workspace: Workspace, report_pk: int) -> Report:
    report = Report.objects.filter(workspace=workspace, pk=report_pk).select_related("created_by").first()
    if report is None:
        raise Http404("No such report in this workspace.")
    return report


def _scope(report: Report) -> list[tuple[str, str]]:
    if report.manifest:
        return list(report.manifest.get("filters", {}).get("described", {}).items())
    try:
        return filters_described(report_claim_filter(workspace=report.workspace, filters=report.filters))
    except ReportFilterError:
        return [("Filters", str(report.filters))]


@workspace_view()
def report_list_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    # The claim list's filter form, prefilled from the query string (a link from the claim list).
    claim_filter = ClaimFilter(request.GET or None, queryset=Claim.objects.none(), workspace=workspace)
    reports = list(
        Report.objects.filter(workspace=workspace).select_related("created_by", "workspace")[:RECENT]
    )
    context = {
        "membership": membership,
        "workspace": workspace,
        "filter": claim_filter,
        "format_form": ReportFormatForm(),
        "reports": [(report, _scope(report)) for report in reports],
    }
    return render(request, "reports/index.html", context)


@require_POST
@workspace_view()
def report_create_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = ReportFormatForm(request.POST)
    filters = request.POST.copy()
    for key in ("csrfmiddlewaretoken", "format"):
        filters.pop(key, None)
    back = reverse("reports:list", kwargs={"slug": workspace.slug})
    if not form.is_valid():
        messages.error(request, "Choose a format: " + " ".join(str(e) for e in form.errors.get("format", [])))
        return redirect(f"{back}?{filters.urlencode()}")
    try:
        report = report_request(
            workspace=workspace,
            user=request.user,
            format=form.cleaned_data["format"],
            filters=filters,
            base_url=request.build_absolute_uri("/"),
        )
    except ReportFilterError as exc:
        messages.error(request, f"Filter {exc.field!r}: {exc.message}")
        return redirect(f"{back}?{filters.urlencode()}")
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, f"Report {report.pk} requested; it is built in the background.")
    return redirect(back)


@workspace_view()
def report_detail_view(request: HtmxRequest, membership: Membership, report_pk: int) -> HttpResponse:
    """The report's row (polled by htmx while it runs), or a page with its manifest."""
    report = _report_or_404(membership.workspace, report_pk)
    context = {
        "membership": membership,
        "workspace": membership.workspace,
        "report": report,
        "scope": _scope(report),
    }
    if request.htmx:
        return render(request, "reports/_report.html", context)
    return render(request, "reports/detail.html", context)


@workspace_view()
def report_download_view(
    request: AuthenticatedHttpRequest, membership: Membership, report_pk: int
) -> FileResponse:
    """The zip of report and manifest.json, behind the workspace's access check."""
    report = _report_or_404(membership.workspace, report_pk)
    if report.state != ReportState.DONE or not report.file:
        raise Http404("This report is not ready.")
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
