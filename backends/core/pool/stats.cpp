#include "stats.hpp"

namespace mcpgw::backends::pool {

nlohmann::json to_json(const pool_counts& c) {
    return nlohmann::json{
        {"size", c.size},
        {"max_size", c.max_size},
        {"in_use", c.in_use},
        {"idle", c.idle},
        {"waiters", c.waiters},
        {"opening", c.opening},
        {"last_error", c.last_error},
        {"total_connects", c.total_connects},
        {"failed_connects", c.failed_connects},
    };
}

}  // namespace mcpgw::backends::pool
