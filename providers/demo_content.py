"""The copy and the shape of the demo providers that ``providers/demo.py`` builds (decision 0032).

Plain data only, so the code that writes rows stays short. English is every listing's original language; a few
listings also carry the provider's own French, Spanish or Arabic translation from ``NAME_TRANSLATIONS``.
"""

from __future__ import annotations

from datetime import time
from typing import Final

# Service names per field of work ("All in One" has none: a service is never in it).
SERVICE_NAMES: Final[dict[str, list[str]]] = {
    "air-conditioner": [
        "AC installation",
        "AC repair",
        "AC cleaning and gas refill",
        "Split unit maintenance plan",
        "Ductwork inspection",
    ],
    "carpentry": ["Custom shelving", "Door repair", "Furniture assembly", "Kitchen cabinet fitting", "Decking repair"],
    "electricity": [
        "Socket and switch repair",
        "Lighting installation",
        "Fuse box upgrade",
        "EV charger installation",
        "Electrical safety inspection",
    ],
    "gardening": ["Lawn mowing", "Hedge trimming", "Garden clean-up", "Tree pruning", "Irrigation system setup"],
    "home-machines": ["Washing machine repair", "Dishwasher repair", "Oven repair", "Fridge repair", "Dryer repair"],
    "housekeeping": [
        "Weekly cleaning",
        "Deep cleaning",
        "Move-out cleaning",
        "Window cleaning",
        "Carpet and upholstery cleaning",
    ],
    "interior-design": [
        "Room makeover consultation",
        "Colour scheme planning",
        "Space planning",
        "Lighting design",
        "Home staging",
    ],
    "locks": ["Lock change", "Emergency lockout", "Smart lock installation", "Lock repair", "Safe opening"],
    "painting": [
        "Interior painting",
        "Exterior painting",
        "Wallpaper hanging",
        "Ceiling painting",
        "Wood staining and varnishing",
    ],
    "plumbing": [
        "Leak repair",
        "Drain unblocking",
        "Toilet installation",
        "Tap and shower replacement",
        "Pipe replacement",
    ],
    "water-heaters": [
        "Water heater installation",
        "Boiler service",
        "Water heater repair",
        "Tankless water heater installation",
        "Descaling and flushing",
    ],
}

