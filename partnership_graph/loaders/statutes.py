"""The Act sections the national skeleton cites for statutory leads, duties, bodies and reports.

One ``Source`` per section (or small group of sections read together), with the section's title
and its legislation.gov.uk address, so every statutory claim names the provision that makes it.
Section numbers and titles were checked against legislation.gov.uk; where the skeleton relies on
guidance rather than an Act (the safeguarding partners' yearly report going to the national
panel, Local Criminal Justice Boards), the source says so and is a guidance document.
"""

from __future__ import annotations

from ..graphmodel import Source

LEG = "https://www.legislation.gov.uk"
UKP = "UK Parliament"


def _act(id_: str, title: str, date: str, path: str, publisher: str = UKP) -> Source:
    return Source(id=id_, title=title, date=date, url=f"{LEG}/{path}", publisher=publisher)


# Crime and Disorder Act 1998
CDA_S5_6 = "cda-1998-s5-6"
CDA_S6_SV = "cda-1998-s6-serious-violence"
CDA_S39 = "cda-1998-s39"
# Domestic Violence, Crime and Victims Act 2004
DVCVA_S9 = "dvcva-2004-s9"
# Children Act 2004
CA04_S16E = "ca-2004-s16e"
# Care Act 2014
CA14_S43 = "care-act-2014-s43"
CA14_SCH2 = "care-act-2014-sch2-para4"
# Social Services and Well-being (Wales) Act 2014
SSWWA_S134 = "sswwa-2014-s134"
# Well-being of Future Generations (Wales) Act 2015
WFGWA_S29 = "wfgwa-2015-s29-30"
# Domestic Abuse Act 2021
DAA_S57 = "daa-2021-s57"
DAA_S58 = "daa-2021-s58"
# Counter-Terrorism and Security Act 2015
CTSA_S26 = "ctsa-2015-s26"
CTSA_S36 = "ctsa-2015-s36"
# Police Reform and Social Responsibility Act 2011
PRSRA_S5 = "prsra-2011-s5"
PRSRA_S10 = "prsra-2011-s10"
# Anti-social Behaviour, Crime and Policing Act 2014
ASBCPA_S143 = "asbcpa-2014-s143"
# Police, Crime, Sentencing and Courts Act 2022 (serious violence duty)
PCSCA_S8 = "pcsca-2022-s8-11"
# Criminal Justice Act 2003 (MAPPA): s.325 makes the arrangements, s.326 reviews and reports on them
CJA_S325 = "cja-2003-s325"
CJA_S326 = "cja-2003-s326"
# Health and Social Care Act 2012 s.194 (HWB membership incl. local Healthwatch)
HSCA_S194 = "hsca-2012-s194"
# Local Government and Public Involvement in Health Act 2007 s.221-222 (local Healthwatch)
LGPIHA_S221 = "lgpiha-2007-s221"
# Register of published arrangements (loaders/register.py): the sections its bodies rest on
CDA_S39_2 = "cda-1998-s39-2"
SSWBA_S166 = "sswba-2014-s166-168"
# Guidance
WT_2023 = "working-together-2023"
LCJB_GUIDANCE = "lcjb-national-framework"
VRU_DATA = "vru-register-2025"
WALES_BOARDS = "wales-boards-register-2026"

