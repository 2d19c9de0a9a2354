#include "worker_pool.hpp"

namespace mcpgw::backends {

worker_pool::worker_pool(std::size_t threads) : pool_(threads == 0 ? 1 : threads) {}

// Finishing queued work (rather than dropping it) keeps every waiter's shared state and
// handler destroyed in order; SQLite calls are bounded by their deadlines.
worker_pool::~worker_pool() {
    pool_.join();
}

void worker_pool::stop() {
    pool_.join();
}

}  // namespace mcpgw::backends
