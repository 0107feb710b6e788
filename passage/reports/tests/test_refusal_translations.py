"""The statistics API refuses a bad period or region in the caller's language, naming the field."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "query", "field", "detail"), [
    ("ar", "region=atlantis", "region", "منطقة غير معروفة."),
    ("fr", "date_from=2026-05-02&date_to=2026-05-01", "date_to", "La fin de la période précède son début."),
    ("es", "date_from=1900-01-01&date_to=2026-01-01", "date_from", "Elija un período de ochenta años como máximo."),
    ("en", "region=atlantis", "region", "Unknown region."),
])
def test_a_bad_filter_is_refused_in_the_callers_language(world, api_client, lang, query, field, detail):
    response = api_client(world.compliance_hq).get(f"/api/v1/reports/figures?{query}",
                                                   headers={"accept-language": lang})
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == detail
    assert body["errors"] == [{"field": field, "detail": detail}]
