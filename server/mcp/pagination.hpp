#pragma once
// Cursor pagination over an immutable, deterministically ordered list: the cursor is the
// offset of the next page, as an opaque string.

#include <protocol/jsonrpc.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mcpgw::server {

struct page {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::optional<std::string> next_cursor;
};

/// Reads params.cursor and picks the page; an unreadable cursor is -32602.
std::variant<page, protocol::rpc_error>
paginate(const nlohmann::json& params, std::size_t total, std::size_t page_size);

}  // namespace mcpgw::server
