"""The explainer topics: English source texts for the gettext catalogs.

The content lives here, as data, so that one reviewed set of texts is translated into every
language the bot speaks and every municipality shares it. What differs per municipality (amounts,
frequencies, partner organisations, contact details) is never written into a text: it enters
through placeholders from `locales.topic_model.PLACEHOLDERS`, filled from the municipality's
configuration. A section that needs a value a municipality may leave unset names it in `requires`
and carries an `otherwise` text without it, which says what is known and refers to the case manager.

Every statement is taken from the five municipal policy documents on the Wet inburgering 2021 that
the project was built from (the "seeds"). `sources` lists where, as "seed NNN ~LINE" or
"seed NNN ~A-B" (approximate line numbers in that document); it is for reviewers and is never shown
to users. Where the seeds disagree or are silent (exemptions, extensions, objection deadlines, exam
registration, DUO loans, interpreters, diploma recognition, data retention), the text says so and
points to the case manager instead of guessing. The privacy topic describes this bot itself, so most
of it rests on the bot's own behaviour rather than on a seed.

Rules for editing: wrap every user-facing string in `N_()` as a literal (adjacent literals are fine,
Babel joins them); write plain A2-level English; keep the Dutch terms people meet in letters (PIP,
leerroute, PVT, MAP, KNM, DUO, brede intake, boete ...) and explain them once; put a `# i18n:`
comment right above an `N_(` when translators need a hint. Then run `make catalogs` (pybabel
extract/update) so the translations follow.
"""

from __future__ import annotations

from locales.markers import N_
from locales.topic_model import Section, Topic

