"""The demo world's regions, offices and users: real places where the agency moves people."""

from __future__ import annotations

from passage.core.models import Office, Role

REGIONS = [
    ("east-horn-africa", "East and Horn of Africa"),
    ("mena", "Middle East and North Africa"),
    ("asia-pacific", "Asia and the Pacific"),
    ("west-central-africa", "West and Central Africa"),
    ("southern-africa", "Southern Africa"),
    ("europe", "Europe and Central Asia"),
    ("americas", "Latin America and the Caribbean"),
]

# code, name, kind, country, region, parent code, nationalities served (for demo cases)
OFFICES = [
    ("HQ", "Headquarters Geneva", Office.Kind.HEADQUARTERS, "CHE", None, None, []),
    ("RO-NBO", "Regional Office Nairobi", Office.Kind.REGIONAL, "KEN", "east-horn-africa", "HQ", []),
    ("RO-CAI", "Regional Office Cairo", Office.Kind.REGIONAL, "EGY", "mena", "HQ", []),
    ("RO-BKK", "Regional Office Bangkok", Office.Kind.REGIONAL, "THA", "asia-pacific", "HQ", []),
    ("RO-DKR", "Regional Office Dakar", Office.Kind.REGIONAL, "SEN", "west-central-africa", "HQ", []),
    ("RO-PRY", "Regional Office Pretoria", Office.Kind.REGIONAL, "ZAF", "southern-africa", "HQ", []),
    ("RO-VIE", "Regional Office Vienna", Office.Kind.REGIONAL, "AUT", "europe", "HQ", []),
    ("RO-PTY", "Regional Office Panama", Office.Kind.REGIONAL, "PAN", "americas", "HQ", []),
    ("CO-KEN", "Kenya Country Office", Office.Kind.COUNTRY, "KEN", "east-horn-africa", "RO-NBO", ["SOM", "COD", "SSD", "ETH"]),
    ("SO-KAK", "Kakuma Sub-Office", Office.Kind.SUB_OFFICE, "KEN", "east-horn-africa", "CO-KEN", ["SSD", "SOM", "COD"]),
    ("SO-DAD", "Dadaab Sub-Office", Office.Kind.SUB_OFFICE, "KEN", "east-horn-africa", "CO-KEN", ["SOM"]),
    ("CO-ETH", "Ethiopia Country Office", Office.Kind.COUNTRY, "ETH", "east-horn-africa", "RO-NBO", ["ERI", "SOM", "SSD"]),
    ("CO-UGA", "Uganda Country Office", Office.Kind.COUNTRY, "UGA", "east-horn-africa", "RO-NBO", ["COD", "SSD"]),
    ("CO-TZA", "Tanzania Country Office", Office.Kind.COUNTRY, "TZA", "east-horn-africa", "RO-NBO", ["BDI", "COD"]),
    ("CO-RWA", "Rwanda Country Office", Office.Kind.COUNTRY, "RWA", "east-horn-africa", "RO-NBO", ["COD", "BDI", "ERI"]),
    ("CO-DJI", "Djibouti Country Office", Office.Kind.COUNTRY, "DJI", "east-horn-africa", "RO-NBO", ["ETH", "YEM"]),
    ("CO-JOR", "Jordan Country Office", Office.Kind.COUNTRY, "JOR", "mena", "RO-CAI", ["SYR", "IRQ"]),
    ("CO-LBN", "Lebanon Country Office", Office.Kind.COUNTRY, "LBN", "mena", "RO-CAI", ["SYR"]),
    ("CO-EGY", "Egypt Country Office", Office.Kind.COUNTRY, "EGY", "mena", "RO-CAI", ["SDN", "SYR", "ERI"]),
    ("CO-IRQ", "Iraq Country Office", Office.Kind.COUNTRY, "IRQ", "mena", "RO-CAI", ["SYR", "IRQ"]),
    ("CO-LBY", "Libya Country Office", Office.Kind.COUNTRY, "LBY", "mena", "RO-CAI", ["SDN", "NGA", "ERI"]),
    ("CO-YEM", "Yemen Country Office", Office.Kind.COUNTRY, "YEM", "mena", "RO-CAI", ["ETH", "SOM"]),
    ("CO-TUR", "Türkiye Country Office", Office.Kind.COUNTRY, "TUR", "europe", "RO-VIE", ["SYR", "AFG", "IRQ"]),
    ("SO-GZT", "Gaziantep Sub-Office", Office.Kind.SUB_OFFICE, "TUR", "europe", "CO-TUR", ["SYR"]),
    ("CO-GRC", "Greece Country Office", Office.Kind.COUNTRY, "GRC", "europe", "RO-VIE", ["AFG", "SYR"]),
    ("CO-ITA", "Italy Country Office", Office.Kind.COUNTRY, "ITA", "europe", "RO-VIE", ["ERI", "SDN"]),
    ("CO-MDA", "Moldova Country Office", Office.Kind.COUNTRY, "MDA", "europe", "RO-VIE", ["AFG"]),
    ("CO-PAK", "Pakistan Country Office", Office.Kind.COUNTRY, "PAK", "asia-pacific", "RO-BKK", ["AFG"]),
    ("CO-THA", "Thailand Country Office", Office.Kind.COUNTRY, "THA", "asia-pacific", "RO-BKK", ["MMR"]),
    ("SO-MST", "Mae Sot Sub-Office", Office.Kind.SUB_OFFICE, "THA", "asia-pacific", "CO-THA", ["MMR"]),
    ("CO-MYS", "Malaysia Country Office", Office.Kind.COUNTRY, "MYS", "asia-pacific", "RO-BKK", ["MMR", "AFG"]),
    ("CO-BGD", "Bangladesh Country Office", Office.Kind.COUNTRY, "BGD", "asia-pacific", "RO-BKK", ["MMR"]),
    ("CO-IDN", "Indonesia Country Office", Office.Kind.COUNTRY, "IDN", "asia-pacific", "RO-BKK", ["AFG", "SOM"]),
    ("CO-NER", "Niger Country Office", Office.Kind.COUNTRY, "NER", "west-central-africa", "RO-DKR", ["NGA", "SDN"]),
    ("CO-TCD", "Chad Country Office", Office.Kind.COUNTRY, "TCD", "west-central-africa", "RO-DKR", ["SDN"]),
    ("CO-CMR", "Cameroon Country Office", Office.Kind.COUNTRY, "CMR", "west-central-africa", "RO-DKR", ["NGA"]),
    ("CO-ZAF", "South Africa Country Office", Office.Kind.COUNTRY, "ZAF", "southern-africa", "RO-PRY", ["COD", "SOM"]),
    ("CO-COL", "Colombia Country Office", Office.Kind.COUNTRY, "COL", "americas", "RO-PTY", ["VEN"]),
    ("CO-ECU", "Ecuador Country Office", Office.Kind.COUNTRY, "ECU", "americas", "RO-PTY", ["VEN", "COL"]),
    ("CO-GTM", "Guatemala Country Office", Office.Kind.COUNTRY, "GTM", "americas", "RO-PTY", ["HND", "SLV"]),
]

