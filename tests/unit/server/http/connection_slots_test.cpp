// Which connection gives way when the listener is full.
#include <server/http/connection_slots.hpp>

#include <vector>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

using namespace std::chrono_literals;
using p = connection_phase;

TEST(ConnectionSlots, PicksTheRightVictim) {
    const auto t = std::chrono::steady_clock::time_point{} + 1h;
    struct victim_case {
        const char* name;
        std::vector<connection_view> connections;
        std::optional<std::uint64_t> victim;
    };
    const std::vector<victim_case> cases = {
        {"empty", {}, std::nullopt},
        {"all busy: refuse the newcomer",
         {{1, p::handling, t - 50s}, {2, p::reading_body, t - 60s}},
         std::nullopt},
        {"the oldest header reader",
         {{1, p::reading_headers, t - 5s}, {2, p::reading_headers, t - 9s}, {3, p::handling, t}},
         2},
        {"header readers before idle keep-alive connections, even older ones",
         {{1, p::idle, t - 70s}, {2, p::reading_headers, t - 1s}},
         2},
        {"else the longest idle",
         {{1, p::idle, t - 10s}, {2, p::idle, t - 30s}, {3, p::reading_body, t - 99s}},
         2},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(connection_to_close(c.connections), c.victim) << c.name;
    }
}

}  // namespace
}  // namespace mcpgw::server
