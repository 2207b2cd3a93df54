# ruff: noqa: E501
# fmt: off
"""The team's own bilingual news articles (fictional, written by the mtcheck team).

People quoted are invented; real places, institutions and public figures appear only
for realism (names, exonyms, abbreviations the checks must handle). Each German
sentence was written as a correct translation first; the errors listed in ``err`` were
then injected on purpose, one kind per place.
"""

from __future__ import annotations

from benchmarks.corpus.spec import ArticleSpec, Block, Err, Evidence, Lookalike, Pair

H, P, B = "heading", "paragraph", "bullets"

COUNCIL_BUDGET = ArticleSpec(
    name="council-budget",
    title_en="Eastport council approves $412.6 million budget after late-night debate",
    topic="local politics: city council budget vote",
    reference="independent",
    notes="Clean article: no injected errors. It must produce no major or critical finding.",
    blocks=(
        Block(H, (Pair(
            "Eastport council approves $412.6 million budget after late-night debate",
            "Stadtrat von Eastport billigt Haushalt von 412,6 Millionen Dollar nach nächtlicher Debatte",
            ref="Eastport beschließt nach langer Nachtsitzung einen Haushalt über 412,6 Millionen Dollar",
            ok=(Lookalike("412,6 Millionen Dollar", "numbers", "$412.6 million with decimal comma"),),
        ),)),
        Block(H, (Pair(
            "Property taxes will rise 3.5 percent; two new fire stations and free bus rides for students are funded",
            "Die Grundsteuer steigt um 3,5 Prozent; finanziert werden zwei neue Feuerwachen und kostenlose Busfahrten für Schüler",
            ref="Grundsteuer steigt um 3,5 Prozent – Geld für zwei neue Feuerwachen und Gratis-Busse für Schüler",
            ok=(Lookalike("zwei", "numbers", "spelled-out 'two' in both languages"),),
        ),)),
        Block(P, (
            Pair(
                "EASTPORT – The Eastport City Council approved a $412.6 million budget for the coming fiscal year early on Wednesday, March 19, 2025, after a debate that lasted more than six hours.",
                "EASTPORT – Der Stadtrat von Eastport hat am frühen Mittwochmorgen, dem 19. März 2025, nach einer mehr als sechsstündigen Debatte einen Haushalt von 412,6 Millionen Dollar für das kommende Haushaltsjahr verabschiedet.",
                ref="EASTPORT – Nach über sechs Stunden Debatte hat der Stadtrat von Eastport am frühen Mittwoch, 19. März 2025, den Haushalt für das nächste Haushaltsjahr beschlossen: 412,6 Millionen Dollar.",
                ok=(
                    Lookalike("19. März 2025", "numbers", "March 19, 2025 in German date order"),
                    Lookalike("sechsstündigen", "numbers", "'six hours' as a compound adjective"),
                ),
            ),
            Pair(
                "The vote was 9 to 4.",
                "Die Abstimmung endete mit 9 zu 4 Stimmen.",
                ref="Neun Ratsmitglieder stimmten dafür, vier dagegen.",
            ),
            Pair(
                "Mayor Diane Okafor, who had proposed the spending plan in January, called it “a budget for the neighborhoods, not for the balance sheet.”",
                "Bürgermeisterin Diane Okafor, die den Haushaltsentwurf im Januar vorgelegt hatte, nannte ihn „einen Haushalt für die Stadtteile, nicht für die Bilanz“.",
                ref="Bürgermeisterin Diane Okafor, die den Entwurf im Januar eingebracht hatte, sprach von „einem Haushalt für die Viertel, nicht für die Bilanz“.",
                ok=(Lookalike("Bürgermeisterin Diane Okafor, die", "gender", "female mayor, feminine forms agree with the source"),),
            ),
        )),
        Block(H, (Pair("What the money pays for", "Wofür das Geld ausgegeben wird", ref="Wohin das Geld fließt"),)),
        Block(P, (Pair("The budget includes:", "Der Haushalt sieht unter anderem vor:", ref="Im Haushalt enthalten sind:"),)),
        Block(B, (
            Pair(
                "$18.2 million for two new fire stations, including a replacement for Fire Station No. 5",
                "18,2 Millionen Dollar für zwei neue Feuerwachen, darunter einen Ersatz für die Feuerwache Nr. 5",
                ref="18,2 Millionen Dollar für zwei neue Feuerwachen, eine davon als Ersatz für die Feuerwache Nr. 5",
                ok=(Lookalike("Nr. 5", "numbers", "No. 5 → Nr. 5"),),
            ),
            Pair(
                "free bus rides for about 48,000 students from September 1",
                "kostenlose Busfahrten für rund 48.000 Schülerinnen und Schüler ab dem 1. September",
                ref="Gratis-Busfahrten für etwa 48.000 Schüler ab 1. September",
                ok=(Lookalike("48.000", "numbers", "48,000 with German thousands point"),),
            ),
            Pair(
                "a 30-day public comment period before any fee increase",
                "eine 30-tägige öffentliche Anhörungsfrist vor jeder Gebührenerhöhung",
                ref="eine öffentliche Einspruchsfrist von 30 Tagen vor jeder Gebührenerhöhung",
                ok=(Lookalike("30-tägige", "numbers", "30-day → 30-tägig"),),
            ),
        )),
        Block(P, (
            Pair(
                "Property taxes will rise by 3.5 percent, which means the owner of a typical home will pay about $126 more per year.",
                "Die Grundsteuer steigt um 3,5 Prozent, der Eigentümer eines typischen Einfamilienhauses zahlt damit rund 126 Dollar mehr im Jahr.",
                ref="Die Grundsteuer wird um 3,5 Prozent angehoben: Für ein durchschnittliches Eigenheim bedeutet das etwa 126 Dollar mehr pro Jahr.",
                ok=(Lookalike("der Eigentümer", "gender", "generic masculine, no specific person"),),
            ),
            Pair("It is the first increase since 2019.", "Es ist die erste Erhöhung seit 2019.", ref="Es ist die erste Anhebung seit 2019."),
            Pair(
                "Council member Thomas Reilly, who voted against the plan, said the city should have cut costs first.",
                "Stadtrat Thomas Reilly, der gegen den Plan stimmte, sagte, die Stadt hätte zuerst die Kosten senken müssen.",
                ref="Ratsmitglied Thomas Reilly, der gegen den Haushalt stimmte, sagte, die Stadt hätte zunächst sparen sollen.",
                ok=(Lookalike("Stadtrat Thomas Reilly, der", "gender", "male council member, masculine forms agree"),),
            ),
            Pair(
                "He warned that the reserves would shrink to 6 percent of spending, below the 8 percent the council had set as its own limit.",
                "Er warnte, die Rücklagen würden auf 6 Prozent der Ausgaben schrumpfen und damit unter die Grenze von 8 Prozent fallen, die sich der Rat selbst gesetzt hatte.",
                ref="Er warnte, dass die Reserven auf 6 Prozent der Ausgaben sinken würden – unter die selbst gesetzte Untergrenze des Rates von 8 Prozent.",
            ),
        )),
        Block(H, (Pair("Long night in City Hall", "Lange Nacht im Rathaus", ref="Lange Nacht im Rathaus"),)),
        Block(P, (
            Pair(
                "More than 200 residents signed up to speak, and the meeting did not end until 1:40 a.m.",
                "Mehr als 200 Bürgerinnen und Bürger hatten sich für Wortbeiträge angemeldet, und die Sitzung endete erst um 1.40 Uhr.",
                ref="Über 200 Einwohner hatten sich als Redner eingetragen; die Sitzung endete erst um 1.40 Uhr morgens.",
                ok=(Lookalike("1.40 Uhr", "numbers", "1:40 a.m. in German time notation"),),
            ),
            Pair(
                "Many of them were parents who support the free bus rides, which had been cut from an earlier draft.",
                "Viele von ihnen waren Eltern, die die kostenlosen Busfahrten unterstützen, die in einem früheren Entwurf gestrichen worden waren.",
                ref="Viele waren Eltern, die sich für die kostenlosen Busfahrten einsetzten, die in einem früheren Entwurf noch gestrichen worden waren.",
                ok=(Lookalike("die die", "typography", "grammatical relative pronoun + article, not a doubled word"),),
            ),
            Pair(
                "Okafor thanked the speakers and said the city would publish a quarterly report on how the money is spent, starting in October.",
                ("Okafor dankte den Rednerinnen und Rednern.", "Die Stadt werde ab Oktober vierteljährlich darüber berichten, wie das Geld ausgegeben wird, sagte sie."),
                ref="Okafor dankte allen Rednern und kündigte an, dass die Stadt ab Oktober jedes Quartal offenlegen werde, wie das Geld verwendet wird.",
            ),
            Pair("The budget takes effect on July 1.", "Der Haushalt tritt am 1. Juli in Kraft.", ref="Der Haushalt gilt ab dem 1. Juli."),
        )),
    ),
)

