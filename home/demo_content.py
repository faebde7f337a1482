"""The demo copy that ``seed_demo`` puts into the Wagtail page tree.

English is the source language; every piece of text also carries its French, Spanish and Arabic (Modern Standard
Arabic) translation. Each text value is a ``Text`` dict keyed by language code (``en``, ``fr``, ``es``, ``ar``); slugs,
keys, promo codes and amounts are plain values because they are the same in every language. Rich-text bodies hold
short HTML using only ``p``, ``h2``, ``h3``, ``ul``, ``li``, ``strong`` and ``em``. The matching illustrations live in
``home/demo_images/``.
"""

from __future__ import annotations

from typing import Any

Text = dict[str, str]

# The home page: hero, section headings, how it works, testimonials, FAQ and the closing call to action.
HOME: dict[str, Any] = {
    "title": {
        "en": "NetFix",
        "fr": "NetFix",
        "es": "NetFix",
        "ar": "NetFix",
    },
    "seo_title": {
        "en": "NetFix | Trusted home services, booked in minutes",
        "fr": "NetFix | Des artisans de confiance, réservés en quelques minutes",
        "es": "NetFix | Profesionales de confianza para tu hogar, en minutos",
        "ar": "NetFix | خدمات منزلية موثوقة تحجزها في دقائق",
    },
    "search_description": {
        "en": (
            "Find verified plumbers, electricians, cleaners and other home pros near you. Compare prices, book "
            "online and pay securely once the job is done."
        ),
        "fr": (
            "Trouvez plombiers, électriciens, agents d'entretien et autres pros vérifiés près de chez vous. "
            "Réservez en ligne, payez en toute sécurité."
        ),
        "es": (
            "Encuentra fontaneros, electricistas, personal de limpieza y otros profesionales verificados cerca de "
            "ti. Reserva online y paga seguro."
        ),
        "ar": (
            "اعثر على سبّاكين وكهربائيين وعمّال تنظيف وغيرهم من المهنيين الموثّقين بالقرب منك. قارن الأسعار واحجز "
            "عبر الإنترنت وادفع بأمان."
        ),
    },
    "hero": {
        "heading": {
            "en": "Home repairs and services, sorted.",
            "fr": "Vos travaux à domicile, en toute sérénité.",
            "es": "Tu hogar a punto, sin complicaciones.",
            "ar": "إصلاحات منزلك وخدماته، بلا عناء.",
        },
        "subheading": {
            "en": (
                "Book vetted local professionals for plumbing, electrics, cleaning and more, in your language and "
                "at a clear price."
            ),
            "fr": (
                "Réservez des professionnels vérifiés près de chez vous pour la plomberie, l'électricité, le "
                "ménage et bien plus, dans votre langue et à prix clair."
            ),
            "es": (
                "Reserva profesionales verificados de tu zona para fontanería, electricidad, limpieza y mucho "
                "más, en tu idioma y con precios claros."
            ),
            "ar": "احجز مهنيين موثّقين في منطقتك لأعمال السباكة والكهرباء والتنظيف وغيرها، بلغتك وبأسعار واضحة.",
        },
        "cta_label": {
            "en": "Find a pro",
            "fr": "Trouver un pro",
            "es": "Buscar un profesional",
            "ar": "ابحث عن مختص",
        },
    },
    "featured_categories_heading": {
        "en": "Popular categories",
        "fr": "Catégories populaires",
        "es": "Categorías populares",
        "ar": "الفئات الرائجة",
    },
    "featured_services_heading": {
        "en": "Featured services",
        "fr": "Services à la une",
        "es": "Servicios destacados",
        "ar": "خدمات مميّزة",
    },
    "promotions_heading": {
        "en": "Current offers",
        "fr": "Offres du moment",
        "es": "Ofertas del momento",
        "ar": "العروض الحالية",
    },
    "how_it_works": {
        "heading": {
            "en": "How it works",
            "fr": "Comment ça marche",
            "es": "Cómo funciona",
            "ar": "كيف تعمل المنصة",
        },
        "steps": [
            {
                "title": {
                    "en": "Find the right pro",
                    "fr": "Trouvez le bon professionnel",
                    "es": "Encuentra al profesional adecuado",
                    "ar": "اعثر على المختص المناسب",
                },
                "text": {
                    "en": (
                        "Tell us what you need, then compare verified professionals, their reviews and their prices."
                    ),
                    "fr": (
                        "Décrivez votre besoin, puis comparez des professionnels vérifiés, leurs avis et leurs tarifs."
                    ),
                    "es": ("Cuéntanos qué necesitas y compara profesionales verificados, sus opiniones y sus precios."),
                    "ar": "صف ما تحتاج إليه، ثم قارن بين مهنيين موثّقين وتقييماتهم وأسعارهم.",
                },
            },
            {
                "title": {
                    "en": "Book and pay securely",
                    "fr": "Réservez et payez en toute sécurité",
                    "es": "Reserva y paga con seguridad",
                    "ar": "احجز وادفع بأمان",
                },
                "text": {
                    "en": "Choose a time that suits you. Your payment is held safely until the job is done.",
                    "fr": (
                        "Choisissez le créneau qui vous convient. Votre paiement reste en sécurité jusqu'à la fin "
                        "de l'intervention."
                    ),
                    "es": (
                        "Elige el horario que mejor te venga. Guardamos tu pago de forma segura hasta que el "
                        "trabajo esté terminado."
                    ),
                    "ar": "اختر الموعد الذي يناسبك، ويبقى المبلغ الذي دفعته محفوظًا بأمان حتى إنجاز العمل.",
                },
            },
            {
                "title": {
                    "en": "Relax and review",
                    "fr": "Détendez-vous et donnez votre avis",
                    "es": "Relájate y valora el servicio",
                    "ar": "استرخِ وقيّم التجربة",
                },
                "text": {
                    "en": (
                        "Sit back while the work gets done, then share your experience to help your neighbours choose."
                    ),
                    "fr": (
                        "Laissez le professionnel s'occuper de tout, puis partagez votre expérience pour aider "
                        "vos voisins à choisir."
                    ),
                    "es": (
                        "Despreocúpate mientras se hace el trabajo y después comparte tu experiencia para ayudar "
                        "a tus vecinos a elegir."
                    ),
                    "ar": "استرح بينما يُنجَز العمل، ثم شارك تجربتك لتساعد جيرانك على الاختيار.",
                },
            },
        ],
    },
    "testimonials": {
        "heading": {
            "en": "What our customers say",
            "fr": "Ce que disent nos clients",
            "es": "Lo que dicen nuestros clientes",
            "ar": "ماذا يقول عملاؤنا",
        },
        "items": [
            {
                "quote": {
                    "en": (
                        "Our water heater gave up on a Sunday evening. A plumber was at the door within the hour, "
                        "and the final price matched the quote to the cent."
                    ),
                    "fr": (
                        "Notre chauffe-eau nous a lâchés un dimanche soir. Moins d'une heure plus tard, un "
                        "plombier sonnait à la porte, et le prix final correspondait au devis au centime près."
                    ),
                    "es": (
                        "El calentador se nos estropeó un domingo por la noche. En menos de una hora teníamos a "
                        "un fontanero en la puerta, y el precio final coincidió al céntimo con el presupuesto."
                    ),
                    "ar": (
                        "تعطّل سخان المياه لدينا مساء يوم أحد، وفي أقل من ساعة كان السبّاك عند الباب، وجاء السعر "
                        "النهائي مطابقًا لعرض السعر تمامًا."
                    ),
                },
                "author": {
                    "en": "Sarah M.",
                    "fr": "Sarah M.",
                    "es": "Sarah M.",
                    "ar": "سارة م.",
                },
                "city": {
                    "en": "Marseille",
                    "fr": "Marseille",
                    "es": "Marsella",
                    "ar": "مرسيليا",
                },
            },
            {
                "quote": {
                    "en": (
                        "I booked a deep clean in Arabic and a carpenter in French in the same week. Both turned "
                        "up on time and left the place spotless."
                    ),
                    "fr": (
                        "J'ai réservé un grand ménage en arabe et un menuisier en français la même semaine. Tous "
                        "deux sont arrivés à l'heure et ont laissé les lieux impeccables."
                    ),
                    "es": (
                        "En la misma semana reservé una limpieza a fondo en árabe y un carpintero en francés. Los "
                        "dos llegaron puntuales y lo dejaron todo impecable."
                    ),
                    "ar": (
                        "حجزتُ تنظيفًا عميقًا باللغة العربية ونجّارًا باللغة الفرنسية في الأسبوع نفسه، فوصل "
                        "كلاهما في الموعد وتركا المكان نظيفًا تمامًا."
                    ),
                },
                "author": {
                    "en": "Karim B.",
                    "fr": "Karim B.",
                    "es": "Karim B.",
                    "ar": "كريم ب.",
                },
                "city": {
                    "en": "Casablanca",
                    "fr": "Casablanca",
                    "es": "Casablanca",
                    "ar": "الدار البيضاء",
                },
            },
            {
                "quote": {
                    "en": (
                        "Knowing the payment was only released once I approved the work made all the difference. "
                        "The electrician even fixed a loose socket at no extra cost."
                    ),
                    "fr": (
                        "Savoir que le paiement n'était versé qu'après ma validation a tout changé. L'électricien "
                        "a même refixé une prise qui bougeait, sans supplément."
                    ),
                    "es": (
                        "Saber que el pago solo se liberaba cuando yo diera el visto bueno marcó la diferencia. "
                        "El electricista incluso me arregló un enchufe suelto sin coste adicional."
                    ),
                    "ar": (
                        "أن أعرف أن المبلغ لن يُحوَّل إلا بعد موافقتي على العمل صنع الفرق كله. بل إن الكهربائي "
                        "أصلح مقبسًا مرتخيًا دون أي تكلفة إضافية."
                    ),
                },
                "author": {
                    "en": "Lucía G.",
                    "fr": "Lucía G.",
                    "es": "Lucía G.",
                    "ar": "لوسيا غ.",
                },
                "city": {
                    "en": "Madrid",
                    "fr": "Madrid",
                    "es": "Madrid",
                    "ar": "مدريد",
                },
            },
        ],
    },
    "faq": {
        "heading": {
            "en": "Frequently asked questions",
            "fr": "Questions fréquentes",
            "es": "Preguntas frecuentes",
            "ar": "الأسئلة الشائعة",
        },
        "items": [
            {
                "question": {
                    "en": "How do you check the professionals?",
                    "fr": "Comment vérifiez-vous les professionnels ?",
                    "es": "¿Cómo verificáis a los profesionales?",
                    "ar": "كيف تتحققون من المهنيين؟",
                },
                "answer": {
                    "en": (
                        "Every provider confirms their identity and, where the trade requires it, their "
                        "qualifications and insurance before they can accept bookings. Reviews, which only "
                        "customers with a completed job can leave, do the rest."
                    ),
                    "fr": (
                        "Chaque prestataire confirme son identité et, lorsque le métier l'exige, ses "
                        "qualifications et son assurance avant de pouvoir accepter des réservations. Les avis, "
                        "que seuls les clients ayant fait appel à lui peuvent laisser, font le reste."
                    ),
                    "es": (
                        "Todos los profesionales confirman su identidad y, cuando el oficio lo exige, su "
                        "cualificación y su seguro antes de poder aceptar reservas. Las opiniones, que solo "
                        "pueden dejar clientes con un trabajo terminado, hacen el resto."
                    ),
                    "ar": (
                        "يؤكد كل مقدّم خدمة هويته، وكذلك مؤهلاته وتأمينه حين تتطلب المهنة ذلك، قبل أن يتمكن من "
                        "قبول أي حجز. ثم تتكفّل التقييمات بالباقي، إذ لا يكتبها إلا عملاء أُنجز لهم عمل فعلًا."
                    ),
                },
            },
            {
                "question": {
                    "en": "When is the professional paid?",
                    "fr": "Quand le professionnel est-il payé ?",
                    "es": "¿Cuándo cobra el profesional?",
                    "ar": "متى يحصل المهني على أجره؟",
                },
                "answer": {
                    "en": (
                        "You pay when you book, but we hold the money securely. It is only released to the "
                        "professional once you confirm the job has been done to your satisfaction."
                    ),
                    "fr": (
                        "Vous payez au moment de la réservation, mais nous conservons les fonds en lieu sûr. Ils "
                        "ne sont versés au professionnel qu'une fois que vous avez confirmé que le travail vous "
                        "convient."
                    ),
                    "es": (
                        "Pagas al reservar, pero guardamos el dinero de forma segura. Solo se entrega al "
                        "profesional cuando confirmas que el trabajo se ha hecho a tu gusto."
                    ),
                    "ar": (
                        "تدفع عند الحجز، لكننا نحتفظ بالمبلغ في أمان، ولا يُحوَّل إلى المهني إلا بعد أن تؤكد أن "
                        "العمل أُنجز على النحو الذي يرضيك."
                    ),
                },
            },
            {
                "question": {
                    "en": "Can I cancel or get a refund?",
                    "fr": "Puis-je annuler ou me faire rembourser ?",
                    "es": "¿Puedo cancelar o pedir un reembolso?",
                    "ar": "هل يمكنني الإلغاء أو استرداد المبلغ؟",
                },
                "answer": {
                    "en": (
                        "Yes. Cancel free of charge up to 24 hours before the appointment for a full refund. If "
                        "something goes wrong with the job, our support team will help you reach a fair solution."
                    ),
                    "fr": (
                        "Oui. L'annulation est gratuite jusqu'à 24 heures avant le rendez-vous, avec un "
                        "remboursement intégral. Si l'intervention se passe mal, notre équipe d'assistance vous "
                        "aide à trouver une solution équitable."
                    ),
                    "es": (
                        "Sí. Puedes cancelar gratis hasta 24 horas antes de la cita y te devolvemos el importe "
                        "íntegro. Si algo sale mal con el trabajo, nuestro equipo de atención al cliente te "
                        "ayudará a encontrar una solución justa."
                    ),
                    "ar": (
                        "نعم، يمكنك الإلغاء مجانًا حتى 24 ساعة قبل الموعد واسترداد المبلغ كاملًا. وإذا واجهت أي "
                        "مشكلة في العمل، فسيساعدك فريق الدعم على الوصول إلى حل منصف."
                    ),
                },
            },
            {
                "question": {
                    "en": "Which languages can I use?",
                    "fr": "Dans quelles langues puis-je utiliser NetFix ?",
                    "es": "¿En qué idiomas puedo usar NetFix?",
                    "ar": "ما اللغات التي يمكنني استخدامها؟",
                },
                "answer": {
                    "en": (
                        "NetFix is available in English, French, Spanish and Arabic. Each professional's profile "
                        "shows the languages they speak, so you can choose someone you can talk to easily."
                    ),
                    "fr": (
                        "NetFix est disponible en anglais, en français, en espagnol et en arabe. Le profil de "
                        "chaque professionnel indique les langues qu'il parle, pour que vous puissiez choisir "
                        "quelqu'un avec qui échanger facilement."
                    ),
                    "es": (
                        "NetFix está disponible en inglés, francés, español y árabe. El perfil de cada "
                        "profesional indica los idiomas que habla, para que elijas a alguien con quien te "
                        "entiendas sin problemas."
                    ),
                    "ar": (
                        "تتوفر NetFix باللغات الإنجليزية والفرنسية والإسبانية والعربية، ويعرض ملف كل مهني اللغات "
                        "التي يتحدثها، لتختار من يسهل عليك التواصل معه."
                    ),
                },
            },
            {
                "question": {
                    "en": "How do I become a provider on NetFix?",
                    "fr": "Comment devenir prestataire sur NetFix ?",
                    "es": "¿Cómo puedo ofrecer mis servicios en NetFix?",
                    "ar": "كيف أصبح مقدّم خدمة على NetFix؟",
                },
                "answer": {
                    "en": (
                        "Create a provider account, tell us about your skills and the area you cover, then "
                        "complete the verification steps. Once you are approved, you set your own prices and "
                        "start receiving bookings."
                    ),
                    "fr": (
                        "Créez un compte prestataire, présentez vos compétences et votre zone d'intervention, "
                        "puis suivez les étapes de vérification. Une fois votre profil validé, vous fixez vos "
                        "tarifs et commencez à recevoir des réservations."
                    ),
                    "es": (
                        "Crea una cuenta de profesional, cuéntanos tus especialidades y la zona en la que "
                        "trabajas y completa los pasos de verificación. En cuanto aprobemos tu perfil, podrás "
                        "fijar tus precios y empezar a recibir reservas."
                    ),
                    "ar": (
                        "أنشئ حسابًا لمقدّمي الخدمات، وعرّفنا بمهاراتك والمنطقة التي تعمل فيها، ثم أكمل خطوات "
                        "التحقق. وبعد اعتماد ملفك، تحدد أسعارك بنفسك وتبدأ في تلقي الحجوزات."
                    ),
                },
            },
        ],
    },
    "cta": {
        "heading": {
            "en": "Something to fix at home?",
            "fr": "Un souci à la maison ?",
            "es": "¿Algo que arreglar en casa?",
            "ar": "هل في منزلك ما يحتاج إلى إصلاح؟",
        },
        "text": {
            "en": "Tell us what you need and get matched with a trusted local professional today.",
            "fr": (
                "Dites-nous ce dont vous avez besoin et trouvez dès aujourd'hui un professionnel de confiance "
                "près de chez vous."
            ),
            "es": "Cuéntanos qué necesitas y encuentra hoy mismo un profesional de confianza cerca de ti.",
            "ar": "أخبرنا بما تحتاج إليه، وستجد اليوم مهنيًا موثوقًا بالقرب منك.",
        },
        "button_label": {
            "en": "Get started",
            "fr": "Commencer",
            "es": "Empezar",
            "ar": "ابدأ الآن",
        },
    },
}