# The provider's own translation of a listing's name, for the first three names of each field.
NAME_TRANSLATIONS: Final[dict[str, dict[str, str]]] = {
    "AC installation": {
        "fr": "Installation de climatisation",
        "es": "Instalación de aire acondicionado",
        "ar": "تركيب مكيفات الهواء",
    },
    "AC repair": {
        "fr": "Réparation de climatisation",
        "es": "Reparación de aire acondicionado",
        "ar": "إصلاح مكيفات الهواء",
    },
    "AC cleaning and gas refill": {
        "fr": "Nettoyage et recharge de gaz de climatisation",
        "es": "Limpieza y recarga de gas del aire acondicionado",
        "ar": "تنظيف المكيف وتعبئة الغاز",
    },
    "Custom shelving": {"fr": "Étagères sur mesure", "es": "Estanterías a medida", "ar": "رفوف حسب الطلب"},
    "Door repair": {"fr": "Réparation de portes", "es": "Reparación de puertas", "ar": "إصلاح الأبواب"},
    "Furniture assembly": {"fr": "Montage de meubles", "es": "Montaje de muebles", "ar": "تركيب الأثاث"},
    "Socket and switch repair": {
        "fr": "Réparation de prises et d'interrupteurs",
        "es": "Reparación de enchufes e interruptores",
        "ar": "إصلاح المقابس والمفاتيح",
    },
    "Lighting installation": {
        "fr": "Installation d'éclairage",
        "es": "Instalación de iluminación",
        "ar": "تركيب الإنارة",
    },
    "Fuse box upgrade": {
        "fr": "Mise à niveau du tableau électrique",
        "es": "Renovación del cuadro eléctrico",
        "ar": "تحديث لوحة الكهرباء",
    },
    "Lawn mowing": {"fr": "Tonte de pelouse", "es": "Corte de césped", "ar": "قص العشب"},
    "Hedge trimming": {"fr": "Taille de haies", "es": "Poda de setos", "ar": "تشذيب السياج النباتي"},
    "Garden clean-up": {"fr": "Nettoyage de jardin", "es": "Limpieza de jardín", "ar": "تنظيف الحديقة"},
    "Washing machine repair": {
        "fr": "Réparation de lave-linge",
        "es": "Reparación de lavadoras",
        "ar": "إصلاح الغسالات",
    },
    "Dishwasher repair": {
        "fr": "Réparation de lave-vaisselle",
        "es": "Reparación de lavavajillas",
        "ar": "إصلاح غسالات الصحون",
    },
    "Oven repair": {"fr": "Réparation de four", "es": "Reparación de hornos", "ar": "إصلاح الأفران"},
    "Weekly cleaning": {"fr": "Ménage hebdomadaire", "es": "Limpieza semanal", "ar": "تنظيف أسبوعي"},
    "Deep cleaning": {"fr": "Grand ménage", "es": "Limpieza a fondo", "ar": "تنظيف عميق"},
    "Move-out cleaning": {"fr": "Ménage de fin de bail", "es": "Limpieza de mudanza", "ar": "تنظيف عند الانتقال"},
    "Room makeover consultation": {
        "fr": "Conseil en relooking de pièce",
        "es": "Asesoría para renovar una habitación",
        "ar": "استشارة لتجديد الغرفة",
    },
    "Colour scheme planning": {"fr": "Choix des couleurs", "es": "Planificación de colores", "ar": "تخطيط الألوان"},
    "Space planning": {"fr": "Aménagement de l'espace", "es": "Distribución de espacios", "ar": "تخطيط المساحات"},
    "Lock change": {"fr": "Changement de serrure", "es": "Cambio de cerradura", "ar": "تغيير الأقفال"},
    "Emergency lockout": {
        "fr": "Ouverture de porte en urgence",
        "es": "Apertura de puertas urgente",
        "ar": "فتح الأبواب في حالات الطوارئ",
    },
    "Smart lock installation": {
        "fr": "Installation de serrure connectée",
        "es": "Instalación de cerradura inteligente",
        "ar": "تركيب قفل ذكي",
    },
    "Interior painting": {"fr": "Peinture intérieure", "es": "Pintura de interiores", "ar": "دهان داخلي"},
    "Exterior painting": {"fr": "Peinture extérieure", "es": "Pintura de exteriores", "ar": "دهان خارجي"},
    "Wallpaper hanging": {"fr": "Pose de papier peint", "es": "Colocación de papel pintado", "ar": "تركيب ورق الجدران"},
    "Leak repair": {"fr": "Réparation de fuites", "es": "Reparación de fugas", "ar": "إصلاح التسريبات"},
    "Drain unblocking": {"fr": "Débouchage de canalisations", "es": "Desatasco de tuberías", "ar": "تسليك المجاري"},
    "Toilet installation": {"fr": "Installation de WC", "es": "Instalación de inodoros", "ar": "تركيب المراحيض"},
    "Water heater installation": {
        "fr": "Installation de chauffe-eau",
        "es": "Instalación de calentadores",
        "ar": "تركيب سخانات المياه",
    },
    "Boiler service": {"fr": "Entretien de chaudière", "es": "Revisión de caldera", "ar": "صيانة الغلاية"},
    "Water heater repair": {
        "fr": "Réparation de chauffe-eau",
        "es": "Reparación de calentadores",
        "ar": "إصلاح سخانات المياه",
    },
}

# A translated listing's description: its translated name, then this sentence.
DESCRIPTION_TRANSLATIONS: Final[dict[str, str]] = {
    "fr": "Travail soigné, assuré et à l'heure, devis clair avant de commencer.",
    "es": "Trabajo cuidadoso, asegurado y puntual, con presupuesto claro antes de empezar.",
    "ar": "عمل متقن ومؤمَّن وفي الموعد، مع سعر واضح قبل البدء.",
}

PITCHES: Final[list[str]] = [
    "Insured, on time and tidy: we clean up before we leave.",
    "Fixed hourly rate, no call-out fee inside our service area.",
    "All parts and materials are quoted before we start.",
    "Twelve months' guarantee on our workmanship.",
    "Same-week appointments, evenings on request.",
    "Friendly, vetted staff who explain what they do.",
]

