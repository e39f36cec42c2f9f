"""The report's words and numbers in Dutch and English: the page's own sentences (labels of indicators,
populations, sectors, size classes, answers, the benchmark area and the figures' and tables' titles come from
the public database's code lists, in the page's language), and numbers formatted per locale with Babel
(23,2% on the Dutch page, 23.2% on the English; a true minus sign, so an interval never runs a dash into
one). Every sentence a page shows is here in both languages: nothing on a Dutch page is English."""

from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = ("nl", "en")
LOCALES = {"nl": "nl_BE", "en": "en_GB"}

WORDS = {
    "nl": {
        "title": "AI-Barometer {wave}", "subtitle": "De adoptie van artificiële intelligentie door Vlaamse "
        "ondernemingen", "figure": "Figuur", "table": "Tabel", "other_language": "English",
        "edition": "Editie {wave}", "published": "Gepubliceerd op {date}", "version": "Versie {version}",
        "part": "deel {i} van {n}", "contents": "Inhoud", "findings": "Kernbevindingen",
        "landing": "AI-Barometer: rapporten per editie", "landing_other": "English",
        "intro": "Gewogen resultaten van de AI-Barometer, een gestratificeerde steekproef van Vlaamse "
                 "ondernemingen met minstens 5 werknemers, met 95%-betrouwbaarheidsintervallen.",
        "synthetic": "Let op: deze editie is gebouwd op synthetische gegevens, niet op echte enquêtegegevens: "
                     "de antwoorden zijn gesimuleerd en beschrijven geen echte ondernemingen.",
        "source": "Bron: AI-Barometer {wave}, gewogen resultaten; 95%-betrouwbaarheidsinterval.",
        "source_synthetic": "Bron: AI-Barometer {wave} (synthetische gegevens), gewogen resultaten; "
                            "95%-betrouwbaarheidsinterval.",
        "source_counts": "Bron: AI-Barometer {wave}, steekproefkader en veldwerk (ongewogen aantallen).",
        "source_counts_synthetic": "Bron: AI-Barometer {wave} (synthetische gegevens), steekproefkader en veldwerk "
                                   "(ongewogen aantallen).",
        "share": "% van de ondernemingen", "mean": "gemiddeld percentage", "percent": "%", "ci": "95%-BI",
        "n": "N", "total_row": "Totaal",
        "flag_u": "u: lage betrouwbaarheid (NCHS-normen)", "flag_c": "c: vertrouwelijk (geheimhouding)",
        "total_note": "Totaal: {label} {value}.",
        "order_value": "Gerangschikt naar grootte bij {population}.",
        "order_questionnaire": "In de volgorde van de vragenlijst.",
        "stacked_note": "Elke balk telt op tot 100%; de intervallen staan in de tabellen van de databank.",
        "trends": "Evolutie tussen edities", "trends_intro": "Vergelijkbare kernindicatoren over de "
                  "edities heen, met het 95%-betrouwbaarheidsinterval van het verschil.",
        "benchmark": "Vergelijking met de Europese Unie (Eurostat)",
        "indicator": "Indicator", "from": "Van", "to": "Naar", "change": "Verschil (procentpunten)",
        "interval_of_change": "95%-BI van het verschil", "significant": "Significant", "yes": "ja",
        "no": "nee", "break": "Breuk in de reeks", "flanders": "Vlaanderen", "area": "Gebied",
        "no_trends": "Geen vergelijkbare eerdere editie.",
        "no_benchmark": "Geen Eurostat-cijfer voor deze editie.",
        "benchmark_scope": "Beide cijfers gelden voor ondernemingen met minstens 10 werknemers in de sectoren "
                           "van de AI-Barometer (Eurostat: NACE-secties C tot N zonder K, plus groep 95.1); de "
                           "kernindicator van dit rapport telt ook de ondernemingen met 5 tot 9 werknemers mee.",
        "to_word": "tot",
        # key findings: each sentence cites the figure or table it reads
        "f_headline": "{value} van de Vlaamse ondernemingen met minstens 5 werknemers gebruikt minstens één "
                      "AI-technologie (95%-BI {low} tot {high}).",
        "f_trend_up": "Dat is {change} procentpunten meer dan in {base} ({base_value}); het verschil is "
                      "significant.",
        "f_trend_down": "Dat is {change} procentpunten minder dan in {base} ({base_value}); het verschil is "
                        "significant.",
        "f_trend_flat": "Tegenover {base} ({base_value}) is het verschil ({change} procentpunten) niet "
                        "significant.",
        "f_top": "Meest voorkomend in {figure}: {label} ({value} van {population}).",
        "f_benchmark": "Bij ondernemingen met minstens 10 werknemers is dat {flanders} in Vlaanderen, tegenover "
                       "{eu} in de {geo}.",
        # methods
        "methods": "Methode en kwaliteit", "annex": "Bijlage: steekproef en respons per stratum",
        "m_sample": "Het steekproefkader telt {frame} ondernemingen met minstens 5 werknemers in {strata} strata "
                    "(sector × grootteklasse; Tabel 1). Er werden {sampled} ondernemingen uitgenodigd; het "
                    "veldwerk liep van {start} tot {end}. Er kwamen {received} antwoorden binnen, waarvan "
                    "{usable} bruikbaar zijn (Tabel 2).",
        "m_funnel": "Van uitnodiging tot bruikbaar antwoord",
        "m_sampled": "Uitgenodigd", "m_undeliverable": "Uitnodiging niet afgeleverd", "m_reached": "Bereikt",
        "m_received": "Antwoorden ontvangen", "m_excluded_small": "Uitgesloten: minder dan 5 werknemers",
        "m_excluded_sector": "Uitgesloten: sector buiten de afbakening",
        "m_excluded_no_ai": "Uitgesloten: geen AI-vraag beantwoord", "m_excluded_duplicate": "Uitgesloten: dubbel",
        "m_quarantined": "In quarantaine (onleesbaar of ongeldig)", "m_usable": "Bruikbaar",
        "m_firms": "Ondernemingen",
        "m_response": "De respons volgens de definities van AAPOR bedraagt {rr1} (RR1, ongewogen) of {rr1w} "
                      "(gewogen met het steekproefgewicht); RR3, die een deel van de ondernemingen met onbekende "
                      "geschiktheid als ongeschikt telt, bedraagt {rr3}. Van de ondernemingen waarvan de "
                      "geschiktheid gekend is, behoort {e} tot de doelpopulatie; {oc} van het kader valt erbuiten "
                      "(overdekking: minder dan 5 werknemers of een andere sector).",
        "m_representativity": "De R-indicator meet hoe gelijk de strata antwoordden: 1 is een even grote kans op "
                              "antwoord in elk stratum. Hij bedraagt {r} (standaardfout {se}); door selectieve "
                              "respons tussen de strata kan een aandeel daardoor hoogstens {bias} procentpunten "
                              "vertekend zijn, voordat de weging dat corrigeert.",
        "m_weighting": "Elke bruikbare respons krijgt het gewicht N_h/n_h: het aantal ondernemingen van zijn "
                       "stratum in het kader gedeeld door het aantal bruikbare antwoorden in dat stratum "
                       "(gewichten van {wmin} tot {wmax}; Kish-designeffect {kish}). Die weging veronderstelt dat "
                       "elke onderneming in het kader tot de doelpopulatie behoort. Wie de vastgestelde "
                       "overdekking per stratum wegrekent, schat {pop_adj} in plaats van {pop} ondernemingen en "
                       "een kernindicator van {headline_adj} in plaats van {headline}.",
        "m_precision": "Elk cijfer heeft een standaardfout (Taylor-linearisatie voor een gestratificeerde "
                       "steekproef zonder teruglegging, met eindige-populatiecorrectie) en een "
                       "95%-betrouwbaarheidsinterval: voor aandelen het Korn-Graubard-interval zoals de normen "
                       "van het Amerikaanse NCHS het voorschrijven.",
        "m_reliability": "Een aandeel krijgt de vlag u (lage betrouwbaarheid) als het op minder dan 30 respondenten "
                         "of effectieve respondenten steunt, als zijn interval 30 procentpunten of breder is, of als "
                         "het interval breder is dan 5 punten en dan 130% van het aandeel (NCHS, 2017). Een "
                         "gemiddelde krijgt de vlag bij minder dan 30 respondenten of een relatieve standaardfout "
                         "boven 30%.",
        "m_disclosure": "Een cijfer op minder dan 5 respondenten wordt niet gepubliceerd (c), net als de cellen "
                        "waaruit het terug te rekenen zou zijn (secundaire geheimhouding): geen enkel achtergehouden "
                        "cijfer kan uit de gepubliceerde cijfers tot op minder dan 10 procentpunten worden "
                        "benaderd.",
        "t1_title": "Populatie (N) en steekproef (n) per stratum", "t2_title": "Bruikbare antwoorden en "
        "respons per stratum", "t1_cell": "N (n)", "t2_cell": "bruikbaar (ontvangen antwoorden per bereikte "
        "onderneming)", "sector": "Sector",
        "downloads": "Downloads", "dl_database": "Publieke databank (DuckDB)", "dl_parquet": "Parquet met "
        "datapakket (Frictionless)", "dl_sdmx": "SDMX (structuur en observaties)",
        "headline": "Gebruikt minstens één AI-technologie",
    },
    "en": {
        "title": "AI-Barometer {wave}", "subtitle": "The adoption of artificial intelligence by Flemish firms",
        "figure": "Figure", "table": "Table", "other_language": "Nederlands",
        "edition": "Edition {wave}", "published": "Published on {date}", "version": "Version {version}",
        "part": "part {i} of {n}", "contents": "Contents", "findings": "Key findings",
        "landing": "AI-Barometer: reports by edition", "landing_other": "Nederlands",
        "intro": "Weighted results of the AI-Barometer, a stratified sample of Flemish firms with at least 5 "
                 "employees, with 95% confidence intervals.",
        "synthetic": "Note: this edition is built on synthetic data, not on real survey data: the answers are "
                     "simulated and describe no real firm.",
        "source": "Source: AI-Barometer {wave}, weighted results; 95% confidence interval.",
        "source_synthetic": "Source: AI-Barometer {wave} (synthetic data), weighted results; 95% confidence "
                            "interval.",
        "source_counts": "Source: AI-Barometer {wave}, sampling frame and fieldwork (unweighted counts).",
        "source_counts_synthetic": "Source: AI-Barometer {wave} (synthetic data), sampling frame and fieldwork "
                                   "(unweighted counts).",
        "share": "% of firms", "mean": "mean percentage", "percent": "%", "ci": "95% CI", "n": "N",
        "total_row": "Total",
        "flag_u": "u: low reliability (NCHS standards)", "flag_c": "c: confidential (disclosure control)",
        "total_note": "Total: {label} {value}.",
        "order_value": "Ordered by size among {population}.",
        "order_questionnaire": "In the questionnaire's order.",
        "stacked_note": "Each bar adds up to 100%; the intervals are in the database's tables.",
        "trends": "Change between editions", "trends_intro": "Comparable headline indicators across "
                  "editions, with the 95% confidence interval of the change.",
        "benchmark": "Comparison with the European Union (Eurostat)",
        "indicator": "Indicator", "from": "From", "to": "To", "change": "Change (percentage points)",
        "interval_of_change": "95% CI of the change", "significant": "Significant", "yes": "yes", "no": "no",
        "break": "Break in series", "flanders": "Flanders", "area": "Area",
        "no_trends": "No comparable earlier edition.",
        "no_benchmark": "No Eurostat figure for this edition.",
        "benchmark_scope": "Both figures cover firms with at least 10 employees in the AI-Barometer's sectors "
                           "(Eurostat: NACE sections C to N without K, plus group 95.1); this report's headline "
                           "also counts firms with 5 to 9 employees.",
        "to_word": "to",
        "f_headline": "{value} of Flemish firms with at least 5 employees use at least one AI technology "
                      "(95% CI {low} to {high}).",
        "f_trend_up": "That is {change} percentage points more than in {base} ({base_value}); the change is "
                      "significant.",
        "f_trend_down": "That is {change} percentage points less than in {base} ({base_value}); the change is "
                        "significant.",
        "f_trend_flat": "Compared with {base} ({base_value}) the change ({change} percentage points) is not "
                        "significant.",
        "f_top": "Most frequent in {figure}: {label} ({value} of {population}).",
        "f_benchmark": "Among firms with at least 10 employees that is {flanders} in Flanders, against {eu} in the "
                       "{geo}.",
        "methods": "Method and quality", "annex": "Annex: sample and response by stratum",
        "m_sample": "The sampling frame holds {frame} firms with at least 5 employees in {strata} strata (sector "
                    "× size class; Table 1). {sampled} firms were invited; fieldwork ran from {start} to {end}. "
                    "{received} responses were received, of which {usable} are usable (Table 2).",
        "m_funnel": "From invitation to usable response",
        "m_sampled": "Invited", "m_undeliverable": "Invitation not delivered", "m_reached": "Reached",
        "m_received": "Responses received", "m_excluded_small": "Excluded: fewer than 5 employees",
        "m_excluded_sector": "Excluded: sector out of scope",
        "m_excluded_no_ai": "Excluded: no AI question answered", "m_excluded_duplicate": "Excluded: duplicate",
        "m_quarantined": "Quarantined (unreadable or invalid)", "m_usable": "Usable", "m_firms": "Firms",
        "m_response": "The response rate by AAPOR's definitions is {rr1} (RR1, unweighted) or {rr1w} (weighted "
                      "by the design weight); RR3, which counts part of the firms of unknown eligibility as "
                      "ineligible, is {rr3}. Of the firms whose eligibility is known, {e} belong to the target "
                      "population; {oc} of the frame falls outside it (over-coverage: fewer than 5 employees or "
                      "another sector).",
        "m_representativity": "The R-indicator measures how evenly the strata responded: 1 is an equal response "
                              "propensity in every stratum. It is {r} (standard error {se}); selective response "
                              "between the strata can therefore bias a share by at most {bias} percentage "
                              "points before the weighting corrects it.",
        "m_weighting": "Every usable response gets the weight N_h/n_h: the firms of its stratum in the frame divided "
                       "by the usable responses of that stratum (weights from {wmin} to {wmax}; Kish design effect "
                       "{kish}). That weighting assumes every firm in the frame belongs to the target population. "
                       "Removing the over-coverage found per stratum estimates {pop_adj} instead of {pop} firms "
                       "and a headline of {headline_adj} instead of {headline}.",
        "m_precision": "Every number has a standard error (Taylor linearisation for a stratified sample without "
                       "replacement, with finite population correction) and a 95% confidence interval: for shares "
                       "the Korn-Graubard interval as the standards of the US NCHS prescribe it.",
        "m_reliability": "A share is flagged u (low reliability) when it rests on fewer than 30 respondents or "
                         "effective respondents, when its interval is 30 percentage points wide or wider, or when the "
                         "interval is wider than 5 points and than 130% of the share (NCHS, 2017). A mean is flagged "
                         "with fewer than 30 respondents or a relative standard error above 30%.",
        "m_disclosure": "A number on fewer than 5 respondents is not published (c), nor are the cells it could be "
                        "recomputed from (secondary suppression): no withheld number can be narrowed from the "
                        "published ones to less than 10 percentage points.",
        "t1_title": "Population (N) and sample (n) by stratum", "t2_title": "Usable responses and response "
        "by stratum", "t1_cell": "N (n)", "t2_cell": "usable (responses received per firm reached)", "sector": "Sector",
        "downloads": "Downloads", "dl_database": "Public database (DuckDB)", "dl_parquet": "Parquet with its "
        "data package (Frictionless)", "dl_sdmx": "SDMX (structure and observations)",
        "headline": "Uses at least one AI technology",
    },
}

