// adtrain's reverse-mode automatic differentiation on a dynamic graph.
// Include this one header for the whole public API.
#pragma once

#include "adtrain/ad/autograd.hpp"
#include "adtrain/ad/grad_mode.hpp"
#include "adtrain/ad/gradcheck.hpp"
#include "adtrain/ad/ops.hpp"
#include "adtrain/ad/tensor.hpp"
#include "adtrain/ad/threads.hpp"
