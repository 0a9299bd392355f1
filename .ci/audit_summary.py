"""Read pip-audit's JSON on stdin; say plainly how much could be checked.

pip-audit prints "No known vulnerabilities found" even when the advisory service
could not be reached for a single package; this says how many were really checked,
fails on any known vulnerability, and, with --strict, on any package left unchecked.
"""

import json
import sys

report = json.load(sys.stdin)
deps = report.get("dependencies", [])
skipped = [d for d in deps if d.get("skip_reason")]
vulnerable = [d for d in deps if d.get("vulns")]
checked = len(deps) - len(skipped)
print(f"dependency audit: {checked} of {len(deps)} packages checked, {len(skipped)} not reachable")
for dep in vulnerable:
    ids = ", ".join(v["id"] for v in dep["vulns"])
    print(f"  VULNERABLE {dep['name']} {dep['version']}: {ids}")
if skipped and checked == 0:
    print("  WARNING: the advisory service answered for no package; nothing was audited here")
if vulnerable or ("--strict" in sys.argv and skipped):
    sys.exit(1)
