"""Paths to the bundled open data and the sources every graph can cite."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from ..graphmodel import Source

DATA_DIR = Path(str(resources.files("partnership_graph") / "data"))
ONS_DIR = DATA_DIR / "ons"
EXAMPLES_DIR = DATA_DIR / "examples"
EXAMPLE_DATASET = EXAMPLES_DIR / "lga-review"

OGL = "Office for National Statistics, Open Government Licence v3.0"

# Sources bundled with the product. Claims citing a non-authoritative source are illustrative.
BUNDLED_SOURCES: tuple[Source, ...] = (
    Source(id="lga-review-2016",
           title="LGA review of the future of community safety services: draft summary report (2016: states "
                 "the position then, not necessarily today)",
           date="2016", publisher="Local Government Association, Safer and Stronger Communities Board"),
    Source(id="lga-sscb-minutes",
           title="SSCB minutes: LGA future of community safety services review: summary and draft report "
                 "(2016: the position then, not necessarily today)",
           date="2016", publisher="Local Government Association, Safer and Stronger Communities Board"),
    Source(id="illustrative", title="Illustrative example: invented to show the tool, not a statement of fact",
           authoritative=False),
    Source(id="unsourced", title="No source given", authoritative=False),
    Source(id="ons-lad-csp-pfa-2024",
           title="ONS LAD to Community Safety Partnership to Police Force Area (December 2024) lookup, LAD24_CSP24_PFA24_EW_LU",
           date="2024", publisher=OGL),
    Source(id="ons-ltla-utla-2023", title="ONS Lower tier to upper tier local authority (2023) lookup, LTLA23_UTLA23_EW_LU",
           date="2023", publisher=OGL),
    Source(id="ons-lsoa-sicbl-icb-2024",
           title="ONS LSOA (2021) to Sub-ICB Location to ICB (April 2024) lookup, LSOA21_SICBL24_ICB24_CAL24_LAD24_EN_LU, aggregated to LAD",
           date="2024-04", publisher=OGL),
    Source(id="ons-ua-lhb-2022", title="ONS Unitary authority to Local Health Board (2022) lookup, UA22_LHB22_WA_LU",
           date="2022", publisher=OGL),
    Source(id="ons-lad-fra-2024", title="ONS LAD to Fire and Rescue Authority (2024) lookup, LAD24_FRA24_EW_LU",
           date="2024", publisher=OGL),
    Source(id="ons-lad-rgn-2024", title="ONS LAD to Region (2024) lookup, LAD24_RGN24_EN_LU",
           date="2024", publisher=OGL),
    Source(id="ons-mye-2023", title="ONS mid-2023 population estimates for England and Wales (MYE23), MYE2 - Persons",
           date="2024-07-15", publisher=OGL),
    Source(id="mysociety-la-2025",
           title="mySociety uk_local_authority_names_and_codes, uk_la_past_current v1.6.1",
           date="2025-07-10", publisher="mySociety, CC BY 4.0"),
    Source(id="crime-and-disorder-act-1998", title="Crime and Disorder Act 1998, sections 5 and 6 (responsible authorities)",
           date="1998", url="https://www.legislation.gov.uk/ukpga/1998/37", publisher="UK Parliament"),
    Source(id="police-and-justice-act-2006", title="Police and Justice Act 2006, section 19 (crime and disorder committees)",
           date="2006", url="https://www.legislation.gov.uk/ukpga/2006/48", publisher="UK Parliament"),
    Source(id="police-reform-act-2011",
           title="Police Reform and Social Responsibility Act 2011 (PCCs and police and crime panels)",
           date="2011", url="https://www.legislation.gov.uk/ukpga/2011/13", publisher="UK Parliament"),
    Source(id="health-and-social-care-act-2012", title="Health and Social Care Act 2012, section 194 (Health and Wellbeing Boards)",
           date="2012", url="https://www.legislation.gov.uk/ukpga/2012/7", publisher="UK Parliament"),
    Source(id="children-act-2004", title="Children Act 2004, sections 16E-16K (safeguarding partners), as amended 2017",
           date="2004", url="https://www.legislation.gov.uk/ukpga/2004/31", publisher="UK Parliament"),
    Source(id="care-act-2014", title="Care Act 2014, section 43 and Schedule 2 (Safeguarding Adults Boards)",
           date="2014", url="https://www.legislation.gov.uk/ukpga/2014/23", publisher="UK Parliament"),
)


def read_ons(name: str) -> Iterator[dict[str, str]]:
    """Rows of one bundled CSV (UTF-8, header row)."""
    with open(ONS_DIR / name, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


@cache
def ons_table(name: str) -> tuple[dict[str, str], ...]:
    return tuple(read_ons(name))
