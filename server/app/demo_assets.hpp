#pragma once
// Generated from deploy/examples/demo.yaml and demo.sql at build time (demo_assets.cpp.in).

#include <string_view>

namespace mcpgw::server {

std::string_view demo_config();
std::string_view demo_sql();

}  // namespace mcpgw::server
