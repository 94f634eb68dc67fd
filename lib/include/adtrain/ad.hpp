// adtrain's reverse-mode automatic differentiation on a dynamic graph.
// Include this one header for the whole public API.
#pragma once

#include "adtrain/autograd.hpp"
#include "adtrain/grad_mode.hpp"
#include "adtrain/gradcheck.hpp"
#include "adtrain/ops.hpp"
#include "adtrain/tensor.hpp"
