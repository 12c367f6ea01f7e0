"""The credential of one learner for one unit or for the programme, before it is signed.

An Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential, JSON-LD). The EU
micro-credential elements (Council Recommendation 2022/C 243/02, Annex I) sit where Open
Badges 3.0 has a property for them, and under `achievement.microCredential` (the kit's own
context) where it has none:

| element                     | where                                                      |
|-----------------------------|------------------------------------------------------------|
| identification of the learner | credentialSubject.identifier (name; e-mail hashed)       |
| title                       | name, achievement.name                                     |
| country of the issuer       | issuer.address.addressCountryCode / addressCountry         |
| awarding body               | issuer (name, url, email)                                  |
| date of issuing             | validFrom                                                  |
| learning outcomes           | microCredential.learningOutcomes; achievement.alignment     |
| notional workload           | microCredential.notionalWorkload (ISO 8601 duration),      |
|                             | workloadHours, ectsCredits; achievement.creditsAvailable   |
| level                       | microCredential.level (profile level, DigComp levels, EQF) |
| type of assessment          | microCredential.assessmentType                             |
| form of participation       | microCredential.participationForm                          |
| quality assurance           | microCredential.qualityAssurance                           |
| grade achieved (optional)   | credentialSubject.result                                   |
| prerequisites (optional)    | microCredential.prerequisites                              |
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from competence_profile.model import Profile
from competence_profile.units import Unit
from digiculture.course.codes import COUNTRIES
from digiculture.credentials.contexts import CREDENTIAL_CONTEXTS
from digiculture.credentials.criteria import PROGRAMME, Decision, programme_units_needed
from digiculture.credentials.texts import texts
from digiculture.settings import Settings

#: Namespace of the kit's achievement ids: one id per unit (and one for the programme).
ACHIEVEMENTS = uuid.UUID("6f1d4b1e-3c55-4a57-9a43-0c7d3b6e2a10")
HOURS_PER_ECTS = 25  # the lower end of the ECTS users' guide's 25-30 hours
LEGAL_BASIS = (
    "Council Recommendation of 16 June 2022 on a European approach to micro-credentials for "
    "lifelong learning and employability (2022/C 243/02), Annex I"
)
DIGCOMP_SOURCE = "digcomp22"


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    email: str
    language: str


def _fmt_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _decimal(value: float, places: str) -> str:
    return str(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def achievement_id(award: str, lang: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ACHIEVEMENTS, f'{award}:{lang}')}"


def build_credential(
    recipient: Recipient,
    decision: Decision,
    units: list[Unit],
    profile: Profile,
    settings: Settings,
    issuer_did: str,
    issued: datetime,
    valid_until: datetime | None = None,
    total_units: int | None = None,
) -> dict:
    """The unsigned credential. `units`: the unit (or the programme's passed units);
    `profile`: already in the recipient's language; `issued`, `valid_until`: UTC."""
    lang = recipient.language
    t = texts(lang)
    threshold = f"{settings.unit_pass_mark * 100:g}"
    programme = decision.award == PROGRAMME
    if programme:
        title = t["programme_title"]
        total = total_units or len(units)
        description = t["description_programme"].format(
            passed=len(units), total=total, threshold=threshold
        )
        needed = programme_units_needed(total, settings.credential_programme_threshold)
        criteria = t["criteria_programme"].format(needed=needed, total=total, threshold=threshold)
        kind = t["kind_programme"]
    else:
        title = units[0].title_in(lang)
        description = t["description_unit"].format(title=title, threshold=threshold)
        criteria = t["criteria_unit"].format(threshold=threshold)
        kind = t["kind_unit"]

    minutes = sum(u.minutes for u in units)
    hours = minutes / 60
    levels = sorted({u.level for u in units})
    top = profile.level(levels[-1])
    digcomp = sorted({n for lv in profile.levels if lv.id in levels for n in lv.digcomp_levels})
    outcomes: list[str] = []
    alignment: list[dict] = []
    seen_digcomp: list[str] = []
    sources = {s.id: s for s in profile.sources}
    digcomp_titles = {d.id: d.title for d in profile.digcomp}
    for unit in units:
        for cid in unit.competences:
            comp = profile.competence(cid)
            outcome = f"{comp.title}: {comp.descriptors[unit.level]}"
            if outcome in outcomes:
                continue
            outcomes.append(outcome)
            alignment.append(
                {
                    "type": ["Alignment"],
                    "targetType": "ext:ProfileCompetence",
                    "targetFramework": f"{profile.title} {profile.version}",
                    "targetCode": f"{comp.id} {unit.level}",
                    "targetName": f"{comp.id} {comp.title}",
                    "targetDescription": comp.descriptors[unit.level],
                    "targetUrl": f"{settings.issuer_url.rstrip('/')}/profile#{comp.id}",
                }
            )
            for ref in comp.digcomp:
                if ref not in seen_digcomp:
                    seen_digcomp.append(ref)
    for ref in sorted(seen_digcomp, key=lambda r: [int(x) for x in r.split(".")]):
        alignment.append(
            {
                "type": ["Alignment"],
                "targetType": "ext:DigCompCompetence",
                "targetFramework": "DigComp 2.2",
                "targetCode": ref,
                "targetName": f"DigComp 2.2 {ref} {digcomp_titles.get(ref, '')}".strip(),
                "targetUrl": sources[DIGCOMP_SOURCE].url
                if DIGCOMP_SOURCE in sources
                else "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415",
            }
        )

    participation = settings.credential_participation.lower()
    participation_text = t.get(f"participation_{participation}", t["participation_online"])
    micro = {
        "legalBasis": LEGAL_BASIS,
        "learningOutcomes": outcomes,
        "notionalWorkload": f"PT{minutes}M",
        "workloadHours": _decimal(hours, "0.01"),
        "ectsCredits": _decimal(hours / HOURS_PER_ECTS, "0.01"),
        "level": {
            "profileLevel": top.id,
            "name": top.title,
            "digcompLevels": [str(n) for n in digcomp],
            "eqfLevel": "not applicable (non-formal learning)",
        },
        "assessmentType": t["assessment_value"].format(threshold=threshold),
        "participationForm": participation_text,
        "qualityAssurance": t["quality_assurance_value"],
    }
    if programme:
        micro["units"] = [f"{u.title_in(lang)} ({u.id})" for u in units]
    else:
        micro["prerequisites"] = list(units[0].prerequisites)

    ach_id = achievement_id(decision.award, lang)
    result_id = f"{ach_id}#result"
    achievement = {
        "id": ach_id,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": title,
        "description": description,
        "criteria": {"narrative": criteria},
        "humanCode": decision.award,
        "inLanguage": lang,
        "creditsAvailable": round(hours, 2),
        "alignment": alignment,
        "resultDescription": [
            {
                "id": result_id,
                "type": ["ResultDescription"],
                "name": t["result"],
                "resultType": "Percent",
                "valueMin": "0",
                "valueMax": "100",
                "requiredValue": threshold,
            }
        ],
        "microCredential": micro,
    }

    identifier = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": recipient.name,
        }
    ]
    if recipient.email:
        salt = secrets.token_hex(8)
        digest = hashlib.sha256((recipient.email.lower() + salt).encode("utf-8")).hexdigest()
        identifier.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${digest}",
                "salt": salt,
            }
        )
    subject: dict = {
        "type": ["AchievementSubject"],
        "identifier": identifier,
        "achievement": achievement,
        "creditsEarned": round(hours, 2),
    }
    if decision.percent is not None:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": result_id,
                "value": str(decision.percent),
            }
        ]

    country = settings.issuer_country.upper()
    issuer: dict = {
        "id": issuer_did,
        "type": ["Profile"],
        "name": settings.issuer_name,
        "url": settings.issuer_url,
        "address": {
            "type": ["Address"],
            "addressCountryCode": country,
            "addressCountry": COUNTRIES.get(country, (country, ""))[0],
        },
    }
    if settings.issuer_email:
        issuer["email"] = settings.issuer_email

    credential: dict = {
        "@context": list(CREDENTIAL_CONTEXTS),
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{kind}: {title}",
        "description": description,
        "issuer": issuer,
        "validFrom": _fmt_time(issued),
        "credentialSubject": subject,
    }
    if valid_until is not None:
        credential["validUntil"] = _fmt_time(valid_until)
    return credential