# The services index page (parent of the category pages).
CATEGORY_INDEX: dict[str, Text] = {
    "title": {
        "en": "Services",
        "fr": "Services",
        "es": "Servicios",
        "ar": "الخدمات",
    },
    "intro": {
        "en": (
            "From a dripping tap to a full repaint, browse every trade on NetFix and book a verified professional "
            "in a few clicks."
        ),
        "fr": (
            "D'un robinet qui fuit à une peinture complète, parcourez tous les métiers proposés sur NetFix et "
            "réservez un professionnel vérifié en quelques clics."
        ),
        "es": (
            "Desde un grifo que gotea hasta pintar toda la casa: explora todos los oficios de NetFix y reserva un "
            "profesional verificado en pocos clics."
        ),
        "ar": (
            "من صنبور يقطر إلى إعادة طلاء المنزل بالكامل، تصفّح جميع الخدمات على NetFix واحجز مهنيًا موثّقًا ببضع نقرات."
        ),
    },
    "seo_title": {
        "en": "All home services | NetFix",
        "fr": "Tous les services à domicile | NetFix",
        "es": "Todos los servicios para el hogar | NetFix",
        "ar": "جميع الخدمات المنزلية | NetFix",
    },
    "search_description": {
        "en": (
            "Browse every home service on NetFix: plumbing, electricity, cleaning, painting, gardening and more. "
            "Compare verified pros and book online."
        ),
        "fr": (
            "Parcourez tous les services à domicile de NetFix : plomberie, électricité, ménage, peinture, "
            "jardinage et plus. Comparez et réservez en ligne."
        ),
        "es": (
            "Explora todos los servicios para el hogar de NetFix: fontanería, electricidad, limpieza, pintura, "
            "jardinería y más. Compara y reserva online."
        ),
        "ar": (
            "تصفّح جميع الخدمات المنزلية على NetFix: السباكة والكهرباء والتنظيف والدهان والبستنة وغيرها. قارن بين "
            "مهنيين موثّقين واحجز عبر الإنترنت."
        ),
    },
}


