"""`python -m harness.schema > docs/result-schema.json`: the result records' JSON Schema."""

import json

from harness.schema import result_json_schema

print(json.dumps(result_json_schema(), indent=1, sort_keys=True))