MINUS = "\u2212"


def source(wave: int, synthetic: bool | None, lang: str, counts: bool = False) -> str:
    """The source line under a figure or table: of weighted estimates with intervals, or of counts."""
    key = ("source_counts" if counts else "source") + ("_synthetic" if synthetic else "")
    return WORDS[lang][key].format(wave=wave)


def number(value: float | None, lang: str, decimals: int = 1) -> str:
    """A number in the page's locale: 23,2 (nl) or 23.2 (en), a true minus sign; a dash when there is none."""
    if value is None or value != value:
        return "–"
    shown = format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0", locale=LOCALES[lang])
    return shown.replace("-", MINUS)


def percent(value: float | None, lang: str, decimals: int = 1) -> str:
    return "–" if value is None or value != value else number(value, lang, decimals) + "%"


def interval(low: float | None, high: float | None, lang: str) -> str:
    """An interval in its own cell: 6,4–13,4; with a negative bound the words say it (−3,9 tot 0,1)."""
    if low is None or low != low:
        return ""
    sep = "–" if low >= 0 else f" {WORDS[lang]['to_word']} "
    return f"{number(low, lang)}{sep}{number(high, lang)}"


def count(value: int, lang: str) -> str:
    """A head count with the locale's grouping: N=1.717 (nl), N=1,717 (en)."""
    return format_decimal(value, format="#,##0", locale=LOCALES[lang])


def date(value, lang: str) -> str:
    return format_date(value, format="long", locale=LOCALES[lang])
