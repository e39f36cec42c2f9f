"""SDMX export of the public estimates: the data structure (code lists, concepts, a data structure
definition and a dataflow) as an SDMX-ML 2.1 structure message, and the observations of
marts.fct_observations as SDMX-CSV 2.0, both written with sdmx1, the Python implementation of the whole
SDMX information model (it reads them back too, which the tests use to validate them).

Everything comes from the public database: the code lists from marts.dim_code_lists, the observations
from marts.fct_observations (withheld ones with no value, CONF_STATUS C and the reason; OBS_STATUS b or u as
Eurostat codes them since January 2025), values and their precision rounded to the published decimals (column
meta decimals; the DuckDB files keep full precision). The wave is SDMX's TIME_PERIOD
(annual). SDMX identifiers allow letters, digits and _ @ $ -, so a code outside that set is written as
sdmx_id(code) says (250+ as GE250, Eurostat's usage; other characters as _); the code's labels keep the
original code in the code list's description.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import sdmx
from sdmx import message
from sdmx.model import common, v21

from aibarometer.public import rounded

AGENCY = "AIBAROMETER"
VERSION = "1.0"
DSD_ID = "DSD_AIB_ESTIMATES"
DATAFLOW_ID = "AIB_ESTIMATES"
STRUCTURE_FILE = "structure.xml"
DATA_FILE = "estimates.csv"
# dimensions of fct_observations, in key order, with their code list (the wave is TIME_PERIOD)
DIMENSIONS = ("indicator", "population", "nace_group", "size_class")
# attributes: coded ones name their code list; the others are numbers or booleans written as text
CODED_ATTRIBUTES = ("unit", "reliability", "obs_status", "conf_status", "weighting")
UNCODED_ATTRIBUTES = ("std_error", "cv", "ci_lower", "ci_upper", "respondents", "suppression_reason",
                      "is_break_in_series", "is_synthetic")


def sdmx_id(code: str) -> str:
    """A code as an SDMX identifier: 250+ becomes GE250 (greater or equal, as Eurostat writes it);
    characters SDMX does not allow become _."""
    if code.endswith("+"):
        code = "GE" + code[:-1]
    return re.sub(r"[^A-Za-z0-9_@$-]", "_", code)


def _name(label_en: str, label_nl: str) -> common.InternationalString:
    return common.InternationalString({"en": label_en or "", "nl": label_nl or ""})


def structure(con: duckdb.DuckDBPyConnection) -> tuple[message.StructureMessage, v21.DataflowDefinition,
                                                       dict[str, v21.Codelist]]:
    """The code lists, concepts, data structure definition and dataflow, from the public database."""
    agency = common.Agency(id=AGENCY)
    maintained = dict(maintainer=agency, version=VERSION, is_final=True)
    codelists: dict[str, v21.Codelist] = {}
    for code_list, code, label_nl, label_en, description in con.sql(
            "select code_list, code, label_nl, label_en, description_en from marts.dim_code_lists where code_list "
            f"in ({', '.join(repr(c) for c in DIMENSIONS + CODED_ATTRIBUTES)}) order by code_list, sort_order, code"
    ).fetchall():
        codelist = codelists.setdefault(code_list, v21.Codelist(id=f"CL_{code_list.upper()}",
                                                                 name=_name(code_list, code_list), **maintained))
        described = (f"{description} " if description else "") + (f"(code {code})" if sdmx_id(code) != code else "")
        codelist.append(common.Code(id=sdmx_id(code), name=_name(label_en, label_nl),
                                    description=common.InternationalString({"en": described.strip()})
                                    if described.strip() else None))
    comments = dict(con.sql("select column_name, comment from duckdb_columns() where schema_name = 'marts' "
                            "and table_name = 'fct_observations'").fetchall())
    concepts = common.ConceptScheme(id="CS_AIB", name=_name("AI-Barometer concepts", "AI-Barometer concepten"),
                                    **maintained)
    names = {"time_period": "wave", "obs_value": "obs_value"}

    def concept(column: str) -> common.Concept:
        c = common.Concept(id=column.upper(), name=_name(column, column),
                           description=common.InternationalString({"en": comments.get(names.get(column, column))
                                                                   or column}))
        concepts.append(c)
        return c

    dsd = v21.DataStructureDefinition(id=DSD_ID, name=_name("AI-Barometer estimates", "AI-Barometer schattingen"),
                                      **maintained)
    for order, column in enumerate(DIMENSIONS):
        dsd.dimensions.getdefault(column.upper(), concept_identity=concept(column), order=order,
                                  local_representation=common.Representation(enumerated=codelists[column]))
    dsd.dimensions.getdefault("TIME_PERIOD", cls=v21.TimeDimension, concept_identity=concept("time_period"),
                              order=len(DIMENSIONS))
    dsd.measures.getdefault("OBS_VALUE", concept_identity=concept("obs_value"))
    for column in CODED_ATTRIBUTES + UNCODED_ATTRIBUTES:
        representation = (common.Representation(enumerated=codelists[column]) if column in CODED_ATTRIBUTES
                          else None)
        dsd.attributes.getdefault(column.upper(), concept_identity=concept(column),
                                  local_representation=representation,
                                  usage_status=common.UsageStatus.conditional,
                                  related_to=v21.PrimaryMeasureRelationship())
    name = _name("AI-Barometer: AI adoption by Flemish firms", "AI-Barometer: AI-adoptie door Vlaamse ondernemingen")
    dataflow = v21.DataflowDefinition(id=DATAFLOW_ID, name=name, structure=dsd, **maintained)
    msg = message.StructureMessage()
    for item in [*codelists.values(), concepts, dsd, dataflow]:
        msg.add(item)
    return msg, dataflow, codelists


def dataset(con: duckdb.DuckDBPyConnection, dataflow: v21.DataflowDefinition,
            decimals: dict[str, int] | None = None) -> v21.DataSet:
    """The observations of marts.fct_observations as an SDMX data set, the columns in decimals rounded."""
    decimals = decimals or {}
    dsd = dataflow.structure
    columns = ["wave", *DIMENSIONS, "obs_value", *CODED_ATTRIBUTES, *UNCODED_ATTRIBUTES]
    ds = v21.DataSet(described_by=dataflow, structured_by=dsd)
    attributes = {c: dsd.attributes.get(c.upper()) for c in CODED_ATTRIBUTES + UNCODED_ATTRIBUTES}
    observations = []
    # rounded by DuckDB, as the Parquet files are (half away from zero, the same digits in both)
    for row in con.sql(f"select {', '.join(rounded(c, decimals.get(c)) for c in columns)} from marts.fct_observations "
                       f"order by wave, {', '.join(DIMENSIONS)}").fetchall():
        values = dict(zip(columns, row, strict=True))
        key = dsd.make_key(common.Key, {**{c.upper(): sdmx_id(values[c]) for c in DIMENSIONS},
                                        "TIME_PERIOD": str(values["wave"])})
        attached = {}
        for column, attribute in attributes.items():
            value = values[column]
            if value is None:
                continue
            text = sdmx_id(value) if column in CODED_ATTRIBUTES else (
                str(value).lower() if isinstance(value, bool) else repr(value) if isinstance(value, float)
                else str(value))
            attached[attribute.id] = v21.AttributeValue(value=text, value_for=attribute)
        observations.append(v21.Observation(dimension=key, value=values["obs_value"], attached_attribute=attached,
                                            value_for=dsd.measures.get("OBS_VALUE")))
    ds.add_obs(observations)
    return ds


def export_sdmx(public: Path, folder: Path, decimals: dict[str, int] | None = None) -> list[Path]:
    """Write the structure (SDMX-ML 2.1) and the data (SDMX-CSV 2.0) of the public estimates into folder;
    decimals: fct_observations' columns rounded to the published precision (public.published_decimals)."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(public), read_only=True)
    try:
        msg, dataflow, _ = structure(con)
        (folder / STRUCTURE_FILE).write_bytes(sdmx.to_xml(msg, pretty_print=True))
        sdmx.to_csv(dataset(con, dataflow, decimals), path=folder / DATA_FILE, attributes="o")
    finally:
        con.close()
    return [folder / STRUCTURE_FILE, folder / DATA_FILE]
