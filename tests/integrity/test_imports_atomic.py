"""Every import is all or nothing (issue 15, point 4): a bad row at the END of the file, or a
write that fails after the earlier rows were written, leaves nothing stored.

The import paths and where each is shown:

- ``ortakakil import_proposals`` / the back office (``proposals.importing.proposals_import``):
  tests/proposals/test_import.py::test_a_single_bad_row_blocks_the_whole_file_with_line_numbers
  (the last line is bad; one ``bulk_create`` writes after every row is checked).
- ``ortakakil import_contacts`` / the back office (``workshops.contacts_import``):
  tests/workshops/test_contacts_import.py::test_one_bad_row_blocks_the_whole_file (last line bad)
  and, below, a write failing after the new organisations were saved.
- ``ortakakil plan import`` / the back office (``planning.services.plan_import``):
  tests/planning/test_services.py::test_an_unknown_theme_is_refused_whole (the unknown theme is
  in the last goal of the last aim; units and aims written before it are rolled back).
- ``ortakakil pb import`` / the upload page (``portfolio.imports.round_import``): below, the last
  ballot bad, and the ballots' write failing after the projects and the round were saved.
- ``ortakakil polis import`` / the back office (``opinions.backoffice`` ``polis_import``):
  tests/opinions/backoffice/test_polis_import_export.py::test_bad_input_names_the_file_and_imports_nothing
  (``votes.csv:3``: the last vote is bad).
- the monitoring bulk upload (``monitoring.bulk``):
  tests/monitoring/test_bulk.py::test_a_late_refusal_by_the_services_rolls_back_every_row (the
  services refuse the last row while writing).
- the verification census upload (``core.census``):
  tests/core/test_verification_census.py::test_bad_rows_store_nothing_and_are_listed_by_line
  (the last line is bad) and, below, the update of known people failing after the new ones were
  inserted.
- ``ortakakil restore`` (``core.backup.restore``): below, the last line of ``data.jsonl`` damaged
  after every row was inserted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ortakakil.core import backup, census
from ortakakil.core.models import CensusEntry, Organisation, Unit
from ortakakil.portfolio import imports
from ortakakil.portfolio.models import Ballot
from ortakakil.workshops import contacts_import
from tests.core.test_backup import _archive, _rewrite
from tests.portfolio.test_pb_import import SMALL, counts, election
from tests.workshops.test_contacts_import import GOOD_CSV, run, snapshot

pytestmark = pytest.mark.django_db


def _fail(*_args, **_kwargs):
    raise IntegrityError("the database refused the last rows")


# --- pb import ------------------------------------------------------------------------------------


def test_pb_a_bad_last_ballot_stores_nothing(process, strategist):
    text = SMALL.replace("a4;\n", "a1;\n")  # the file's last ballot repeats the first voter's id
    assert text != SMALL and text.rstrip().endswith("a1;")
    before = counts()
    with pytest.raises(ValidationError, match="“a1”"):
        imports.round_import(actor=strategist, process=process, election=election(text), slug="mahalle")
    assert counts() == before


def test_pb_a_failure_while_writing_the_ballots_leaves_no_projects_nor_round(process, strategist, monkeypatch):
    before = counts()
    monkeypatch.setattr(Ballot.objects, "bulk_create", _fail)
    with pytest.raises(IntegrityError):
        imports.round_import(actor=strategist, process=process, election=election(), slug="mahalle")
    assert counts() == before


# --- contact lists --------------------------------------------------------------------------------


def test_contacts_a_failure_after_the_new_organisations_were_saved_leaves_nothing(
    strategist, organisation, monkeypatch
):
    before = snapshot()
    monkeypatch.setattr(contacts_import, "bulk_create_with_history", _fail)
    with pytest.raises(IntegrityError):
        run(strategist, organisation, GOOD_CSV.encode())
    assert snapshot() == before


# --- the verification census ----------------------------------------------------------------------


def _hash(n: int) -> str:
    return hashlib.sha256(f"kisi-{n}".encode()).hexdigest()


def test_census_a_failure_updating_known_people_leaves_the_new_ones_out(strategist, organisation, monkeypatch):
    known = CensusEntry.objects.create(
        organisation=organisation, id_hash=_hash(0), birth_date=dt.date(1980, 5, 1), district="Çankaya", batch="eski"
    )
    kept = json.dumps([[_hash(1), "1990-01-01", "Mamak"], [_hash(0), "1980-05-01", "Keçiören"]]).encode()
    monkeypatch.setattr(CensusEntry.objects, "bulk_update", _fail)
    with pytest.raises(IntegrityError):
        census.census_import(actor=strategist, organisation=organisation, kept=kept)
    assert list(CensusEntry.objects.values_list("id_hash", "district", "batch")) == [(known.id_hash, "Çankaya", "eski")]


# --- restore --------------------------------------------------------------------------------------


def test_restore_a_damaged_last_line_leaves_the_database_empty(db, tmp_path, settings):
    path = _archive(tmp_path, settings)
    lines = []
    _rewrite(path, "data.jsonl", lambda data: lines.append(data.count(b"\n")) or data + b"{bozuk\n")
    Unit.objects.all().delete()
    Organisation.objects.all().delete()  # «empty» again, as after migrate
    with pytest.raises(backup.RestoreError, match=re.escape(f"data.jsonl:{lines[0] + 1}: Satır JSON")):
        backup.restore(path)
    assert not Organisation.objects.exists() and not Unit.objects.exists()
