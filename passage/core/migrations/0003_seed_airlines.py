"""Seed the airline table with carriers that commonly fly the agency's routes (editable later).
A data migration, separate from the schema, and reversible: only unchanged seeded rows are removed."""

from django.db import migrations

CARRIERS = [
    # IATA, ICAO, name, ISO 3166-1 alpha-3, under a global airline agreement
    ("QR", "QTR", "Qatar Airways", "QAT", True),
    ("EK", "UAE", "Emirates", "ARE", True),
    ("EY", "ETD", "Etihad Airways", "ARE", True),
    ("TK", "THY", "Turkish Airlines", "TUR", True),
    ("ET", "ETH", "Ethiopian Airlines", "ETH", True),
    ("KQ", "KQA", "Kenya Airways", "KEN", True),
    ("RJ", "RJA", "Royal Jordanian", "JOR", True),
    ("MS", "MSR", "EgyptAir", "EGY", True),
    ("LH", "DLH", "Lufthansa", "DEU", True),
    ("AF", "AFR", "Air France", "FRA", True),
    ("KL", "KLM", "KLM Royal Dutch Airlines", "NLD", True),
    ("BA", "BAW", "British Airways", "GBR", True),
    ("LX", "SWR", "Swiss International Air Lines", "CHE", True),
    ("OS", "AUA", "Austrian Airlines", "AUT", True),
    ("SN", "BEL", "Brussels Airlines", "BEL", True),
    ("SK", "SAS", "Scandinavian Airlines", "SWE", True),
    ("AY", "FIN", "Finnair", "FIN", True),
    ("IB", "IBE", "Iberia", "ESP", True),
    ("AA", "AAL", "American Airlines", "USA", True),
    ("UA", "UAL", "United Airlines", "USA", True),
    ("DL", "DAL", "Delta Air Lines", "USA", True),
    ("AC", "ACA", "Air Canada", "CAN", True),
    ("QF", "QFA", "Qantas", "AUS", True),
    ("NZ", "ANZ", "Air New Zealand", "NZL", False),
    ("SA", "SAA", "South African Airways", "ZAF", False),
    ("WB", "RWD", "RwandAir", "RWA", False),
    ("TC", "ATC", "Air Tanzania", "TZA", False),
    ("MH", "MAS", "Malaysia Airlines", "MYS", True),
    ("TG", "THA", "Thai Airways", "THA", True),
    ("SQ", "SIA", "Singapore Airlines", "SGP", False),
    ("BG", "BBC", "Biman Bangladesh Airlines", "BGD", False),
    ("PK", "PIA", "Pakistan International Airlines", "PAK", False),
    ("SV", "SVA", "Saudia", "SAU", False),
    ("FZ", "FDB", "flydubai", "ARE", False),
    ("G9", "ABY", "Air Arabia", "ARE", False),
    ("AV", "AVA", "Avianca", "COL", False),
    ("CM", "CMP", "Copa Airlines", "PAN", False),
    ("IY", "IYE", "Yemenia", "YEM", False),
]


def seed(apps, schema_editor):
    Airline = apps.get_model("core", "Airline")
    Airline.objects.bulk_create(
        [Airline(iata_code=i, icao_code=c, name=n, country=k, has_agreement=a) for i, c, n, k, a in CARRIERS],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    Airline = apps.get_model("core", "Airline")
    for iata, icao, name, country, agreement in CARRIERS:
        Airline.objects.filter(iata_code=iata, icao_code=icao, name=name, country=country).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(seed, unseed)]