UKRAINE_GRID = ArticleSpec(
    name="ukraine-grid",
    title_en="Ukraine races to repair power grid as Russian strikes hit Kharkiv and Odesa",
    topic="war / energy: Ukrainian power grid after an attack",
    # Single newlines between blocks, as in text copied from a news website.
    block_separator="\n",
    notes="Injected: an omitted sentence, a wrong person name, two web-boilerplate lines.",
    blocks=(
        Block(H, (Pair(
            "Ukraine races to repair power grid as Russian strikes hit Kharkiv and Odesa",
            "Ukraine repariert unter Hochdruck ihr Stromnetz – russische Angriffe treffen Charkiw und Odessa",
            ok=(
                Lookalike("Charkiw", "names", "German exonym of Kharkiv"),
                Lookalike("Odessa", "names", "German exonym of Odesa"),
            ),
        ),)),
        Block(H, (Pair(
            "Grid operator Ukrenergo says rolling blackouts of up to eight hours a day may return in the spring",
            "Netzbetreiber Ukrenergo: Stromabschaltungen von bis zu acht Stunden täglich könnten im Frühjahr zurückkehren",
        ),)),
        Block(P, (Pair(
            None, "Artikel teilen",
            clean=None,
            err=Err("boilerplate-share", "boilerplate", "Share button label ('Share article') copied with the article text."),
        ),)),
        Block(P, (
            Pair(
                "KYIV – Ukraine's national grid operator Ukrenergo said on Monday that Russian missiles and drones had damaged four high-voltage substations overnight, cutting power to more than 310,000 customers.",
                "KIEW – Der ukrainische Netzbetreiber Ukrenergo teilte am Montag mit, russische Raketen und Drohnen hätten in der Nacht vier Hochspannungs-Umspannwerke beschädigt und mehr als 310.000 Kunden von der Stromversorgung abgeschnitten.",
                ok=(Lookalike("KIEW", "names", "German exonym of Kyiv in the dateline"),),
            ),
            Pair(
                "It was the largest attack on the energy system since February.",
                "Es war der schwerste Angriff auf das Energiesystem seit Februar.",
            ),
            Pair(
                "President Volodymyr Zelensky said in his evening address that Russia had launched 94 missiles and 147 drones, and he again urged Western allies to deliver more air-defense systems.",
                "Präsident Wolodymyr Selenskyj sagte in seiner abendlichen Ansprache, Russland habe 94 Raketen und 147 Drohnen eingesetzt, und forderte die westlichen Verbündeten erneut auf, mehr Luftabwehrsysteme zu liefern.",
                ok=(Lookalike("Wolodymyr Selenskyj", "names", "German transliteration of Volodymyr Zelensky"),),
            ),
        )),
        Block(P, (
            Pair(
                "In the Kharkiv region, the worst-hit area, repair crews worked through the night in temperatures of minus 9 degrees Celsius.",
                "In der Region Charkiw, die am stärksten betroffen ist, arbeiteten Reparaturtrupps bei minus 9 Grad Celsius die ganze Nacht hindurch.",
            ),
            Pair(
                "Hospitals and water pumping stations were switched to backup generators first.",
                None,
                clean="Krankenhäuser und Wasserpumpwerke wurden zuerst auf Notstromaggregate umgeschaltet.",
                err=Err("omission-hospitals", "omission", "The whole sentence about hospitals and pumping stations is missing from the German."),
            ),
            Pair(
                "In Odesa, trolleybuses stopped running and several districts were without water for most of the day.",
                "In Odessa fuhren keine Oberleitungsbusse mehr, und mehrere Stadtteile waren den größten Teil des Tages ohne Wasser.",
            ),
        )),
        Block(P, (Pair(
            "The attack also damaged a gas production facility in the Poltava region, the state energy company Naftogaz said.",
            "Bei dem Angriff wurde nach Angaben des staatlichen Energiekonzerns Naftogaz auch eine Gasförderanlage in der Region Poltawa beschädigt.",
            ok=(Lookalike("Poltawa", "names", "German transliteration of Poltava"),),
        ),)),
        Block(H, (Pair("Blackout schedules may return", "Abschaltpläne könnten zurückkehren"),)),
        Block(P, (
            Pair(
                "Oksana Lytvyn, a spokeswoman for Ukrenergo, said the company had enough spare transformers for the current repairs but not for another attack of this size.",
                "Oksana Lytwyn, Sprecherin von Ukrenergo, sagte, das Unternehmen habe genug Ersatztransformatoren für die laufenden Reparaturen, aber nicht für einen weiteren Angriff dieses Ausmaßes.",
                ok=(
                    Lookalike("Oksana Lytwyn", "names", "German transliteration of Lytvyn"),
                    Lookalike("Sprecherin", "gender", "spokeswoman → Sprecherin"),
                ),
            ),
            Pair(
                "“Every transformer we lose now is one we will miss in April,” she said.",
                "„Jeder Transformator, den wir jetzt verlieren, wird uns im April fehlen“, sagte sie.",
            ),
            Pair(
                "Ukrenergo asked households to use electric heaters, kettles and washing machines sparingly between 5 p.m. and 10 p.m.",
                "Ukrenergo bat die Haushalte, zwischen 17 und 22 Uhr Heizlüfter, Wasserkocher und Waschmaschinen sparsam zu nutzen.",
                ok=(Lookalike("zwischen 17 und 22 Uhr", "numbers", "5 p.m. and 10 p.m. on the 24-hour clock"),),
            ),
        )),
        Block(P, (Pair(
            None, "Lesen Sie auch: So bereiten sich Familien in Kiew auf den Winter vor",
            clean=None,
            err=Err("boilerplate-teaser", "boilerplate", "Teaser link to another article ('Read also: ...') left in the text."),
        ),)),
        Block(P, (
            Pair(
                "Kyiv's deputy mayor, Serhiy Marchenko, said the capital had installed 1,200 mobile generators at schools and hospitals since last winter.",
                "Der stellvertretende Bürgermeister von Kiew, Serhij Kowalenko, sagte, die Hauptstadt habe seit dem vergangenen Winter 1.200 mobile Generatoren an Schulen und Krankenhäusern aufgestellt.",
                clean="Der stellvertretende Bürgermeister von Kiew, Serhij Martschenko, sagte, die Hauptstadt habe seit dem vergangenen Winter 1.200 mobile Generatoren an Schulen und Krankenhäusern aufgestellt.",
                err=Err(
                    "name-marchenko", "name",
                    "The deputy mayor is Serhiy Marchenko (German transliteration: Serhij Martschenko), not Kowalenko.",
                    target="Kowalenko", source="Marchenko",
                ),
                ok=(Lookalike("Serhij", "names", "German transliteration of Serhiy"),),
            ),
            Pair(
                "The European Union has pledged a further €500 million for repairs this year, according to the Ministry of Energy.",
                "Die Europäische Union hat nach Angaben des Energieministeriums für dieses Jahr weitere 500 Millionen Euro für Reparaturen zugesagt.",
                ok=(Lookalike("500 Millionen Euro", "numbers", "€500 million"),),
            ),
            Pair(
                "Zelensky is expected to discuss the grid with EU leaders in Brussels on Thursday.",
                "Selenskyj soll am Donnerstag in Brüssel mit den Staats- und Regierungschefs der EU über das Stromnetz beraten.",
                ok=(Lookalike("Brüssel", "names", "German exonym of Brussels"),),
            ),
        )),
    ),
)

