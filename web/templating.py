"""Jinja2 templates (autoescaped) with the Dutch filters and what every page needs in its context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from web.deps import CSRF_FIELD
from web.labels import FILTERS

TEMPLATES_DIR = Path(__file__).parent / "templates"


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.filters.update(FILTERS)
    templates.env.globals["csrf_field"] = CSRF_FIELD
    return templates


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page; the logged-in user (if any) and their CSRF token come along automatically."""
    staff = getattr(request.state, "staff", None)
    context.setdefault("staff", staff)
    context.setdefault("csrf_token", staff.csrf_token if staff else "")
    context.setdefault("demo", request.app.state.web_config.demo)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status_code)
