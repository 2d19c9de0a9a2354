#pragma once
// libpq and server messages made safe to show: one line, bounded, and never the password
// (a server message may echo what it was given; a connection error names the host and user).

#include <string>
#include <string_view>

namespace mcpgw::backends::postgres {

/// Collapses whitespace runs (newlines, tabs) to one space, trims, replaces every occurrence
/// of `password` (when not empty) with "***", and cuts at `max_chars` (adding "...").
std::string
sanitise(std::string_view message, std::string_view password, std::size_t max_chars = 400);

}  // namespace mcpgw::backends::postgres
