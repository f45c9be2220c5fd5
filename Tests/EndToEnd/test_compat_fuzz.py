"""Random schema pairs through `trackspec compat --json`: it must answer (exit 0, 1 or 3, a JSON verdict)
within its bound on every pair, never crash or hang, and every witness it gives must hold in Python's
jsonschema (valid under the first schema, invalid under the second). The generator mixes every keyword the
checker reads, combinators nested four deep, self-references, huge and tiny numbers and hostile patterns;
a self-negating schema that overflowed the stack was found this way."""
import json
import random
from decimal import Decimal
import subprocess

import jsonschema
import pytest

from conftest import BINARY

NUMBERS = [0, -0.0, 1, -1, 0.1, 0.3, 2.5, 1e308, -1e308, 1e-30, 12345678901234567890123, 3, 7, 0.001, 1e20, 9007199254740993, 0.5]
# Patterns whose meaning Python's `re` shares with ECMA-262 on the strings the checker builds.
PATTERNS = ["", "a", "ab", "^a", "b$", "(a|b)*c", "[^a]", "(?=a)", "(a+)+b", "a{2,5}", ".*", "é"]
KEYWORDS = ["type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
            "maxLength", "pattern", "items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains", "properties",
            "patternProperties", "additionalProperties", "required", "minProperties", "maxProperties", "dependencies",
            "propertyNames", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref"]


def value(rng, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.3:
        return rng.choice(NUMBERS + PATTERNS + [None, True, False])
    if r < 0.6:
        return [value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice("pqr"): value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def schema(rng, depth=0):
    if depth > 3 or rng.random() < 0.15:
        return rng.choice([True, False, {}])
    s = {}
    for _ in range(rng.randint(1, 4)):
        k = rng.choice(KEYWORDS)
        if k == "type":
            s[k] = rng.choice(["string", "number", "integer", "object", "array", "null", "boolean", ["string", "null"], ["integer", "object"]])
        elif k == "enum":
            s[k] = [value(rng) for _ in range(rng.randint(1, 4))]
        elif k == "const":
            s[k] = value(rng)
        elif k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            s[k] = rng.choice(NUMBERS)
        elif k == "multipleOf":
            s[k] = rng.choice([0.1, 0.3, 1, 3, 7, 1e-30, 2.5, 1e20, 0.001, 13])
        elif k in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
            s[k] = rng.choice([0, 1, 2, 5, 100000, 2 ** 40])
        elif k == "pattern":
            s[k] = rng.choice(PATTERNS)
        elif k in ("items", "additionalItems", "contains", "additionalProperties", "propertyNames", "not", "if", "then", "else"):
            s[k] = schema(rng, depth + 1)
        elif k == "uniqueItems":
            s[k] = rng.choice([True, False])
        elif k == "properties":
            s[k] = {rng.choice("pqr"): schema(rng, depth + 1) for _ in range(rng.randint(0, 3))}
        elif k == "patternProperties":
            s[k] = {rng.choice(["^p", "q$", "r"]): schema(rng, depth + 1) for _ in range(rng.randint(0, 2))}
        elif k == "required":
            s[k] = rng.sample("pqr", rng.randint(0, 3))
        elif k == "dependencies":
            s[k] = {"p": rng.choice([["q"], schema(rng, depth + 1)])}
        elif k in ("allOf", "anyOf", "oneOf"):
            s[k] = [schema(rng, depth + 1) for _ in range(rng.randint(1, 3))]
        elif k == "$ref":
            s[k] = rng.choice(["#", "#/definitions/x"])
    if rng.random() < 0.3:
        s["definitions"] = {"x": schema(rng, depth + 1)}
    return s


def representable(v):
    """Every number of the value survives the trip through a Python float."""
    if isinstance(v, Decimal):
        return Decimal(repr(float(v))) == v
    if isinstance(v, list):
        return all(representable(x) for x in v)
    if isinstance(v, dict):
        return all(representable(x) for x in v.values())
    return True


def draft7(s):
    return {"$schema": "http://json-schema.org/draft-07/schema#", **s} if isinstance(s, dict) else s


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_pairs_are_answered_and_witnessed(tmp_path, seed):
    rng = random.Random(seed)
    # Values to refute a "compatible" with: random ones and the edge values the schemas are made of.
    pool = [value(rng) for _ in range(300)] + NUMBERS + PATTERNS + [None, True, False, [], {}, [1, 1], {"p": 1, "q": 2}]
    verdicts = {}
    problems = []
    for i in range(120):
        a, b = draft7(schema(rng)), draft7(schema(rng))
        pa, pb = tmp_path / "a.json", tmp_path / "b.json"
        pa.write_text(json.dumps(a))
        pb.write_text(json.dumps(b))
        try:
            run = subprocess.run([BINARY, "compat", str(pa), str(pb), "--json"], capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            problems.append(f"timeout: {json.dumps(a)} / {json.dumps(b)}")
            continue
        if run.returncode not in (0, 1, 3):
            problems.append(f"exit {run.returncode}: {json.dumps(a)} / {json.dumps(b)}: {run.stderr[-300:]}")
            continue
        answer = json.loads(run.stdout)
        verdicts[answer["result"]] = verdicts.get(answer["result"], 0) + 1
        if answer["result"] == "compatible":
            # No sampled value may be valid under A and invalid under B.
            try:
                va, vb = jsonschema.Draft7Validator(a), jsonschema.Draft7Validator(b)
                for v in pool:
                    if va.is_valid(v) and not vb.is_valid(v):
                        problems.append(f"compatible, but {json.dumps(v)} is valid under {json.dumps(a)} and not under {json.dumps(b)}")
                        break
            except Exception:  # a $ref Python cannot resolve: nothing to compare
                pass
        if answer["result"] == "incompatible":
            w = answer["witness"]
            if not representable(json.loads(run.stdout, parse_float=Decimal)["witness"]):
                continue  # e.g. 100000000000000000000.5: Python's floats (and so jsonschema) cannot hold it
            try:
                ok_a = jsonschema.Draft7Validator(a).is_valid(w)
                ok_b = jsonschema.Draft7Validator(b).is_valid(w)
            except Exception:  # a $ref Python cannot resolve (ours answered anyway): nothing to compare
                continue
            if not ok_a or ok_b:
                problems.append(f"witness {json.dumps(w)} of {json.dumps(a)} / {json.dumps(b)}: valid under A {ok_a}, under B {ok_b}")
    print(f"seed {seed}: {verdicts}")
    assert problems == []
    assert verdicts.get("incompatible", 0) > 10