# The “most requested” section / page.
MOST_REQUESTED: dict[str, Text] = {
    "title": {
        "en": "Most requested services",
        "fr": "Les services les plus demandés",
        "es": "Los servicios más solicitados",
        "ar": "الخدمات الأكثر طلبًا",
    },
    "intro": {
        "en": "The jobs our customers book most often, with verified professionals ready to help this week.",
        "fr": (
            "Les interventions que nos clients réservent le plus souvent, avec des professionnels vérifiés "
            "disponibles dès cette semaine."
        ),
        "es": (
            "Los trabajos que más reservan nuestros clientes, con profesionales verificados disponibles esta "
            "misma semana."
        ),
        "ar": "الأعمال التي يحجزها عملاؤنا أكثر من غيرها، مع مهنيين موثّقين جاهزين لمساعدتك هذا الأسبوع.",
    },
}


# One entry per service category, keyed by the category slug (the same slug in every language).
CATEGORIES: dict[str, dict[str, Text]] = {
    "air-conditioner": {
        "title": {
            "en": "Air Conditioner",
            "fr": "Climatisation",
            "es": "Aire acondicionado",
            "ar": "التكييف",
        },
        "intro": {
            "en": (
                "Stay cool with qualified technicians for air-conditioner installation, servicing and repairs. "
                "Book a check-up before the heat arrives and your system will run more efficiently all summer."
            ),
            "fr": (
                "Restez au frais grâce à des techniciens qualifiés pour l'installation, l'entretien et le "
                "dépannage de votre climatisation. Programmez une révision avant les fortes chaleurs pour un "
                "appareil performant tout l'été."
            ),
            "es": (
                "Mantén tu casa fresca con técnicos cualificados en instalación, mantenimiento y reparación de "
                "aire acondicionado. Programa una revisión antes de que llegue el calor y tu equipo rendirá mejor "
                "todo el verano."
            ),
            "ar": (
                "حافظ على برودة منزلك مع فنيين مؤهلين لتركيب أجهزة التكييف وصيانتها وإصلاحها. احجز فحصًا قبل حلول "
                "الحر ليعمل جهازك بكفاءة أعلى طوال الصيف."
            ),
        },
        "seo_title": {
            "en": "Air conditioner installation and repair | NetFix",
            "fr": "Installation et dépannage de climatisation | NetFix",
            "es": "Instalación y reparación de aire acondicionado | NetFix",
            "ar": "تركيب المكيّفات وصيانتها | NetFix",
        },
        "search_description": {
            "en": (
                "Book qualified technicians for air conditioner installation, servicing, gas top-ups and repairs. "
                "Verified pros, clear prices, secure payment."
            ),
            "fr": (
                "Réservez un technicien qualifié pour installer, entretenir ou réparer votre climatisation. "
                "Professionnels vérifiés, prix clairs, paiement sécurisé."
            ),
            "es": (
                "Reserva técnicos cualificados para instalar, revisar, recargar o reparar tu aire acondicionado. "
                "Profesionales verificados y pago seguro."
            ),
            "ar": (
                "احجز فنيين مؤهلين لتركيب المكيّفات وصيانتها وتعبئة الغاز وإصلاح الأعطال. مهنيون موثّقون وأسعار "
                "واضحة ودفع آمن."
            ),
        },
    },
    "all-in-one": {
        "title": {
            "en": "All in One",
            "fr": "Multiservice",
            "es": "Todo en uno",
            "ar": "خدمات شاملة",
        },
        "intro": {
            "en": (
                "One booking for all the small jobs on your list: shelves, curtain rails, flat-pack furniture and "
                "minor repairs. A versatile handyperson takes care of everything in a single visit."
            ),
            "fr": (
                "Une seule réservation pour toutes les petites tâches qui s'accumulent : étagères, tringles à "
                "rideaux, meubles en kit et menues réparations. Un bricoleur professionnel polyvalent s'occupe de "
                "tout en une seule visite."
            ),
            "es": (
                "Una sola reserva para todas esas pequeñas tareas pendientes: estanterías, barras de cortina, "
                "muebles de montar y pequeñas reparaciones. Un manitas profesional se encarga de todo en una sola "
                "visita."
            ),
            "ar": (
                "حجز واحد لكل المهام الصغيرة المؤجلة: تركيب الرفوف وقضبان الستائر وتجميع الأثاث والإصلاحات "
                "البسيطة. يتولى فني متعدد المهارات كل ذلك في زيارة واحدة."
            ),
        },
        "seo_title": {
            "en": "Handyman services for small jobs | NetFix",
            "fr": "Petits travaux et bricolage à domicile | NetFix",
            "es": "Manitas a domicilio para pequeños trabajos | NetFix",
            "ar": "الصيانة العامة والأعمال الصغيرة | NetFix",
        },
        "search_description": {
            "en": (
                "Hire a verified handyperson for furniture assembly, shelves, minor repairs and odd jobs around "
                "the home. One visit, one clear price."
            ),
            "fr": (
                "Faites appel à un bricoleur vérifié pour monter vos meubles, poser des étagères et réaliser vos "
                "petites réparations. Une visite, un prix clair."
            ),
            "es": (
                "Contrata a un manitas verificado para montar muebles, colgar estanterías y hacer pequeñas "
                "reparaciones en casa. Una visita, un precio claro."
            ),
            "ar": (
                "استعن بفني موثّق لتجميع الأثاث وتركيب الرفوف وإنجاز الإصلاحات البسيطة في منزلك. زيارة واحدة وسعر "
                "واضح ودفع آمن."
            ),
        },
    },
    "carpentry": {
        "title": {
            "en": "Carpentry",
            "fr": "Menuiserie",
            "es": "Carpintería",
            "ar": "النجارة",
        },
        "intro": {
            "en": (
                "Skilled carpenters for made-to-measure shelving, door fitting, furniture repairs and more. Tell "
                "us what you have in mind and get a clear quote before any work begins."
            ),
            "fr": (
                "Des menuisiers qualifiés pour vos rangements sur mesure, la pose de portes, la réparation de "
                "meubles et bien plus. Décrivez votre projet et recevez un devis clair avant le début des travaux."
            ),
            "es": (
                "Carpinteros cualificados para estanterías a medida, colocación de puertas, reparación de muebles "
                "y mucho más. Cuéntanos tu idea y recibe un presupuesto claro antes de empezar."
            ),
            "ar": (
                "نجّارون مهرة لتنفيذ الرفوف حسب المقاس وتركيب الأبواب وإصلاح الأثاث وغير ذلك. أخبرنا بفكرتك واحصل "
                "على عرض سعر واضح قبل بدء العمل."
            ),
        },
        "seo_title": {
            "en": "Carpenters near you | NetFix",
            "fr": "Menuisiers près de chez vous | NetFix",
            "es": "Carpinteros cerca de ti | NetFix",
            "ar": "نجّارون بالقرب منك | NetFix",
        },
        "search_description": {
            "en": (
                "Book experienced carpenters for doors, shelving, built-in wardrobes, furniture repairs and "
                "bespoke woodwork. Verified pros, clear quotes."
            ),
            "fr": (
                "Réservez un menuisier expérimenté pour vos portes, étagères, placards sur mesure et réparations "
                "de meubles. Pros vérifiés et devis clairs."
            ),
            "es": (
                "Reserva carpinteros con experiencia para puertas, estanterías, armarios empotrados y reparación "
                "de muebles. Presupuestos claros."
            ),
            "ar": (
                "احجز نجّارين ذوي خبرة لتركيب الأبواب والرفوف والخزائن المدمجة وإصلاح الأثاث وأعمال الخشب حسب "
                "الطلب. عروض أسعار واضحة."
            ),
        },
    },
    "electricity": {
        "title": {
            "en": "Electricity",
            "fr": "Électricité",
            "es": "Electricidad",
            "ar": "الكهرباء",
        },
        "intro": {
            "en": (
                "Certified electricians for everything from a new socket to a full rewire. Safe, tidy work that "
                "meets current regulations, at a price agreed upfront."
            ),
            "fr": (
                "Des électriciens certifiés pour tous vos besoins, de l'ajout d'une prise à la rénovation "
                "complète de l'installation. Un travail sûr et soigné, conforme aux normes en vigueur, au prix "
                "convenu à l'avance."
            ),
            "es": (
                "Electricistas autorizados para todo, desde un enchufe nuevo hasta renovar la instalación "
                "completa. Un trabajo seguro y limpio conforme a la normativa vigente, con el precio acordado de "
                "antemano."
            ),
            "ar": (
                "كهربائيون معتمدون لكل ما تحتاج إليه، من تركيب مقبس جديد إلى تجديد التمديدات بالكامل. عمل آمن "
                "ونظيف وفق المعايير المعمول بها، بسعر متفق عليه مسبقًا."
            ),
        },
        "seo_title": {
            "en": "Certified electricians | NetFix",
            "fr": "Électriciens certifiés | NetFix",
            "es": "Electricistas autorizados | NetFix",
            "ar": "كهربائيون معتمدون | NetFix",
        },
        "search_description": {
            "en": (
                "Book certified electricians for sockets, lighting, fuse boards, fault finding and rewiring. Safe "
                "work to current standards, clear prices."
            ),
            "fr": (
                "Réservez un électricien certifié pour vos prises, éclairages, tableaux électriques, pannes et "
                "mises aux normes. Prix annoncés à l'avance."
            ),
            "es": (
                "Reserva electricistas autorizados para enchufes, iluminación, cuadros eléctricos, averías y "
                "reformas de la instalación. Precios claros."
            ),
            "ar": (
                "احجز كهربائيين معتمدين لتركيب المقابس والإنارة ولوحات التوزيع وتحديد الأعطال وتجديد التمديدات. "
                "عمل آمن وأسعار واضحة مسبقًا."
            ),
        },
    },
    "gardening": {
        "title": {
            "en": "Gardening",
            "fr": "Jardinage",
            "es": "Jardinería",
            "ar": "البستنة",
        },
        "intro": {
            "en": (
                "Keep your garden, terrace or balcony looking its best with experienced gardeners. Book lawn "
                "mowing, hedge trimming, planting or a seasonal tidy-up, as a one-off visit or on a regular "
                "schedule."
            ),
            "fr": (
                "Confiez votre jardin, votre terrasse ou votre balcon à des jardiniers expérimentés. Tonte, "
                "taille de haies, plantations ou remise en état de saison : en intervention ponctuelle ou "
                "régulière."
            ),
            "es": (
                "Deja tu jardín, terraza o balcón en manos de jardineros con experiencia. Reserva corte de "
                "césped, poda de setos, plantación o limpieza de temporada, de forma puntual o periódica."
            ),
            "ar": (
                "حافظ على جمال حديقتك أو شرفتك مع بستانيين ذوي خبرة. احجز قصّ العشب وتشذيب الأسيجة والزراعة "
                "والتنظيف الموسمي، لمرة واحدة أو بصفة دورية."
            ),
        },
        "seo_title": {
            "en": "Gardeners and garden maintenance | NetFix",
            "fr": "Jardiniers et entretien de jardin | NetFix",
            "es": "Jardineros y mantenimiento de jardines | NetFix",
            "ar": "البستنة وصيانة الحدائق | NetFix",
        },
        "search_description": {
            "en": (
                "Book experienced gardeners for lawn mowing, hedge trimming, planting and seasonal tidy-ups. "
                "One-off or regular visits from verified pros."
            ),
            "fr": (
                "Réservez un jardinier expérimenté pour la tonte, la taille des haies, les plantations et "
                "l'entretien de saison. Visites ponctuelles ou régulières."
            ),
            "es": (
                "Reserva jardineros con experiencia para cortar el césped, podar setos, plantar y limpiar el "
                "jardín. Visitas puntuales o periódicas."
            ),
            "ar": (
                "احجز بستانيين ذوي خبرة لقص العشب وتشذيب الأسيجة والزراعة والتنظيف الموسمي، في زيارات لمرة واحدة "
                "أو دورية، على يد مهنيين موثّقين وبأسعار عادلة."
            ),
        },
    },
    "home-machines": {
        "title": {
            "en": "Home Machines",
            "fr": "Électroménager",
            "es": "Electrodomésticos",
            "ar": "الأجهزة المنزلية",
        },
        "intro": {
            "en": (
                "Fast, reliable repairs for washing machines, dishwashers, fridges, ovens and other household "
                "appliances. Technicians diagnose the fault on site and carry the most common spare parts."
            ),
            "fr": (
                "Des réparations rapides et fiables pour lave-linge, lave-vaisselle, réfrigérateurs, fours et "
                "autres appareils ménagers. Le technicien établit le diagnostic sur place et dispose des pièces "
                "les plus courantes."
            ),
            "es": (
                "Reparaciones rápidas y fiables de lavadoras, lavavajillas, frigoríficos, hornos y otros "
                "electrodomésticos. El técnico diagnostica la avería en casa y lleva consigo los repuestos más "
                "habituales."
            ),
            "ar": (
                "إصلاح سريع وموثوق للغسالات وغسالات الصحون والثلاجات والأفران وغيرها من الأجهزة المنزلية. يشخّص "
                "الفني العطل في موقعه ويحمل معه قطع الغيار الأكثر شيوعًا."
            ),
        },
        "seo_title": {
            "en": "Appliance repair at home | NetFix",
            "fr": "Réparation d'électroménager à domicile | NetFix",
            "es": "Reparación de electrodomésticos a domicilio | NetFix",
            "ar": "إصلاح الأجهزة المنزلية في منزلك | NetFix",
        },
        "search_description": {
            "en": (
                "Book technicians to repair washing machines, dishwashers, fridges, ovens and dryers at home. "
                "On-site diagnosis and clear prices."
            ),
            "fr": (
                "Réservez un technicien pour réparer à domicile lave-linge, lave-vaisselle, réfrigérateur, four "
                "ou sèche-linge. Diagnostic sur place, prix clairs."
            ),
            "es": (
                "Reserva técnicos para reparar en casa lavadoras, lavavajillas, frigoríficos, hornos y secadoras. "
                "Diagnóstico a domicilio y precios claros."
            ),
            "ar": (
                "احجز فنيين لإصلاح الغسالات وغسالات الصحون والثلاجات والأفران والمجففات في منزلك. تشخيص في الموقع "
                "وأسعار واضحة."
            ),
        },
    },
    "housekeeping": {
        "title": {
            "en": "Housekeeping",
            "fr": "Ménage",
            "es": "Limpieza del hogar",
            "ar": "التنظيف المنزلي",
        },
        "intro": {
            "en": (
                "Come home to a spotless space with trusted cleaners, booked weekly, fortnightly or just once. "
                "Choose a regular clean, a deep clean or an end-of-tenancy clean."
            ),
            "fr": (
                "Retrouvez un intérieur impeccable grâce à des professionnels du ménage de confiance, chaque "
                "semaine, tous les quinze jours ou ponctuellement. Choisissez un ménage régulier, un grand "
                "nettoyage ou un nettoyage de fin de bail."
            ),
            "es": (
                "Vuelve a una casa impecable con personal de limpieza de confianza, cada semana, cada quince días "
                "o solo una vez. Elige entre limpieza habitual, limpieza a fondo o limpieza de fin de alquiler."
            ),
            "ar": (
                "عُد إلى منزل نظيف تمامًا مع عمّال تنظيف موثوقين، أسبوعيًا أو كل أسبوعين أو لمرة واحدة. اختر بين "
                "التنظيف الدوري أو التنظيف العميق أو التنظيف عند إخلاء المسكن."
            ),
        },
        "seo_title": {
            "en": "House cleaning services | NetFix",
            "fr": "Ménage et nettoyage à domicile | NetFix",
            "es": "Servicio de limpieza del hogar | NetFix",
            "ar": "خدمات تنظيف المنازل | NetFix",
        },
        "search_description": {
            "en": (
                "Book trusted cleaners for regular, deep or end-of-tenancy cleaning. Weekly, fortnightly or "
                "one-off visits, with secure online payment."
            ),
            "fr": (
                "Réservez un professionnel du ménage pour un entretien régulier, un grand nettoyage ou une fin de "
                "bail, chaque semaine ou ponctuellement."
            ),
            "es": (
                "Reserva personal de limpieza de confianza para limpiezas habituales, a fondo o de fin de "
                "alquiler. Visitas semanales, quincenales o puntuales."
            ),
            "ar": (
                "احجز عمّال تنظيف موثوقين للتنظيف الدوري أو العميق أو عند إخلاء المسكن، أسبوعيًا أو كل أسبوعين أو "
                "لمرة واحدة، مع دفع آمن."
            ),
        },
    },
    "interior-design": {
        "title": {
            "en": "Interior Design",
            "fr": "Décoration intérieure",
            "es": "Diseño de interiores",
            "ar": "التصميم الداخلي",
        },
        "intro": {
            "en": (
                "Work with interior designers to make the most of your space, from refreshing a single room to a "
                "complete makeover. Get tailored advice on layout, colour, lighting and furniture."
            ),
            "fr": (
                "Faites appel à des décorateurs d'intérieur pour tirer le meilleur parti de votre espace, du "
                "simple rafraîchissement d'une pièce à la transformation complète. Profitez de conseils sur "
                "mesure pour l'agencement, les couleurs, l'éclairage et le mobilier."
            ),
            "es": (
                "Trabaja con interioristas para sacar el máximo partido a tu espacio, desde renovar una "
                "habitación hasta transformar toda la casa. Recibe asesoramiento personalizado sobre "
                "distribución, color, iluminación y mobiliario."
            ),
            "ar": (
                "استعن بمصممين داخليين لتستفيد من كل زاوية في منزلك، من تجديد غرفة واحدة إلى تحوّل شامل. احصل على "
                "نصائح مصمّمة خصيصًا لك حول توزيع المساحات والألوان والإضاءة والأثاث."
            ),
        },
        "seo_title": {
            "en": "Interior designers | NetFix",
            "fr": "Décorateurs d'intérieur | NetFix",
            "es": "Interioristas y diseño de interiores | NetFix",
            "ar": "مصممو الديكور الداخلي | NetFix",
        },
        "search_description": {
            "en": (
                "Book interior designers for room makeovers, layout plans, colour schemes and lighting advice. "
                "Ideas tailored to your space and budget."
            ),
            "fr": (
                "Réservez un décorateur d'intérieur pour relooker une pièce, repenser l'agencement ou choisir "
                "couleurs et éclairage. Des idées à votre budget."
            ),
            "es": (
                "Reserva interioristas para renovar estancias, planificar la distribución y elegir colores e "
                "iluminación. Ideas adaptadas a tu presupuesto."
            ),
            "ar": (
                "احجز مصممين داخليين لتجديد الغرف وتخطيط المساحات واختيار الألوان والإضاءة، بأفكار تناسب مساحتك "
                "وذوقك وميزانيتك."
            ),
        },
    },
    "locks": {
        "title": {
            "en": "Locks",
            "fr": "Serrurerie",
            "es": "Cerrajería",
            "ar": "الأقفال",
        },
        "intro": {
            "en": (
                "Locked out, lost your keys or want better security? Verified locksmiths handle emergency door "
                "openings, lock changes and upgrades to high-security locks."
            ),
            "fr": (
                "Porte claquée, clés perdues ou envie de renforcer votre sécurité ? Des serruriers vérifiés se "
                "chargent des ouvertures de porte en urgence, des changements de serrure et de la pose de "
                "serrures haute sécurité."
            ),
            "es": (
                "¿Te has quedado fuera, has perdido las llaves o quieres reforzar la seguridad? Cerrajeros "
                "verificados se encargan de aperturas urgentes, cambios de cerradura y cerraduras de alta "
                "seguridad."
            ),
            "ar": (
                "هل أُغلق الباب وأنت في الخارج، أو أضعت مفاتيحك، أو تريد تعزيز أمان منزلك؟ يتولى فنيو أقفال "
                "موثّقون فتح الأبواب في الحالات الطارئة وتغيير الأقفال وتركيب أقفال عالية الأمان."
            ),
        },
        "seo_title": {
            "en": "Locksmiths near you | NetFix",
            "fr": "Serruriers près de chez vous | NetFix",
            "es": "Cerrajeros cerca de ti | NetFix",
            "ar": "فنيو أقفال بالقرب منك | NetFix",
        },
        "search_description": {
            "en": (
                "Book verified locksmiths for emergency door openings, lock changes, key cutting and "
                "high-security upgrades. Fast response, clear prices."
            ),
            "fr": (
                "Réservez un serrurier vérifié pour une ouverture de porte en urgence, un changement de serrure "
                "ou une serrure haute sécurité. Prix clairs."
            ),
            "es": (
                "Reserva cerrajeros verificados para aperturas urgentes, cambios de cerradura, copias de llaves y "
                "cerraduras de seguridad. Precios claros."
            ),
            "ar": (
                "احجز فنيي أقفال موثّقين لفتح الأبواب في الحالات الطارئة وتغيير الأقفال ونسخ المفاتيح. استجابة "
                "سريعة وأسعار واضحة."
            ),
        },
    },
    "painting": {
        "title": {
            "en": "Painting",
            "fr": "Peinture",
            "es": "Pintura",
            "ar": "الدهان",
        },
        "intro": {
            "en": (
                "Give any room a fresh look with professional painters and decorators. They paint walls, "
                "ceilings, woodwork and façades, protecting your furniture and leaving everything clean."
            ),
            "fr": (
                "Donnez un coup de neuf à chaque pièce avec des peintres professionnels. Murs, plafonds, "
                "boiseries ou façades : ils protègent votre mobilier et laissent les lieux propres."
            ),
            "es": (
                "Renueva cualquier estancia con pintores profesionales. Pintan paredes, techos, puertas, ventanas "
                "y fachadas, protegen tus muebles y lo dejan todo limpio."
            ),
            "ar": (
                "امنح أي غرفة مظهرًا جديدًا مع دهّانين محترفين. يطلون الجدران والأسقف والأعمال الخشبية والواجهات، "
                "مع حماية أثاثك وترك المكان نظيفًا."
            ),
        },
        "seo_title": {
            "en": "Painters and decorators | NetFix",
            "fr": "Peintres en bâtiment | NetFix",
            "es": "Pintores profesionales | NetFix",
            "ar": "دهّانون محترفون | NetFix",
        },
        "search_description": {
            "en": (
                "Book professional painters for walls, ceilings, woodwork and façades. Careful preparation, clean "
                "finishes and your furniture protected."
            ),
            "fr": (
                "Réservez un peintre professionnel pour vos murs, plafonds, boiseries et façades. Préparation "
                "soignée, finitions nettes, mobilier protégé."
            ),
            "es": (
                "Reserva pintores profesionales para paredes, techos, puertas y fachadas. Preparación cuidadosa, "
                "acabados limpios y muebles protegidos."
            ),
            "ar": (
                "احجز دهّانين محترفين لطلاء الجدران والأسقف والأعمال الخشبية والواجهات. تحضير دقيق وتشطيب نظيف "
                "وحماية للأثاث وعروض أسعار واضحة."
            ),
        },
    },
    "plumbing": {
        "title": {
            "en": "Plumbing",
            "fr": "Plomberie",
            "es": "Fontanería",
            "ar": "السباكة",
        },
        "intro": {
            "en": (
                "From dripping taps and blocked drains to leaks and new bathroom fittings, qualified plumbers are "
                "ready to help. Book an urgent call-out or schedule the work at a time that suits you."
            ),
            "fr": (
                "Robinet qui goutte, canalisation bouchée, fuite ou nouvel équipement de salle de bains : des "
                "plombiers qualifiés sont prêts à intervenir. Demandez un dépannage urgent ou planifiez les "
                "travaux au moment qui vous arrange."
            ),
            "es": (
                "Grifos que gotean, atascos, fugas o sanitarios nuevos: hay fontaneros cualificados listos para "
                "ayudarte. Pide una visita urgente o programa el trabajo cuando mejor te venga."
            ),
            "ar": (
                "من الصنابير التي تقطر والمصارف المسدودة إلى التسربات وتركيب تجهيزات الحمّام الجديدة، سبّاكون "
                "مؤهلون جاهزون لمساعدتك. اطلب تدخلًا عاجلًا أو حدّد موعد العمل في الوقت الذي يناسبك."
            ),
        },
        "seo_title": {
            "en": "Plumbers near you | NetFix",
            "fr": "Plombiers près de chez vous | NetFix",
            "es": "Fontaneros cerca de ti | NetFix",
            "ar": "سبّاكون بالقرب منك | NetFix",
        },
        "search_description": {
            "en": (
                "Book qualified plumbers for leaks, blocked drains, dripping taps, toilets and bathroom "
                "installations. Urgent call-outs or scheduled visits."
            ),
            "fr": (
                "Réservez un plombier qualifié pour une fuite, un débouchage, un robinet, des WC ou une salle de "
                "bains. Dépannage urgent ou sur rendez-vous."
            ),
            "es": (
                "Reserva fontaneros cualificados para fugas, atascos, grifos, cisternas e instalaciones de baño. "
                "Visitas urgentes o programadas."
            ),
            "ar": (
                "احجز سبّاكين مؤهلين لإصلاح التسربات وفتح المصارف المسدودة والصنابير وتركيب تجهيزات الحمّام. تدخل "
                "عاجل أو زيارات مجدولة."
            ),
        },
    },
    "water-heaters": {
        "title": {
            "en": "Water Heaters",
            "fr": "Chauffe-eau",
            "es": "Calentadores de agua",
            "ar": "سخانات المياه",
        },
        "intro": {
            "en": (
                "No hot water? Book a technician to install, service or repair electric, gas and solar water "
                "heaters, and keep energy bills down with regular descaling."
            ),
            "fr": (
                "Plus d'eau chaude ? Réservez un technicien pour installer, entretenir ou réparer votre "
                "chauffe-eau électrique, au gaz ou solaire, et réduisez votre facture d'énergie grâce à un "
                "détartrage régulier."
            ),
            "es": (
                "¿Sin agua caliente? Reserva un técnico para instalar, revisar o reparar calentadores y termos "
                "eléctricos, de gas o solares, y ahorra energía con una descalcificación periódica."
            ),
            "ar": (
                "انقطع الماء الساخن؟ احجز فنيًا لتركيب سخانات المياه الكهربائية أو الغازية أو الشمسية وصيانتها "
                "وإصلاحها، ووفّر في فاتورة الطاقة بإزالة الترسبات الكلسية بانتظام."
            ),
        },
        "seo_title": {
            "en": "Water heater installation and repair | NetFix",
            "fr": "Installation et dépannage de chauffe-eau | NetFix",
            "es": "Instalación y reparación de calentadores | NetFix",
            "ar": "تركيب سخانات المياه وإصلاحها | NetFix",
        },
        "search_description": {
            "en": (
                "Book technicians to install, descale and repair electric, gas and solar water heaters. Hot water "
                "back fast, from verified pros."
            ),
            "fr": (
                "Réservez un technicien pour installer, détartrer ou réparer votre chauffe-eau électrique, gaz ou "
                "solaire. Eau chaude rétablie rapidement."
            ),
            "es": (
                "Reserva técnicos para instalar, descalcificar y reparar calentadores y termos eléctricos, de gas "
                "o solares. Agua caliente de nuevo, y rápido."
            ),
            "ar": (
                "احجز فنيين لتركيب سخانات المياه الكهربائية والغازية والشمسية وإزالة الترسبات منها وإصلاحها. عودة "
                "سريعة للماء الساخن."
            ),
        },
    },
}


