"""Intake: check each wave's raw files and land them for dbt, so that nothing is lost without a word.

Raw files are never changed. For every wave partition data/raw/wave=<wave>/ this writes a landing copy
(<landing>/wave=<wave>/<file>.parquet, every column text) that dbt reads:

- Structural problems stop the run at once, all of them listed, each naming the file, the column and the
  fix: a missing file, a missing or renamed column, an item column the wave's codebook does not know, a
  wrong delimiter, a UTF-16 export.
- Encodings are made explicit and logged: a UTF-8 byte-order mark is dropped, a file that is not valid
  UTF-8 is read as Latin-1 (what Windows survey tools export) and landed as UTF-8.
- A row whose field count differs from the header's is not landed: it goes to the wave's rejects.parquet
  with the file, its line and its raw text, and dbt puts it in the quarantine with the rows its own rules
  reject. Every landed row keeps its source file and line, so a quarantined or published number can be
  traced back to the line it came from.
- The file's own `wave` column is landed as `declared_wave`: the wave is the partition's, and rows that
  declare another one are quarantined in dbt.

A wave whose raw files and codebook are unchanged since the last intake (their SHA-256, kept in
_intake.json) is not landed again: appending a wave costs the same however many waves are loaded.
The copy is Parquet, not CSV, for the same reason: dbt reads the waves through one glob, and with CSV
DuckDB sniffs every wave's file before it can prune to the waves a run builds (measured: 2 s per read of
20 waves, against 0.03 s from Parquet, where the schema is in each file's footer).

The package, by reason to change:
- checks: the structural problems that stop a wave (encoding, header, codebook changes, frame, fieldwork
  window) and IntakeError;
- splitting: a raw file read into records and rejects, every line accounted for (read_file, LandedFile);
- landing: the records written as Parquet, a wave's partial folder put in place, land();
- signatures: what a wave was landed from (wave_signature), kept in the manifest _intake.json;
- column_map and exports: a survey tool's export of responses (SPSS, Stata, Qualtrics, LimeSurvey) mapped to
  the codebook as the wave's column_map.csv declares, with the lineage of every recode (export_codes).
"""

from aibarometer.intake.checks import WAVE_FOLDER, IntakeError, wave_items
from aibarometer.intake.landing import IntakeReport, land
from aibarometer.intake.signatures import MANIFEST, wave_signature

__all__ = ["MANIFEST", "WAVE_FOLDER", "IntakeError", "IntakeReport", "land", "wave_items", "wave_signature"]
