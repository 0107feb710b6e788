"""The OpenAPI document at /api/v1/openapi.json lints clean with Spectral and states what every operation shares."""

from __future__ import annotations

import json
import subprocess  # nosec B404: runs the project's own Spectral binary on a file we wrote
from pathlib import Path

import pytest
from django.conf import settings

TOOLS = Path(settings.BASE_DIR) / "tools"
SPECTRAL = TOOLS / "node_modules" / ".bin" / "spectral"
RULESET = TOOLS / ".spectral.yaml"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def test_spectral_finds_no_warnings(schema, tmp_path):
    # A missing tool must fail the suite, not skip: the lint is part of the definition of done.
    assert SPECTRAL.exists(), f"Spectral is not installed at {SPECTRAL}; run `npm ci` in tools/."
    assert RULESET.exists(), f"The Spectral ruleset is missing at {RULESET}."
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    result = subprocess.run(  # nosec B603: fixed argv, no shell
        [str(SPECTRAL), "lint", str(document), "--ruleset", str(RULESET), "--fail-severity=warn"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, f"Spectral exit code {result.returncode}:\n{result.stdout}\n{result.stderr}"


def test_every_operation_is_named_summarised_and_tagged(schema):
    declared_tags = {tag["name"] for tag in schema.get("tags", [])}
    problems = []
    for name, operation in operations(schema):
        if not operation.get("operationId"):
            problems.append(f"{name}: no operationId")
        if not operation.get("summary"):
            problems.append(f"{name}: no summary")
        tags = operation.get("tags") or []
        if not tags:
            problems.append(f"{name}: no tag")
        problems += [f"{name}: tag {t!r} is not declared with a description" for t in tags if t not in declared_tags]
    assert not problems, "\n".join(problems)


def test_operation_ids_are_unique(schema):
    ids = [operation.get("operationId") for _, operation in operations(schema)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_client_error_is_a_problem_document(schema):
    problems = []
    for name, operation in operations(schema):
        client_errors = {code: r for code, r in operation.get("responses", {}).items() if str(code).startswith("4")}
        if not client_errors:
            problems.append(f"{name}: documents no 4xx response")
        for code, response in client_errors.items():
            if "application/problem+json" not in response.get("content", {}):
                problems.append(f"{name}: {code} is not application/problem+json")
    assert not problems, "\n".join(problems)


def _resolved(node, definitions: dict):
    """`node` with every $ref replaced by its definition and titles dropped, to compare shapes."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolved(definitions[node["$ref"].rsplit("/", 1)[1]], definitions)
        return {key: _resolved(value, definitions) for key, value in node.items() if key != "title"}
    if isinstance(node, list):
        return [_resolved(value, definitions) for value in node]
    return node


def test_every_schema_in_the_document_is_the_one_its_operation_uses(schema):
    # Two classes sharing a name (Case.Status and ExpediteRequest.Status, health's and readiness's RuleOut)
    # once overwrote each other, so operations pointed at another class's schema.
    from ninja.schema import NinjaGenerateJsonSchema

    from passage.api import api

    components = schema["components"]["schemas"]
    documented = {operation["operationId"]: operation for _, operation in operations(schema)}

    def own(model, mode, by_alias=True):
        generated = model.model_json_schema(ref_template="#/$defs/{model}", mode=mode, by_alias=by_alias,
                                            schema_generator=NinjaGenerateJsonSchema)
        return generated["properties"], generated.get("$defs", {})

    mismatched = []
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                doc = documented[operation.operation_id]
                for status, model in operation.response_models.items():
                    if not hasattr(model, "model_json_schema") or str(status) not in doc["responses"]:
                        continue
                    properties, definitions = own(model, "serialization", operation.by_alias)
                    body = doc["responses"][str(status)].get("content", {}).get("application/json", {})
                    if body and _resolved(body["schema"], components) != _resolved(properties["response"], definitions):
                        mismatched.append(f"{operation.operation_id} response {status}")
                parameters = {p["name"]: p["schema"] for p in doc.get("parameters", [])}
                for model in operation.models:
                    properties, definitions = own(model, "validation")
                    if model.__ninja_param_source__ == "body":
                        body = doc["requestBody"]["content"]["application/json"]["schema"]
                        if _resolved(body, components) != _resolved(next(iter(properties.values())), definitions):
                            mismatched.append(f"{operation.operation_id} request body")
                    for name, own_schema in properties.items():
                        if name in parameters and (
                            _resolved(parameters[name], components) != _resolved(own_schema, definitions)
                        ):
                            mismatched.append(f"{operation.operation_id} parameter {name}")
    assert not mismatched, "\n".join(mismatched)