# Demo world only; seed_demo refuses to run with DEBUG off unless forced.
DEMO_PASSWORD = "passage-demo"  # nosec B105

# user name, first name, last name, role, office code
STAFF = [
    ("caseworker", "Amina", "Odhiambo", Role.CASEWORKER, "CO-KEN"),
    ("caseworker.jordan", "Rami", "Haddad", Role.CASEWORKER, "CO-JOR"),
    ("medical", "Grace", "Wanjiru", Role.MEDICAL_OFFICER, "CO-KEN"),
    ("trainer", "Samuel", "Otieno", Role.TRAINER, "CO-KEN"),
    ("movement", "Yusuf", "Abdi", Role.MOVEMENT_OFFICER, "CO-KEN"),
    ("charter", "Claire", "Dubois", Role.CHARTER_MANAGER, "HQ"),
    ("finance", "Marta", "Silva", Role.FINANCE, "HQ"),
    ("compliance", "Ingrid", "Larsen", Role.COMPLIANCE_OFFICER, "HQ"),
    ("infomgmt", "Priya", "Raman", Role.INFORMATION_MANAGEMENT, "HQ"),
    ("officeadmin", "Joseph", "Kamau", Role.OFFICE_ADMIN, "CO-KEN"),
    ("sysadmin", "Lena", "Fischer", Role.SYSTEM_ADMIN, "HQ"),
]

# user name, first name, last name, receiving country, organisation
PARTNERS = [
    ("partner.usa", "Dana", "Miller", "USA", "Refugee Processing Center (demo)"),
    ("partner.can", "Luc", "Tremblay", "CAN", "Immigration, Refugees and Citizenship Canada (demo)"),
]
