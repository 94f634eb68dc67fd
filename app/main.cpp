#include "cli.hpp"

int main(int argc, char** argv) {
  return adtrain::app::run(argc, argv);
}