# Standard content pages; ``body`` is rich text (HTML).
STANDARD_PAGES: list[dict[str, Any]] = [
    {
        "slug": "about",
        "title": {
            "en": "About NetFix",
            "fr": "À propos de NetFix",
            "es": "Sobre NetFix",
            "ar": "من نحن",
        },
        "intro": {
            "en": (
                "NetFix connects households with skilled, trustworthy professionals, in the language they feel "
                "most at home with."
            ),
            "fr": (
                "NetFix met en relation les particuliers avec des professionnels qualifiés et fiables, dans la "
                "langue où ils se sentent le plus à l'aise."
            ),
            "es": (
                "NetFix pone en contacto a los hogares con profesionales cualificados y de confianza, en el "
                "idioma en el que se sienten más cómodos."
            ),
            "ar": "تربط NetFix الأسر بمهنيين مهرة وموثوقين، باللغة التي يرتاحون إليها أكثر.",
        },
        "body": {
            "en": (
                "<p>NetFix began with a simple frustration: finding a reliable plumber or electrician should not "
                "depend on who you know or which language you speak. So we built a marketplace where anyone can "
                "compare verified local professionals, see clear prices and book in a few minutes.</p><h2>Fair "
                "for customers and professionals</h2><p>Customers pay securely when they book, and the money is "
                "only released once they accept the job. Professionals get well-described requests, fair reviews "
                "and the certainty of being paid for the work they do.</p><p>Today NetFix works in English, "
                "French, Spanish and Arabic, and we keep adding trades and cities as our community grows.</p>"
            ),
            "fr": (
                "<p>NetFix est né d'un constat simple : trouver un plombier ou un électricien fiable ne devrait "
                "dépendre ni de votre carnet d'adresses, ni de la langue que vous parlez. Nous avons donc créé "
                "une plateforme où chacun peut comparer des professionnels vérifiés près de chez lui, consulter "
                "des prix clairs et réserver en quelques minutes.</p><h2>Équitable pour les clients comme pour "
                "les professionnels</h2><p>Les clients paient en toute sécurité au moment de la réservation, et "
                "les fonds ne sont versés qu'une fois l'intervention validée. Les professionnels reçoivent des "
                "demandes bien décrites, des avis justes et l'assurance d'être payés pour leur "
                "travail.</p><p>NetFix est aujourd'hui disponible en anglais, en français, en espagnol et en "
                "arabe, et nous ajoutons régulièrement de nouveaux métiers et de nouvelles villes à mesure que "
                "notre communauté grandit.</p>"
            ),
            "es": (
                "<p>NetFix nació de una frustración muy común: encontrar un fontanero o un electricista de "
                "confianza no debería depender de a quién conoces ni del idioma que hablas. Por eso creamos una "
                "plataforma donde cualquiera puede comparar profesionales verificados de su zona, ver precios "
                "claros y reservar en pocos minutos.</p><h2>Justo para clientes y profesionales</h2><p>Los "
                "clientes pagan de forma segura al reservar, y el dinero solo se libera cuando aceptan el "
                "trabajo. Los profesionales reciben encargos bien descritos, opiniones justas y la garantía de "
                "cobrar por su trabajo.</p><p>Hoy NetFix está disponible en inglés, francés, español y árabe, y "
                "seguimos sumando oficios y ciudades a medida que crece nuestra comunidad.</p>"
            ),
            "ar": (
                "<p>انطلقت NetFix من مشكلة يعرفها الجميع: العثور على سبّاك أو كهربائي موثوق لا ينبغي أن يتوقف على "
                "معارفك أو على اللغة التي تتحدثها. لذلك أنشأنا منصة يستطيع فيها أي شخص المقارنة بين مهنيين "
                "موثّقين في منطقته، والاطلاع على أسعار واضحة، والحجز في دقائق.</p><h2>منصة عادلة للعملاء "
                "والمهنيين</h2><p>يدفع العملاء بأمان عند الحجز، ولا يُحوَّل المبلغ إلا بعد قبولهم للعمل. أما "
                "المهنيون فيحصلون على طلبات موصوفة بوضوح وتقييمات منصفة وضمان الحصول على أجرهم مقابل ما "
                "ينجزونه.</p><p>تتوفر NetFix اليوم باللغات الإنجليزية والفرنسية والإسبانية والعربية، ونواصل إضافة "
                "مهن ومدن جديدة مع نمو مجتمعنا.</p>"
            ),
        },
    },
    {
        "slug": "trust-and-safety",
        "title": {
            "en": "Trust and safety",
            "fr": "Confiance et sécurité",
            "es": "Confianza y seguridad",
            "ar": "الثقة والأمان",
        },
        "intro": {
            "en": "How we verify professionals, protect your payment and step in when something goes wrong.",
            "fr": (
                "Comment nous vérifions les professionnels, protégeons votre paiement et intervenons en cas de "
                "problème."
            ),
            "es": "Cómo verificamos a los profesionales, protegemos tu pago y te ayudamos si algo sale mal.",
            "ar": "كيف نتحقق من المهنيين، ونحمي أموالك، ونتدخل عندما لا تسير الأمور كما ينبغي.",
        },
        "body": {
            "en": (
                "<p>Every professional on NetFix confirms their identity before accepting a booking, and we check "
                "qualifications and insurance for the trades that require them, such as electrical and gas work. "
                "Only customers who have actually booked can leave a review, so ratings reflect real "
                "jobs.</p><h2>Your payment is protected</h2><p>When you book, NetFix holds your payment securely. "
                "It is only released to the professional once you confirm the job is done.</p><p>If something is "
                "not right, report it from your booking page and our support team will work with you and the "
                "professional to <strong>put it right or refund you</strong>.</p>"
            ),
            "fr": (
                "<p>Chaque professionnel présent sur NetFix confirme son identité avant d'accepter une "
                "réservation, et nous vérifions ses qualifications et son assurance pour les métiers qui "
                "l'exigent, comme l'électricité ou le gaz. Seuls les clients ayant réellement réservé peuvent "
                "laisser un avis : les notes reflètent donc de vraies interventions.</p><h2>Votre paiement est "
                "protégé</h2><p>Lorsque vous réservez, NetFix conserve votre paiement en lieu sûr. Il n'est versé "
                "au professionnel qu'une fois que vous avez confirmé la fin de l'intervention.</p><p>En cas de "
                "problème, signalez-le depuis la page de votre réservation : notre équipe d'assistance "
                "travaillera avec vous et le professionnel pour <strong>trouver une solution ou vous "
                "rembourser</strong>.</p>"
            ),
            "es": (
                "<p>Todos los profesionales de NetFix confirman su identidad antes de aceptar una reserva, y "
                "comprobamos su cualificación y su seguro en los oficios que lo exigen, como la electricidad o el "
                "gas. Solo los clientes que han reservado de verdad pueden dejar una opinión, así que las "
                "valoraciones reflejan trabajos reales.</p><h2>Tu pago está protegido</h2><p>Cuando reservas, "
                "NetFix guarda tu pago de forma segura. Solo se entrega al profesional cuando confirmas que el "
                "trabajo está terminado.</p><p>Si algo no está bien, avísanos desde la página de tu reserva y "
                "nuestro equipo de atención al cliente trabajará contigo y con el profesional para "
                "<strong>solucionarlo o devolverte el dinero</strong>.</p>"
            ),
            "ar": (
                "<p>يؤكد كل مهني على NetFix هويته قبل قبول أي حجز، ونتحقق من مؤهلاته وتأمينه في المهن التي تستلزم "
                "ذلك، مثل أعمال الكهرباء والغاز. ولا يستطيع ترك تقييم إلا العملاء الذين حجزوا فعلًا، لذا تعكس "
                "التقييمات أعمالًا حقيقية.</p><h2>أموالك في أمان</h2><p>عند الحجز، تحتفظ NetFix بالمبلغ الذي "
                "دفعته في أمان، ولا يُحوَّل إلى المهني إلا بعد أن تؤكد إنجاز العمل.</p><p>وإذا لم يكن شيء ما على "
                "ما يرام، فأبلغنا من صفحة حجزك، وسيعمل فريق الدعم معك ومع المهني <strong>لإصلاح الأمر أو رد "
                "أموالك</strong>.</p>"
            ),
        },
    },
]


