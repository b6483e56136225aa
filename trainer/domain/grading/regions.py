"""Body-map select_regions items: "select all that apply" over the figure; partial credit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from trainer.domain.grading.base import (
    Evaluation,
    Grader,
    InvalidResponse,
    RegionDetail,
    _describe,
    _field,
    _list,
    _net_score,
    register,
)

_REGION_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@register
class SelectRegionsGrader(Grader):
    """Score ``max(0, (hits - wrong) / number of correct regions)``; Hard from 0.5."""

    key = "body_map:select_regions"
    partial_credit = True

    def correct_response(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"regions": list(content["regions"])}

    def evaluate(self, content: Mapping[str, Any], response: Any) -> Evaluation:
        values = _list(_field(response, "regions"), "regions")
        for v in values:
            if not isinstance(v, str) or not _REGION_ID_RE.fullmatch(v):
                raise InvalidResponse(f"{_describe(v)} is not a body-map region id")
        detail = RegionDetail(expected=frozenset(content["regions"]), selected=frozenset(values))
        return Evaluation(
            correct=detail.selected == detail.expected,
            score=_net_score(len(detail.hit), len(detail.wrong), len(detail.expected)),
            detail=detail,
        )
