"""A report as the bytes of a file: ``pptx`` or ``pdf``."""

from __future__ import annotations

from mik.output.document import Report
from mik.output.pdf import render_pdf
from mik.output.pptx import render_pptx


def render(report: Report, fmt: str) -> bytes:
    if fmt == "pptx":
        return render_pptx(report)
    if fmt == "pdf":
        return render_pdf(report)
    raise ValueError(f"unknown format {fmt!r}; use pptx or pdf")
