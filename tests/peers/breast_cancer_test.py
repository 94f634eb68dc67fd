"""adtrain's Newton-CG and L-BFGS against scikit-learn on breast cancer.

scikit-learn's copy of the Wisconsin breast cancer data (569 rows, 30
features, labels 0/1) goes to a CSV; adtrain trains on it with
--standardize --l2 0.01. The reference optimum is scikit-learn's
LogisticRegression (lbfgs, tol 1e-12) on StandardScaler-transformed
features with C = 1/(lambda N): it minimises C N times adtrain's objective
(mean log-loss + lambda/2 |coef|^2, intercept not penalised), so its
objective, computed here in adtrain's formulation, is the number adtrain
must reach.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_support as peers  # noqa: E402

LAMBDA = 0.01


def main():
    adtrain = peers.adtrain_path()
    peers.require_sklearn()
    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    data = load_breast_cancer()
    X, y = data.data, data.target.astype(int)
    n, d = X.shape
    work = peers.work_dir()
    csv_path = os.path.join(work, "bc.csv")
    header = [name.replace(" ", "_") for name in data.feature_names] + ["label"]
    peers.write_csv(csv_path, header, ([repr(float(v)) for v in row] + [str(label)] for row, label in zip(X, y)))

    # The reference: scikit-learn's optimum, its objective in adtrain's terms.
    Z = StandardScaler().fit_transform(X)
    reference = LogisticRegression(solver="lbfgs", tol=1e-12, max_iter=10000, C=1.0 / (LAMBDA * n)).fit(Z, y)
    Zb = np.hstack([np.ones((n, 1)), Z])
    w_reference = np.concatenate([reference.intercept_, reference.coef_.ravel()])
    penalized = np.array([False] + [True] * d)
    s = np.where(y == 1, 1.0, -1.0)
    f_reference = peers.logistic_objective(Zb, s, w_reference, LAMBDA, penalized)
    p = 1.0 / (1.0 + np.exp(s * (Zb @ w_reference)))
    gradient = -(Zb.T @ (s * p)) / n + LAMBDA * np.where(penalized, w_reference, 0.0)
    print(f"scikit-learn: {reference.n_iter_[0]} iterations, objective {f_reference:.17g}, "
          f"|gradient| {np.linalg.norm(gradient):.3g} (in adtrain's scale)")

    checks = peers.Checks()
    common = ["--data", csv_path, "--standardize", "--l2", str(LAMBDA)]
    for optimizer in ("newton", "lbfgs"):
        report = peers.run_adtrain(adtrain, common + ["--optimizer", optimizer], work, optimizer)
        print(f"{optimizer}: {peers.summary(report)}")
        loss = report["final"]["train"]["loss"]
        optimization = report["optimization"]
        difference = peers.relative_difference(loss, f_reference)
        checks.check(difference <= 1e-8,
                     f"{optimizer}: objective {loss:.17g} vs scikit-learn {f_reference:.17g}, "
                     f"relative difference {difference:.3g} <= 1e-8")
        checks.check(loss <= f_reference * (1 + 1e-8),
                     f"{optimizer}: objective not more than 1e-8 relative above scikit-learn's")
        checks.check(optimization["stop_reason"] == "converged",
                     f"{optimizer}: stop_reason {optimization['stop_reason']!r} == 'converged'")
        if optimizer == "newton":
            checks.check(optimization["iterations"] <= 15,
                         f"newton: {optimization['iterations']} iterations <= 15")
        check_report_weights(checks, optimizer, report, X, s, LAMBDA, penalized, loss)
    checks.finish()


def check_report_weights(checks, optimizer, report, X, s, l2, penalized, loss):
    """The reported weights must give the reported objective.

    adtrain standardises with the training data's mean and population
    deviation, as StandardScaler does, and its weights apply to the
    standardised features (bias first)."""
    import numpy as np
    names = report["model"]["feature_names"]
    w = np.array(report["model"]["weights"], dtype=float)
    checks.check(len(w) == X.shape[1] + 1 and names[0] == "bias",
                 f"{optimizer}: {len(w)} weights, bias first (feature_names[0] = {names[0]!r})")
    if len(w) != X.shape[1] + 1:
        return
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    Zb = np.hstack([np.ones((len(X), 1)), Z])
    recomputed = peers.logistic_objective(Zb, s, w, l2, penalized)
    difference = peers.relative_difference(recomputed, loss)
    checks.check(difference <= 1e-10,
                 f"{optimizer}: objective recomputed from model.weights {recomputed:.17g} equals "
                 f"final.train.loss (relative difference {difference:.3g} <= 1e-10)")


if __name__ == "__main__":
    main()
