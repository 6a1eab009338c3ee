"""The genogram and ecomap as files: SVG as drawn, PNG for slides and messages, PDF (with the
legend and the same facts in words) for meetings and for families."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from kith.people.models import Child

CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


def svg_to_png(svg: str) -> bytes:
    import cairosvg  # imported here: cairo is loaded only when someone exports

    png: bytes = cairosvg.svg2png(bytestring=svg.encode(), scale=2, background_color="white")
    return png


def pdf_document(*, child: Child, diagram: str, svg: str, legend: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: pango is loaded only when someone exports

    html = render_to_string(
        "people/family_export.html",
        {**context, "child": child, "diagram": diagram, "svg": svg, "legend": legend, "today": timezone.localdate()},
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def respond(
    request: HttpRequest, *, child: Child, diagram: str, fmt: str, svg: str, legend: str, context: dict[str, Any]
) -> HttpResponse:
    if fmt == "svg":
        body: bytes = svg.encode()
    elif fmt == "png":
        body = svg_to_png(svg)
    else:
        body = pdf_document(child=child, diagram=diagram, svg=svg, legend=legend, context=context)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"{diagram}-{child.la_child_id}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