STATUTE_SOURCES: tuple[Source, ...] = (
    _act(CDA_S5_6, "Crime and Disorder Act 1998, sections 5 and 6 (authorities responsible for strategies; "
         "formulation and implementation of strategies: crime and disorder including anti-social behaviour, "
         "misuse of drugs, alcohol and other substances, reoffending)", "1998", "ukpga/1998/37/section/6"),
    _act(CDA_S6_SV, "Crime and Disorder Act 1998, section 6(1)(d) (strategy for preventing and reducing serious "
         "violence), inserted by the Police, Crime, Sentencing and Courts Act 2022, section 20, in force "
         "31 January 2023", "2022", "ukpga/2022/32/section/20"),
    _act(CDA_S39, "Crime and Disorder Act 1998, sections 38-40 (local provision of youth justice services; youth "
         "offending teams; youth justice plans)", "1998", "ukpga/1998/37/section/39"),
    _act(DVCVA_S9, "Domestic Violence, Crime and Victims Act 2004, section 9 (establishment and conduct of "
         "domestic homicide reviews)", "2004", "ukpga/2004/28/section/9"),
    _act(CA04_S16E, "Children Act 2004, section 16E (local arrangements for safeguarding and promoting welfare "
         "of children: the safeguarding partners)", "2017", "ukpga/2004/31/section/16E"),
    _act(CA14_S43, "Care Act 2014, section 43 (Safeguarding Adults Boards)", "2014", "ukpga/2014/23/section/43"),
    _act(CA14_SCH2, "Care Act 2014, Schedule 2, paragraph 4 (SAB annual report: to the local authority's chief "
         "executive and leader, the local policing body, the local Healthwatch organisation and the chair of the "
         "Health and Wellbeing Board)", "2014", "ukpga/2014/23/schedule/2"),
    _act(SSWWA_S134, "Social Services and Well-being (Wales) Act 2014, section 134 (Safeguarding Boards: "
         "children and adults, for the areas in Schedule 1 to SI 2015/1357)", "2014", "anaw/2014/4/section/134",
         publisher="National Assembly for Wales"),
    _act(WFGWA_S29, "Well-being of Future Generations (Wales) Act 2015, sections 29-30 and 47 (public services "
         "boards, their members, merging boards)", "2015", "anaw/2015/2/section/29",
         publisher="National Assembly for Wales"),
    _act(DAA_S57, "Domestic Abuse Act 2021, section 57 (support provided by local authorities to victims of "
         "domestic abuse: the relevant (tier one) local authority's accommodation-based support)", "2021",
         "ukpga/2021/17/section/57"),
    _act(DAA_S58, "Domestic Abuse Act 2021, section 58 (domestic abuse local partnership boards)", "2021",
         "ukpga/2021/17/section/58"),
    _act(CTSA_S26, "Counter-Terrorism and Security Act 2015, section 26 (general duty on specified authorities: "
         "the Prevent duty)", "2015", "ukpga/2015/6/section/26"),
    _act(CTSA_S36, "Counter-Terrorism and Security Act 2015, section 36 (assessment and support: local panels, "
         "the Channel panels)", "2015", "ukpga/2015/6/section/36"),
    _act(PRSRA_S5, "Police Reform and Social Responsibility Act 2011, section 5 (issuing police and crime plans)",
         "2011", "ukpga/2011/13/section/5"),
    _act(PRSRA_S10, "Police Reform and Social Responsibility Act 2011, section 10 (co-operative working: the "
         "elected local policing body and the responsible authorities of the CSPs must co-operate; "
         "criminal justice arrangements), extends to England and Wales", "2011", "ukpga/2011/13/section/10"),
    _act(ASBCPA_S143, "Anti-social Behaviour, Crime and Policing Act 2014, section 143 (local policing bodies "
         "may provide or arrange services for victims and witnesses)", "2014", "ukpga/2014/12/section/143"),
    _act(PCSCA_S8, "Police, Crime, Sentencing and Courts Act 2022, sections 8 and 11 and Schedule 1 (the serious "
         "violence duty on specified authorities), in force 31 January 2023", "2022",
         "ukpga/2022/32/part/2/chapter/1"),
    _act(CJA_S325, "Criminal Justice Act 2003, section 325 (arrangements for assessing etc risks posed by certain "
         "offenders: the responsible authority for each area, the chief officer of police, the probation provider and "
         "the Minister for prisons acting jointly, must establish the multi-agency public protection arrangements, in "
         "co-operation with the youth offending teams, local authorities, health bodies and others of subsection (6))",
         "2003", "ukpga/2003/44/section/325"),
    _act(CJA_S326, "Criminal Justice Act 2003, section 326 (review of arrangements: the responsible authority keeps "
         "the arrangements under review and publishes a report on them each year)", "2003",
         "ukpga/2003/44/section/326"),
    _act(HSCA_S194, "Health and Social Care Act 2012, section 194 (Health and Wellbeing Boards: members include "
         "a representative of the local Healthwatch organisation)", "2012", "ukpga/2012/7/section/194"),
    _act(LGPIHA_S221, "Local Government and Public Involvement in Health Act 2007, sections 221-222 (local "
         "Healthwatch arrangements of each upper-tier council)", "2007", "ukpga/2007/28/section/221"),
    _act(CDA_S39_2, "Crime and Disorder Act 1998, section 39(2) (two or more local authorities acting together may "
         "establish one or more youth offending teams for both or all their areas)", "1998",
         "ukpga/1998/37/section/39"),
    _act(SSWBA_S166, "Social Services and Well-being (Wales) Act 2014, sections 166-168 (partnership arrangements), "
         "and the Partnership Arrangements (Wales) Regulations 2015 (SI 2015/1989), regulations 2-8 (the regional "
         "partnership boards the named councils and Local Health Board must establish; in force 6 April 2016)",
         "2015", "wsi/2015/1989/contents/made", publisher="National Assembly for Wales / Welsh Ministers"),
    Source(id=WT_2023, title="Working Together to Safeguard Children 2023, chapter 2 (the safeguarding partners' "
           "yearly report is sent to the Child Safeguarding Practice Review Panel)", date="2023-12-15",
           url="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
           publisher="Department for Education, Open Government Licence v3.0"),
    Source(id=LCJB_GUIDANCE, title="Local Criminal Justice Boards: non-statutory partnerships of the criminal "
           "justice agencies in each police force area (national framework, 2003); they serve the PCC's duty in "
           "the Police Reform and Social Responsibility Act 2011, section 10(3)", date="2011",
           url=f"{LEG}/ukpga/2011/13/section/10", publisher="Ministry of Justice / Home Office"),
    Source(id=VRU_DATA, title="Violence Reduction Units: the 20 Home Office-funded units with their police force "
           "areas, names and start years, each row sourced (bundled data/statutory/violence_reduction_units.csv)",
           date="2026-11-29", publisher="Compiled from gov.uk, PCC and press sources; Open Government Licence v3.0 "
           "where the source is Crown copyright"),
    Source(id=WALES_BOARDS, title="Welsh Regional Safeguarding Boards and Public Services Boards: member councils "
           "with dates, each row sourced (bundled data/statutory/wales_*.csv)", date="2026-11-29",
           publisher="Compiled from legislation.gov.uk and council sources; Open Government Licence v3.0"),
)

