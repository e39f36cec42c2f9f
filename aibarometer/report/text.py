"""The report's words and numbers in Dutch and English: the page's own sentences (labels of indicators,
populations, sectors, size classes and the figures' and tables' titles come from the public database's code
lists, in the page's language),
and numbers formatted per locale with Babel (23,2% on the Dutch page, 23.2% on the English)."""

from __future__ import annotations

from babel.numbers import format_decimal

LANGUAGES = ("nl", "en")
LOCALES = {"nl": "nl_BE", "en": "en_GB"}

WORDS = {
    "nl": {
        "title": "AI-Barometer {wave}", "figure": "Figuur", "table": "Tabel", "other_language": "English",
        "landing": "AI-Barometer: rapporten per editie", "edition": "Editie {wave}",
        "intro": "Gewogen resultaten van de AI-Barometer, een gestratificeerde steekproef van Vlaamse "
                 "ondernemingen met minstens 5 werknemers, met 95%-betrouwbaarheidsintervallen.",
        "synthetic": "Let op: deze editie is gebouwd op synthetische gegevens, geen echte enquêtegegevens. "
                     "{provenance}",
        "source": "Bron: AI-Barometer {wave}, gewogen resultaten; 95%-betrouwbaarheidsinterval.",
        "source_synthetic": "Bron: AI-Barometer {wave} (synthetische gegevens), gewogen resultaten; "
                            "95%-betrouwbaarheidsinterval.",
        "share": "% van de ondernemingen", "mean": "gemiddeld percentage",
        "flag_u": "u: lage betrouwbaarheid (NCHS-normen)", "flag_c": "c: vertrouwelijk (geheimhouding)",
        "total_note": "Totaal: {label} {value}.",
        "trends": "Evolutie tussen edities", "trends_intro": "Vergelijkbare kernindicatoren over de "
                  "edities heen, met het 95%-betrouwbaarheidsinterval van het verschil.",
        "benchmark": "Vergelijking met de Europese Unie (Eurostat)",
        "indicator": "Indicator", "from": "Van", "to": "Naar", "change": "Verschil (procentpunten)",
        "significant": "Significant", "yes": "ja", "no": "nee", "flanders": "Vlaanderen",
        "scope": "Afbakening", "no_trends": "Geen vergelijkbare eerdere editie.",
        "no_benchmark": "Geen Eurostat-cijfer voor deze editie.",
    },
    "en": {
        "title": "AI-Barometer {wave}", "figure": "Figure", "table": "Table", "other_language": "Nederlands",
        "landing": "AI-Barometer: reports by edition", "edition": "Edition {wave}",
        "intro": "Weighted results of the AI-Barometer, a stratified sample of Flemish firms with at least 5 "
                 "employees, with 95% confidence intervals.",
        "synthetic": "Note: this edition is built on synthetic data, not real survey data. {provenance}",
        "source": "Source: AI-Barometer {wave}, weighted results; 95% confidence interval.",
        "source_synthetic": "Source: AI-Barometer {wave} (synthetic data), weighted results; 95% confidence "
                            "interval.",
        "share": "% of firms", "mean": "mean percentage",
        "flag_u": "u: low reliability (NCHS standards)", "flag_c": "c: confidential (disclosure control)",
        "total_note": "Total: {label} {value}.",
        "trends": "Change between editions", "trends_intro": "Comparable headline indicators across "
                  "editions, with the 95% confidence interval of the change.",
        "benchmark": "Comparison with the European Union (Eurostat)",
        "indicator": "Indicator", "from": "From", "to": "To", "change": "Change (percentage points)",
        "significant": "Significant", "yes": "yes", "no": "no", "flanders": "Flanders",
        "scope": "Scope", "no_trends": "No comparable earlier edition.",
        "no_benchmark": "No Eurostat figure for this edition.",
    },
}


def number(value: float | None, lang: str, decimals: int = 1) -> str:
    """A number in the page's locale: 23,2 (nl) or 23.2 (en); a dash when there is none."""
    if value is None or value != value:
        return "–"
    return format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0", locale=LOCALES[lang])


def percent(value: float | None, lang: str) -> str:
    return "–" if value is None or value != value else number(value, lang) + "%"


def interval(low: float | None, high: float | None, lang: str) -> str:
    return "" if low is None or low != low else f"[{number(low, lang)}–{number(high, lang)}]"


def count(value: int, lang: str) -> str:
    """A head count with the locale's grouping: N=1.717 (nl), N=1,717 (en)."""
    return format_decimal(value, format="#,##0", locale=LOCALES[lang])
