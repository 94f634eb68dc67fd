"""adtrain's three ways to the same optimum agree with each other.

On a small noisy data set (400 rows, 3 features from a fixed numpy seed,
labels drawn from a logistic model, so not separable) with --standardize
--l2 0.01: newton and lbfgs must reach the same objective to 1e-9 relative,
and a long full-batch gradient-descent run (1000 steps) (sgd, every row every step) must
come within 1e-6 relative of it, from above. numpy's Newton iteration on
the same objective is a fourth, independent witness.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_support as peers  # noqa: E402

LAMBDA = 0.01
ROWS = 400


def main():
    adtrain = peers.adtrain_path()
    peers.require_numpy()
    import numpy as np

    rng = np.random.default_rng(20240601)
    X = rng.normal(size=(ROWS, 3)) * np.array([1.0, 3.0, 0.5]) + np.array([0.5, -1.0, 2.0])
    X[:, 2] += 0.6 * X[:, 0]  # correlated features: a less trivial Hessian
    logits = 0.3 + X @ np.array([1.2, -0.4, 0.8])
    y = (rng.random(ROWS) < 1.0 / (1.0 + np.exp(-logits))).astype(int)
    work = peers.work_dir()
    csv_path = os.path.join(work, "noisy.csv")
    peers.write_csv(csv_path, ["a", "b", "c", "y"],
                    ([repr(float(v)) for v in row] + [str(label)] for row, label in zip(X, y)))

    # numpy's Newton iteration on the standardised data, bias unpenalised.
    Z = np.hstack([np.ones((ROWS, 1)), (X - X.mean(axis=0)) / X.std(axis=0)])
    s = np.where(y == 1, 1.0, -1.0)
    penalized = np.array([False, True, True, True])
    w = np.zeros(4)
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(s * (Z @ w)))
        gradient = -(Z.T @ (s * p)) / ROWS + LAMBDA * np.where(penalized, w, 0.0)
        hessian = (Z.T * (p * (1 - p))) @ Z / ROWS + LAMBDA * np.diag(penalized.astype(float))
        w -= np.linalg.solve(hessian, gradient)
    f_numpy = peers.logistic_objective(Z, s, w, LAMBDA, penalized)
    print(f"numpy Newton: objective {f_numpy:.17g}, |gradient| {np.linalg.norm(gradient):.3g}, "
          f"{int(y.sum())} positives of {ROWS}")

    checks = peers.Checks()
    common = ["--data", csv_path, "--standardize", "--l2", str(LAMBDA)]
    losses = {}
    for optimizer in ("newton", "lbfgs"):
        report = peers.run_adtrain(adtrain, common + ["--optimizer", optimizer], work, optimizer)
        print(f"{optimizer}: {peers.summary(report)}")
        losses[optimizer] = report["final"]["train"]["loss"]
        checks.check(report["optimization"]["stop_reason"] == "converged",
                     f"{optimizer}: stop_reason {report['optimization']['stop_reason']!r} == 'converged'")
        epochs = report.get("epochs", [])
        checks.check(len(epochs) >= 1 and all(b["loss"] <= a["loss"] * (1 + 1e-14) for a, b in zip(epochs, epochs[1:])),
                     f"{optimizer}: the {len(epochs)} epoch records' objective never increases (beyond rounding)")
    difference = peers.relative_difference(losses["lbfgs"], losses["newton"])
    checks.check(difference <= 1e-9, f"newton {losses['newton']:.17g} and lbfgs {losses['lbfgs']:.17g} agree: "
                                     f"relative difference {difference:.3g} <= 1e-9")
    difference = peers.relative_difference(losses["newton"], f_numpy)
    checks.check(difference <= 1e-9, f"newton and numpy's Newton {f_numpy:.17g} agree: "
                                     f"relative difference {difference:.3g} <= 1e-9")

    # Gradient descent: full batch, step 1, which is below 2/L (the Hessian's
    # largest eigenvalue is at most 0.25 * 1.76 + lambda here: 1.76 is the
    # largest of the standardised design's Z'Z/N). numpy's own gradient
    # descent with this step is at the optimum to 1e-15 after 500 steps.
    first_order = peers.run_adtrain(adtrain, common + ["--optimizer", "sgd", "--batch-size", "0", "--lr", "1",
                                                       "--epochs", "1000", "--tol", "0"], work, "sgd")
    print(f"sgd: {peers.summary(first_order)}")
    best = min(losses.values())
    loss = first_order["final"]["train"]["loss"]
    difference = (loss - best) / best
    checks.check(abs(difference) <= 1e-6 and loss >= best * (1 - 1e-12),
                 f"1000 full-batch gradient steps reach {loss:.17g}, newton/lbfgs's optimum from above "
                 f"within 1e-6 relative ({difference:.3g})")
    checks.finish()


if __name__ == "__main__":
    main()