CENTRAL_BANK = ArticleSpec(
    name="central-bank",
    title_en="ECB cuts interest rates for the seventh time as inflation eases",
    topic="economy: central-bank rate decision",
    reference="clean",
    back_translation=True,
    notes="Injected: a changed number, a wrong date, an added sentence, a doubled word. "
    "reference.de.txt is the German translation before the errors were injected.",
    blocks=(
        Block(H, (Pair(
            "ECB cuts interest rates for the seventh time as inflation eases",
            "EZB senkt die Zinsen zum siebten Mal – die Inflation lässt nach",
            bt="ECB lowers interest rates for the seventh time – inflation is easing",
            ok=(Lookalike("EZB", "names", "German abbreviation of ECB"),),
        ),)),
        Block(H, (Pair(
            "Deposit rate falls to 2.25 percent; economists expect one more cut before the summer",
            "Der Einlagensatz sinkt auf 2,25 Prozent; Ökonomen erwarten vor dem Sommer noch eine Senkung",
            bt="The deposit rate falls to 2.25 percent; economists expect one more cut before summer",
        ),)),
        Block(P, (
            Pair(
                "FRANKFURT – The European Central Bank lowered its key interest rates by 0.25 percentage points on Thursday, April 17, 2025.",
                "FRANKFURT – Die Europäische Zentralbank hat am Donnerstag, dem 17. April 2025, ihre Leitzinsen um 0,25 Prozentpunkte gesenkt.",
                bt="FRANKFURT – On Thursday, April 17, 2025, the European Central Bank cut its key interest rates by 0.25 percentage points.",
                ok=(Lookalike("17. April 2025", "numbers", "April 17, 2025"),),
            ),
            Pair(
                "The deposit facility rate, which steers borrowing costs in the 20 countries that use the euro, now stands at 2.25 percent.",
                "Der Einlagensatz, der die Finanzierungskosten in den 20 Ländern des Euroraums steuert, liegt nun bei 2,25 Prozent.",
                bt="The deposit rate, which steers financing costs in the 20 countries of the euro area, is now 2.25 percent.",
            ),
            Pair(
                "It is the seventh cut since June 2024.",
                "Es ist die siebte Senkung seit Juni 2024.",
                bt="It is the seventh reduction since June 2024.",
                ok=(Lookalike("siebte", "numbers", "ordinal 'seventh'"),),
            ),
        )),
        Block(P, (
            Pair(
                "Inflation in the euro area slowed to 2.2 percent in March, from 2.3 percent in February, according to Eurostat.",
                "Die Inflation im Euroraum ging nach Angaben von Eurostat im März auf 2,7 Prozent zurück, nach 2,3 Prozent im Februar.",
                bt="According to Eurostat, inflation in the euro area fell to 2.7 percent in March, after 2.3 percent in February.",
                clean="Die Inflation im Euroraum ging nach Angaben von Eurostat im März auf 2,2 Prozent zurück, nach 2,3 Prozent im Februar.",
                err=Err("number-inflation", "number", "March inflation was 2.2 percent; the German says 2,7.", target="2,7", source="2.2"),
            ),
            Pair(
                "Core inflation, which excludes energy and food, fell to 2.4 percent, its lowest level in more than three years.",
                "Die Kerninflation, bei der Energie und Lebensmittel herausgerechnet werden, fiel auf 2,4 Prozent und damit auf den tiefsten Stand seit mehr als drei Jahren.",
                bt="Core inflation, which leaves out energy and food, fell to 2.4 percent and thus to its lowest level in more than three years.",
            ),
            Pair(
                "The bank said in a statement that the disinflation process was “well on track”.",
                "Der Disinflationsprozess sei „auf gutem Weg“, erklärte die Notenbank.",
                bt="The disinflation process is “on a good path”, the central bank declared.",
            ),
        )),
        Block(H, (Pair("Trade tensions weigh on the outlook", "Handelskonflikte trüben den Ausblick", bt="Trade conflicts cloud the outlook"),)),
        Block(P, (
            Pair(
                ("Policymakers warned that new US tariffs could slow growth in the euro area this year.",
                 "They did not say how large the effect might be."),
                "Die Währungshüter warnten, dass neue US-Zölle das Wachstum im Euroraum in diesem Jahr bremsen könnten, ohne das mögliche Ausmaß zu beziffern.",
                bt="The monetary guardians warned that new US tariffs could slow growth in the euro area this year, without putting a figure on the possible extent.",
            ),
            Pair(
                "The bank now expects the economy to grow by 0.9 percent in 2025, down from the 1.1 percent it forecast in December.",
                "Die Notenbank rechnet für 2025 nun mit einem Wirtschaftswachstum von 0,9 Prozent, nachdem sie im Dezember noch 1,1 Prozent vorhergesagt hatte.",
                bt="The central bank now expects economic growth of 0.9 percent for 2025, after it had still predicted 1.1 percent in December.",
            ),
            Pair(
                None,
                "Die Börse in Frankfurt reagierte mit deutlichen Kursgewinnen.",
                bt="The stock exchange in Frankfurt reacted with significant price gains.",
                clean=None,
                err=Err("addition-stock-market", "addition", "Sentence about the Frankfurt stock exchange has no counterpart in the English source."),
            ),
            Pair(
                "Katharina Weller, chief economist at Elbbank in Hamburg, said she expected one more cut in June but no further steps after that.",
                "Katharina Weller, Chefvolkswirtin der Elbbank in Hamburg, sagte, sie erwarte im Juni eine weitere Senkung, danach aber keine weiteren Schritte.",
                bt="Katharina Weller, chief economist of Elbbank in Hamburg, said she expected a further cut in June, but no further steps after that.",
                ok=(Lookalike("Chefvolkswirtin", "gender", "chief economist + 'she' → feminine"),),
            ),
            Pair(
                "“The central bank is close to the end of its easing cycle,” she said.",
                "„Die Notenbank ist nahe am Ende ihres Lockerungszyklus“, sagte sie.",
                bt="“The central bank is close to the end of its loosening cycle”, she said.",
            ),
        )),
        Block(H, (Pair("What changes for savers and borrowers", "Was sich für Sparer und Kreditnehmer ändert", bt="What changes for savers and borrowers"),)),
        Block(P, (Pair("For households, the decision means:", "Für private Haushalte bedeutet die Entscheidung:", bt="For private households, the decision means:"),)),
        Block(B, (
            Pair(
                "lower interest on overnight and fixed-term deposits, often within a few weeks",
                "niedrigere Zinsen auf Tagesgeld und Festgeld, oft schon innerhalb weniger Wochen",
                bt="lower interest on call money and fixed-term deposits, often within just a few weeks",
            ),
            Pair(
                "slightly cheaper loans for new mortgages with variable rates",
                "etwas günstigere Kredite für neue Baufinanzierungen mit variablem Zins",
                bt="somewhat cheaper loans for new home financing with a variable interest rate",
            ),
        )),
        Block(P, (
            Pair(
                "The ECB's Governing Council will next meet on June 5, 2025.",
                "Der EZB-Rat kommt das nächste Mal am 5. Juli 2025 zusammen.",
                bt="The ECB Council will next meet on July 5, 2025.",
                clean="Der EZB-Rat kommt das nächste Mal am 5. Juni 2025 zusammen.",
                err=Err("date-next-meeting", "date", "The next meeting is on June 5, 2025; the German says 5. Juli.", target="5. Juli 2025", source="June 5, 2025"),
            ),
            Pair(
                "New staff projections for growth and inflation will be published on the same day.",
                "Am selben Tag werden werden neue Projektionen der Fachleute für Wachstum und Inflation veröffentlicht.",
                bt="New projections by the experts for growth and inflation will be published on the same day.",
                clean="Am selben Tag werden neue Projektionen der Fachleute für Wachstum und Inflation veröffentlicht.",
                err=Err("typography-doubled-word", "typography", "Doubled word 'werden werden'.", target="werden werden", severity="minor"),
            ),
        )),
    ),
)

