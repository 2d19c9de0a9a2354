#include "source.hpp"

namespace mcpgw::backends {

std::string_view to_string(access_mode m) {
    return m == access_mode::read_only ? "read_only" : "read_write";
}

std::string_view to_string(health_state s) {
    switch (s) {
        case health_state::ok:
            return "ok";
        case health_state::degraded:
            return "degraded";
        case health_state::down:
            return "down";
    }
    return "unknown";
}

}  // namespace mcpgw::backends
