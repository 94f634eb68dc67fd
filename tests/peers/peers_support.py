"""Shared helpers of the peer tests: run adtrain, skip, compare objectives.

Each test is a script started by ctest as
    /usr/bin/python3 <test>.py <path of adtrain>
It exits 0 on success, 1 on a failed check (with the numbers on stderr) and
SKIP (77, ctest's SKIP_RETURN_CODE) when a peer package is not installed.
"""
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77


def skip(message):
    print(f"SKIP: {message}")
    sys.exit(SKIP)


def require_numpy():
    try:
        import numpy  # noqa: F401
    except ImportError:
        skip("numpy is not installed (Debian: apt-get install python3-numpy, or bash .ci/install-deps)")


def require_sklearn():
    require_numpy()
    try:
        import sklearn  # noqa: F401
    except ImportError:
        skip("scikit-learn is not installed (Debian: apt-get install python3-sklearn, or bash .ci/install-deps)")


def adtrain_path():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} PATH_TO_ADTRAIN")
    path = sys.argv[1]
    if not os.access(path, os.X_OK):
        sys.exit(f"adtrain not found or not executable: {path}")
    return path


class Checks:
    """Collects failed checks so that one run reports all of them."""

    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        status = "ok  " if condition else "FAIL"
        print(f"{status} {message}", flush=True)
        if not condition:
            self.failures.append(message)

    def finish(self):
        if self.failures:
            print(f"{len(self.failures)} check(s) failed:", file=sys.stderr)
            for message in self.failures:
                print(f"  {message}", file=sys.stderr)
            sys.exit(1)
        print("all checks passed")
        sys.exit(0)


def work_dir():
    """A temporary folder removed at exit."""
    handle = tempfile.TemporaryDirectory(prefix="adtrain-peers-")
    work_dir.handles.append(handle)  # keep it alive until the interpreter exits
    return handle.name


work_dir.handles = []


def run_adtrain(adtrain, args, work, name="report"):
    """Runs `adtrain ARGS --quiet --report FILE`; returns the parsed report.

    A non-zero status fails the test at once, with adtrain's output."""
    report = os.path.join(work, f"{name}.json")
    command = [adtrain, *args, "--quiet", "--report", report]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout)
        print(result.stderr, file=sys.stderr)
        sys.exit(f"adtrain failed with status {result.returncode}: {' '.join(command)}")
    with open(report) as handle:
        return json.load(handle)


def relative_difference(value, reference):
    return abs(value - reference) / abs(reference)


def summary(report):
    """One line about a newton/lbfgs/first-order report, for the log."""
    optimization = report.get("optimization", {})
    return (f"loss {report['final']['train']['loss']:.17g}, iterations {optimization.get('iterations')}, "
            f"stop {optimization.get('stop_reason')}, "
            f"relative |g| {optimization.get('relative_gradient_norm')}")


def logistic_objective(X, s, w, l2, penalized):
    """adtrain's objective: mean log(1 + exp(-s x.w)) + l2/2 |w[penalized]|^2.

    X includes the bias column, s is +-1, penalized a boolean mask over w."""
    import numpy as np
    margins = -s * (X @ w)
    return float(np.mean(np.logaddexp(0.0, margins)) + 0.5 * l2 * np.sum(w[penalized] ** 2))


def write_csv(path, header, rows):
    """rows: lists of already formatted fields (text written as is)."""
    with open(path, "w") as handle:
        handle.write(",".join(header) + "\n")
        for row in rows:
            handle.write(",".join(row) + "\n")