HEART_STUDY = ArticleSpec(
    name="heart-study",
    title_en="Daily walks cut risk of second heart attack, Swedish study finds",
    topic="science / health: study led by a female researcher",
    back_translation=True,
    notes="Injected: a wrongly gendered person, an untranslated English sentence, a web-boilerplate line.",
    blocks=(
        Block(H, (Pair(
            "Daily walks cut risk of second heart attack, Swedish study finds",
            "Tägliche Spaziergänge senken das Risiko eines zweiten Herzinfarkts – schwedische Studie",
            bt="Daily walks lower the risk of a second heart attack – Swedish study",
        ),)),
        Block(H, (Pair(
            "Researchers followed 12,400 patients for five years",
            "Forschende begleiteten 12.400 Patienten fünf Jahre lang",
            bt="Researchers accompanied 12,400 patients for five years",
        ),)),
        Block(P, (
            Pair(
                "STOCKHOLM – People who walk for at least 30 minutes a day after a heart attack are 27 percent less likely to suffer a second one within five years, according to a large study published on Tuesday.",
                ("STOCKHOLM – Wer nach einem Herzinfarkt täglich mindestens 30 Minuten spazieren geht, erleidet innerhalb von fünf Jahren mit einer um 27 Prozent geringeren Wahrscheinlichkeit einen zweiten.",
                 "Das geht aus einer großen Studie hervor, die am Dienstag veröffentlicht wurde."),
                bt=("STOCKHOLM – Anyone who goes for a walk of at least 30 minutes a day after a heart attack is 27 percent less likely to suffer a second one within five years.",
                    "This is the result of a large study that was published on Tuesday."),
            ),
            Pair(
                "The research, which followed 12,400 patients in Sweden between 2018 and 2023, appeared in the journal The Lancet Public Health.",
                "Die Untersuchung, die zwischen 2018 und 2023 insgesamt 12.400 Patientinnen und Patienten in Schweden begleitete, erschien im Fachjournal „The Lancet Public Health“.",
                bt="The study, which followed a total of 12,400 patients in Sweden between 2018 and 2023, appeared in the specialist journal “The Lancet Public Health”.",
                ok=(Lookalike("The Lancet Public Health", "untranslated", "English journal title, correctly kept"),),
            ),
            Pair("It is one of the largest studies of its kind.", "Es ist eine der größten Studien ihrer Art.", bt="It is one of the biggest studies of its kind."),
        )),
        Block(P, (
            Pair(
                "The study was led by Dr. Sarah Lindqvist, an epidemiologist at Uppsala University.",
                "Geleitet wurde die Studie von der Epidemiologin Dr. Sarah Lindqvist von der Universität Uppsala.",
                bt="The study was headed by the epidemiologist Dr. Sarah Lindqvist of Uppsala University.",
                ok=(Lookalike("Dr. Sarah Lindqvist", "names", "abbreviation 'Dr.' inside a sentence"),),
            ),
            Pair(
                "Lindqvist, who has studied cardiac rehabilitation for more than a decade, said she had been surprised by the size of the effect.",
                "Lindqvist, der sich seit mehr als zehn Jahren mit der Rehabilitation nach Herzerkrankungen beschäftigt, sagte, er sei von der Größe des Effekts überrascht gewesen.",
                bt="Lindqvist, who has been working on rehabilitation after heart disease for more than ten years, said he had been surprised by the size of the effect.",
                clean="Lindqvist, die sich seit mehr als zehn Jahren mit der Rehabilitation nach Herzerkrankungen beschäftigt, sagte, sie sei von der Größe des Effekts überrascht gewesen.",
                err=Err(
                    "gender-lindqvist", "gender",
                    "Sarah Lindqvist is a woman (English 'she', German 'Epidemiologin' and 'sagte sie'), but this sentence uses masculine 'der … er'.",
                    target="der sich seit mehr als zehn Jahren mit der Rehabilitation nach Herzerkrankungen beschäftigt, sagte, er",
                    source="she",
                    evidence=(
                        Evidence("target", "Epidemiologin", "feminine noun for the same person, previous sentence", -1),
                        Evidence("target", "sagte sie", "feminine pronoun for the same person, next sentence", +1),
                        Evidence("source", "she", "English pronoun in the same sentence"),
                        Evidence("back_translation", "said he", "the round trip shows the wrong pronoun"),
                    ),
                ),
                ok=(Lookalike("zehn Jahren", "numbers", "'more than a decade' rendered as 'mehr als zehn Jahren'"),),
            ),
            Pair(
                "“We expected a benefit, but not one this large,” she said.",
                "„Wir hatten mit einem Nutzen gerechnet, aber nicht mit einem so großen“, sagte sie.",
                bt="“We had counted on a benefit, but not on such a large one”, she said.",
            ),
        )),
        Block(P, (
            Pair(
                "The researchers adjusted the results for age, smoking, weight and medication.",
                "Die Forschenden berücksichtigten bei der Auswertung Alter, Rauchen, Gewicht und Medikamente.",
                bt="In the analysis, the researchers took age, smoking, weight and medication into account.",
            ),
            Pair(
                "Even patients who walked only 15 minutes a day had a 12 percent lower risk than those who were inactive.",
                "Selbst Patienten, die nur 15 Minuten am Tag gingen, hatten ein um 12 Prozent geringeres Risiko als körperlich inaktive Patienten.",
                bt="Even patients who walked only 15 minutes a day had a 12 percent lower risk than physically inactive patients.",
            ),
            Pair(
                "The benefit was similar for women and men and did not depend on the patients' age.",
                "The benefit was similar for women and men and did not depend on the patients' age.",
                bt="The benefit was similar for women and men and did not depend on the patients' age.",
                clean="Der Nutzen war bei Frauen und Männern ähnlich und hing nicht vom Alter der Patienten ab.",
                err=Err("untranslated-benefit", "untranslated", "This sentence was left in English."),
            ),
        )),
        Block(P, (Pair(
            None, "Mehr lesen",
            bt="Read more",
            clean=None,
            err=Err("boilerplate-read-more", "boilerplate", "'Read more' link label from the web page."),
        ),)),
        Block(H, (Pair("Doctors call for better rehabilitation", "Ärzte fordern bessere Rehabilitation", bt="Doctors demand better rehabilitation"),)),
        Block(P, (
            Pair(
                "In Sweden, only about half of heart attack patients take part in a structured rehabilitation program.",
                "In Schweden nimmt nur etwa die Hälfte der Herzinfarktpatienten an einem strukturierten Rehabilitationsprogramm teil.",
                bt="In Sweden, only around half of heart attack patients take part in a structured rehabilitation program.",
            ),
            Pair(
                "Cardiologist Markus Brandt of the Charité hospital in Berlin, who was not involved in the study, said the results also applied to Germany.",
                "Der Kardiologe Markus Brandt von der Berliner Charité, der nicht an der Studie beteiligt war, sagte, die Ergebnisse ließen sich auch auf Deutschland übertragen.",
                bt="The cardiologist Markus Brandt of Berlin's Charité, who was not involved in the study, said the results could also be transferred to Germany.",
                ok=(Lookalike("Der Kardiologe Markus Brandt", "gender", "male cardiologist, masculine forms agree"),),
            ),
            Pair(
                "Around 200,000 people in Germany suffer a heart attack every year, he said.",
                "In Deutschland erleiden nach seinen Angaben jedes Jahr rund 200.000 Menschen einen Herzinfarkt.",
                bt="According to him, around 200,000 people in Germany suffer a heart attack every year.",
            ),
            Pair(
                "“Walking is free, safe and available to almost everyone,” Brandt said.",
                "„Gehen ist kostenlos, sicher und fast für jeden möglich“, sagte Brandt.",
                bt="“Walking is free, safe and possible for almost everyone”, said Brandt.",
            ),
        )),
    ),
)

