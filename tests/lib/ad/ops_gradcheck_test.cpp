// Every op, and every broadcasting case of every element-wise op, against
// central finite differences: first derivatives, and second derivatives
// through the differentiable gradient (create_graph).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adtrain/ad.hpp"
#include "derivative_math.hpp"
#include "support/test_values.hpp"

namespace ad {
namespace {

using testing::spread;

struct OpCase {
  std::string name;
  TensorFunction f;
  std::vector<arma::mat> inputs;
};

std::ostream& operator<<(std::ostream& out, const OpCase& c) {
  return out << c.name;
}

std::vector<Tensor> as_tensors(const std::vector<arma::mat>& values) {
  std::vector<Tensor> tensors;
  for (const arma::mat& v : values) tensors.push_back(constant(v));
  return tensors;
}

// sum_i <d f / d x_i, R_i>, itself a function of the inputs: its gradient
// is a Hessian-vector product, so gradcheck of it checks every derivative's
// own derivative (the Tensor instantiation of each backward formula).
TensorFunction gradient_projection(const TensorFunction& f) {
  return [f](const std::vector<Tensor>& xs) {
    EnableGradGuard recording;  // gradcheck evaluates under no_grad
    const Tensor out = f(xs);
    const Tensor objective =
        out.size() == 1 ? out : sum(out * constant(spread(out.rows(), out.cols(), 0.5, 1.5, 7)));
    const std::vector<Tensor> grads = grad(objective, xs, {.create_graph = true});
    Tensor total = constant(0.0);
    for (std::size_t i = 0; i < grads.size(); ++i) {
      total = total +
              sum(grads[i] * constant(spread(grads[i].rows(), grads[i].cols(), -1.0, 1.0, 11 + i)));
    }
    return total;
  };
}

class OpGradcheck : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpGradcheck, FirstDerivativeMatchesFiniteDifferences) {
  const OpCase& c = GetParam();
  const GradcheckResult result = gradcheck(c.f, as_tensors(c.inputs));
  EXPECT_TRUE(result.passed) << result.detail;
}

TEST_P(OpGradcheck, SecondDerivativeMatchesFiniteDifferences) {
  const OpCase& c = GetParam();
  const GradcheckResult result =
      gradcheck(gradient_projection(c.f), as_tensors(c.inputs),
                {.step = 1e-5, .absolute_tolerance = 1e-5, .relative_tolerance = 1e-4});
  EXPECT_TRUE(result.passed) << result.detail;
}

// --- Element-wise binary ops over every broadcasting pair ------------------
struct ShapePair {
  const char* name;
  arma::uword a_rows, a_cols, b_rows, b_cols;
};

constexpr ShapePair shape_pairs[] = {
    {"same_2x3", 2, 3, 2, 3},      {"matrix_scalar", 2, 3, 1, 1},    {"scalar_matrix", 1, 1, 2, 3},
    {"matrix_row", 2, 3, 1, 3},    {"row_matrix", 1, 3, 2, 3},       {"matrix_column", 2, 3, 2, 1},
    {"column_matrix", 2, 1, 2, 3}, {"column_row_outer", 2, 1, 1, 3}, {"scalar_scalar", 1, 1, 1, 1},
};

std::vector<OpCase> binary_cases() {
  struct Binary {
    const char* name;
    Tensor (*f)(const Tensor&, const Tensor&);
  };
  const Binary ops[] = {
      {"add", [](const Tensor& a, const Tensor& b) { return a + b; }},
      {"sub", [](const Tensor& a, const Tensor& b) { return a - b; }},
      {"mul", [](const Tensor& a, const Tensor& b) { return a * b; }},
      {"div", [](const Tensor& a, const Tensor& b) { return a / b; }},
  };
  std::vector<OpCase> cases;
  for (const Binary& op : ops) {
    for (const ShapePair& s : shape_pairs) {
      auto f = op.f;
      cases.push_back(
          {std::string(op.name) + "_" + s.name,
           [f](const std::vector<Tensor>& x) { return f(x[0], x[1]); },
           {spread(s.a_rows, s.a_cols, -2.0, 2.0, 1), spread(s.b_rows, s.b_cols, 0.5, 2.0, 2)}});
    }
  }
  return cases;
}

// --- Ops with a plain-number operand ---------------------------------------
std::vector<OpCase> scalar_cases() {
  const arma::mat x = spread(2, 3, 0.5, 2.0, 3);
  auto unary = [&](std::string name, Tensor (*f)(const Tensor&)) {
    return OpCase{std::move(name), [f](const std::vector<Tensor>& v) { return f(v[0]); }, {x}};
  };
  return {
      unary("tensor_plus_number", [](const Tensor& t) { return t + 1.5; }),
      unary("number_plus_tensor", [](const Tensor& t) { return 1.5 + t; }),
      unary("tensor_minus_number", [](const Tensor& t) { return t - 1.5; }),
      unary("number_minus_tensor", [](const Tensor& t) { return 1.5 - t; }),
      unary("tensor_times_number", [](const Tensor& t) { return t * -2.5; }),
      unary("number_times_tensor", [](const Tensor& t) { return -2.5 * t; }),
      unary("tensor_over_number", [](const Tensor& t) { return t / 3.0; }),
      unary("number_over_tensor", [](const Tensor& t) { return 3.0 / t; }),
      unary("negation", [](const Tensor& t) { return -t; }),
  };
}

// --- Element-wise functions --------------------------------------------------
std::vector<OpCase> function_cases() {
  const arma::mat any = spread(2, 3, -2.0, 2.0, 4);
  const arma::mat positive = spread(2, 3, 0.3, 3.0, 5);
  // Away from 0, where abs and relu have no derivative.
  arma::mat away_from_zero = any;
  away_from_zero.transform([](double v) { return v >= 0 ? v + 0.2 : v - 0.2; });
  auto unary = [](std::string name, Tensor (*f)(const Tensor&), const arma::mat& x) {
    return OpCase{std::move(name), [f](const std::vector<Tensor>& v) { return f(v[0]); }, {x}};
  };
  return {
      unary(
          "exp", [](const Tensor& t) { return exp(t); }, any),
      unary(
          "log", [](const Tensor& t) { return log(t); }, positive),
      unary(
          "sin", [](const Tensor& t) { return sin(t); }, any),
      unary(
          "cos", [](const Tensor& t) { return cos(t); }, any),
      unary(
          "sqrt", [](const Tensor& t) { return sqrt(t); }, positive),
      unary(
          "tanh", [](const Tensor& t) { return tanh(t); }, any),
      unary(
          "abs", [](const Tensor& t) { return abs(t); }, away_from_zero),
      unary(
          "relu", [](const Tensor& t) { return relu(t); }, away_from_zero),
      unary(
          "sigmoid", [](const Tensor& t) { return sigmoid(t); }, any),
      unary(
          "log_sigmoid", [](const Tensor& t) { return log_sigmoid(t); }, any),
      unary(
          "pow_2", [](const Tensor& t) { return pow(t, 2.0); }, any),
      unary(
          "pow_3", [](const Tensor& t) { return pow(t, 3.0); }, any),
      unary(
          "pow_half", [](const Tensor& t) { return pow(t, 0.5); }, positive),
      unary(
          "pow_minus_1_5", [](const Tensor& t) { return pow(t, -1.5); }, positive),
      unary(
          "pow_0", [](const Tensor& t) { return pow(t, 0.0); }, any),
  };
}

// --- Linear algebra, reductions, shapes, losses -------------------------------
std::vector<OpCase> structural_cases() {
  auto one = [](std::string name, Tensor (*f)(const Tensor&), arma::mat x) {
    return OpCase{
        std::move(name), [f](const std::vector<Tensor>& v) { return f(v[0]); }, {std::move(x)}};
  };
  auto two = [](std::string name, Tensor (*f)(const Tensor&, const Tensor&), arma::mat a,
                arma::mat b) {
    return OpCase{std::move(name),
                  [f](const std::vector<Tensor>& v) { return f(v[0], v[1]); },
                  {std::move(a), std::move(b)}};
  };
  arma::mat labels = {{0.0, 1.0, 1.0}, {1.0, 0.0, 0.0}};
  return {
      two(
          "matmul_2x3_3x4", [](const Tensor& a, const Tensor& b) { return matmul(a, b); },
          spread(2, 3, -1, 1, 1), spread(3, 4, -1, 1, 2)),
      two(
          "matmul_row_column", [](const Tensor& a, const Tensor& b) { return matmul(a, b); },
          spread(1, 3, -1, 1, 3), spread(3, 1, -1, 1, 4)),
      two(
          "matmul_transposed_left_3x2_3x4",
          [](const Tensor& a, const Tensor& b) { return matmul_transposed_left(a, b); },
          spread(3, 2, -1, 1, 40), spread(3, 4, -1, 1, 41)),
      two(
          "matmul_transposed_left_tall_column",  // the one-pass a^T v
          [](const Tensor& a, const Tensor& b) { return matmul_transposed_left(a, b); },
          spread(7, 3, -1, 1, 42), spread(7, 1, -1, 1, 43)),
      two(
          "matmul_transposed_left_columns",
          [](const Tensor& a, const Tensor& b) { return matmul_transposed_left(a, b); },
          spread(4, 1, -1, 1, 44), spread(4, 1, -1, 1, 45)),
      two(
          "matmul_transposed_right_2x3_4x3",
          [](const Tensor& a, const Tensor& b) { return matmul_transposed_right(a, b); },
          spread(2, 3, -1, 1, 46), spread(4, 3, -1, 1, 47)),
      two(
          "matmul_transposed_right_outer",
          [](const Tensor& a, const Tensor& b) { return matmul_transposed_right(a, b); },
          spread(5, 1, -1, 1, 48), spread(3, 1, -1, 1, 49)),
      two(
          "matmul_tall_column",  // the one-pass a v
          [](const Tensor& a, const Tensor& b) { return matmul(a, b); }, spread(7, 3, -1, 1, 50),
          spread(3, 1, -1, 1, 51)),
      one(
          "transpose", [](const Tensor& t) { return transpose(t); }, spread(2, 3, -1, 1, 5)),
      two(
          "dot_columns", [](const Tensor& a, const Tensor& b) { return dot(a, b); },
          spread(3, 1, -1, 1, 6), spread(3, 1, -1, 1, 7)),
      two(
          "dot_matrices", [](const Tensor& a, const Tensor& b) { return dot(a, b); },
          spread(2, 3, -1, 1, 8), spread(2, 3, -1, 1, 9)),
      one(
          "sum_all", [](const Tensor& t) { return sum(t); }, spread(2, 3, -1, 1, 10)),
      one(
          "sum_dim0", [](const Tensor& t) { return sum(t, 0); }, spread(2, 3, -1, 1, 11)),
      one(
          "sum_dim1", [](const Tensor& t) { return sum(t, 1); }, spread(2, 3, -1, 1, 12)),
      one(
          "mean_all", [](const Tensor& t) { return mean(t); }, spread(2, 3, -1, 1, 13)),
      one(
          "mean_dim0", [](const Tensor& t) { return mean(t, 0); }, spread(2, 3, -1, 1, 14)),
      one(
          "mean_dim1", [](const Tensor& t) { return mean(t, 1); }, spread(2, 3, -1, 1, 15)),
      one(
          "broadcast_row", [](const Tensor& t) { return broadcast_to(t, 4, 3); },
          spread(1, 3, -1, 1, 16)),
      one(
          "broadcast_column", [](const Tensor& t) { return broadcast_to(t, 2, 5); },
          spread(2, 1, -1, 1, 17)),
      one(
          "broadcast_scalar", [](const Tensor& t) { return broadcast_to(t, 2, 2); },
          spread(1, 1, -1, 1, 18)),
      one(
          "sum_to_row", [](const Tensor& t) { return sum_to(t, 1, 3); }, spread(4, 3, -1, 1, 19)),
      one(
          "sum_to_column", [](const Tensor& t) { return sum_to(t, 2, 1); },
          spread(2, 5, -1, 1, 20)),
      one(
          "sum_to_scalar", [](const Tensor& t) { return sum_to(t, 1, 1); },
          spread(2, 2, -1, 1, 21)),
      two(
          "bce_mean",
          [](const Tensor& z, const Tensor& y) { return binary_cross_entropy_with_logits(z, y); },
          spread(2, 3, -4, 4, 22), labels),
      two(
          "bce_sum",
          [](const Tensor& z, const Tensor& y) {
            return binary_cross_entropy_with_logits(z, y, Reduction::sum);
          },
          spread(2, 3, -4, 4, 23), labels),
      two(
          "bce_none",
          [](const Tensor& z, const Tensor& y) {
            return binary_cross_entropy_with_logits(z, y, Reduction::none);
          },
          spread(2, 3, -4, 4, 24), labels),
      two(
          "bce_soft_targets",
          [](const Tensor& z, const Tensor& y) { return binary_cross_entropy_with_logits(z, y); },
          spread(2, 3, -4, 4, 25), spread(2, 3, 0, 1, 26)),
  };
}

// The op that binary_cross_entropy_with_logits' differentiable gradient is
// made of, g (sigmoid(z) - y) / divisor, by each of its three inputs: its
// first derivative here is the loss's second, its second the loss's third.
std::vector<OpCase> loss_gradient_cases() {
  auto with_divisor = [](double divisor) {
    return [divisor](const std::vector<Tensor>& v) {
      return binary_cross_entropy_with_logits_gradient(v[0], v[1], v[2], divisor);
    };
  };
  return {
      {"bce_gradient_scalar_g",
       with_divisor(1.0),
       {arma::mat{1.3}, spread(2, 3, -4, 4, 60), spread(2, 3, 0, 1, 61)}},
      {"bce_gradient_scalar_g_mean",
       with_divisor(6.0),
       {arma::mat{-0.7}, spread(2, 3, -4, 4, 62), spread(2, 3, 0, 1, 63)}},
      {"bce_gradient_elementwise_g",
       with_divisor(1.0),
       {spread(2, 3, -1, 1, 64), spread(2, 3, -4, 4, 65), spread(2, 3, 0, 1, 66)}},
  };
}

// Composite expressions: shared subexpressions, broadcasting inside chains.
std::vector<OpCase> composite_cases() {
  return {
      {"logistic_regression_loss",
       [](const std::vector<Tensor>& v) {
         const Tensor X = constant(spread(5, 3, -1, 1, 30));
         const Tensor y = constant(arma::mat{1.0, 0.0, 1.0, 1.0, 0.0}.t());
         return binary_cross_entropy_with_logits(matmul(X, v[0]), y) + 0.05 * sum(v[0] * v[0]);
       },
       {spread(3, 1, -1, 1, 31)}},
      {"value_used_twice",
       [](const std::vector<Tensor>& v) {
         const Tensor z = v[0] * v[0] + v[0] + v[1] + 3.0;
         return z * z + v[1];
       },
       {spread(2, 2, -1, 1, 32), spread(2, 2, -1, 1, 33)}},
      {"row_bias_plus_matrix_then_tanh",
       [](const std::vector<Tensor>& v) { return mean(tanh(matmul(v[0], v[1]) + v[2]), 0); },
       {spread(4, 3, -1, 1, 34), spread(3, 2, -1, 1, 35), spread(1, 2, -1, 1, 36)}},
      {"logistic_regression_summed_loss",
       [](const std::vector<Tensor>& v) {
         return binary_cross_entropy_with_logits(
             matmul(v[0], v[1]), constant(arma::mat{1.0, 0.0, 1.0, 1.0, 0.0}.t()), Reduction::sum);
       },
       {spread(5, 3, -1, 1, 37), spread(3, 1, -1, 1, 38)}},
  };
}

std::string case_name(const ::testing::TestParamInfo<OpCase>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Broadcasting, OpGradcheck, ::testing::ValuesIn(binary_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(NumberOperand, OpGradcheck, ::testing::ValuesIn(scalar_cases()),
                         case_name);
INSTANTIATE_TEST_SUITE_P(Function, OpGradcheck, ::testing::ValuesIn(function_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Structure, OpGradcheck, ::testing::ValuesIn(structural_cases()),
                         case_name);
INSTANTIATE_TEST_SUITE_P(LossGradient, OpGradcheck, ::testing::ValuesIn(loss_gradient_cases()),
                         case_name);
INSTANTIATE_TEST_SUITE_P(Composite, OpGradcheck, ::testing::ValuesIn(composite_cases()), case_name);

}  // namespace
}  // namespace ad
