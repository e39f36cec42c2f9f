"""The raw layout of a wave partition, declared once: which files a wave=<wave>/ folder holds and the
columns of each. The intake checks exports against it, the data-quality checkpoint expects it, and both
generators write it. (The questionnaire's item columns of responses.csv are the codebook's: see
aibarometer.intake.wave_items and dbt's int_codebook_wave_items.)"""

from __future__ import annotations

REQUIRED_FILES = ("frame", "sample", "fieldwork", "responses")
OPTIONAL_FILES = ("codebook_changes", "wave_info")
REQUIRED_COLUMNS = {
    "frame": ("wave", "nace_group", "size_class", "population_firms"),
    "sample": ("wave", "invitation_id", "enterprise_number", "nace_group", "size_class"),
    "fieldwork": ("wave", "invitation_id", "delivery_status", "reminders_sent", "phone_follow_up"),
    # the profile of a response; the questionnaire's items follow it
    "responses": ("response_id", "wave", "invitation_id", "submitted_at", "enterprise_number", "employees",
                  "nace_code"),
    "codebook_changes": ("item", "change"),
    # where the wave comes from: is_synthetic true/false and a sentence of provenance (one row); optional:
    # the fieldwork window (first and last day), against which submission dates are checked, and the
    # sampling design and frame in words (a change of either between two waves is a break in series)
    "wave_info": ("is_synthetic", "provenance"),
}
# An added or reworded item's codebook entry in codebook_changes.csv (the codebook seed's columns)
CODEBOOK_COLUMNS = ("section", "item_type", "option_set", "asked_of", "condition_item", "condition_codes",
                    "is_ai_question", "eurostat_code", "question_nl", "question_en")
# Columns a file may carry beyond the required ones (the sample's contact e-mail is personal data: staging
# drops it)
OPTIONAL_COLUMNS = {"sample": ("contact_email",), "codebook_changes": CODEBOOK_COLUMNS,
                    "wave_info": ("fieldwork_start", "fieldwork_end", "sampling_design", "frame_source")}
RESPONSE_PROFILE = REQUIRED_COLUMNS["responses"]
# The responses may arrive as the survey tool wrote them: CSV, SPSS (.sav, .zsav) or Stata (.dta), one file
# a wave, mapped by the wave's column_map.csv (aibarometer/intake/exports.py); every other file is CSV.
RESPONSE_SUFFIXES = (".csv", ".sav", ".zsav", ".dta")


def file_names(name: str) -> tuple[str, ...]:
    """The names a raw file of this kind may have in a wave folder."""
    return tuple(name + suffix for suffix in (RESPONSE_SUFFIXES if name == "responses" else (".csv",)))


def columns(name: str) -> tuple[str, ...]:
    """Every column a file of this name is written with: the required ones, then the optional ones."""
    return REQUIRED_COLUMNS[name] + OPTIONAL_COLUMNS.get(name, ())
