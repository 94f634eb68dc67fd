// How the processes that share one training run combine what each computed.
//
// Training on K processes splits the rows among them; every sum over rows
// (the objective's value, gradient and H v, accuracy counts, the
// standardisation's statistics) is then made of every process's part. The
// library asks for one thing only: every process's numbers, in process order,
// on every process. It then adds them up itself, in a fixed order that does
// not depend on K, so that K processes compute the same bits as one. The
// default is one process, where there is nothing to combine; an MPI
// implementation lives in its own target (lib/mpi), so that neither this
// library nor lib/ad depends on MPI.
#pragma once

#include <armadillo>
#include <cstddef>
#include <span>
#include <vector>

namespace adtrain::ml {

class Reducer {
 public:
  virtual ~Reducer() = default;

  // How many processes share the run, and which one this is (0-based).
  virtual std::size_t processes() const { return 1; }
  virtual std::size_t rank() const { return 0; }

  // Every process's `local` (of any length, possibly empty), concatenated in
  // process order, on every process. A collective: every process calls it,
  // the same number of times, in the same order. With one process: `local`.
  virtual std::vector<double> all_gather(std::span<const double> local) const {
    return {local.begin(), local.end()};
  }
  // The same concatenation on process 0 only (the others get an empty
  // vector): for what one process alone needs, such as every row's score,
  // which gathered on every process would take each one's memory. A
  // collective. With one process: `local`.
  virtual std::vector<double> gather_to_root(std::span<const double> local) const {
    return {local.begin(), local.end()};
  }
};

// Every process's vectors of `width` elements (each process's in its own
// order, the processes in process order), added in that order, the first
// taken as it is: the same bits for any split of the same vectors among
// processes, and one vector comes back unchanged. Zeros when there are none.
// A collective when `reducer` has several processes.
arma::vec add_in_order(const Reducer& reducer, const std::vector<arma::vec>& mine,
                       arma::uword width);

// The one-process reducer, for callers that have no other.
inline const Reducer& single_process() {
  static const Reducer one;
  return one;
}

}  // namespace adtrain::ml
