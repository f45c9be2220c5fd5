"""Every witness the subschema checker gave on jsonsubschema's pairs, re-checked by Python's jsonschema:
valid under the first schema, invalid under the second. Written by the Swift test SubschemaPairsTests."""
import json
import pathlib

import jsonschema
import pytest

from conftest import ROOT

WITNESSES = ROOT / ".build" / "subschema-witnesses.json"
VALIDATORS = {"draft-04": jsonschema.Draft4Validator, "draft-06": jsonschema.Draft6Validator, "draft-07": jsonschema.Draft7Validator}


def validator(schema, draft):
    cls = jsonschema.validators.validator_for(schema, default=VALIDATORS[draft]) if isinstance(schema, dict) and "$schema" in schema else VALIDATORS[draft]
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_every_witness_holds_in_python_jsonschema():
    assert WITNESSES.exists(), "run `swift test` first (scripts/test.sh does): it writes the witnesses"
    entries = json.loads(WITNESSES.read_text())
    assert len(entries) > 300
    disagreements = []
    for e in entries:
        ok_a = validator(e["lhs"], e["lhsDraft"]).is_valid(e["witness"])
        ok_b = validator(e["rhs"], e["rhsDraft"]).is_valid(e["witness"])
        if not ok_a or ok_b:
            disagreements.append(f"{e['test']}: witness {json.dumps(e['witness'])[:120]} lhs-valid={ok_a} rhs-valid={ok_b}")
    print(f"{len(entries)} witnesses re-checked with jsonschema {jsonschema.__name__}; {len(disagreements)} disagreements")
    assert disagreements == []
