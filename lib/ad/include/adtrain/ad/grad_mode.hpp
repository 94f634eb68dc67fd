// Switching graph recording off, per thread.
#pragma once

namespace ad {

// True while ops record the graph (the default on every thread).
bool grad_enabled();

// Inside this scope no op records a graph: results are plain leaves. Use it
// for parameter updates and evaluation. Scopes nest; each restores what it found.
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// The opposite: records the graph even inside a no_grad scope.
class EnableGradGuard {
 public:
  EnableGradGuard();
  ~EnableGradGuard();
  EnableGradGuard(const EnableGradGuard&) = delete;
  EnableGradGuard& operator=(const EnableGradGuard&) = delete;

 private:
  bool previous_;
};

using no_grad = NoGradGuard;

}  // namespace ad
