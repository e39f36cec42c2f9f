"""The report's words around its numbers, all read from the public database: the key findings (templated
sentences that cite the figure or table they read), the methods section (sample, funnel, response and
coverage rates, R-indicator, weighting and what it assumes, precision, reliability and disclosure rules,
from fct_quality_indicators, fct_fieldwork_funnel, dim_waves and fct_weighting_sensitivity) and the annex
with the report's Tables 1 and 2 (dim_strata and the funnel per stratum)."""

from __future__ import annotations

import html

import pandas as pd

from aibarometer.report import text
from aibarometer.report.content import Wave, figure, label, ordered_codes
from aibarometer.report.tables import grid_html, row_label

HEADLINE = "uses_any_ai"


def _estimate(data: Wave, indicator: str, population: str = "all_firms") -> pd.Series | None:
    """An indicator over the whole population, None where it is withheld."""
    row = data.totals.get((indicator, population))
    return None if row is None or row["suppressed"] else row


def headline(data: Wave) -> pd.Series | None:
    return _estimate(data, HEADLINE)


def quality(data: Wave, indicator: str, weighting: str, column: str = "indicator_value") -> float:
    """A quality indicator of the wave as a whole (fct_quality_indicators, breakdown total)."""
    q = data.quality
    rows = q[(q["quality_indicator"] == indicator) & (q["weighting"] == weighting) & (q["breakdown"] == "total")]
    return float(rows[column].iloc[0]) if not rows.empty else float("nan")


def _in_sentence(name: str) -> str:
    """A label inside a sentence: its first letter small, unless the word is an acronym (AI, ICT)."""
    return name[0].lower() + name[1:] if len(name) > 1 and not name[1].isupper() else name


def _cite(words: dict, kind: str, number: int) -> str:
    return f"<a href='#{kind}_{number}'>{words[kind]} {number}</a>"


def findings(data: Wave, lang: str) -> list[str]:
    """The key findings as HTML sentences (escaped), each citing where its figure is."""
    words, out = text.WORDS[lang], []
    head = headline(data)
    if head is not None:
        out.append(html.escape(words["f_headline"].format(
            value=text.percent(head["estimate"], lang), low=text.percent(head["ci_lower"], lang),
            high=text.percent(head["ci_upper"], lang))) + f" ({_cite(words, 'figure', 1)})")
    trend = data.trends[data.trends["indicator"] == HEADLINE]
    if not trend.empty and not trend.iloc[0]["suppressed"]:
        t = trend.iloc[0]
        key = "f_trend_flat" if not t["is_significant"] else ("f_trend_up" if t["estimate_change"] > 0
                                                              else "f_trend_down")
        change = abs(t["estimate_change"]) if t["is_significant"] else t["estimate_change"]
        out.append(html.escape(words[key].format(change=text.number(change, lang), base=t["base_wave"],
                                                 base_value=text.percent(t["base_estimate"], lang)))
                   + " (<a href='#trends'>" + html.escape(words["trends"]) + "</a>)")
    for number in (2, 4, 6, 7):
        spec = figure(data, number)
        if spec is None or not spec.shares:
            continue
        population = spec.populations[0]
        candidates = [(r["estimate"], i) for i in spec.shares
                      if (r := _estimate(data, i, population)) is not None and r["estimate"] == r["estimate"]]
        if candidates:
            best, indicator = max(candidates)
            out.append(html.escape(words["f_top"].format(
                figure=f"{words['figure'].lower() if lang == 'nl' else words['figure']} {number}",
                label=_in_sentence(data.indicators.at[indicator, f"label_{lang}"]),
                value=text.percent(best, lang), population=label(data, "population", population, lang)))
                + f" ({_cite(words, 'figure', number)})")
    if not data.benchmark.empty:
        b = data.benchmark.iloc[0]
        out.append(html.escape(words["f_benchmark"].format(
            flanders=text.percent(b["flanders_estimate"], lang), eu=text.percent(b["benchmark_value"], lang),
            geo=label(data, "geo", b["benchmark_geo"], lang))) + " (<a href='#benchmark'>Eurostat</a>)")
    return out


