"""Prints one line 'N passed, N failed[, N skipped]' from the TRX files of a test run."""
import glob
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(f"{sys.argv[1]}/*.trx")
for path in files:
    summary = ET.parse(path).getroot().find("t:ResultSummary", ns)
    counters = summary.find("t:Counters", ns)
    # A run that did not complete (a test host that crashed: the tests after the crash never ran) is a failure even
    # when none of the tests it did run failed.
    run_failures = int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    if summary.get("outcome") != "Completed" and run_failures == 0:
        failed += 1
        print(f"{path}: the test run did not complete ({summary.get('outcome')}): a test host crashed or was stopped", file=sys.stderr)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
if not files:
    failed = 1
line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
print(line)
sys.exit(1 if failed or passed == 0 else 0)
