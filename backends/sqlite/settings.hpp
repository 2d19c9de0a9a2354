#pragma once
// The keys of one `type: sqlite` server entry, read and checked from configuration.

#include <backends/core/config_node.hpp>
#include <backends/core/source.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace mcpgw::backends::sqlite {

struct settings {
    std::string name;
    std::string path;
    std::string description;
    access_mode access = access_mode::read_only;
    std::size_t max_rows = 1000;
    std::size_t max_result_bytes = 1024 * 1024;
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    std::chrono::milliseconds busy_timeout = std::chrono::seconds(5);
    std::size_t max_connections = 4;  // not configurable yet: one per concurrent call
};

/// Throws config_error naming the key and line.
settings parse_settings(const config_node& server);

}  // namespace mcpgw::backends::sqlite