# A seasonal campaign landing page; ``body`` is rich text (HTML).
LANDING_PAGE: dict[str, Any] = {
    "slug": "spring-cleaning",
    "title": {
        "en": "Spring cleaning",
        "fr": "Grand ménage de printemps",
        "es": "Limpieza de primavera",
        "ar": "تنظيف الربيع",
    },
    "intro": {
        "en": "Let the light back in: book a top-to-bottom deep clean with a trusted professional this spring.",
        "fr": (
            "Faites entrer la lumière : réservez ce printemps un grand nettoyage de fond en comble avec un "
            "professionnel de confiance."
        ),
        "es": (
            "Deja entrar la luz: reserva esta primavera una limpieza a fondo de arriba abajo con un profesional "
            "de confianza."
        ),
        "ar": "أدخِل النور إلى منزلك: احجز هذا الربيع تنظيفًا عميقًا وشاملًا مع مهني موثوق.",
    },
    "hero": {
        "heading": {
            "en": "A fresh start for your home this spring",
            "fr": "Un nouveau départ pour votre intérieur ce printemps",
            "es": "Un nuevo comienzo para tu casa esta primavera",
            "ar": "بداية جديدة لمنزلك هذا الربيع",
        },
        "subheading": {
            "en": (
                "Windows, kitchen, bathrooms and every corner winter left behind, cleaned by verified professionals."
            ),
            "fr": (
                "Vitres, cuisine, salles de bains et tous les recoins délaissés cet hiver, nettoyés par des "
                "professionnels vérifiés."
            ),
            "es": (
                "Ventanas, cocina, baños y cada rincón que dejó el invierno, en manos de profesionales verificados."
            ),
            "ar": "النوافذ والمطبخ والحمّامات وكل زاوية أهملها الشتاء، ينظّفها لك مهنيون موثّقون.",
        },
        "cta_label": {
            "en": "Book a deep clean",
            "fr": "Réserver un grand nettoyage",
            "es": "Reservar una limpieza a fondo",
            "ar": "احجز تنظيفًا عميقًا",
        },
    },
    "body": {
        "en": (
            "<p>Spring is the perfect moment to give your home the attention it deserves. Our cleaners bring "
            "their own products and equipment and follow a detailed checklist, so nothing is "
            "forgotten.</p><h2>What a deep clean covers</h2><p>Inside cupboards and appliances, skirting boards, "
            "windows and frames, limescale in the bathroom and grease in the kitchen: a deep clean goes well "
            "beyond the weekly routine. Most homes take between four and eight hours, depending on their "
            "size.</p><p>Pick a date that suits you and pay securely: <strong>your payment is only released once "
            "you are happy with the result</strong>.</p>"
        ),
        "fr": (
            "<p>Le printemps est le moment idéal pour offrir à votre intérieur l'attention qu'il mérite. Nos "
            "professionnels apportent leurs produits et leur matériel et suivent une liste de contrôle détaillée, "
            "pour que rien ne soit oublié.</p><h2>Ce que comprend un grand nettoyage</h2><p>Intérieur des "
            "placards et des appareils, plinthes, vitres et encadrements, calcaire dans la salle de bains et "
            "graisse dans la cuisine : un grand nettoyage va bien au-delà de l'entretien hebdomadaire. Comptez "
            "entre quatre et huit heures selon la taille du logement.</p><p>Choisissez la date qui vous convient "
            "et payez en toute sécurité : <strong>votre paiement n'est versé qu'une fois le résultat "
            "validé</strong>.</p>"
        ),
        "es": (
            "<p>La primavera es el momento perfecto para dedicarle a tu casa la atención que merece. Nuestro "
            "personal de limpieza lleva sus propios productos y equipos y sigue una lista de tareas detallada "
            "para que no se olvide nada.</p><h2>Qué incluye una limpieza a fondo</h2><p>Interior de armarios y "
            "electrodomésticos, rodapiés, ventanas y marcos, cal en el baño y grasa en la cocina: una limpieza a "
            "fondo va mucho más allá de la rutina semanal. La mayoría de las viviendas necesitan entre cuatro y "
            "ocho horas, según su tamaño.</p><p>Elige la fecha que mejor te venga y paga con total seguridad: "
            "<strong>el pago solo se libera cuando el resultado te convence</strong>.</p>"
        ),
        "ar": (
            "<p>الربيع هو الوقت المثالي لتمنح منزلك العناية التي يستحقها. يُحضر عمّال التنظيف لدينا منتجاتهم "
            "ومعداتهم، ويتبعون قائمة مهام مفصّلة حتى لا يُنسى أي شيء.</p><h2>ماذا يشمل التنظيف "
            "العميق؟</h2><p>داخل الخزائن والأجهزة، والوزرات أسفل الجدران، والنوافذ وإطاراتها، والترسبات الكلسية "
            "في الحمّام والدهون في المطبخ: يتجاوز التنظيف العميق الروتين الأسبوعي بكثير. ويستغرق تنظيف معظم "
            "المنازل ما بين أربع وثماني ساعات بحسب مساحتها.</p><p>اختر الموعد الذي يناسبك وادفع بأمان، إذ "
            "<strong>لا يُحوَّل المبلغ إلا بعد رضاك عن النتيجة</strong>.</p>"
        ),
    },
}


