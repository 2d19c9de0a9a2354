#pragma once
// Server-Sent Events framing (text/event-stream). Pure string building.

#include <string>
#include <string_view>

namespace mcpgw::protocol::sse {

/// One event: optional id, optional event name, data split on newlines into data: lines.
std::string event(std::string_view id, std::string_view event_name, std::string_view data);

/// The priming event for resumable streams: an id, a retry hint and empty data.
std::string priming(std::string_view id, int retry_ms);

/// A comment line, used as an idle heartbeat.
std::string comment(std::string_view text);

}  // namespace mcpgw::protocol::sse
