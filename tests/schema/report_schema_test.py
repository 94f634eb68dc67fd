"""Validates reports written by the real adtrain against docs/report.schema.json.

Started by ctest (label schema) as
    /usr/bin/python3 report_schema_test.py --adtrain PATH --schema PATH
        --models DIR [--mpiexec "COMMAND UP TO THE PROCESS COUNT"]
Each run covers a part of the format the schema describes (an optional
section, a field that is null in one kind of run and not in another), and
checks that the run really produced that part, so a run that silently stopped
writing it cannot pass unnoticed. The checked-in golden reports are validated
too, and edited copies of a report must fail, so that the test can fail.
Exits 0 when every check passes, 1 otherwise, 77 (skipped) without
python3-jsonschema.
"""
import argparse
import copy
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

# The peer tests' Checks: failures collected, reported together at the end.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from peers_support import Checks  # noqa: E402

SKIP = 77

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema, "
          "or bash .ci/install-deps)")
    sys.exit(SKIP)


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--adtrain", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--models", required=True, help="folder of golden reports (*.json)")
    parser.add_argument("--mpiexec", default="",
                        help="shell words that run a command on N processes when N and "
                             "the command follow; empty: no MPI build")
    args = parser.parse_args()
    # The runs start in a scratch folder.
    args.adtrain = os.path.abspath(args.adtrain)
    return args


def schema_errors(validator, report):
    """Every violation, each as `path: message`, so a failure says where."""
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
            for e in validator.iter_errors(report)]


def main():
    args = arguments()
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    with tempfile.TemporaryDirectory(prefix="adtrain-schema-") as work:
        return run_checks(args, validator, Checks(), work)


