"""A plain HTML reference of the API, read from the OpenAPI document (no Swagger UI from a CDN)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[dict[str, Any]]
    body: str | None
    responses: list[tuple[str, str]]


def _schema_text(schema: dict[str, Any], components: dict[str, Any]) -> str:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return json.dumps(components.get(name, {}), indent=1, ensure_ascii=False)
    return json.dumps(schema, indent=1, ensure_ascii=False)


def operations(spec: dict[str, Any]) -> list[Operation]:
    components = spec.get("components", {}).get("schemas", {})
    found: list[Operation] = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    parameters=[
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                            "schema": json.dumps(p.get("schema", {}), ensure_ascii=False),
                        }
                        for p in op.get("parameters", [])
                    ],
                    body=_schema_text(body, components) if body else None,
                    responses=[
                        (code, r.get("description", "")) for code, r in op.get("responses", {}).items()
                    ],
                )
            )
    return found
