#include "connection_slots.hpp"

namespace mcpgw::server {

std::optional<std::uint64_t> connection_to_close(std::span<const connection_view> connections) {
    const connection_view* best = nullptr;
    auto rank = [](connection_phase p) {
        return p == connection_phase::reading_headers ? 0 : 1;  // slow headers go first
    };
    for (const auto& c : connections) {
        if (c.phase != connection_phase::reading_headers && c.phase != connection_phase::idle) {
            continue;
        }
        if (best == nullptr || rank(c.phase) < rank(best->phase) ||
            (rank(c.phase) == rank(best->phase) && c.since < best->since)) {
            best = &c;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return best->id;
}

}  // namespace mcpgw::server
