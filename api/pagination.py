"""Cursor pagination: stable pages while claims are being added, and no COUNT over a big table."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class Cursor(CursorPagination):
    """`?cursor=` from the `next`/`previous` links; `?page_size=` up to 200 (default 50).

    Ordered by a unique, never-null column (the id), as a cursor needs: newest first.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def decode_cursor(self, request: Request) -> Any:
        # A cursor that does not decode is bad input (400 naming it), not a missing page (DRF's 404).
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None


def paginate(
    view: APIView, queryset: QuerySet[Any], serializer_class: type, *, ordering: str = "-id"
) -> Response:
    """One page of `queryset` through the view's paginator, serialized with `serializer_class`."""
    paginator = Cursor()
    paginator.ordering = ordering
    page = paginator.paginate_queryset(queryset, view.request, view=view)
    request: Request = view.request
    data = serializer_class(page, many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)
