"""Printable letters as PDF: civic lottery invitations and panel invitations by post.

Built server-side with fpdf2 (pure Python). One A4 page per letter, the address in the
window position of a DL envelope, so a council can print and post them as they come.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

from assembly.exports import invitation_rows, letter_rows

#: A Unicode font when the machine has one (Debian: fonts-dejavu-core), so that any
#: name or address prints as written; otherwise the PDF core font with a Latin-1 fallback.
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# Letters that Unicode does not decompose into a Latin-1 base letter and a mark.
_NO_DECOMPOSITION = str.maketrans(
    {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Œ": "OE", "œ": "oe"}
)


@dataclass(frozen=True)
class Letter:
    address_lines: list[str]
    greeting: str
    paragraphs: list[str]
    highlight_label: str
    highlight: str


class _LetterPDF(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4", unit="mm")
        self.set_title(title)
        self.set_creator(settings.WAGTAIL_SITE_NAME)
        self.set_margins(25, 20, 25)
        self.set_auto_page_break(auto=True, margin=20)
        font = Path(getattr(settings, "ASSEMBLY_LETTER_FONT", DEFAULT_FONT))
        self.unicode_font = font.is_file()
        if self.unicode_font:
            self.add_font("Letter", "", str(font))
            bold = font.with_name(font.stem + "-Bold" + font.suffix)
            self.add_font("Letter", "B", str(bold if bold.is_file() else font))
            self.letter_font = "Letter"
        else:
            self.letter_font = "Helvetica"

    def clean(self, value: str) -> str:
        if self.unicode_font:
            return value
        # Core fonts are Latin-1: keep accents where possible, drop what cannot print.
        out = []
        for ch in value.translate(_NO_DECOMPOSITION):
            try:
                ch.encode("latin-1")
                out.append(ch)
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode()
                out.append(base or "?")
        return "".join(out)

    def letter(self, letter: Letter, *, sender: str, assembly_title: str) -> None:
        self.add_page()
        self.set_font(self.letter_font, "", 9)
        self.cell(0, 5, self.clean(sender), new_x="LMARGIN", new_y="NEXT")
        self.set_y(50)  # DL window envelope
        self.set_font(self.letter_font, "", 11)
        for line in letter.address_lines:
            if line:
                self.cell(0, 5.5, self.clean(line), new_x="LMARGIN", new_y="NEXT")
        self.set_y(95)
        self.set_font(self.letter_font, "B", 14)
        self.multi_cell(0, 7, self.clean(assembly_title), new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self.set_font(self.letter_font, "", 11)
        self.multi_cell(0, 6, self.clean(letter.greeting), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        for paragraph in letter.paragraphs:
            self.multi_cell(0, 6, self.clean(paragraph), new_x="LMARGIN", new_y="NEXT")
            self.ln(3)
        self.set_font(self.letter_font, "", 11)
        self.cell(0, 6, self.clean(letter.highlight_label), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.letter_font, "B", 13 if len(letter.highlight) > 30 else 20)
        self.multi_cell(0, 9, self.clean(letter.highlight), new_x="LMARGIN", new_y="NEXT")


def _pdf(kind: str, assembly, letters: list[Letter]) -> tuple[bytes, int]:
    """The letters as one PDF titled "<kind>: <assembly>", and how many there are."""
    pdf = _LetterPDF(f"{kind}: {assembly.title}")
    sender = assembly.data_controller or settings.WAGTAIL_SITE_NAME
    for letter in letters:
        pdf.letter(letter, sender=sender, assembly_title=assembly.title)
    if not letters:
        pdf.add_page()
        pdf.set_font(pdf.letter_font, "", 11)
        pdf.multi_cell(0, 6, "There are no letters to print.")
    return bytes(pdf.output()), len(letters)


def invitation_letters_pdf(assembly, page_url: str) -> tuple[bytes, int]:
    """One letter per household drawn in the civic lottery whose code is still unused."""
    _header, rows = invitation_rows(assembly, page_url)
    letters = [
        Letter(
            address_lines=["The resident(s)", address, postcode],
            greeting="Dear resident,",
            paragraphs=[
                f"Your household has been chosen at random to be invited to join "
                f"{assembly.title}. The assembly will consider: {assembly.question}",
                "From everyone who volunteers, the members are drawn by lottery so that the "
                "panel looks like the people of the area. Anyone aged 16 or over who lives "
                "at this address can volunteer, but only one person per household.",
                f"To volunteer, go to {url} and enter the code below. It works once.",
            ],
            highlight_label="Your invitation code:",
            highlight=code,
        )
        for code, address, postcode, url, used in rows
        if used == "no"
    ]
    return _pdf("Invitation letters", assembly, letters)


def panel_letters_pdf(assembly, base_url: str) -> tuple[bytes, int]:
    """One letter per panel member invited by post, with their single-use reply link."""
    _header, rows = letter_rows(assembly, base_url)
    when = ""
    if assembly.starts_on:
        when = f" The assembly meets from {assembly.starts_on:%-d %B %Y}"
        when += f" to {assembly.ends_on:%-d %B %Y}." if assembly.ends_on else "."
    letters = [
        Letter(
            address_lines=[name, address, postcode],
            greeting=f"Dear {name or 'resident'},",
            paragraphs=[
                f"Thank you for volunteering. You have been chosen by lottery to be a member "
                f"of {assembly.title}, which will consider: {assembly.question}.{when}",
                "Please tell us whether you can take part by visiting the link below. You "
                "can also tell us about anything you need in order to take part. The link "
                "works once and is for you only.",
            ],
            highlight_label="Your reply link:",
            highlight=link,
        )
        for _pool_id, name, address, postcode, link in rows
    ]
    return _pdf("Panel invitations", assembly, letters)
