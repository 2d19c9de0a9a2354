#pragma once
// Local $ref resolution: "#" followed by an optional percent-encoded JSON pointer into the
// root schema. Remote refs, relative URIs and anchors ("#name") are rejected.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::protocol::schema_detail {

struct ref_target {
    const nlohmann::json* schema = nullptr;
    std::string pointer;  // canonical (re-escaped) pointer: one spelling per location
};

/// The value `ref` points at inside `root`; nullopt with `error` set when it cannot.
std::optional<ref_target>
resolve_local_ref(const nlohmann::json& root, std::string_view ref, std::string& error);

}  // namespace mcpgw::protocol::schema_detail
