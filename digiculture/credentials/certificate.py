"""The printable PDF certificate that goes with a credential, in the credential's language.

Everything on it is read from the signed credential itself, so paper and file say the same.
It names the credential's id and says how to check the signed file: the paper alone proves
nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from assessment.wording import long_date
from digiculture.credentials.texts import texts

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu: Latin and Greek
INK = (17, 24, 39)
MUTED = (75, 85, 99)
ACCENT = (29, 78, 216)
LABEL_WIDTH = 52
PAGE_BOTTOM = 283


def _keep_together(text: str) -> str:
    """No line break between a number and its unit ("70 %", "15 Minuten")."""
    return re.sub(r"(\d) (?=\S)", "\\1\u00a0", text)


class _Certificate(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(False)
        self.set_margins(18, 16, 18)

    footer_text = ""

    def footer(self) -> None:
        """Who and which credential, on every page, so that a loose page still says so."""
        self.set_y(-11)
        self.set_font("DejaVu", "", 6.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"{self.footer_text}   {self.page_no()}/{{nb}}", align="C")

    def text_block(self, text: str, size: float, bold: bool = False, color=INK, align="L"):
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(
            0, size * 0.48, _keep_together(text), new_x="LMARGIN", new_y="NEXT", align=align
        )

    def _lines(self, width: float, text: str, size: float, bold: bool = False) -> int:
        self.set_font("DejaVu", "B" if bold else "", size)
        return len(
            self.multi_cell(
                width, size * 0.45, text, dry_run=True, output=MethodReturnValue.LINES, align="L"
            )
        )

    def row(self, label: str, value: str, size: float = 8.3) -> None:
        """A label and its value side by side; a new page when the row would not fit."""
        value = _keep_together(value)
        width = self.w - self.l_margin - self.r_margin - LABEL_WIDTH
        height = max(
            self._lines(LABEL_WIDTH - 3, label, size, True), self._lines(width, value, size)
        )
        height *= size * 0.45
        if self.get_y() + height > PAGE_BOTTOM:
            self.add_page()
        y = self.get_y()
        self.set_draw_color(209, 213, 219)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        y += 1.3
        self.set_xy(self.l_margin, y)
        self.set_font("DejaVu", "B", size)
        self.set_text_color(*MUTED)
        self.multi_cell(LABEL_WIDTH - 3, size * 0.45, label, new_x="RIGHT", new_y="TOP", align="L")
        self.set_xy(self.l_margin + LABEL_WIDTH, y)
        self.set_font("DejaVu", "", size)
        self.set_text_color(*INK)
        self.multi_cell(width, size * 0.45, value, new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_y(max(self.get_y(), y + height) + 1.3)


def render_certificate(credential: dict, file_name: str) -> bytes:
    """The certificate of a signed credential as PDF bytes. `file_name`: the credential's file
    as the learner got it (the certificate tells how to check it)."""
    achievement = credential["credentialSubject"]["achievement"]
    lang = achievement.get("inLanguage", "en")
    t = texts(lang)
    subject = credential["credentialSubject"]
    micro = achievement.get("microCredential", {})
    issuer = credential["issuer"]
    address = issuer.get("address", {})
    name = next(
        (
            i["identityHash"]
            for i in subject.get("identifier", [])
            if i.get("identityType") == "name" and not i.get("hashed")
        ),
        "",
    )
    programme = "units" in micro
    pdf = _Certificate()
    pdf.set_title(f"{t['certificate']}: {achievement['name']}")
    pdf.set_author(issuer.get("name", ""))
    pdf.set_subject(credential["id"])
    pdf.set_lang(lang)
    pdf.set_creator("BoostDigiCulture course kit")
    pdf.footer_text = f"{name} · {credential['id']}"
    pdf.add_page()

    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 6, style="F")
    pdf.set_y(12)
    pdf.text_block(issuer.get("name", ""), 10, True, ACCENT)
    pdf.text_block(t["kind_programme"] if programme else t["kind_unit"], 9, False, MUTED)
    pdf.ln(2)
    pdf.text_block(t["certificate"], 24, True, INK, "C")
    pdf.ln(3)
    pdf.text_block(t["certifies"], 11, False, MUTED, "C")
    pdf.ln(1)
    pdf.text_block(name, 20, True, INK, "C")
    pdf.ln(1)
    pdf.text_block(
        t["completed_programme"] if programme else t["completed_unit"], 11, False, MUTED, "C"
    )
    pdf.ln(2)
    pdf.text_block(achievement["name"], 14, True, ACCENT, "C")
    pdf.ln(2)
    pdf.text_block(achievement["description"], 8.5, False, MUTED, "C")
    pdf.ln(3)

    country = address.get("addressCountry", "")
    code = address.get("addressCountryCode", "")
    body = issuer.get("name", "")
    if issuer.get("url"):
        body += f"\n{issuer['url']}"
    if issuer.get("email"):
        body += f"\n{issuer['email']}"
    pdf.row(t["awarding_body"], body)
    pdf.row(t["issuer_country"], f"{country} ({code})" if code and country != code else code)
    pdf.row(t["date_of_issue"], long_date(credential["validFrom"], lang))
    if credential.get("validUntil"):
        pdf.row(t["valid_until"], long_date(credential["validUntil"], lang))
    outcomes = micro.get("learningOutcomes", [])
    if outcomes:
        pdf.row(t["learning_outcomes"], "\n".join(f"• {o}" for o in outcomes))
    minutes = micro.get("notionalWorkload", "PT0M").removeprefix("PT").removesuffix("M")
    pdf.row(
        t["workload"],
        t["workload_value"].format(minutes=minutes, ects=micro.get("ectsCredits", "?")),
    )
    level = micro.get("level", {})
    pdf.row(
        t["level"],
        t["level_value"].format(
            level=level.get("profileLevel", ""),
            title=level.get("name", ""),
            digcomp="–".join(
                dict.fromkeys(
                    [level.get("digcompLevels", ["?"])[0], level.get("digcompLevels", ["?"])[-1]]
                )
            ),
        ),
    )
    pdf.row(t["assessment"], micro.get("assessmentType", ""))
    pdf.row(t["participation"], micro.get("participationForm", ""))
    pdf.row(t["quality_assurance"], micro.get("qualityAssurance", ""))
    required = {
        d.get("id"): d.get("requiredValue", "?") for d in achievement.get("resultDescription", [])
    }
    for result in subject.get("result", []):
        pdf.row(
            t["result"],
            t["result_value"].format(
                percent=result.get("value"),
                threshold=required.get(result.get("resultDescription"), "?"),
            ),
        )
    if programme:
        pdf.row(t["units_passed"], "\n".join(micro["units"]))
    digcomp = [
        a["targetName"].removeprefix("DigComp 2.2 ")
        for a in achievement.get("alignment", [])
        if a.get("targetFramework") == "DigComp 2.2"
    ]
    if digcomp:
        pdf.row(t["competences"], "\n".join(digcomp))
    pdf.row(t["credential_id"], credential["id"])

    verify = t["verify_text"].format(file=file_name, did=issuer.get("id", ""))
    width = pdf.w - pdf.l_margin - pdf.r_margin
    needed = (
        2 + 9 * 0.48 + 0.5 + pdf._lines(width, verify, 8) * 8 * 0.48 + 1
        + pdf._lines(width, t["legal"], 7) * 7 * 0.48 + 2.5
    )  # fmt: skip
    if pdf.get_y() + 3 + needed > PAGE_BOTTOM + 4:
        pdf.add_page()
    pdf.ln(3)
    top = pdf.get_y()
    pdf.set_fill_color(239, 246, 255)
    pdf.rect(pdf.l_margin - 2, top, pdf.w - pdf.l_margin - pdf.r_margin + 4, needed, style="F")
    pdf.set_xy(pdf.l_margin, top + 2)
    pdf.text_block(t["verify_title"], 9, True, ACCENT)
    pdf.ln(0.5)
    pdf.text_block(verify, 8, False, INK)
    pdf.ln(1)
    pdf.text_block(t["legal"], 7, False, MUTED)
    return bytes(pdf.output())