def _funnel_rows(data: Wave, lang: str) -> list[dict]:
    words, f = text.WORDS[lang], data.funnel.sum(numeric_only=True)
    steps = [("m_sampled", "sampled"), ("m_undeliverable", "undeliverable"), ("m_reached", "reached"),
             ("m_received", "received"), ("m_excluded_small", "excluded_fewer_than_5_employees"),
             ("m_excluded_sector", "excluded_sector_out_of_scope"),
             ("m_excluded_no_ai", "excluded_no_ai_question_answered"), ("m_excluded_duplicate", "excluded_duplicate"),
             ("m_quarantined", "quarantined"), ("m_usable", "usable")]
    return [{"step": words[key], "firms": text.count(int(f[column]), lang)} for key, column in steps]


def methods_html(data: Wave, lang: str) -> str:
    words = text.WORDS[lang]
    info, pct = data.info, (lambda v: text.percent(v, lang))
    frame = int(data.strata["population_firms"].sum())
    sens = data.sensitivity[(data.sensitivity["indicator"] == HEADLINE)
                            & (data.sensitivity["population"] == "all_firms")].set_index("weighting")
    paragraphs = [
        words["m_sample"].format(frame=text.count(frame, lang), strata=len(data.strata),
                                 sampled=text.count(int(info["sampled"]), lang),
                                 start=text.date(info["fieldwork_start"], lang),
                                 end=text.date(info["fieldwork_end"], lang),
                                 received=text.count(int(info["received"]), lang),
                                 usable=text.count(int(info["usable"]), lang)),
        words["m_response"].format(rr1=pct(quality(data, "response_rate_rr1", "none")),
                                   rr1w=pct(quality(data, "response_rate_rr1", "design")),
                                   rr3=pct(quality(data, "response_rate_rr3", "none")),
                                   e=pct(quality(data, "eligibility_rate", "none")),
                                   oc=pct(quality(data, "over_coverage_rate", "design"))),
        words["m_representativity"].format(r=text.number(quality(data, "r_indicator", "design"), lang, 3),
                                           se=text.number(quality(data, "r_indicator", "design", "std_error"), lang, 3),
                                           bias=text.number(quality(data, "maximal_bias_share_points", "design"),
                                                            lang)),
        words["m_weighting"].format(
            wmin=text.number(quality(data, "weight_min", "report"), lang),
            wmax=text.number(quality(data, "weight_max", "report"), lang),
            kish=text.number(quality(data, "kish_design_effect", "report"), lang, 2),
            pop=text.count(round(quality(data, "weighted_population", "report")), lang),
            pop_adj=text.count(round(quality(data, "weighted_population", "eligibility_adjusted")), lang),
            headline=pct(sens["estimate"].get("report")),
            headline_adj=pct(sens["estimate"].get("eligibility_adjusted"))),
        words["m_precision"], words["m_reliability"], words["m_disclosure"]]
    source = text.source(data.wave, data.is_synthetic, lang, counts=True)
    funnel = grid_html(words["m_funnel"], "", "", _funnel_rows(data, lang), source)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<section id='methods'><h2>{html.escape(words['methods'])}</h2>{body}" \
           f"<div class='table' id='funnel'>{funnel}</div></section>"


def annex_html(data: Wave, lang: str) -> str:
    """Tables 1 and 2: NACE groups down, size classes across."""
    words = text.WORDS[lang]
    sizes = ordered_codes(data, "size_class")
    strata = data.strata.set_index(["nace_group", "size_class"])
    funnel = data.funnel.set_index(["nace_group", "size_class"])
    source = text.source(data.wave, data.is_synthetic, lang, counts=True)
    one, two = [], []
    for code in ordered_codes(data, "nace_group"):
        name = row_label(data, "nace_group", code, lang)
        r1, r2 = {words["sector"]: name}, {words["sector"]: name}
        for size in sizes:
            head = label(data, "size_class", size, lang)
            if (code, size) in strata.index:
                s, f = strata.loc[(code, size)], funnel.loc[(code, size)]
                r1[head] = (f"{text.count(int(s['population_firms']), lang)} "
                            f"({text.count(int(s['sampled_firms']), lang)})")
                r2[head] = f"{text.count(int(f['usable']), lang)} ({text.percent(f['response_rate_pct'], lang)})"
            else:
                r1[head] = r2[head] = "–"
        one.append(r1)
        two.append(r2)
    table_1 = grid_html(f"{words['table']} 1: {words['t1_title']}", words["t1_cell"], words["sector"], one, source)
    table_2 = grid_html(f"{words['table']} 2: {words['t2_title']}", words["t2_cell"], words["sector"], two, source)
    return (f"<section id='annex'><h2>{html.escape(words['annex'])}</h2>"
            f"<div class='table' id='table_1'>{table_1}</div><div class='table' id='table_2'>{table_2}</div></section>")
