#pragma once
// MCP protocol versions and the per-era behaviour differences. Every version-dependent
// decision in the code asks an era_traits; nothing else compares version strings.

#include <array>
#include <optional>
#include <string_view>

namespace mcpgw::protocol {

enum class era {
    legacy_sse,  // 2024-11-05: GET /sse + POST /messages
    sessions,    // 2025-03-26 .. 2025-11-25: Streamable HTTP with Mcp-Session-Id
    stateless,   // 2026-07-28 (later issue): no sessions, per-request _meta
};

struct era_traits {
    std::string_view version;
    era family = era::sessions;
    // JSON-RPC 2.0 batches: 2024-11-05 (plain JSON-RPC 2.0) and 2025-03-26, which says so;
    // 2025-06-18 removed them.
    bool batches_allowed = false;
    bool sse_priming_event = false;   // empty-data priming event: 2025-11-25 and later
    bool structured_content = false;  // outputSchema / structuredContent: 2025-06-18 and later
    bool elicitation = false;         // elicitation/create: 2025-06-18 and later
    bool tool_titles = false;         // title fields: 2025-06-18 and later
};

/// Versions this build speaks, oldest first.
inline constexpr std::array<std::string_view, 4> supported_versions{
    "2024-11-05",
    "2025-03-26",
    "2025-06-18",
    "2025-11-25"};

inline constexpr std::string_view latest_version = "2025-11-25";

/// Traits for a supported version; nullopt when unsupported.
std::optional<era_traits> traits_for(std::string_view version);

/// initialize negotiation: the requested version when supported, else the newest.
std::string_view negotiate(std::string_view requested);

}  // namespace mcpgw::protocol