# Promotions (banners). ``code`` None means a banner without a promo code; ``discount_value`` is a decimal string,
# a percentage or an amount in the site currency depending on ``discount_type``; ``target_category`` is a slug.
PROMOTIONS: list[dict[str, Any]] = [
    {
        "key": "welcome10",
        "title": {
            "en": "Welcome offer",
            "fr": "Offre de bienvenue",
            "es": "Oferta de bienvenida",
            "ar": "عرض الترحيب",
        },
        "banner_text": {
            "en": "Save 10% on your first booking with code WELCOME10.",
            "fr": "Économisez 10 % sur votre première réservation avec le code WELCOME10.",
            "es": "Ahorra un 10 % en tu primera reserva con el código WELCOME10.",
            "ar": "وفّر 10٪ على حجزك الأول باستخدام الرمز WELCOME10.",
        },
        "code": "WELCOME10",
        "discount_type": "percentage",
        "discount_value": "10",
        "target_category": None,
    },
    {
        "key": "spring-cleaning",
        "title": {
            "en": "Spring cleaning",
            "fr": "Grand ménage de printemps",
            "es": "Limpieza de primavera",
            "ar": "تنظيف الربيع",
        },
        "banner_text": {
            "en": "Give your home a fresh start with a spring deep clean.",
            "fr": "Offrez un nouveau départ à votre intérieur avec un grand ménage de printemps.",
            "es": "Dale a tu casa un nuevo comienzo con una limpieza a fondo de primavera.",
            "ar": "امنح منزلك بداية جديدة مع تنظيف عميق هذا الربيع.",
        },
        "code": None,
        "discount_type": "percentage",
        "discount_value": "0",
        "target_category": "housekeeping",
    },
    {
        "key": "ac-check",
        "title": {
            "en": "Air-conditioning check-up",
            "fr": "Révision de climatisation",
            "es": "Revisión del aire acondicionado",
            "ar": "فحص المكيّف",
        },
        "banner_text": {
            "en": "Get ready for summer and save on your air-conditioner service with code COOLCHECK.",
            "fr": "Préparez l'été et économisez sur l'entretien de votre climatisation avec le code COOLCHECK.",
            "es": (
                "Prepárate para el verano y ahorra en la revisión de tu aire acondicionado con el código COOLCHECK."
            ),
            "ar": "استعد للصيف ووفّر على صيانة مكيّفك باستخدام الرمز COOLCHECK.",
        },
        "code": "COOLCHECK",
        "discount_type": "fixed",
        "discount_value": "15.00",
        "target_category": "air-conditioner",
    },
]
