"""Default curricula, shared by migration 0002 and models.default_curriculum (frozen content)."""

ADULT_TOPICS = [
    {"title": "The journey", "key_messages": [
        "Keep your travel documents in the IOM bag and show them when asked.",
        "Stay with your escort or the IOM staff at every transit airport.",
        "Tell staff at once if you feel unwell during the journey."]},
    {"title": "Arrival and first weeks", "key_messages": [
        "The resettlement agency meets you at the airport and takes you to your first home.",
        "Keep every letter you receive from the authorities and ask your caseworker about it."]},
    {"title": "Housing", "key_messages": [
        "Your first home is temporary and modest; rent must be paid every month.",
        "Learn how to use and keep the appliances safe."]},
    {"title": "Employment and self-sufficiency", "key_messages": [
        "Early employment is expected; the first job is a first step.",
        "Learning the language opens better jobs."]},
    {"title": "Rights and responsibilities", "key_messages": [
        "The law protects everyone; violence at home is a crime.",
        "Children must go to school."]},
    {"title": "Cultural adjustment", "key_messages": [
        "Feeling homesick or lost is normal; it passes, and help is available."]},
]
YOUTH_TOPICS = [
    {"title": "School and learning", "key_messages": ["School is free and compulsory; you may start in a class "
                                                      "by age, not by level."]},
    {"title": "Making friends and staying safe", "key_messages": ["Ask a trusted adult when something feels wrong.",
                                                                  "Online strangers are still strangers."]},
    {"title": "Family roles in a new country", "key_messages": ["You may learn the language faster than your "
                                                                "parents; help them without replacing them."]},
]
CHILDREN_TOPICS = [
    {"title": "The aeroplane journey", "key_messages": ["Stay close to your family at the airport.",
                                                        "Seat belts stay on when the light is on."]},
    {"title": "My new school", "key_messages": ["Teachers are there to help; it is fine to ask."]},
    {"title": "Feelings", "key_messages": ["It is normal to miss home; talk to your family about it."]},
]
CURRICULA = [
    ("", "adults", "Pre-departure orientation for adults", 3, 0, ADULT_TOPICS),
    ("", "youth", "Pre-departure orientation for youth", 3, 0, YOUTH_TOPICS),
    ("", "children", "Pre-departure orientation for children", 3, 0, CHILDREN_TOPICS),
    ("USA", "adults", "Cultural orientation: United States (adults)", 5, 1, ADULT_TOPICS + [
        {"title": "Public assistance and the travel loan", "key_messages": [
            "Repaying the travel loan builds your credit history."]}]),
    ("CAN", "adults", "Canadian orientation abroad (adults)", 4, 1, ADULT_TOPICS + [
        {"title": "Permanent residence", "key_messages": ["You arrive as a permanent resident and can later apply "
                                                          "for citizenship."]}]),
]



def default_curriculum(model, audience):
    for country, aud, title, days, absences, topics in CURRICULA:
        if country == "" and aud == audience:
            return model.objects.get_or_create(title=title, defaults={
                "destination_country": "", "audience": aud, "days": days, "absences_allowed": absences,
                "topics": topics})[0]
    raise LookupError(audience)
