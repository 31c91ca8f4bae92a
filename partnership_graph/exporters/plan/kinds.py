"""The kinds of statutory body a planning pack follows, and what statute says about their timing.

Nothing here is about a particular place: each row names a kind of body (the graph's vocabulary),
how the pack calls it, and the provisions that set when it must exist or report, each cited by
Act or instrument and section as read on legislation.gov.uk. Where no statute or statutory
guidance we have read sets a deadline, ``timing`` says so rather than guessing one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "KindRule", "TimingSource", "REORGANISATION_SOURCE", "kind_rule"]

LEG = "https://www.legislation.gov.uk"


@dataclass(frozen=True)
class TimingSource:
    """A provision cited for timing: title (Act or instrument and section), date, address."""

    id: str
    title: str
    date: str
    url: str


@dataclass(frozen=True)
class KindRule:
    """One kind of body the pack follows through the change."""

    kind: str                 # the graph's body kind (``BodyKind`` value)
    label: str                # how the pack names the kind
    partnership: bool         # a partnership its members establish (else a single body)
    timing: str               # what the cited provisions set, or that none sets a deadline
    sources: tuple[TimingSource, ...] = ()


CDA_S6 = TimingSource("timing:cda-1998-s6", "Crime and Disorder Act 1998, section 6 (formulation and "
                      "implementation of strategies)", "1998", f"{LEG}/ukpga/1998/37/section/6")
SI_2007_1830 = TimingSource("timing:si-2007-1830", "The Crime and Disorder (Formulation and Implementation of "
                            "Strategy) Regulations 2007 (SI 2007/1830), regulation 3 as substituted by SI 2011/1230 "
                            "(strategy group: strategic assessments and a partnership plan)", "2011",
                            f"{LEG}/uksi/2011/1230/made")
CA04_S16E = TimingSource("timing:ca-2004-s16e", "Children Act 2004, section 16E (local arrangements for "
                         "safeguarding and promoting welfare of children)", "2017",
                         f"{LEG}/ukpga/2004/31/section/16E")
WT_2023 = TimingSource("timing:working-together-2023", "Working Together to Safeguard Children 2023, chapter 2 "
                       "(multi-agency safeguarding arrangements; the safeguarding partners' yearly report)",
                       "2023-12-15",
                       "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2")
CARE_S43 = TimingSource("timing:care-act-2014-s43", "Care Act 2014, section 43 (Safeguarding Adults Boards)",
                        "2014", f"{LEG}/ukpga/2014/23/section/43")
CARE_SCH2 = TimingSource("timing:care-act-2014-sch2", "Care Act 2014, Schedule 2, paragraphs 3 and 4 (strategic "
                         "plan for each financial year; annual report as soon as is feasible after the end of each "
                         "financial year)", "2014", f"{LEG}/ukpga/2014/23/schedule/2")
HSCA_S194 = TimingSource("timing:hsca-2012-s194", "Health and Social Care Act 2012, section 194 (establishment of "
                         "Health and Wellbeing Boards)", "2012", f"{LEG}/ukpga/2012/7/section/194")
CDA_S39_40 = TimingSource("timing:cda-1998-s39-40", "Crime and Disorder Act 1998, sections 39 and 40 (youth "
                          "offending teams; a youth justice plan for each year)", "1998",
                          f"{LEG}/ukpga/1998/37/section/40")
DAA_S57_58 = TimingSource("timing:daa-2021-s57-58", "Domestic Abuse Act 2021, sections 57 and 58 (strategy for "
                          "accommodation-based support; domestic abuse local partnership boards)", "2021",
                          f"{LEG}/ukpga/2021/17/part/4")
SI_2021_990 = TimingSource("timing:si-2021-990", "The Domestic Abuse Support (Local Authority Strategies and Annual "
                           "Reports) Regulations 2021 (SI 2021/990), regulations 3 and 4 (first strategy before "
                           "5 January 2022; review within each three-year period)", "2021-09-06",
                           f"{LEG}/uksi/2021/990/made")
CTSA_S36 = TimingSource("timing:ctsa-2015-s36", "Counter-Terrorism and Security Act 2015, section 36 (assessment "
                        "and support: local panels)", "2015", f"{LEG}/ukpga/2015/6/section/36")
PRSRA_S5 = TimingSource("timing:prsra-2011-s5", "Police Reform and Social Responsibility Act 2011, section 5 "
                        "(issuing police and crime plans)", "2011", f"{LEG}/ukpga/2011/13/section/5")
CJA_S325 = TimingSource("timing:cja-2003-s325", "Criminal Justice Act 2003, sections 325 and 326 (arrangements "
                        "for assessing and managing the risks posed by certain offenders; review)", "2003",
                        f"{LEG}/ukpga/2003/44/section/325")
#: Transitional provision when a single tier council succeeds others (general; an order may vary it).
REORGANISATION_SOURCE = TimingSource(
    "timing:si-2008-2867", "The Local Government (Structural Changes) (Transitional Arrangements) (No.2) "
    "Regulations 2008 (SI 2008/2867), Part 4 (statutory plans, reviews, schemes, statements and strategies)",
    "2008-11-05", f"{LEG}/uksi/2008/2867/part/4/made")

NO_DEADLINE = "No statute or statutory guidance we have read sets a deadline for a new area's {what}"

KINDS: tuple[KindRule, ...] = (
    KindRule("csp", "Community safety partnership", True,
             "The responsible authorities formulate and implement strategies as section 6 and the regulations "
             "require; a strategy group prepares strategic assessments and a partnership plan for the area. "
             + NO_DEADLINE.format(what="partnership or its first strategy") + ".", (CDA_S6, SI_2007_1830)),
    KindRule("safeguarding_children", "Safeguarding children partnership", True,
             "The safeguarding partners for each local authority area must make arrangements to work together "
             "(section 16E(1)); Working Together 2023 asks them to publish the arrangements and a yearly report. "
             + NO_DEADLINE.format(what="arrangements") + ".", (CA04_S16E, WT_2023)),
    KindRule("safeguarding_adults", "Safeguarding adults board", True,
             "Each local authority must establish a Safeguarding Adults Board (section 43); the board publishes a "
             "strategic plan for each financial year and an annual report as soon as is feasible after its end "
             "(Schedule 2). " + NO_DEADLINE.format(what="board") + ".", (CARE_S43, CARE_SCH2)),
    KindRule("hwb", "Health and wellbeing board", True,
             "A local authority must establish a Health and Wellbeing Board for its area (section 194). "
             + NO_DEADLINE.format(what="board") + ".", (HSCA_S194,)),
    KindRule("youth_justice", "Youth justice service", True,
             "Each local authority, with police, probation and health, establishes youth offending teams "
             "(section 39) and formulates and implements a youth justice plan for each year (section 40(1)). "
             + NO_DEADLINE.format(what="service beyond that yearly plan") + ".", (CDA_S39_40,)),
    KindRule("da_partnership_board", "Domestic abuse local partnership board", True,
             "Each tier one authority appoints a board (section 58) and consults it on its strategy (section 57); "
             "the strategy is reviewed within each three-year period (SI 2021/990, regulation 4). The first-strategy "
             "date in regulation 3 (before 5 January 2022) was set for the authorities of 2021 and names none for a "
             "council created later.", (DAA_S57_58, SI_2021_990)),
    KindRule("channel_panel", "Channel panel", True,
             "Each local authority must ensure that a panel is in place for its area (section 36). "
             + NO_DEADLINE.format(what="panel") + ".", (CTSA_S36,)),
    KindRule("fire_authority", "Fire and rescue authority", False,
             "Who holds fire and rescue functions after a change is for the instrument that makes it. "
             + NO_DEADLINE.format(what="fire and rescue authority") + "."),
    KindRule("pcc", "Police and crime commissioner (or its successor)", False,
             "The elected local policing body issues a police and crime plan (section 5). A successor that is "
             "announced but not legislated has no statutory timing yet.", (PRSRA_S5,)),
    KindRule("health", "Integrated care board (or local health board)", False,
             "The board's area is set by the change's own source. " + NO_DEADLINE.format(what="partners to act on "
                                                                                      "a new footprint") + "."),
    KindRule("mappa_smb", "MAPPA strategic management board", True,
             "The police, probation and prison services act jointly as the responsible authority for each area "
             "(sections 325 and 326). " + NO_DEADLINE.format(what="board") + ".", (CJA_S325,)),
    KindRule("lcjb", "Local criminal justice board", True,
             "Non-statutory: no statute sets when a board must exist."),
)

_BY_KIND = {k.kind: k for k in KINDS}


def kind_rule(kind: str) -> KindRule | None:
    return _BY_KIND.get(kind)