# Company name: a distinct word per provider, then the trade of its first field.
COMPANY_WORDS: Final[list[str]] = [
    "Atlas", "Bright", "Cedar", "Harbor", "Summit", "Maple", "Orchid", "Beacon", "Granite", "Willow",
    "Falcon", "Juniper", "Nova", "Olive", "Pioneer", "Quartz", "Riverside", "Sterling", "Tidewater", "Union",
    "Vertex", "Westgate", "Zenith", "Amber", "Bluebird", "Crescent", "Dune", "Evergreen", "Fjord", "Golden",
]  # fmt: skip
TRADES: Final[dict[str, str]] = {
    "air-conditioner": "Cooling",
    "all-in-one": "Home Services",
    "carpentry": "Woodworks",
    "electricity": "Electric",
    "gardening": "Gardens",
    "home-machines": "Appliance Repair",
    "housekeeping": "Cleaning",
    "interior-design": "Interiors",
    "locks": "Locksmiths",
    "painting": "Painters",
    "plumbing": "Plumbing",
    "water-heaters": "Heating",
}

# (GeoNames name, ISO country code); the coordinates and the time zone come from the offline gazetteer.
CITIES: Final[list[tuple[str, str]]] = [
    ("Paris", "FR"), ("Madrid", "ES"), ("London", "GB"), ("New York City", "US"), ("Casablanca", "MA"),
    ("Dubai", "AE"), ("Toronto", "CA"), ("Lyon", "FR"), ("Barcelona", "ES"), ("Manchester", "GB"),
    ("Chicago", "US"), ("Rabat", "MA"), ("Abu Dhabi", "AE"), ("Montréal", "CA"), ("Marseille", "FR"),
    ("Valencia", "ES"), ("Birmingham", "GB"), ("Houston", "US"), ("Marrakesh", "MA"), ("Sharjah", "AE"),
    ("Vancouver", "CA"), ("Toulouse", "FR"), ("Sevilla", "ES"), ("Edinburgh", "GB"), ("Miami", "US"),
    ("Tangier", "MA"), ("Calgary", "CA"), ("Bordeaux", "FR"), ("Málaga", "ES"), ("San Francisco", "US"),
]  # fmt: skip
COUNTRY_NAMES: Final[dict[str, str]] = {
    "AE": "United Arab Emirates",
    "CA": "Canada",
    "ES": "Spain",
    "FR": "France",
    "GB": "United Kingdom",
    "MA": "Morocco",
    "US": "United States",
}
# Languages a team in that country speaks (English always; one extra is sometimes drawn from EXTRA_LANGUAGES),
# and the site language of its owner's account and of its listings' translations.
COUNTRY_LANGUAGES: Final[dict[str, list[str]]] = {
    "AE": ["en", "ar"],
    "CA": ["en", "fr"],
    "ES": ["en", "es"],
    "FR": ["en", "fr"],
    "GB": ["en"],
    "MA": ["en", "ar", "fr"],
    "US": ["en", "es"],
}
SITE_LANGUAGE: Final[dict[str, str]] = {
    "AE": "ar",
    "CA": "en",
    "ES": "es",
    "FR": "fr",
    "GB": "en",
    "MA": "ar",
    "US": "en",
}
EXTRA_LANGUAGES: Final[list[str]] = ["de", "pt", "it", "hi", "ur", "pl", "nl"]

# Believable hourly prices per field of work, in the smallest unit (cents), low and high.
PRICE_RANGES: Final[dict[str, tuple[int, int]]] = {
    "air-conditioner": (5000, 9500),
    "carpentry": (3500, 6500),
    "electricity": (4500, 9000),
    "gardening": (2500, 4500),
    "home-machines": (4000, 7500),
    "housekeeping": (2000, 3500),
    "interior-design": (6000, 12000),
    "locks": (4000, 8000),
    "painting": (3000, 5500),
    "plumbing": (4500, 9000),
    "water-heaters": (5000, 9500),
}

# Weekly hours as (weekdays, [(start, end), ...]); 0 = Monday.
_WEEKDAYS = (0, 1, 2, 3, 4)
WEEKLY_PATTERNS: Final[list[list[tuple[tuple[int, ...], list[tuple[time, time]]]]]] = [
    [(_WEEKDAYS, [(time(8), time(12)), (time(13), time(18))])],
    [(_WEEKDAYS, [(time(9), time(17))]), ((5,), [(time(9), time(13))])],
    [((*_WEEKDAYS, 5), [(time(7, 30), time(12, 30)), (time(14), time(19))])],
    [((1, 2, 3, 4, 5), [(time(10), time(19))])],
    [(_WEEKDAYS, [(time(8), time(16))]), ((5,), [(time(8), time(12))])],
]
