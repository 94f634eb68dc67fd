"""adtrain's Newton-CG against LIBLINEAR's TRON on heart_scale.

heart_scale (the example shipped with liblinear-tools: libsvm format, labels
+1/-1, 13 features, 270 rows) becomes a dense CSV, missing sparse entries
0. `liblinear-train -s 0 -B 1 -c C` minimises
    0.5 |w|^2 + C sum_i log(1 + exp(-y_i w.[x_i; 1]))
which is C N times adtrain's objective with --penalize-bias --l2 1/(C N)
(LIBLINEAR's appended feature of value 1 is adtrain's bias column). For
each C, adtrain's C N final.train.loss must equal LIBLINEAR's objective to
1e-6 relative and not be above it by more than that.

LIBLINEAR prints its objective with 4 digits, and (in Debian's 2.3.0) the f
of an `iter N act A ... f F` line is the objective at the start of that
iteration, before its step reduced it by act: the last line's F - A is the
final objective. That is parsed and checked against the objective computed
here from the model file (17 digits), which is the reference.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_support as peers  # noqa: E402

HEART_SCALE = "/usr/share/doc/liblinear-tools/examples/heart_scale"
COSTS = (1.0, 0.1, 10.0)
EPSILON = "0.0001"


def read_libsvm(path):
    """Returns (labels as text, rows of {index: text}, number of features)."""
    labels, rows, width = [], [], 0
    with open(path) as handle:
        for line in handle:
            fields = line.split()
            if not fields:
                continue
            labels.append(fields[0])
            row = {}
            for field in fields[1:]:
                index, value = field.split(":")
                row[int(index)] = value
                width = max(width, int(index))
            rows.append(row)
    return labels, rows, width


def read_liblinear_model(path):
    """Returns (labels in LIBLINEAR's order, bias, w with the bias weight last)."""
    header, weights = {}, []
    with open(path) as handle:
        lines = iter(handle.read().splitlines())
        for line in lines:
            if line.strip() == "w":
                break
            key, _, value = line.partition(" ")
            header[key] = value.split()
        weights = [float(line.split()[0]) for line in lines if line.strip()]
    return [int(label) for label in header["label"]], float(header["bias"][0]), weights


def main():
    adtrain = peers.adtrain_path()
    peers.require_numpy()
    import numpy as np
    trainer = shutil.which("liblinear-train")
    if trainer is None:
        peers.skip("liblinear-train is not installed (Debian: apt-get install liblinear-tools, or bash .ci/install-deps)")
    if not os.path.exists(HEART_SCALE):
        peers.skip(f"{HEART_SCALE} is missing (it comes with liblinear-tools)")

    labels, rows, width = read_libsvm(HEART_SCALE)
    n = len(rows)
    checks = peers.Checks()
    checks.check((n, width) == (270, 13), f"heart_scale has {n} rows and {width} features (270, 13)")
    work = peers.work_dir()
    csv_path = os.path.join(work, "heart_scale.csv")
    header = [f"x{j}" for j in range(1, width + 1)] + ["label"]
    peers.write_csv(csv_path, header,
                    ([row.get(j, "0") for j in range(1, width + 1)] + [label] for row, label in zip(rows, labels)))
    X = np.array([[float(row.get(j, "0")) for j in range(1, width + 1)] for row in rows])
    y = np.array([int(label) for label in labels])
    checks.check(set(y.tolist()) == {1, -1}, "labels are +1 and -1")

    for cost in COSTS:
        model_path = os.path.join(work, f"model_c{cost:g}")
        command = [trainer, "-s", "0", "-c", repr(cost), "-B", "1", "-e", EPSILON, HEART_SCALE, model_path]
        print("$ " + " ".join(command), flush=True)
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        printed = re.findall(r"^iter\s+\d+\s+act\s+(\S+).*?\bf\s+(\S+)", result.stdout, re.M)
        if not printed:
            sys.exit(f"no `iter N act A ... f F` line in liblinear-train's output:\n{result.stdout}")
        printed_final = float(printed[-1][1]) - float(printed[-1][0])

        # LIBLINEAR's model: w for the class label[0], bias weight last.
        order, bias, w = read_liblinear_model(model_path)
        checks.check(bias == 1.0 and len(w) == width + 1, f"C={cost:g}: model has bias 1 and {width + 1} weights")
        sign = 1.0 if order[0] == 1 else -1.0  # w.x > 0 means label[0]
        w_liblinear = sign * np.array(w)
        Xb = np.hstack([X, np.ones((n, 1))])
        s = np.where(y == 1, 1.0, -1.0)
        everything = np.ones(width + 1, dtype=bool)
        f_liblinear = cost * n * peers.logistic_objective(Xb, s, w_liblinear, 1.0 / (cost * n), everything)
        checks.check(peers.relative_difference(printed_final, f_liblinear) <= 1e-3,
                     f"C={cost:g}: LIBLINEAR's printed final objective (last f - act) {printed_final:.4g} "
                     f"matches its model's objective {f_liblinear:.17g} (4 printed digits)")

        l2 = 1.0 / (cost * n)
        report = peers.run_adtrain(adtrain, ["--data", csv_path, "--optimizer", "newton", "--penalize-bias",
                                             "--l2", repr(l2)], work, f"newton_c{cost:g}")
        print(f"C={cost:g}: newton {peers.summary(report)}")
        loss = report["final"]["train"]["loss"]
        f_adtrain = cost * n * loss
        difference = peers.relative_difference(f_adtrain, f_liblinear)
        checks.check(difference <= 1e-6,
                     f"C={cost:g}: C N adtrain objective {f_adtrain:.17g} vs LIBLINEAR {f_liblinear:.17g}, "
                     f"relative difference {difference:.3g} <= 1e-6")
        checks.check(f_adtrain <= f_liblinear * (1 + 1e-6),
                     f"C={cost:g}: adtrain's objective is not above LIBLINEAR's by more than 1e-6 relative")
        checks.check(report["optimization"]["stop_reason"] == "converged",
                     f"C={cost:g}: stop_reason {report['optimization']['stop_reason']!r} == 'converged'")

        # adtrain's weights (bias first) in LIBLINEAR's order (bias last).
        names = report["model"]["feature_names"]
        weights = dict(zip(names, report["model"]["weights"]))
        if "bias" in weights and all(name in weights for name in header[:-1]):
            w_adtrain = np.array([weights[name] for name in header[:-1]] + [weights["bias"]])
            recomputed = peers.logistic_objective(Xb, s, w_adtrain, l2, everything)
            checks.check(peers.relative_difference(recomputed, loss) <= 1e-10,
                         f"C={cost:g}: objective recomputed from model.weights {recomputed:.17g} equals "
                         f"final.train.loss {loss:.17g}")
            gap = np.max(np.abs(w_adtrain - w_liblinear))
            checks.check(gap <= 1e-2, f"C={cost:g}: weights within 1e-2 of LIBLINEAR's (max gap {gap:.3g})")
        else:
            checks.check(False, f"C={cost:g}: model.feature_names {names} has bias and {header[:-1]}")
    checks.finish()


if __name__ == "__main__":
    main()