def run_checks(args, validator, checks, work):

    def path(name):
        return os.path.join(work, name)

    def train(name, options, expected_status=0, stdin=None):
        """Runs adtrain with `options` and --report; returns the report or None."""
        report = path(name + ".json")
        run = subprocess.run([args.adtrain, *options, "--quiet", "--report", report],
                             cwd=work, input=stdin, capture_output=True, text=True, timeout=120)
        ok = run.returncode == expected_status
        checks.check(ok, f"{name}: exit status {run.returncode}"
                     + ("" if ok else f", expected {expected_status}: {run.stderr.strip()[:300]}"))
        return load(name, report)

    def load(name, report):
        if not os.path.exists(report):
            checks.check(False, f"{name}: no report written")
            return None
        with open(report, encoding="utf-8") as f:
            return json.load(f)

    def valid(name, report, **expected):
        """The report validates, and has what the run was meant to produce:
        each `expected` item is a function of the report that must hold."""
        if report is None:
            return
        errors = schema_errors(validator, report)
        checks.check(not errors, f"{name}: valid" + "".join(f"\n      {e}" for e in errors))
        for what, holds in expected.items():
            try:
                result = holds(report)
            except (KeyError, IndexError, TypeError) as e:
                result = f"{type(e).__name__} {e}"
            checks.check(result is True, f"{name}: {what}")

    # Data files for the runs that read one.
    for name, rows, seed in [("train.csv", 300, 1), ("test.csv", 100, 2)]:
        subprocess.run([args.adtrain, "generate", "--rows", str(rows), "--seed", str(seed),
                        "--out", path(name)], check=True, capture_output=True)

    valid("default", train("default", []),
          completed=lambda r: r["status"] == "completed"
          and r["optimization"]["stop_reason"] == "epochs",
          no_validation=lambda r: r["data"]["validation"] is None and r["final"]["validation"] is None,
          generated=lambda r: r["data"]["delimiter"] is None and r["config"]["generate"] == 100,
          no_optional_sections=lambda r: "stream" not in r and "distributed" not in r,
          cg_null=lambda r: r["optimization"]["cg_iterations"] is None,
          no_standardization=lambda r: r["model"]["standardization"] is None)

    valid("diverged", train("diverged", ["--lr", "1e308", "--epochs", "3"], expected_status=1),
          diverged=lambda r: r["status"] == "diverged",
          null_loss=lambda r: r["epochs"][-1]["loss"] is None)
    # A step that overflows the weights: the epoch's loss, accuracy and
    # gradient norm were never measured.
    valid("diverged_step",
          train("diverged_step", ["--optimizer", "momentum", "--lr", "1e308", "--batch-size", "1",
                                  "--epochs", "3"], expected_status=1),
          unmeasured_null=lambda r: all(r["epochs"][-1][k] is None
                                        for k in ("loss", "accuracy", "grad_norm")))

    valid("stopped_early",
          train("stopped_early", ["--lr", "1", "--epochs", "5000", "--tol", "1e-4"]),
          stopped_early=lambda r: r["status"] == "stopped_early"
          and r["optimization"]["stop_reason"] == "loss_tolerance")

    valid("newton", train("newton", ["--optimizer", "newton", "--l2", "1e-3"]),
          converged=lambda r: r["optimization"]["converged"] is True,
          cg_per_iteration=lambda r: len(r["optimization"]["cg_iterations"]) == len(r["epochs"])
          and all("cg_iterations" in e for e in r["epochs"]))

    valid("lbfgs_max_iterations",
          train("lbfgs_max_iterations", ["--optimizer", "lbfgs", "--max-iterations", "2"]),
          warned=lambda r: r["optimization"]["stop_reason"] == "max_iterations"
          and isinstance(r["optimization"]["warning"], str))

    valid("validation_split",
          train("validation_split", ["--data", "train.csv", "--validation-split", "0.3",
                                     "--optimizer", "adam", "--batch-size", "16", "--epochs", "4",
                                     "--lr", "0.05"]),
          validation=lambda r: isinstance(r["data"]["validation"], dict)
          and isinstance(r["final"]["validation"], dict)
          and all("val_loss" in e and "val_accuracy" in e for e in r["epochs"]),
          file_read=lambda r: r["data"]["delimiter"] == "," and r["data"]["header"] is True)

    valid("test_file",
          train("test_file", ["--data", "train.csv", "--test", "test.csv", "--no-bias",
                              "--epochs", "20"]),
          validation=lambda r: r["data"]["validation"]["source"] == "test.csv",
          no_bias=lambda r: r["model"]["bias"] is None and "bias" not in r["model"]["feature_names"])

    valid("standardized", train("standardized", ["--data", "train.csv", "--standardize",
                                                 "--optimizer", "lbfgs", "--l2", "1e-4"]),
          standardization=lambda r: len(r["model"]["standardization"]["mean"]) == 2)

    valid("stream",
          train("stream", ["--data", "train.csv", "--stream", "--memory-limit", "64M",
                           "--batch-size", "1", "--lr", "0.05", "--epochs", "2",
                           "--validation-split", "0.2", "--shuffle-buffer", "50"]),
          stream=lambda r: r["stream"]["validation"] == "seeded hash of the record number"
          and r["stream"]["shuffle_buffer_given"] is True,
          score_metrics=lambda r: all(
              isinstance(r["final"][part][key], float)
              for part in ("train", "validation")
              for key in ("roc_auc", "average_precision", "brier")),
          config=lambda r: r["config"]["stream"] is True
          and r["config"]["memory_limit"] == 64 << 20 and r["config"]["shuffle_buffer"] == 50)

    # Standard input is read once: no gradient norms.
    with open(path("train.csv"), encoding="utf-8") as f:
        csv = f.read()
    valid("stream_stdin",
          train("stream_stdin", ["--data", "-", "--stream", "--positive", "1", "--epochs", "1",
                                 "--batch-size", "1", "--lr", "0.05"], stdin=csv),
          unmeasured_norms=lambda r: r["optimization"]["initial_gradient_norm"] is None
          and r["data"]["source"] == "-",
          unranked=lambda r: r["final"]["train"]["roc_auc"] is None
          and r["final"]["train"]["brier"] is None)

    with open(path("config.toml"), "w", encoding="utf-8") as f:
        f.write('data = "train.csv"\nfeatures = ["x2", "x1"]\nlabel = "y"\ncomment = "#"\n'
                'skip-bad-rows = true\nplot = "curves.svg"\nplot-features = ["x2", "x1"]\n')
    valid("config_file", train("config_file", ["--config", "config.toml"]),
          given=lambda r: r["config"]["config_file"] is not None
          and r["config"]["features"] == ["x2", "x1"] and r["config"]["comment"] == "#")

    # Interrupted after a second of a very long run: stopped after the epoch
    # in progress, and more than 10,000 epochs thin the history.
    interrupted = path("interrupted.json")
    process = subprocess.Popen([args.adtrain, "--generate", "2", "--epochs", "100000000",
                                "--quiet", "--report", interrupted], cwd=work,
                               stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    checks.check(process.wait(timeout=60) == 130, "interrupted: exit status 130")
    valid("interrupted", load("interrupted", interrupted),
          interrupted=lambda r: r["status"] == "interrupted"
          and r["optimization"]["stop_reason"] == "interrupted",
          thinned=lambda r: r["optimization"]["iterations"] <= 10000
          or r["optimization"]["epochs_stride"] > 1)

    if args.mpiexec:
        # Through bash: the command may expand variables ($ASAN_OPTIONS).
        report = path("mpi.json")
        command = (f"{args.mpiexec} 2 {args.adtrain} --data train.csv --optimizer newton "
                   f"--l2 1e-3 --standardize --validation-split 0.2 --quiet --report {report}")
        run = subprocess.run(["bash", "-c", f"timeout 100 {command}"], cwd=work,
                             capture_output=True, text=True)
        checks.check(run.returncode == 0, f"mpi: exit status {run.returncode}"
                     + ("" if run.returncode == 0 else f": {run.stderr.strip()[:300]}"))
        valid("mpi", load("mpi", report),
              distributed=lambda r: r["distributed"]["processes"] == 2
              and sum(r["distributed"]["training_rows_per_process"]) == r["data"]["rows"])
    else:
        print("skip mpi: MPI not built in")

    golden = sorted(f for f in os.listdir(args.models) if f.endswith(".json"))
    checks.check(len(golden) >= 3, f"golden reports found: {golden}")
    for name in golden:
        valid(f"golden {name}", load(name, os.path.join(args.models, name)))

    # The schema must reject what is not a report, or the checks above
    # prove nothing: each edit alone makes a valid report invalid.
    base = train("negative_base", ["--data", "train.csv", "--validation-split", "0.2"])
    edits = {
        "a string for a number": lambda r: r["final"]["train"].update(accuracy="0.9"),
        "an unknown top-level field": lambda r: r.update(extra=1),
        "an unknown model field": lambda r: r["model"].update(intercept=0.0),
        "an unknown epoch field": lambda r: r["epochs"][0].update(lr=1.0),
        "an unknown validation field": lambda r: r["data"]["validation"].update(validation=None),
        "a missing required field": lambda r: r.pop("model"),
        "null for a count": lambda r: r["final"]["train"].update(total=None),
        "a fractional schema_version": lambda r: r.update(schema_version=1.5),
        "a third class": lambda r: r["model"]["classes"].append("2"),
        "an unknown status": lambda r: r.update(status="finished"),
        "cg_iterations for sgd": lambda r: r["optimization"].update(cg_iterations=[1]),
    }
    if base is not None:
        for what, edit in edits.items():
            report = copy.deepcopy(base)
            edit(report)
            checks.check(bool(schema_errors(validator, report)), f"rejected: {what}")
        # The metrics another change adds to final.train and final.validation
        # are allowed, numbers or null.
        report = copy.deepcopy(base)
        for evaluation in (report["final"]["train"], report["final"]["validation"]):
            evaluation.update(log_loss=0.3, roc_auc=0.9, average_precision=None, brier=0.1)
        errors = schema_errors(validator, report)
        checks.check(not errors, f"accepted: the optional ranking metrics {errors}")

    checks.finish()  # exits: 0 when every check passed, else 1


if __name__ == "__main__":
    sys.exit(main())
