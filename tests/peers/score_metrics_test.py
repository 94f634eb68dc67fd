"""adtrain's score metrics against scikit-learn's on the same predictions.

Breast cancer (scikit-learn's copy) is split into a training and a test
file; adtrain trains on one with --test the other, then `adtrain predict`
writes the model's probabilities for each. scikit-learn's log_loss,
roc_auc_score, average_precision_score and brier_score_loss of those
probabilities must be the report's final.train and final.validation
figures: ROC AUC to 1e-12 (absolute), the others to 1e-12 relative. The
numbers predict prints (6 significant digits) must agree too.
"""
import csv
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_support as peers  # noqa: E402

METRICS = ("log_loss", "roc_auc", "average_precision", "brier")
PRINTED = {"log_loss": "log-loss", "roc_auc": "ROC AUC", "average_precision": "average precision",
           "brier": "Brier score"}


def sklearn_metrics(labels, probabilities):
    from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score
    return {
        "log_loss": log_loss(labels, probabilities, labels=[0, 1]),
        "roc_auc": roc_auc_score(labels, probabilities),
        "average_precision": average_precision_score(labels, probabilities),
        "brier": brier_score_loss(labels, probabilities),
    }


def predict(adtrain, model, data, out):
    command = [adtrain, "predict", "--model", model, "--data", data, "--out", out]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        sys.exit(f"adtrain predict failed with status {result.returncode}")
    with open(out) as handle:
        probabilities = [float(row["probability"]) for row in csv.DictReader(handle)]
    return probabilities, result.stdout + result.stderr


def main():
    adtrain = peers.adtrain_path()
    peers.require_sklearn()
    import numpy as np
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    X, y = data.data, data.target.astype(int)
    work = peers.work_dir()
    header = [name.replace(" ", "_") for name in data.feature_names] + ["label"]
    # Every third row held out: both files hold both classes.
    test_rows = np.arange(len(y)) % 3 == 0
    paths = {}
    for part, rows in (("train", ~test_rows), ("validation", test_rows)):
        paths[part] = os.path.join(work, f"{part}.csv")
        peers.write_csv(paths[part], header,
                        ([repr(float(v)) for v in row] + [str(label)] for row, label in zip(X[rows], y[rows])))
    labels = {"train": y[~test_rows], "validation": y[test_rows]}

    checks = peers.Checks()
    # A model still learning (first order, few epochs) as well as the optimum:
    # the metrics must agree whatever the scores.
    runs = {"newton": ["--optimizer", "newton", "--l2", "0.01"],
            "sgd": ["--optimizer", "sgd", "--epochs", "5", "--lr", "0.1"]}
    for name, options in runs.items():
        report = peers.run_adtrain(adtrain, ["--data", paths["train"], "--test", paths["validation"],
                                             "--standardize", *options], work, name)
        for part in ("train", "validation"):
            probabilities, printed = predict(adtrain, os.path.join(work, f"{name}.json"), paths[part],
                                             os.path.join(work, f"{name}-{part}.csv"))
            reference = sklearn_metrics(labels[part], probabilities)
            final = report["final"][part]
            for metric in METRICS:
                ours, theirs = final[metric], reference[metric]
                if metric == "roc_auc":
                    difference = abs(ours - theirs)
                    kind = "absolute"
                else:
                    difference = peers.relative_difference(ours, theirs)
                    kind = "relative"
                checks.check(difference <= 1e-12,
                             f"{name} {part} {metric}: {ours:.17g} vs scikit-learn {theirs:.17g}, "
                             f"{kind} difference {difference:.3g} <= 1e-12")
                match = re.search(PRINTED[metric] + r" ([0-9.e+-]+)", printed)
                checks.check(match is not None and
                             peers.relative_difference(float(match.group(1)), theirs) <= 1e-5,
                             f"{name} {part} {metric}: predict prints "
                             f"{match.group(1) if match else None}, scikit-learn {theirs:.6g}")
    check_tied_scores(adtrain, work, checks)
    checks.finish()


def check_tied_scores(adtrain, work, checks):
    """Discrete features give few distinct scores, each shared by rows of
    both classes: ties must count as scikit-learn counts them."""
    import numpy as np
    generator = np.random.default_rng(15)
    x1 = generator.integers(0, 3, 400)
    x2 = generator.integers(0, 2, 400)
    labels = (generator.random(400) < 0.2 + 0.25 * x1 + 0.1 * x2).astype(int)
    path = os.path.join(work, "tied.csv")
    peers.write_csv(path, ["x1", "x2", "y"], ([str(a), str(b), str(c)] for a, b, c in zip(x1, x2, labels)))
    report = peers.run_adtrain(adtrain, ["--data", path, "--optimizer", "newton"], work, "tied")
    probabilities, _ = predict(adtrain, os.path.join(work, "tied.json"), path,
                               os.path.join(work, "tied-predictions.csv"))
    distinct = len(set(probabilities))
    checks.check(distinct <= 6, f"tied: {distinct} distinct scores <= 6 for 400 rows")
    reference = sklearn_metrics(labels, probabilities)
    for metric in METRICS:
        ours, theirs = report["final"]["train"][metric], reference[metric]
        difference = abs(ours - theirs) if metric == "roc_auc" else peers.relative_difference(ours, theirs)
        checks.check(difference <= 1e-12, f"tied {metric}: {ours:.17g} vs scikit-learn {theirs:.17g}, "
                                          f"difference {difference:.3g} <= 1e-12")


if __name__ == "__main__":
    main()
