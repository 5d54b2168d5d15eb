from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sources.charts import quarter_chart
from sources.forms import GradeForm, SourceForm
from sources.selectors import (
    source_claims,
    source_get,
    source_list,
    source_record,
    source_record_by_quarter,
    source_reliability_table,
)
from sources.services import network_get_or_create, source_create, source_grade, source_resolve
from workbench.forms import add_service_errors
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role


@workspace_view()
def source_list_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(source_list(workspace=membership.workspace, query=query), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "membership": membership,
        "workspace": membership.workspace,
        "page": page,
        "q": query,
    }
    return render(request, "sources/list.html", context)


@workspace_view()
def source_detail_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    source = source_get(pk=pk)
    record = source_record(source=source, workspace=membership.workspace, user=request.user)
    claims = Paginator(source_claims(source=source, workspace=membership.workspace), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "membership": membership,
        "workspace": membership.workspace,
        "source": source,
        "assessments": source.assessments.select_related("assessed_by")[:50],
        "claims": claims,
        "grade_form": GradeForm(initial={"grade": source.reliability}),
        "can_grade": membership.has_role(Role.REVIEWER),
        "records": [
            (f"Right, estimate in {membership.workspace.name}", record.workspace),
            ("Right, estimate across your workspaces", record.yours),
        ],
        "record": record,
        "chart": quarter_chart(source_record_by_quarter(source=source, workspace=membership.workspace)),
    }
    return render(request, "sources/detail.html", context)


@workspace_view()
def source_reliability_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    context = {
        "membership": membership,
        "workspace": membership.workspace,
        "rows": source_reliability_table(workspace=membership.workspace, user=request.user),
    }
    return render(request, "sources/reliability.html", context)


@workspace_view(Role.RESEARCHER)
def source_create_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = source_resolve(name=data["name"])
        if existing is not None:
            form.add_error("name", f"This source is already recorded as {existing.name!r}.")
        else:
            try:
                source = source_create(
                    name=data["name"],
                    kind=data["kind"],
                    stance=data["stance"],
                    network=network_get_or_create(name=data["network"]),
                    url=data["url"],
                    description=data["description"],
                    aliases=data["aliases"],
                    created_by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Source {source.name} recorded.")
                return redirect("sources:detail", slug=workspace.slug, pk=source.pk)
    return render(
        request, "sources/form.html", {"membership": membership, "workspace": workspace, "form": form}
    )


@require_POST
@workspace_view(Role.REVIEWER)
def source_grade_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    source = source_get(pk=pk)
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            source_grade(
                source=source,
                grade=form.cleaned_data["grade"],
                rationale=form.cleaned_data["rationale"],
                assessed_by=request.user,
                workspace=membership.workspace,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{source.name} graded {form.cleaned_data['grade']}.")
    else:
        messages.error(request, "A grade needs a grade and a rationale.")
    return redirect("sources:detail", slug=membership.workspace.slug, pk=source.pk)
