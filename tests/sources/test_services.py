from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sources.models import SourceAssessment
from sources.services import source_add_alias, source_create, source_grade, source_resolve

pytestmark = pytest.mark.django_db


def test_grading_a_source_keeps_every_assessment_and_sets_the_current_grade(bob, workspace) -> None:
    source = source_create(name="al-Masdar", stance="pro_government", aliases=["Al-Masdar News", "المصدر"])
    source_grade(source=source, grade="C", rationale="Often first, rarely sourced.", assessed_by=bob)
    source_grade(
        source=source,
        grade="D",
        rationale="Relays SANA without attribution.",
        assessed_by=bob,
        workspace=workspace,
    )
    source.refresh_from_db()
    assert source.reliability == "D"
    assert list(SourceAssessment.objects.filter(source=source).values_list("grade", flat=True)) == [
        "D",
        "C",
    ]
    reliability_history = [h.reliability for h in source.history.order_by("history_id")]
    assert reliability_history == ["F", "C", "D"]


def test_a_grade_needs_a_rationale_and_a_valid_letter(bob) -> None:
    source = source_create(name="SANA", stance="state_media")
    with pytest.raises(ValidationError, match="rationale"):
        source_grade(source=source, grade="B", rationale="  ", assessed_by=bob)
    with pytest.raises(ValidationError, match="Admiralty"):
        source_grade(source=source, grade="G", rationale="why", assessed_by=bob)
    assert not SourceAssessment.objects.exists()


def test_sources_resolve_by_any_alias_across_case_and_script_variants() -> None:
    anha = source_create(name="ANHA", stance="partisan", aliases=["Hawar News Agency", "وكالة أنباء هاوار"])
    assert source_resolve(name="hawar news agency") == anha
    assert source_resolve(name="وكالة انباء هاوار") == anha
    assert source_resolve(name="Reuters") is None


def test_an_alias_belongs_to_one_source_only() -> None:
    source_create(name="ANHA", stance="partisan", aliases=["Hawar"])
    other = source_create(name="Ronahi TV", stance="partisan")
    with pytest.raises(ValidationError, match="already an alias"):
        source_add_alias(source=other, alias="HAWAR")
