"""Validates LSP messages against the LSP 3.17 meta model (../shared/lsp/metaModel-3.17.json).

Strict on purpose: an unknown property in a structure is an error, so a typo in a field name the client
would silently ignore is caught here.
"""
import json

INT_MIN, INT_MAX, UINT_MAX = -(2**31), 2**31 - 1, 2**31 - 1


class MetaModel:
    def __init__(self, path):
        model = json.load(open(path, encoding="utf-8"))
        self.structures = {s["name"]: s for s in model["structures"]}
        self.enumerations = {e["name"]: e for e in model["enumerations"]}
        self.aliases = {a["name"]: a for a in model["typeAliases"]}
        self.requests = {r["method"]: r for r in model["requests"]}
        self.notifications = {n["method"]: n for n in model["notifications"]}

    # -- types --------------------------------------------------------------------------------------
    def check(self, value, t, path="$"):
        """Returns a list of error strings (empty when valid)."""
        kind = t["kind"]
        if kind == "base":
            return self.check_base(value, t["name"], path)
        if kind == "reference":
            name = t["name"]
            if name in self.structures:
                return self.check_structure(value, self.structures[name], path)
            if name in self.enumerations:
                return self.check_enum(value, self.enumerations[name], path)
            if name in self.aliases:
                return self.check(value, self.aliases[name]["type"], path)
            return [f"{path}: unknown type {name}"]
        if kind == "array":
            if not isinstance(value, list):
                return [f"{path}: expected array, got {type(value).__name__}"]
            errors = []
            for i, item in enumerate(value):
                errors += self.check(item, t["element"], f"{path}[{i}]")
            return errors
        if kind == "map":
            if not isinstance(value, dict):
                return [f"{path}: expected object (map)"]
            errors = []
            for k, v in value.items():
                errors += self.check(v, t["value"], f"{path}.{k}")
            return errors
        if kind == "and":
            errors = []
            for item in t["items"]:
                errors += self.check(value, item, path)
            return errors
        if kind == "or":
            alternatives = [self.check(value, item, path) for item in t["items"]]
            if any(not e for e in alternatives):
                return []
            best = min(alternatives, key=len)
            return [f"{path}: matches none of the alternatives; closest: {best[:3]}"]
        if kind == "tuple":
            if not isinstance(value, list) or len(value) != len(t["items"]):
                return [f"{path}: expected tuple of {len(t['items'])}"]
            errors = []
            for i, (item, it) in enumerate(zip(value, t["items"])):
                errors += self.check(item, it, f"{path}[{i}]")
            return errors
        if kind == "literal":
            return self.check_properties(value, t["value"]["properties"], path, extra_ok=False)
        if kind == "stringLiteral":
            return [] if value == t["value"] else [f"{path}: expected {t['value']!r}"]
        if kind == "integerLiteral":
            return [] if value == t["value"] and not isinstance(value, bool) else [f"{path}: expected {t['value']!r}"]
        if kind == "booleanLiteral":
            return [] if value is t["value"] else [f"{path}: expected {t['value']!r}"]
        return [f"{path}: unsupported type kind {kind}"]

    def check_base(self, value, name, path):
        ok = {
            "string": lambda v: isinstance(v, str),
            "DocumentUri": lambda v: isinstance(v, str) and ":" in v,
            "URI": lambda v: isinstance(v, str) and ":" in v,
            "RegExp": lambda v: isinstance(v, str),
            "boolean": lambda v: isinstance(v, bool),
            "null": lambda v: v is None,
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) and INT_MIN <= v <= INT_MAX,
            "uinteger": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= UINT_MAX,
            "decimal": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        }.get(name)
        if ok is None:
            return [f"{path}: unknown base type {name}"]
        return [] if ok(value) else [f"{path}: expected {name}, got {json.dumps(value)[:60]}"]

    def all_properties(self, structure):
        props = list(structure.get("properties", []))
        for parent in structure.get("extends", []) + structure.get("mixins", []):
            if parent["kind"] == "reference" and parent["name"] in self.structures:
                props += self.all_properties(self.structures[parent["name"]])
        return props

    def check_structure(self, value, structure, path):
        return self.check_properties(value, self.all_properties(structure), path, extra_ok=False)

    def check_properties(self, value, props, path, extra_ok):
        if not isinstance(value, dict):
            return [f"{path}: expected object, got {type(value).__name__}"]
        errors = []
        known = {p["name"]: p for p in props}
        for p in props:
            if p["name"] not in value:
                if not p.get("optional"):
                    errors.append(f"{path}: missing required property {p['name']!r}")
                continue
            errors += self.check(value[p["name"]], p["type"], f"{path}.{p['name']}")
        if not extra_ok:
            for k in value:
                if k not in known:
                    errors.append(f"{path}: unknown property {k!r}")
        return errors

    def check_enum(self, value, enum, path):
        values = [v["value"] for v in enum["values"]]
        if value in values and type(value) is type(values[0]):
            return []
        if enum.get("supportsCustomValues") and type(value) is type(values[0]):
            return []
        return [f"{path}: {value!r} is not a {enum['name']} ({values})"]

    # -- messages -----------------------------------------------------------------------------------
    def check_server_message(self, msg, requests_by_id):
        """Validates one server→client message; `requests_by_id` maps client request ids to methods."""
        errors = []
        if msg.get("jsonrpc") != "2.0":
            errors.append("jsonrpc must be '2.0'")
        if "method" in msg:
            method = msg["method"]
            spec = self.requests.get(method) if "id" in msg else self.notifications.get(method)
            if spec is None:
                return errors + [f"unknown {'request' if 'id' in msg else 'notification'} method {method}"]
            if spec["messageDirection"] not in ("serverToClient", "both"):
                errors.append(f"{method} is not sent by servers")
            if "params" in spec:
                errors += self.check(msg.get("params"), spec["params"], f"{method}.params")
            if "id" in msg and not isinstance(msg["id"], (int, str)):
                errors.append("request id must be integer or string")
            return errors
        # A response.
        if "id" not in msg:
            return errors + ["response without id"]
        if ("result" in msg) == ("error" in msg):
            return errors + ["a response has exactly one of result and error"]
        if "error" in msg:
            e = msg["error"]
            if not (isinstance(e, dict) and isinstance(e.get("code"), int) and isinstance(e.get("message"), str)):
                errors.append(f"malformed error object {e}")
            extra = set(e) - {"code", "message", "data"} if isinstance(e, dict) else set()
            if extra:
                errors.append(f"unknown error fields {extra}")
            return errors
        method = requests_by_id.get(json.dumps(msg["id"]))
        if method is None:
            return errors + [f"response to unknown request id {msg['id']!r}"]
        spec = self.requests.get(method)
        if spec is None:
            return errors + [f"result for a method the meta model does not know: {method}"]
        return errors + self.check(msg["result"], spec["result"], f"{method}.result")

    def check_trace(self, lines):
        """Validates every server message in a proxy trace; returns (count, errors)."""
        requests_by_id = {}
        errors = []
        count = 0
        for entry in lines:
            if entry["dir"] == "c2s" and isinstance(entry.get("msg"), dict) and "method" in entry["msg"] and "id" in entry["msg"]:
                requests_by_id[json.dumps(entry["msg"]["id"])] = entry["msg"]["method"]
            elif entry["dir"] == "s2c":
                count += 1
                if "msg" not in entry:
                    errors.append(f"server sent a frame that is not JSON: {entry.get('raw', '')[:80]!r}")
                    continue
                for e in self.check_server_message(entry["msg"], requests_by_id):
                    errors.append(f"{json.dumps(entry['msg'])[:160]}: {e}")
        return count, errors