# -- Fire governance, Wales, Prevent, the community trigger, county strategy groups, the City ------
# (issue 21). Each section was read on legislation.gov.uk; the words that ground each claim the
# skeleton makes are in data/statutory/citations.csv, which tests/loaders/test_citations.py holds
# every statutory claim to.
CTSA_S37 = "ctsa-2015-s37"
ASBCPA_S104 = "asbcpa-2014-s104-105"
CSG_REGS_2007 = "si-2007-1830"
WFGWA_S35 = "wfgwa-2015-s35"
VAWDASV_S5 = "vawdasv-2015-s5"
PA96_CITY = "police-act-1996-s6aza"
PRSRA_S6 = "prsra-2011-s6"
PCSCA_S13 = "pcsca-2022-s13"
HCA22_ICB = "si-2022-634-icbs"

STATUTE_SOURCES = STATUTE_SOURCES + (
    _act(CTSA_S37, "Counter-Terrorism and Security Act 2015, section 37 (membership and proceedings of panels: "
         "the responsible local authority and the chief officer of police; the local authority chairs)", "2015",
         "ukpga/2015/6/section/37"),
    _act(ASBCPA_S104, "Anti-social Behaviour, Crime and Policing Act 2014, sections 104-105 and Schedule 4 "
         "(ASB case reviews, the community trigger: the relevant bodies in each local government area, the "
         "district or unitary council, the chief officer of police and the integrated care boards, in Wales the "
         "council, the chief officer of police and the Local Health Boards)", "2014", "ukpga/2014/12/section/104"),
    _act(CSG_REGS_2007, "The Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007 "
         "(SI 2007/1830), regulation 9 (the county strategy group's community safety agreement) and "
         "regulation 9A inserted by SI 2012/2660 (a copy to the elected local policing body); England only",
         "2007", "uksi/2007/1830/contents/made"),
    _act(WFGWA_S35, "Well-being of Future Generations (Wales) Act 2015, section 35 (overview and scrutiny "
         "committee of the local authority: reviews or scrutinises the public services board's decisions, "
         "actions and governance)", "2015", "anaw/2015/2/section/35", publisher="National Assembly for Wales"),
    _act(VAWDASV_S5, "Violence against Women, Domestic Abuse and Sexual Violence (Wales) Act 2015, section 5 "
         "(a local authority and each Local Health Board any part of whose area lies within it must jointly "
         "prepare a local strategy)", "2015", "anaw/2015/3/section/5", publisher="National Assembly for Wales"),
    _act(PA96_CITY, "Police Act 1996, sections 6AZA-6ZB (the Common Council is the police authority for the "
         "City of London police area, and issues its policing plan)", "1996",
         "ukpga/1996/16/part/I/crossheading/the-city-of-london"),
    _act(PRSRA_S6, "Police Reform and Social Responsibility Act 2011, section 6 (the Mayor's Office for "
         "Policing and Crime issues the police and crime plan for the metropolitan police district)", "2011",
         "ukpga/2011/13/section/6"),
    _act(PCSCA_S13, "Police, Crime, Sentencing and Courts Act 2022, section 13(3) (for the serious violence duty, "
         "violence includes domestic abuse within the meaning of the Domestic Abuse Act 2021, and sexual "
         "offences)", "2022", "ukpga/2022/32/section/13"),
    Source(id=HCA22_ICB, title="The Health and Care Act 2022 (Consequential and Related Amendments and Transitional "
           "Provisions) Regulations 2022 (SI 2022/634): in force 1 July 2022, Part 2 'Provisions relating to the "
           "establishment of integrated care boards and the abolition of clinical commissioning groups'",
           date="2022-06-09", url=f"{LEG}/uksi/2022/634/made", publisher=UKP),
)
SSWWA_S132 = "sswwa-2014-s132"
STATUTE_SOURCES = STATUTE_SOURCES + (
    _act(SSWWA_S132, "Social Services and Well-being (Wales) Act 2014, section 132 (the National Independent "
         "Safeguarding Board: supports and advises the Safeguarding Boards and reports on the adequacy and "
         "effectiveness of arrangements to safeguard children and adults in Wales)", "2014",
         "anaw/2014/4/section/132", publisher="National Assembly for Wales"),
)
