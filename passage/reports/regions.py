"""The agency's regions as a data table: each ISO 3166-1 alpha-3 country belongs to one region
(the nine regional-office areas the agency publishes its figures by). Offices carry their own
core.Region; statistics group countries of departure and destination by this table, which a
region code in the filters selects."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REGIONS = {
    "asia_pacific": (_("Asia and the Pacific"), """
        AFG BGD BTN BRN KHM CHN FJI HKG IND IDN IRN JPN KIR PRK KOR LAO MAC MYS MDV MHL FSM MNG MMR NRU
        NPL NZL PAK PLW PNG PHL WSM SGP SLB LKA TWN THA TLS TON TUV VUT VNM AUS ASM COK GUM NCL NIU NFK
        MNP PCN PYF TKL WLF CXR CCK IOT UMI HMD"""),
    "east_horn_africa": (_("East and Horn of Africa"), """
        BDI DJI ERI ETH KEN RWA SOM SSD TZA UGA"""),
    "middle_east_north_africa": (_("Middle East and North Africa"), """
        DZA BHR EGY IRQ ISR JOR KWT LBN LBY MAR OMN PSE QAT SAU SDN SYR TUN ARE YEM ESH"""),
    "west_central_africa": (_("West and Central Africa"), """
        BEN BFA CPV CMR CAF TCD COG COD CIV GNQ GAB GMB GHA GIN GNB LBR MLI MRT NER NGA STP SEN SLE TGO
        SHN"""),
    "southern_africa": (_("Southern Africa"), """
        AGO BWA COM SWZ LSO MDG MWI MUS MOZ NAM SYC ZAF ZMB ZWE MYT REU ATF"""),
    "central_north_america_caribbean": (_("Central and North America and the Caribbean"), """
        ATG BHS BRB BLZ CAN CRI CUB DMA DOM SLV GRD GTM HTI HND JAM MEX NIC PAN KNA LCA VCT TTO USA AIA
        ABW BMU BES VGB CYM CUW GLP MTQ MSR PRI BLM MAF SPM SXM TCA VIR GRL"""),
    "south_america": (_("South America"), """
        ARG BOL BRA CHL COL ECU GUY PRY PER SUR URY VEN FLK GUF SGS BVT"""),
    "european_economic_area": (_("European Economic Area"), """
        AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA LVA LIE LTU LUX MLT NLD NOR POL
        PRT ROU SVK SVN ESP SWE CHE GBR AND MCO SMR VAT FRO GIB GGY IMN JEY ALA SJM"""),
    "see_eeca": (_("South-Eastern Europe, Eastern Europe and Central Asia"), """
        ALB ARM AZE BLR BIH GEO KAZ XKX KGZ MDA MNE MKD RUS SRB TJK TUR TKM UKR UZB"""),
}
UNASSIGNED = "unassigned"

COUNTRY_REGION: dict[str, str] = {
    country: code for code, (_label, countries) in REGIONS.items() for country in countries.split()
}


def region_of(country: str) -> str:
    return COUNTRY_REGION.get(country, UNASSIGNED)


def region_label(code: str) -> str:
    if code in REGIONS:
        return str(REGIONS[code][0])
    return str(_("Unassigned"))


def countries_of(region: str) -> list[str]:
    return sorted(c for c, r in COUNTRY_REGION.items() if r == region)


def choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, (label, _countries) in REGIONS.items()]
