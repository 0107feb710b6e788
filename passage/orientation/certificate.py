"""The completion certificate a participant keeps: one A4 page (fpdf2), with their name, the course,
its days and place, and the completion date."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from passage.orientation.models import Enrolment

# A Unicode font where the system has one (names with accents or other scripts); else the PDF core
# font, with characters it cannot show replaced.
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def certificate_pdf(enrolment: Enrolment) -> bytes:
    course = enrolment.course
    pdf = FPDF(format="A4")
    pdf.set_title("Pre-departure orientation certificate")
    pdf.add_page()
    if UNICODE_FONT.exists():
        pdf.add_font("body", fname=str(UNICODE_FONT))
        family = "body"

        def text(value: str) -> str:
            return value
    else:
        family = "helvetica"

        def text(value: str) -> str:
            return value.encode("latin-1", "replace").decode("latin-1")

    pdf.set_font(family, size=24)
    pdf.ln(30)
    pdf.cell(0, 14, text("Certificate of pre-departure orientation"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_font(family, size=14)
    pdf.cell(0, 10, text("This certifies that"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=22)
    pdf.cell(0, 14, text(enrolment.person.full_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=14)
    pdf.multi_cell(0, 9, text(
        f"completed the course \"{course.curriculum.title}\" held in {course.place} from "
        f"{course.start_date:%d %B %Y} to {course.end_date:%d %B %Y} ({len(course.days)} days, language "
        f"{course.language})."), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 9, text(f"Completed on {enrolment.completed_on:%d %B %Y}."), align="C", new_x="LMARGIN",
             new_y="NEXT")
    if course.curriculum.topics:
        pdf.ln(8)
        pdf.set_font(family, size=11)
        topics = ", ".join(t.get("title", "") for t in course.curriculum.topics)
        pdf.multi_cell(0, 7, text(f"Topics: {topics}."), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