TOPICS: tuple[Topic, ...] = (
    Topic(
        id="what_is_inburgering",
        # i18n: Keep the Dutch word inburgering.
        label=N_("What is inburgering?"),
        short=(
            Section(
                # i18n: Keep the Dutch terms inburgering and Wet inburgering 2021.
                N_(
                    "Inburgering means learning Dutch and finding your place in Dutch society. The aim is "
                    "that you can take part quickly, for example with paid work. The law for this is the Wet "
                    "inburgering 2021. It started on 1 January 2022."
                ),
            ),
            Section(
                # i18n: Keep brede intake and PIP in Dutch. {municipality} is the name of the town.
                N_(
                    "{municipality} guides you on this path. You stay responsible for doing your part. It "
                    "has three steps: first the brede intake (a talk about your situation), then the PIP "
                    "(your personal plan), and then the inburgering itself."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep leerroute, KNM, PVT and MAP in Dutch.
                N_(
                    "You must finish three parts: a leerroute (your Dutch course, with KNM: knowledge of "
                    "Dutch society), the PVT (a course about Dutch values) and the MAP (a course about work "
                    "in the Netherlands). Learning the language and taking part in society go together from "
                    "the start."
                ),
            ),
            Section(
                # i18n: Keep statushouders, maatschappelijke begeleiding and financiële ontzorging in Dutch.
                # {case_manager} is a Dutch job title and is not translated.
                N_(
                    "Statushouders also get practical help to settle in (maatschappelijke begeleiding) and "
                    "help with paying fixed costs (financiële ontzorging). Your {case_manager} is your "
                    "contact person for all of this."
                ),
            ),
        ),
        sources=(
            "seed 000 ~57-70",
            "seed 000 ~125-150",
            "seed 000 ~207-225",
            "seed 001 ~62-66",
            "seed 001 ~174-176",
            "seed 001 ~181-191",
            "seed 002 ~56",
            "seed 004 ~116-118",
        ),
        keywords=("inburgering", "integration", "wet inburgering", "wi2021", "law", "what", "start"),
    ),
    Topic(
        id="who_must_inburgeren",
        label=N_("Who must do it?"),
        short=(
            Section(
                # i18n: Keep inburgering and AOW in Dutch.
                N_(
                    "You must do inburgering if you are 16 or older but not yet at pension age (AOW age), "
                    "you come from outside the EU, and you will live in the Netherlands for a long time."
                ),
            ),
            Section(
                # i18n: Keep statushouders, gezinsmigranten, brede intake, PIP, PVT and MAP in Dutch.
                N_(
                    "This is true for statushouders (people with an asylum permit, and family members who "
                    "join them later) and for gezinsmigranten (people who come to live with a partner or "
                    "family). Both groups get a brede intake and a PIP, and both must do the PVT and the "
                    "MAP. Statushouders get more help from the municipality."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "Some other migrants, for example religious ministers, are in the same group as "
                    "gezinsmigranten. If your obligation started before 1 January 2022, the old law applies "
                    "to you for your whole inburgering. Not sure which group you are in? Ask your "
                    "{case_manager}."
                ),
            ),
        ),
        sources=(
            "seed 000 ~72-77",
            "seed 000 ~109-110",
            "seed 001 ~221-223",
            "seed 002 ~343-352",
            "seed 004 ~320-335",
            "seed 004 ~343-347",
            "seed 004 ~384-389",
            "seed 004 ~393-425",
        ),
        keywords=(
            "who",
            "obligation",
            "inburgeringsplicht",
            "inburgeringsplichtig",
            "statushouder",
            "gezinsmigrant",
            "age",
            "aow",
            "must",
        ),
    ),
    Topic(
        id="brede_intake",
        # i18n: Keep the Dutch term brede intake.
        label=N_("Brede intake"),
        short=(
            Section(
                # i18n: Keep brede intake and leerbaarheidstoets in Dutch.
                N_(
                    "The brede intake is the first step of inburgering. It is one or more talks with your "
                    "{case_manager}. Together you look at your life: school, work, skills, health, family "
                    "and what you want. You also look at which level of Dutch you can reach. The "
                    "leerbaarheidstoets (a test of how you learn a language) is part of it."
                ),
            ),
            Section(
                N_(
                    "Everyone who must do inburgering gets a brede intake, and taking part in it is "
                    "required. What you tell is the base for your PIP, your personal plan. So be open: then "
                    "the plan can fit you."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep AZC and tolk in Dutch.
                N_(
                    "The brede intake can take place while you still live in the AZC, or soon after you move "
                    "to {municipality}. The aim is that you do not have to tell your story again and again. "
                    "If you need an interpreter (tolk) for the talk, ask your {case_manager} before the talk."
                ),
            ),
        ),
        sources=(
            "seed 000 ~83-86",
            "seed 000 ~128-132",
            "seed 000 ~470-473",
            "seed 001 ~81-85",
            "seed 002 ~353-354",
            "seed 002 ~662-667",
            "seed 003 ~704-706",
            "seed 003 ~867-870",
            "seed 004 ~164-175",
            "seed 004 ~281-283",
            "seed 004 ~996-997",
        ),
        keywords=("brede intake", "intake", "first talk", "gesprek", "start", "kennismaking"),
    ),
    Topic(
        id="leerbaarheidstoets",
        # i18n: Short for leerbaarheidstoets, a test of how easily someone learns Dutch.
        label=N_("Learning test"),
        short=(
            Section(
                # i18n: Keep leerbaarheidstoets, brede intake and leerroute in Dutch.
                N_(
                    "The leerbaarheidstoets is a test that shows how easily you can learn Dutch. It is part "
                    "of the brede intake. Everyone who must do inburgering takes it. The result, together "
                    "with the rest of the brede intake, helps to choose your leerroute (your Dutch course)."
                ),
            ),
            Section(
                # i18n: {learnability_test_by} is a phrase such as 'the municipality' or 'DUO'.
                N_(
                    "In {municipality}, the test is given by {learnability_test_by}. Your {case_manager} "
                    "tells you when and where."
                ),
                requires=("learnability_test_by",),
                # i18n: Keep DUO as it is.
                otherwise=N_(
                    "The test is given by the municipality or by DUO; this differs per town. Your "
                    "{case_manager} tells you who gives it, and when and where."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "Going to the test is part of the brede intake, so it is required. If you are ill or "
                    "cannot come, tell your {case_manager} as early as you can."
                ),
            ),
        ),
        sources=(
            "seed 000 ~92",
            "seed 000 ~162-164",
            "seed 000 ~452-453",
            "seed 001 ~112-113",
            "seed 002 ~306-308",
            "seed 002 ~675",
            "seed 004 ~171-175",
            "seed 004 ~197",
            "seed 004 ~282-283",
            "seed 004 ~996-997",
        ),
        keywords=("leerbaarheidstoets", "test", "learnability", "toets", "level", "niveau"),
    ),
    Topic(
        id="pip",
        label=N_("My plan (PIP)"),
        short=(
            Section(
                # i18n: PIP = Persoonlijk Plan Inburgering en Participatie. Keep PIP, brede intake, leerroute,
                # PVT and MAP in Dutch.
                N_(
                    "The PIP is your personal plan for inburgering and participation. Your {case_manager} "
                    "makes it together with you, based on the brede intake. It says which leerroute you "
                    "follow, what else you do (such as the PVT, the MAP, work or volunteering) and what help "
                    "you get."
                ),
            ),
            Section(
                # i18n: Keep beschikking in Dutch.
                N_(
                    "The PIP is an official decision of the municipality (a beschikking). The agreements in "
                    "it count for you and for the municipality."
                ),
            ),
            Section(
                N_(
                    "{municipality} aims to make your PIP within {pip_deadline_weeks} weeks after you "
                    "register in the town."
                ),
                requires=("pip_deadline_weeks",),
                otherwise=N_("Your {case_manager} will tell you when your PIP will be ready."),
            ),
        ),
        more=(
            Section(
                # i18n: Keep ontzorging in Dutch.
                N_(
                    "Make sure you understand your PIP. Ask questions if something is not clear. The PIP can "
                    "also say how childcare and travel to lessons are arranged, how long the municipality "
                    "pays your fixed costs (ontzorging), and how your progress is followed."
                ),
            ),
            Section(
                N_(
                    "You talk about your plan in the progress talks, and it can change when your situation "
                    "changes. Your leerroute can still be changed in the first {route_change_months} months."
                ),
                requires=("route_change_months",),
                otherwise=N_(
                    "You talk about your plan in the progress talks, and it can change when your situation "
                    "changes. Ask your {case_manager} until when your leerroute can still change."
                ),
            ),
            Section(
                # i18n: Keep bezwaar and beroep in Dutch.
                N_(
                    "If the municipality does not keep its agreements with you, you can object (bezwaar and "
                    "beroep). Ask your {case_manager} how this works and how much time you have."
                ),
            ),
        ),
        sources=(
            "seed 000 ~93-95",
            "seed 000 ~134-145",
            "seed 001 ~114-117",
            "seed 002 ~707-721",
            "seed 002 ~732-733",
            "seed 003 ~673-675",
            "seed 004 ~179-209",
            "seed 004 ~1086-1089",
        ),
        keywords=("pip", "plan", "beschikking", "persoonlijk plan", "agreements", "afspraken", "bezwaar"),
    ),
    Topic(
        id="leerroutes",
        # i18n: The three leerroutes (Dutch learning paths).
        label=N_("Learning routes"),
        short=(
            Section(
                # i18n: Keep leerroute, B1-route, onderwijsroute, Z-route and KNM in Dutch.
                N_(
                    "A leerroute is your path to learn Dutch. There are three: the B1-route (everyday Dutch "
                    "at level B1), the onderwijsroute (to prepare for study at a Dutch school) and the "
                    "Z-route (basic Dutch and managing on your own). Each leerroute includes KNM: knowledge "
                    "of Dutch society."
                ),
            ),
            Section(
                N_(
                    "The municipality chooses the route that fits you best. It uses the brede intake and the "
                    "leerbaarheidstoets. Your route is written in your PIP. If you are a statushouder, you "
                    "start soon after you come to live in the town."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "You learn in class with trained teachers, but also by talking with people and by using "
                    "Dutch in real life, for example when you volunteer. Ask your {case_manager} if your "
                    "lessons can fit around work."
                ),
            ),
            Section(
                # i18n: {language_providers} is a list of school names.
                N_("In {municipality}, lessons are given by: {language_providers}."),
                requires=("language_providers",),
                otherwise=N_("Ask your {case_manager} which school gives your lessons."),
            ),
        ),
        sources=(
            "seed 000 ~162-184",
            "seed 001 ~111-113",
            "seed 001 ~174-179",
            "seed 002 ~466-480",
            "seed 002 ~559-563",
            "seed 002 ~723-725",
            "seed 004 ~866",
            "seed 004 ~872-880",
        ),
        keywords=(
            "leerroute",
            "route",
            "course",
            "cursus",
            "taalles",
            "lessons",
            "school",
            "b1",
            "z-route",
            "onderwijsroute",
        ),
    ),
    Topic(
        id="b1_route",
        label=N_("B1-route"),
        short=(
            Section(
                # i18n: Keep B1-route and KNM in Dutch.
                N_(
                    "The B1-route is the route for most people. B1 means simple, everyday Dutch. At the end "
                    "you take exams in reading, listening, writing and speaking at level B1, and an exam in "
                    "KNM (knowledge of Dutch society)."
                ),
            ),
            Section(
                N_(
                    "You often combine lessons with work, volunteering or other activities. This helps you "
                    "learn faster. The MAP, about work in the Netherlands, is also part of this route."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "B1 is a level that helps you find paid work. If B1 turns out to be too hard for you, "
                    "even after working hard, some parts can be done at the lower level A2. This is decided "
                    "together with your {case_manager} and the school. You have 3 years to finish the route."
                ),
            ),
        ),
        sources=(
            "seed 000 ~99-100",
            "seed 000 ~166-170",
            "seed 002 ~321-327",
            "seed 003 ~701-713",
            "seed 004 ~241-242",
            "seed 004 ~1155-1164",
        ),
        keywords=("b1", "b1-route", "exam", "a2", "level", "niveau"),
    ),
    Topic(
        id="onderwijsroute",
        label=N_("Onderwijsroute"),
        short=(
            Section(
                # i18n: Keep onderwijsroute, MBO, HBO and WO in Dutch.
                N_(
                    "The onderwijsroute prepares you for study at a Dutch school: MBO, HBO or university "
                    "(WO). You learn Dutch to at least level B1. You also learn other subjects you need and "
                    "study skills, and you think about the work you want to do later."
                ),
            ),
            Section(
                N_(
                    "This route is for people who learn quickly and want to study. It is mainly for younger "
                    "people. Ask your {case_manager} if this route can fit you."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep taalschakeltraject and MAP in Dutch.
                N_(
                    "The course is called a taalschakeltraject. You have 3 years to complete it. The MAP is "
                    "not required in this route. A Dutch diploma can give you a good start on the job market."
                ),
            ),
        ),
        sources=(
            "seed 000 ~171-176",
            "seed 002 ~311-317",
            "seed 003 ~715",
            "seed 004 ~235-238",
            "seed 004 ~258-259",
            "seed 004 ~311-313",
            "seed 004 ~1159",
        ),
        keywords=("onderwijsroute", "study", "studie", "mbo", "hbo", "university", "taalschakeltraject"),
    ),
    Topic(
        id="z_route",
        label=N_("Z-route"),
        short=(
            Section(
                # i18n: Keep Z-route and zelfredzaamheidsroute in Dutch.
                N_(
                    "The Z-route (zelfredzaamheidsroute) is for people for whom level B1 is too hard within "
                    "the time. You learn Dutch to at least level A1: the basics. You also learn to manage on "
                    "your own in daily life, for example visiting the doctor, cycling or swimming."
                ),
            ),
            Section(
                # i18n: Keep eindgesprek and MAP in Dutch.
                N_(
                    "The route ends with a final talk (eindgesprek), not with exams. The MAP, about work in "
                    "the Netherlands, is also part of this route."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep gezinsmigranten and ontheffing in Dutch.
                N_(
                    "The Z-route has a norm of 800 hours of language lessons and 800 hours of activities. "
                    "Anything that helps you manage on your own can count as an activity. For "
                    "gezinsmigranten, the 800 hours of activities do not apply. Under the old law, some "
                    "people got an exemption (ontheffing); the Z-route now takes its place."
                ),
            ),
        ),
        sources=(
            "seed 000 ~99-100",
            "seed 000 ~178-184",
            "seed 002 ~335-338",
            "seed 003 ~731-735",
            "seed 004 ~260-261",
            "seed 004 ~363-364",
            "seed 004 ~874-875",
            "seed 004 ~909-910",
            "seed 004 ~955-957",
        ),
        keywords=("z-route", "zroute", "zelfredzaamheid", "a1", "eindgesprek", "self-reliance"),
    ),
    Topic(
        id="alfabetisering",
        # i18n: A literacy course (alfabetisering).
        label=N_("Reading & writing"),
        short=(
            Section(
                # i18n: Keep brede intake, alfabetisering and leerroute in Dutch.
                N_(
                    "Some people never learned to read and write in their own language. Others learned a "
                    "different script, not the Latin letters used in Dutch. If the brede intake shows this, "
                    "a literacy course (alfabetisering) becomes part of your leerroute."
                ),
            ),
            Section(
                N_(
                    "For statushouders, the municipality pays for this course when it is in the PIP. How "
                    "well you read affects how fast you learn, so this course helps you with everything that "
                    "comes after."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "Gezinsmigranten choose and pay for their own course. Ask your {case_manager} what is "
                    "possible for you."
                ),
            ),
        ),
        sources=(
            "seed 000 ~152-158",
            "seed 001 ~176-179",
            "seed 002 ~375",
            "seed 002 ~452-456",
            "seed 004 ~409",
        ),
        keywords=("alfabetisering", "literacy", "read", "write", "lezen", "schrijven", "alphabet", "script"),
    ),
    Topic(
        id="exams",
        label=N_("Exams"),
        short=(
            Section(
                # i18n: Keep B1-route, KNM, onderwijsroute, taalschakeltraject, Z-route and eindgesprek in
                # Dutch.
                N_(
                    "In the B1-route you take central exams in reading, listening, writing and speaking, and "
                    "in KNM (knowledge of Dutch society). The onderwijsroute ends when you finish the "
                    "taalschakeltraject. The Z-route ends with a final talk (eindgesprek)."
                ),
            ),
            Section(
                N_(
                    "You have 3 years to pass. Statushouders can take the exams twice for free. The MAP has "
                    "no central exam; it is finished in a practical way."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep DUO and boete (fine) in Dutch.
                N_(
                    "How to register for an exam, where it takes place and what an extra attempt costs: ask "
                    "your {case_manager}. If you do not pass within the 3 years, DUO can give a boete; see "
                    "the topic about fines."
                ),
            ),
        ),
        sources=(
            "seed 000 ~100-101",
            "seed 000 ~166-180",
            "seed 002 ~322-327",
            "seed 002 ~343-345",
            "seed 003 ~759-765",
            "seed 004 ~872-875",
            "seed 004 ~1155-1164",
        ),
        keywords=("exam", "examen", "test", "knm", "pass", "slagen", "inburgeringsexamen", "attempt"),
    ),
    Topic(
        id="pvt",
        # i18n: PVT = participatieverklaringstraject, a course on Dutch core values.
        label=N_("PVT (Dutch values)"),
        short=(
            Section(
                # i18n: Keep PVT and participatieverklaringstraject in Dutch.
                N_(
                    "The PVT (participatieverklaringstraject) is a course about the core values of Dutch "
                    "society: freedom, equality, solidarity and taking part. It has workshops and an outing, "
                    "and lasts at least 12 hours."
                ),
            ),
            Section(
                # i18n: Keep participatieverklaring in Dutch.
                N_(
                    "At the end you sign the participatieverklaring. With this you say that you know and "
                    "respect these values and want to take part in society. Everyone who must do inburgering "
                    "does the PVT. It must be finished within {pvt_map_deadline_months} months."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "Topics can include democracy and the rule of law, freedom of speech, the ban on "
                    "discrimination, and rights such as health care and education. If you cannot come to a "
                    "session, tell your {case_manager} early."
                ),
            ),
            Section(
                # i18n: {pvt_provider} is the name of an organisation.
                N_("In {municipality}, the PVT is given by {pvt_provider}."),
                requires=("pvt_provider",),
                otherwise=N_("Your {case_manager} will tell you where and when the PVT takes place."),
            ),
        ),
        sources=(
            "seed 000 ~186-195",
            "seed 000 ~228-229",
            "seed 000 ~545-552",
            "seed 002 ~778-783",
            "seed 003 ~487-501",
            "seed 004 ~269-274",
            "seed 004 ~421",
        ),
        keywords=(
            "pvt",
            "participatieverklaring",
            "participatieverklaringstraject",
            "values",
            "kernwaarden",
            "workshop",
            "sign",
        ),
    ),
    Topic(
        id="map",
        # i18n: MAP = Module Arbeidsmarkt en Participatie, a course about work.
        label=N_("MAP (work module)"),
        short=(
            Section(
                # i18n: Keep MAP and Module Arbeidsmarkt en Participatie in Dutch.
                N_(
                    "The MAP (Module Arbeidsmarkt en Participatie) helps you understand work in the "
                    "Netherlands. Work here can be very different from work in your own country."
                ),
            ),
            Section(
                N_(
                    "It has two parts. First you look at your skills, your chances and how to find a job. "
                    "Then you do something in practice, such as volunteering, an internship, a work "
                    "placement or paid work."
                ),
            ),
            Section(
                N_(
                    "Statushouders and gezinsmigranten both do the MAP. It is not required in the "
                    "onderwijsroute. The MAP must be finished within {pvt_map_deadline_months} months."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep ONA in Dutch.
                N_(
                    "The MAP replaces the older course ONA. The practical part is chosen to fit you, "
                    "together with your {case_manager} and the course provider."
                ),
            ),
            Section(
                # i18n: {map_provider} is the name of an organisation.
                N_("In {municipality}, the MAP is given by {map_provider}."),
                requires=("map_provider",),
                otherwise=N_("Your {case_manager} will tell you who gives the MAP and when."),
            ),
        ),
        sources=(
            "seed 000 ~99-101",
            "seed 000 ~197-204",
            "seed 000 ~228-229",
            "seed 002 ~769-777",
            "seed 004 ~252-264",
            "seed 004 ~311-313",
            "seed 004 ~419",
            "seed 004 ~1033",
        ),
        keywords=("map", "module arbeidsmarkt", "arbeidsmarkt", "work", "werk", "job", "ona", "participatie"),
    ),
    Topic(
        id="termijn",
        # i18n: The inburgeringstermijn: the time you have to finish.
        label=N_("Time limit"),
        short=(
            Section(
                # i18n: Keep inburgeringstermijn, leerroute, PVT and MAP in Dutch.
                N_(
                    "You have 3 years to finish inburgering: your leerroute, the PVT and the MAP. This is "
                    "called the inburgeringstermijn. The PVT and the MAP must be finished within "
                    "{pvt_map_deadline_months} months."
                ),
            ),
            Section(
                # i18n: Keep verlenging and DUO in Dutch.
                N_(
                    "Ask your {case_manager} when exactly your time started and when it ends. If you need "
                    "more time (verlenging), DUO handles the request. Ask your {case_manager} what is "
                    "possible and how to ask."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "If you fall behind, tell your {case_manager} early. Together you can look for a "
                    "solution. After the 3 years, DUO checks whether you finished everything; see the topic "
                    "about fines."
                ),
            ),
        ),
        sources=(
            "seed 000 ~227-231",
            "seed 002 ~91-92",
            "seed 002 ~419",
            "seed 002 ~769-771",
            "seed 004 ~57-58",
            "seed 004 ~179",
            "seed 004 ~1110-1113",
            "seed 004 ~1155-1174",
        ),
        keywords=(
            "termijn",
            "inburgeringstermijn",
            "deadline",
            "3 years",
            "time",
            "verlenging",
            "extension",
            "when",
        ),
    ),
    Topic(
        id="voortgangsgesprek",
        # i18n: The voortgangsgesprek: regular talk about progress.
        label=N_("Progress talks"),
        short=(
            Section(
                # i18n: Keep voortgangsgesprek and PIP in Dutch.
                N_(
                    "A voortgangsgesprek is a progress talk with your {case_manager}. You talk about how "
                    "things are going: your lessons, your activities and your life. Together you check if "
                    "your PIP still fits you, and change it if needed."
                ),
            ),
            Section(
                # i18n: {progress_talks} is a phrase such as 'every 3 months'.
                N_(
                    "In {municipality}, these talks take place {progress_talks}. They continue for as long "
                    "as your inburgering lasts, and going to them is part of your PIP."
                ),
                requires=("progress_talks",),
                otherwise=N_(
                    "Your {case_manager} will tell you how often these talks take place. They continue for "
                    "as long as your inburgering lasts, and going to them is part of your PIP."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "Before the talk, your {case_manager} may ask your school, employer or other "
                    "organisations how things are going. Sometimes they join the talk. Tip: think beforehand "
                    "about what goes well and what is hard for you."
                ),
            ),
        ),
        sources=(
            "seed 000 ~102-106",
            "seed 000 ~114-115",
            "seed 001 ~208-217",
            "seed 002 ~730-731",
            "seed 003 ~936-938",
            "seed 004 ~1147-1153",
        ),
        keywords=("voortgangsgesprek", "progress", "talk", "gesprek", "meeting", "check", "afspraak"),
    ),
    Topic(
        id="boetes",
        # i18n: Boetes: fines.
        label=N_("Fines"),
        short=(
            Section(
                # i18n: Keep boete in Dutch. Keep the calm tone: this must not sound like a threat.
                N_(
                    "Inburgering is required, so there are rules. A boete (fine) is a last resort. The "
                    "municipality first talks with you and looks at your situation. If something is hard, "
                    "tell your {case_manager} early."
                ),
            ),
            Section(
                N_(
                    "The municipality can give a boete if you do not cooperate: for example with the brede "
                    "intake, or with the agreements in your PIP (progress talks, lessons, PVT, MAP)."
                ),
            ),
            Section(
                # i18n: {fine_intake} and {fine_pip} are amounts of money.
                N_(
                    "In {municipality}, the boete is at most {fine_intake} for the brede intake and at most "
                    "{fine_pip} for not following the PIP."
                ),
                requires=("fine_intake", "fine_pip"),
                otherwise=N_("Your municipality has not published amounts; ask your {case_manager}."),
            ),
            Section(
                # i18n: Keep DUO, leerroute, PVT and MAP in Dutch. The placeholders are amounts of money.
                N_(
                    "DUO can give a boete if something is not finished within 3 years: up to "
                    "{fine_duo_route} for the leerroute, up to {fine_duo_pvt} for the PVT and up to "
                    "{fine_duo_map} for the MAP."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "A boete is used with great care, because many people have little money and a boete can "
                    "lead to debts. The municipality takes your personal situation into account."
                ),
            ),
            Section(
                # i18n: Keep gezinsmigranten and boete in Dutch.
                N_(
                    "For gezinsmigranten, the rules on boetes from the municipality can be different. If you "
                    "get a letter about a boete and you do not agree, ask your {case_manager} what you can "
                    "do and how much time you have."
                ),
            ),
        ),
        sources=(
            "seed 000 ~111-112",
            "seed 000 ~142-143",
            "seed 001 ~105-107",
            "seed 002 ~359-361",
            "seed 004 ~281-283",
            "seed 004 ~314-315",
            "seed 004 ~1103-1119",
            "seed 004 ~1135-1174",
        ),
        keywords=(
            "boete",
            "boetes",
            "fine",
            "fines",
            "sanction",
            "maatregel",
            "handhaving",
            "penalty",
            "money",
        ),
    ),
    Topic(
        id="missed_appointment",
        label=N_("Missed appointment"),
        short=(
            Section(
                N_(
                    "Did you miss an appointment, or can you not come? Contact your {case_manager} as soon "
                    "as you can, before the appointment if possible. Explain what happened."
                ),
            ),
            Section(
                # i18n: Keep boete, brede intake, PVT and MAP in Dutch. Keep the calm tone.
                N_(
                    "A boete (fine) is a last resort. The municipality first talks with you and looks at "
                    "your situation. But if you do not take part in the brede intake, lessons, progress "
                    "talks, the PVT or the MAP, the municipality can give a boete."
                ),
            ),
            # i18n: {contact} is a list of phone, e-mail, address or walk-in hours, one per line.
            Section(N_("You can reach your {case_manager} here:\n{contact}")),
        ),
        more=(
            Section(
                N_(
                    "How to cancel or move an appointment can differ. Ask your {case_manager} what works "
                    "best in {municipality}. If you are ill or have a problem at home, say so. Your "
                    "{case_manager} can look for a solution with you."
                ),
            ),
        ),
        sources=(
            "seed 002 ~359-361",
            "seed 002 ~734",
            "seed 004 ~281-283",
            "seed 004 ~1106-1113",
            "seed 004 ~1140-1153",
        ),
        keywords=(
            "missed",
            "miss",
            "absent",
            "afwezig",
            "cancel",
            "afzeggen",
            "ziek",
            "ill",
            "late",
            "appointment",
            "afspraak",
        ),
    ),
    Topic(
        id="ontheffing",
        # i18n: Ontheffing: being released from the obligation.
        label=N_("Exemption"),
        short=(
            Section(
                # i18n: Keep ontheffing and Z-route in Dutch.
                N_(
                    "An ontheffing (exemption) means you do not have to finish inburgering. Under the old "
                    "law you could get one if you had tried hard enough. Under the new law, the Z-route is "
                    "there for people who find learning Dutch very hard."
                ),
            ),
            Section(
                N_(
                    "Our information about exemptions under the new law is not complete. Do you think you "
                    "cannot do inburgering? Please ask your {case_manager}. They can tell you what applies "
                    "to you."
                ),
            ),
        ),
        sources=("seed 002 ~345-346", "seed 003 ~685-693", "seed 003 ~731-735"),
        keywords=("ontheffing", "exemption", "vrijstelling", "exempt", "medical", "cannot"),
    ),
    Topic(
        id="financiele_ontzorging",
        # i18n: Financiële ontzorging: the municipality pays fixed costs for you.
        label=N_("Help with money"),
        short=(
            Section(
                # i18n: Keep financiële ontzorging, bijstand and leefgeld in Dutch.
                N_(
                    "With financiële ontzorging, the municipality pays your fixed costs for you from your "
                    "benefit (bijstand): rent, gas, water, electricity and health insurance. You get the "
                    "rest as money to live on (leefgeld)."
                ),
            ),
            Section(
                N_(
                    "This is for statushouders with bijstand. It starts on the day your right to bijstand "
                    "starts. It gives you rest, so money worries do not get in the way of learning and you "
                    "do not get debts."
                ),
            ),
            Section(
                N_(
                    "In {municipality}, it lasts at least {ontzorging_months} months. Your PIP says how long "
                    "it lasts for you."
                ),
                requires=("ontzorging_months",),
                otherwise=N_("Your PIP says how long it lasts for you. Ask your {case_manager}."),
            ),
        ),
        more=(
            Section(
                # i18n: Keep aanmaning in Dutch.
                N_(
                    "During this time you also learn to manage your money, for example what a payment "
                    "reminder (aanmaning) is and what happens when you pay late. At the end, you and the "
                    "municipality look at whether you need more help. If you have debts or money worries, "
                    "tell your {case_manager}."
                ),
            ),
        ),
        sources=(
            "seed 000 ~220-225",
            "seed 002 ~520-525",
            "seed 002 ~752-766",
            "seed 003 ~773-783",
            "seed 004 ~213-215",
            "seed 004 ~361-363",
            "seed 004 ~1054-1071",
        ),
        keywords=(
            "ontzorging",
            "ontzorgen",
            "money",
            "geld",
            "rent",
            "huur",
            "bills",
            "debt",
            "schulden",
            "bijstand",
            "leefgeld",
        ),
    ),
    Topic(
        id="maatschappelijke_begeleiding",
        # i18n: Maatschappelijke begeleiding: practical help after moving in.
        label=N_("Help settling in"),
        short=(
            Section(
                # i18n: Keep maatschappelijke begeleiding and DigiD in Dutch.
                N_(
                    "Maatschappelijke begeleiding is practical help when you start living in your new town. "
                    "For example: help to arrange basic things, to register your children at school and to "
                    "get a DigiD (your login for Dutch government websites)."
                ),
            ),
            Section(
                N_(
                    "You also get information about life in the Netherlands. The aim is that you can manage "
                    "on your own and take part. This help is for statushouders; gezinsmigranten usually do "
                    "not get it."
                ),
            ),
            Section(
                # i18n: {mb_provider} is the name of an organisation.
                N_("In {municipality}, this help is given by {mb_provider}."),
                requires=("mb_provider",),
                otherwise=N_("Ask your {case_manager} who gives this help in {municipality}."),
            ),
        ),
        more=(
            Section(
                # i18n: Keep spreekuur in Dutch.
                N_(
                    "The help is most intensive in the first period after you move in, and then slowly "
                    "becomes less. Some organisations have a walk-in hour (spreekuur) where you can ask "
                    "questions. Ask your {case_manager} if there is one near you."
                ),
            ),
        ),
        sources=(
            "seed 000 ~207-217",
            "seed 000 ~374",
            "seed 002 ~372",
            "seed 002 ~443-445",
            "seed 003 ~361-380",
            "seed 004 ~218-223",
            "seed 004 ~365-373",
            "seed 004 ~1001-1004",
        ),
        keywords=(
            "maatschappelijke begeleiding",
            "begeleiding",
            "help",
            "settling",
            "digid",
            "moving",
            "house",
            "vluchtelingenwerk",
        ),
    ),
    Topic(
        id="who_pays",
        label=N_("Who pays?"),
        short=(
            Section(
                # i18n: Keep statushouders, leerroute, KNM and PIP in Dutch.
                N_(
                    "Statushouders: the municipality pays for your leerroute, including KNM, and for a "
                    "literacy course if it is in your PIP. You can take the exams twice for free."
                ),
            ),
            Section(
                # i18n: Keep gezinsmigranten and DUO in Dutch.
                N_(
                    "Gezinsmigranten and other migrants: you pay for your own leerroute and choose your own "
                    "school. You can borrow money for it from DUO. How much you can borrow and how you pay "
                    "it back: ask DUO or your {case_manager}."
                ),
            ),
            Section(N_("For everyone, the municipality arranges the PVT and the MAP.")),
        ),
        more=(
            Section(
                N_(
                    "The municipality gets money from the national government for leerroutes, the PVT, the "
                    "MAP, maatschappelijke begeleiding and interpreters."
                ),
            ),
        ),
        sources=(
            "seed 000 ~156-158",
            "seed 000 ~720-724",
            "seed 001 ~234-236",
            "seed 002 ~264-267",
            "seed 002 ~343-352",
            "seed 004 ~409-425",
            "seed 004 ~1196-1224",
        ),
        keywords=("pay", "cost", "costs", "kosten", "free", "gratis", "loan", "lening", "duo", "betalen"),
    ),
    Topic(
        id="tolk",
        # i18n: Tolk: an interpreter.
        label=N_("Interpreter"),
        short=(
            Section(
                # i18n: Keep tolk and PIP in Dutch.
                N_(
                    "A tolk is an interpreter. The municipality can use a tolk in important talks, so that "
                    "you understand everything well, for example your PIP. Money for interpreters comes from "
                    "the national government."
                ),
            ),
            Section(
                N_(
                    "How you ask for a tolk, and whether it costs you anything, is not in our information. "
                    "Please ask your {case_manager}, if possible before the appointment."
                ),
            ),
        ),
        more=(
            Section(
                N_(
                    "Important information, such as your PIP, should be clear to you. Some municipalities "
                    "give it in Dutch and in your own language. Some also have a key person who helps to "
                    "explain things to newcomers."
                ),
            ),
        ),
        sources=(
            "seed 000 ~581-586",
            "seed 000 ~721-723",
            "seed 004 ~985-987",
            "seed 004 ~1086-1097",
            "seed 004 ~1198",
            "seed 004 ~1222",
        ),
        keywords=("tolk", "interpreter", "translator", "vertaler", "language", "taal", "translate"),
    ),
    Topic(
        id="werk",
        label=N_("Work"),
        short=(
            Section(
                # i18n: Keep inburgering and duaal traject in Dutch.
                N_(
                    "Using Dutch at work helps you learn faster and build your life here. That is why "
                    "inburgering combines language lessons with work, volunteering or an internship. This is "
                    "called a duaal traject: learning and doing at the same time."
                ),
            ),
            Section(
                N_(
                    "In the beginning your Dutch may still be too basic for a job. Then you first settle in, "
                    "and work comes step by step. The MAP also helps you find your way to work."
                ),
            ),
            Section(
                # i18n: {work_partners} is a list of organisation names.
                N_("In {municipality}, these organisations help with work: {work_partners}."),
                requires=("work_partners",),
                otherwise=N_("Ask your {case_manager} which organisations help with work in {municipality}."),
            ),
        ),
        more=(
            Section(
                # i18n: Keep werkervaringsplaats in Dutch.
                N_(
                    "Options can include volunteering, an internship, a work placement "
                    "(werkervaringsplaats), a learn-and-work track or help from a job coach. Some schools "
                    "give lessons in the evening or at the workplace, so learning fits with your job. Ask "
                    "your {case_manager} what is possible."
                ),
            ),
        ),
        sources=(
            "seed 000 ~612-626",
            "seed 000 ~674-714",
            "seed 001 ~136-157",
            "seed 002 ~484-513",
            "seed 002 ~559-563",
            "seed 003 ~907-911",
            "seed 004 ~717-719",
            "seed 004 ~755-776",
            "seed 004 ~938-979",
        ),
        keywords=(
            "work",
            "werk",
            "job",
            "baan",
            "volunteer",
            "vrijwilligerswerk",
            "internship",
            "stage",
            "jobcoach",
            "employer",
        ),
    ),
    Topic(
        id="diploma_erkenning",
        # i18n: Diploma recognition (diploma-erkenning).
        label=N_("My diploma"),
        short=(
            Section(
                # i18n: Keep brede intake and diploma-erkenning in Dutch. Nuffic and SBB are names.
                N_(
                    "Do you have a diploma or work experience from your own country? Tell your "
                    "{case_manager}, for example in the brede intake. It helps to start early with the "
                    "recognition of your diploma (diploma-erkenning). This is done with organisations such "
                    "as Nuffic or SBB."
                ),
            ),
            Section(
                N_(
                    "How recognition works, how long it takes and what it costs is not in our information. "
                    "Please ask your {case_manager}."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep onderwijsroute in Dutch.
                N_(
                    "If you learn quickly and want to study, the onderwijsroute can prepare you for a Dutch "
                    "school or university. Some municipalities have special routes for people with higher "
                    "education."
                ),
            ),
        ),
        sources=("seed 000 ~628-651", "seed 002 ~311-313", "seed 003 ~219-225", "seed 003 ~946-948"),
        keywords=(
            "diploma",
            "erkenning",
            "recognition",
            "nuffic",
            "sbb",
            "degree",
            "education",
            "opleiding",
            "certificate",
        ),
    ),
    Topic(
        id="contact_regisseur",
        # i18n: The municipal case manager (regisseur) who guides the person.
        label=N_("My case manager"),
        short=(
            Section(
                # i18n: {case_manager} is a Dutch job title and stays in Dutch. Keep brede intake and PIP in
                # Dutch.
                N_(
                    "Your {case_manager} at {municipality} is your main contact for inburgering. This person "
                    "guides you through the whole process: the brede intake, your PIP, the progress talks "
                    "and any problems along the way."
                ),
            ),
            Section(
                N_(
                    "You can ask your {case_manager} about inburgering, work and taking part in society. "
                    "Often you keep the same person for a long time, so you do not have to tell your story "
                    "again."
                ),
            ),
            # i18n: {contact} is a list of phone, e-mail, address or walk-in hours, one per line.
            Section(N_("How to reach your {case_manager}:\n{contact}")),
        ),
        more=(
            Section(
                N_(
                    "Your {case_manager} also works with other organisations, such as your language school, "
                    "and can connect you to the right help at the right time."
                ),
            ),
        ),
        sources=(
            "seed 000 ~233-238",
            "seed 002 ~632-653",
            "seed 003 ~869-870",
            "seed 003 ~920-948",
            "seed 004 ~624-632",
            "seed 004 ~800-805",
        ),
        keywords=(
            "regisseur",
            "klantmanager",
            "consulent",
            "contact",
            "case manager",
            "phone",
            "email",
            "address",
            "spreekuur",
            "who",
        ),
    ),
    Topic(
        id="privacy",
        label=N_("Privacy"),
        short=(
            Section(
                N_(
                    "This bot stores only a few things: your language, the link between this chat and your "
                    "municipality, your appointments and your answers to them, and the questions you ask it "
                    "to send to your {case_manager}. The bot does not keep the text of your other messages."
                ),
            ),
            # i18n: /privacy is a bot command: do not translate it.
            Section(N_("Send /privacy to see what is stored about you, or to delete it.")),
            Section(
                # i18n: Keep dossier in Dutch.
                N_(
                    "Your case file (dossier) is kept by {municipality}, not by this bot. For questions "
                    "about your case file, and how long it is kept, ask your {case_manager}."
                ),
            ),
        ),
        sources=("seed 002 ~665-667", "seed 003 ~418-427"),
        keywords=("privacy", "data", "gegevens", "avg", "gdpr", "delete", "verwijderen", "stored", "dossier"),
    ),
    Topic(
        id="gezinsmigrant",
        # i18n: Gezinsmigranten: people who came to live with a partner or family.
        label=N_("Family migrants"),
        short=(
            Section(
                # i18n: Keep gezinsmigrant, leerroute, PVT, MAP, brede intake and PIP in Dutch.
                N_(
                    "Did you come to the Netherlands to live with your partner or family? Then you are a "
                    "gezinsmigrant. You have the same obligation: a leerroute, the PVT and the MAP, within 3 "
                    "years. You also get a brede intake and a PIP."
                ),
            ),
            Section(
                # i18n: Keep DUO and maatschappelijke begeleiding in Dutch.
                N_(
                    "Usually you choose and pay for your own course, and you can borrow money for it from "
                    "DUO. You often get less support from the municipality, for example no maatschappelijke "
                    "begeleiding. Your {case_manager} can advise you, but the choices are yours."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep Participatiewet, PIP, Z-route and boetes in Dutch.
                N_(
                    "Many gezinsmigranten already know some Dutch (around level A1) from the exam abroad. If "
                    "you get a benefit under the Participatiewet, your PIP can include more activities. The "
                    "800 hours of activities in the Z-route do not apply to you. Ask your {case_manager} "
                    "which rules on boetes (fines) apply to you."
                ),
            ),
        ),
        sources=(
            "seed 000 ~109-110",
            "seed 000 ~156-158",
            "seed 001 ~226-239",
            "seed 002 ~264-267",
            "seed 002 ~348-352",
            "seed 002 ~800-804",
            "seed 004 ~333-373",
            "seed 004 ~393-425",
            "seed 004 ~1001-1007",
            "seed 004 ~1103-1106",
        ),
        keywords=(
            "gezinsmigrant",
            "gezinsmigranten",
            "family",
            "partner",
            "gezinsvormer",
            "gezinshereniger",
            "marriage",
            "spouse",
            "migrant",
        ),
    ),
    Topic(
        id="kinderen_onderwijs",
        label=N_("Children & school"),
        short=(
            Section(
                # i18n: Keep statushouder and maatschappelijke begeleiding in Dutch.
                N_(
                    "If you are a statushouder, maatschappelijke begeleiding can help you register your "
                    "children at school."
                ),
            ),
            Section(
                # i18n: Keep PIP, kinderopvang and voorschoolse educatie in Dutch.
                N_(
                    "Your PIP can include agreements about childcare (kinderopvang), so that you can go to "
                    "your lessons. It can also include early education for young children (voorschoolse "
                    "educatie). Young people aged 16 or older may have to do inburgering themselves."
                ),
            ),
        ),
        more=(
            Section(
                # i18n: Keep ISK and Internationale Schakelklas in Dutch.
                N_(
                    "Young people (about 12 to 20 years old) who speak little Dutch often start at an ISK "
                    "(Internationale Schakelklas): a special class to learn Dutch before they move on to "
                    "other schools or to work. Some municipalities offer a workshop about raising children "
                    "in two cultures. Ask your {case_manager}."
                ),
            ),
        ),
        sources=(
            "seed 000 ~72-73",
            "seed 000 ~214",
            "seed 000 ~253",
            "seed 002 ~429-434",
            "seed 002 ~714",
            "seed 003 ~438-443",
            "seed 004 ~208-209",
        ),
        keywords=(
            "children",
            "kinderen",
            "school",
            "kinderopvang",
            "childcare",
            "isk",
            "kids",
            "voorschoolse",
        ),
    ),
    Topic(
        id="gezondheid_welzijn",
        label=N_("Health & wellbeing"),
        short=(
            Section(
                N_(
                    "Many people who fled have lived through hard things, such as war, loss or a dangerous "
                    "journey. This can affect your body and your mind, and it can make learning harder."
                ),
            ),
            Section(
                # i18n: Keep brede intake in Dutch.
                N_(
                    "That is understandable. You can talk about it with your {case_manager}. Your health is "
                    "part of the brede intake, and your plan can take it into account."
                ),
            ),
            Section(
                # i18n: {wellbeing_partners} is a list of organisation names.
                N_("In {municipality}, these organisations can support you: {wellbeing_partners}."),
                requires=("wellbeing_partners",),
                otherwise=N_("Ask your {case_manager} where you can get support in {municipality}."),
            ),
        ),
        more=(
            Section(
                N_(
                    "Support looks at your strengths and your future, not only at problems. Some "
                    "municipalities offer group lessons to build strength and confidence."
                ),
            ),
        ),
        sources=(
            "seed 000 ~46-50",
            "seed 000 ~410-423",
            "seed 001 ~121-132",
            "seed 002 ~261",
            "seed 002 ~662-665",
            "seed 003 ~239-247",
            "seed 003 ~704-706",
            "seed 004 ~914-919",
        ),
        keywords=(
            "health",
            "gezondheid",
            "trauma",
            "stress",
            "wellbeing",
            "welzijn",
            "doctor",
            "mental",
            "sleep",
        ),
    ),
    # Topics added beyond the planned list; each is clearly covered by the seeds.
    Topic(
        id="voorinburgering_azc",
        # i18n: AZC = asylum seekers' centre; keep AZC in Dutch.
        label=N_("Before you move (AZC)"),
        short=(
            Section(
                # i18n: Keep AZC, COA and voorinburgering in Dutch.
                N_(
                    "While you wait for a house, you live in an AZC (asylum seekers' centre). There, COA "
                    "offers a programme to prepare for inburgering, called voorinburgering. It can include "
                    "Dutch lessons, information about Dutch society and work, and activities."
                ),
            ),
            Section(
                # i18n: Keep koppeling and brede intake in Dutch.
                N_(
                    "Taking part is voluntary, and it is not yet part of your inburgering. When you are "
                    "linked to a municipality (koppeling), the municipality starts to guide you. The brede "
                    "intake can already take place in the AZC."
                ),
            ),
        ),
        sources=(
            "seed 000 ~120-122",
            "seed 000 ~470-473",
            "seed 001 ~81-85",
            "seed 002 ~621-630",
            "seed 002 ~651-659",
            "seed 003 ~707-710",
            "seed 004 ~584-588",
        ),
        keywords=("azc", "coa", "voorinburgering", "koppeling", "asylum", "waiting", "house", "before"),
    ),
    Topic(
        id="ondertussengroep",
        # i18n: The ondertussengroep: people still under the old inburgering law.
        label=N_("Old law (before 2022)"),
        short=(
            Section(
                # i18n: Keep ondertussengroep in Dutch.
                N_(
                    "Did your inburgering obligation start before 1 January 2022? Then the old law applies "
                    "to you for your whole inburgering. This group is called the ondertussengroep."
                ),
            ),
            Section(
                # i18n: Keep brede intake, PIP, KNM, ONA, MAP, PVT and maatschappelijke begeleiding in Dutch.
                N_(
                    "Under the old law there is no brede intake and no PIP. The language level is A2, and "
                    "your course includes KNM and ONA (the older version of the MAP). You can still do the "
                    "PVT, and statushouders can get maatschappelijke begeleiding. Your {case_manager} can "
                    "tell you which law applies to you."
                ),
            ),
        ),
        sources=(
            "seed 000 ~360-364",
            "seed 003 ~685-693",
            "seed 004 ~384-389",
            "seed 004 ~1021-1022",
            "seed 004 ~1031-1034",
        ),
        keywords=("old law", "oude wet", "ondertussengroep", "2013", "before 2022", "wi2013"),
    ),
    Topic(
        id="sociaal_netwerk",
        label=N_("Meeting people"),
        short=(
            Section(
                # i18n: Keep taalmaatje and taalcafé in Dutch.
                N_(
                    "Building a new network takes time. Meeting people helps you feel at home and practise "
                    "your Dutch. You can, for example, meet a buddy or a language buddy (taalmaatje), visit "
                    "a language café (taalcafé), join a sports or culture club, or do volunteer work."
                ),
            ),
            Section(
                # i18n: {buddy_partners} is a list of organisation names.
                N_("In {municipality}, you can find a buddy through {buddy_partners}."),
                requires=("buddy_partners",),
                otherwise=N_("Ask your {case_manager} how to find a buddy or taalmaatje in {municipality}."),
            ),
        ),
        sources=("seed 000 ~594-610", "seed 002 ~494-506", "seed 004 ~778-781", "seed 004 ~887-936"),
        keywords=(
            "buddy",
            "maatje",
            "taalmaatje",
            "taalcafé",
            "friends",
            "network",
            "netwerk",
            "club",
            "sport",
            "volunteer",
        ),
    ),
)

TOPIC_IDS: tuple[str, ...] = tuple(t.id for t in TOPICS)
