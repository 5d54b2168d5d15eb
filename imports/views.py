"""Uploading an import and following it until it is done."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from imports.forms import ImportUploadForm
from imports.models import ImportJob
from imports.services import import_job_create, import_job_progress
from workbench.forms import add_service_errors
from workbench.jobs import percent
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role

RECENT_JOBS = 20


def _job(membership: Membership, job_pk: int) -> ImportJob:
    job = (
        ImportJob.objects.filter(workspace=membership.workspace, pk=job_pk)
        .select_related("created_by")
        .first()
    )
    if job is None:
        raise Http404("No such import in this workspace.")
    return job


@workspace_view(Role.RESEARCHER)
def import_list_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    """Upload a file; the workspace's recent imports."""
    workspace = membership.workspace
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                workspace=workspace, created_by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{job.filename} uploaded.")
            return redirect("imports:detail", slug=workspace.slug, job_pk=job.pk)
    jobs = ImportJob.objects.filter(workspace=workspace).select_related("created_by")[:RECENT_JOBS]
    context = {
        "membership": membership,
        "workspace": workspace,
        "form": form,
        "jobs": jobs,
        "limit_mb": settings.IMPORT_MAX_UPLOAD_BYTES // 1_000_000,
    }
    return render(request, "imports/list.html", context)


def _status_context(membership: Membership, job: ImportJob) -> dict[str, object]:
    done, total = import_job_progress(job=job)
    return {
        "membership": membership,
        "workspace": membership.workspace,
        "job": job,
        "done": done,
        "total": total,
        "percent": percent(done, total),
    }


@workspace_view(Role.RESEARCHER)
def import_detail_view(
    request: AuthenticatedHttpRequest, membership: Membership, job_pk: int
) -> HttpResponse:
    return render(request, "imports/detail.html", _status_context(membership, _job(membership, job_pk)))


@workspace_view(Role.RESEARCHER)
def import_status_view(
    request: AuthenticatedHttpRequest, membership: Membership, job_pk: int
) -> HttpResponse:
    """The status partial htmx polls until the job is finished."""
    return render(request, "imports/_status.html", _status_context(membership, _job(membership, job_pk)))