FILM_FESTIVAL = ArticleSpec(
    name="film-festival",
    title_en="Iranian director Leila Farahani wins Golden Bear in Berlin",
    topic="culture: film festival awards",
    notes="Clean article: no injected errors. It must produce no major or critical finding. "
    "It is dense with look-alikes: an English film title, anglicisms, exonyms, a feminine 'Autorin' "
    "that is correct, and a masculine pronoun for a film next to a female director.",
    blocks=(
        Block(H, (Pair(
            "Iranian director Leila Farahani wins Golden Bear in Berlin",
            "Iranische Regisseurin Leila Farahani gewinnt den Goldenen Bären in Berlin",
            ok=(Lookalike("Regisseurin Leila Farahani", "gender", "female director, feminine form is correct"),),
        ),)),
        Block(H, (Pair(
            "Her drama “The Quiet Harbour” was made in secret over 18 months",
            "Ihr Drama „The Quiet Harbour“ entstand 18 Monate lang im Verborgenen",
            ok=(Lookalike("The Quiet Harbour", "untranslated", "English film title, correctly kept"),),
        ),)),
        Block(P, (
            Pair(
                "BERLIN – The Iranian director Leila Farahani has won the Golden Bear for best film at the 76th Berlin International Film Festival.",
                "BERLIN – Die iranische Regisseurin Leila Farahani hat bei den 76. Internationalen Filmfestspielen Berlin den Goldenen Bären für den besten Film gewonnen.",
                ok=(Lookalike("76.", "numbers", "ordinal 76th → 76."),),
            ),
            Pair(
                "The jury, led by the American actress Jessica Morgan, announced the award on Saturday evening, February 21, 2026.",
                "Die Jury unter Vorsitz der US-amerikanischen Schauspielerin Jessica Morgan gab die Auszeichnung am Samstagabend, dem 21. Februar 2026, bekannt.",
                ok=(Lookalike("21. Februar 2026", "numbers", "February 21, 2026"),),
            ),
            Pair(
                "Farahani, 41, could not travel to Berlin because the authorities in Tehran had confiscated her passport.",
                "Farahani, 41, konnte nicht nach Berlin reisen, weil die Behörden in Teheran ihren Pass eingezogen hatten.",
                ok=(Lookalike("Teheran", "names", "German exonym of Tehran"),),
            ),
            Pair(
                "Her producer, Arash Mohammadi, accepted the prize on her behalf and read out a short letter from her.",
                "Ihr Produzent Arash Mohammadi nahm den Preis stellvertretend für sie entgegen und verlas einen kurzen Brief von ihr.",
                ok=(Lookalike("Ihr Produzent Arash Mohammadi", "gender", "male producer; 'Ihr' refers to the director"),),
            ),
        )),
        Block(P, (
            Pair(
                "“This film belongs to everyone who helped us make it, and to everyone who could not be here tonight,” the letter said.",
                "„Dieser Film gehört allen, die uns geholfen haben, ihn zu drehen, und allen, die heute Abend nicht hier sein konnten“, hieß es in dem Brief.",
            ),
            Pair(
                "The Quiet Harbour tells the story of a fisherman's widow in the port city of Bandar Abbas who fights for her son's inheritance.",
                "„The Quiet Harbour“ erzählt die Geschichte einer Fischerwitwe in der Hafenstadt Bandar Abbas, die um das Erbe ihres Sohnes kämpft.",
            ),
            Pair(
                "It was shot in secret over 18 months, often with a crew of only five people.",
                "Er wurde 18 Monate lang heimlich gedreht, oft mit einem Team von nur fünf Personen.",
                ok=(
                    Lookalike("Er wurde", "gender", "'Er' is the film (der Film), not a person"),
                    Lookalike("Team", "untranslated", "established anglicism"),
                ),
            ),
        )),
        Block(H, (Pair("Other winners", "Weitere Preisträger"),)),
        Block(P, (Pair("The jury also awarded:", "Außerdem vergab die Jury:"),)),
        Block(B, (
            Pair(
                "the Silver Bear Grand Jury Prize to the German documentary “Nach dem Sturm” by Jonas Keller",
                "den Großen Preis der Jury (Silberner Bär) an den deutschen Dokumentarfilm „Nach dem Sturm“ von Jonas Keller",
            ),
            Pair(
                "the Silver Bear for best leading performance to the Danish actor Mads Holm",
                "den Silbernen Bären für die beste schauspielerische Leistung in einer Hauptrolle an den dänischen Schauspieler Mads Holm",
            ),
            Pair(
                "the Silver Bear for best screenplay to the Brazilian writer Ana Ribeiro",
                "den Silbernen Bären für das beste Drehbuch an die brasilianische Autorin Ana Ribeiro",
                ok=(Lookalike("Autorin Ana Ribeiro", "gender", "female writer: 'Autorin' is correct here"),),
            ),
        )),
        Block(P, (
            Pair(
                "The festival sold about 325,000 tickets this year, 3 percent more than in 2025.",
                "Das Festival verkaufte in diesem Jahr rund 325.000 Eintrittskarten, 3 Prozent mehr als 2025.",
            ),
            Pair(
                "Festival director Karin Wendt said the program had been “bolder than ever”.",
                "Festivalleiterin Karin Wendt sagte, das Programm sei „mutiger als je zuvor“ gewesen.",
            ),
            Pair(
                "She announced that the 77th Berlinale would take place from February 11 to 21, 2027.",
                "Sie kündigte an, dass die 77. Berlinale vom 11. bis 21. Februar 2027 stattfinden werde.",
                ok=(Lookalike("vom 11. bis 21. Februar 2027", "numbers", "date range February 11 to 21, 2027"),),
            ),
            Pair(
                "Several films from the competition will be available on streaming platforms from the summer.",
                "Mehrere Filme aus dem Wettbewerb sollen ab dem Sommer auf Streaming-Plattformen zu sehen sein.",
                ok=(Lookalike("Streaming-Plattformen", "untranslated", "established anglicism"),),
            ),
        )),
    ),
)

ARTICLES: tuple[ArticleSpec, ...] = (COUNCIL_BUDGET, UKRAINE_GRID, CENTRAL_BANK, HEART_STUDY, FILM_FESTIVAL)
