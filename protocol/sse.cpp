#include "sse.hpp"

namespace mcpgw::protocol::sse {
namespace {

// Field values must not contain CR or LF; they would end the field early.
void append_field(std::string& out, std::string_view name, std::string_view value) {
    out.append(name);
    out.append(": ");
    for (char c : value) {
        if (c != '\n' && c != '\r') {
            out.push_back(c);
        }
    }
    out.push_back('\n');
}

}  // namespace

std::string event(std::string_view id, std::string_view event_name, std::string_view data) {
    std::string out;
    out.reserve(data.size() + id.size() + event_name.size() + 32);
    if (!id.empty()) {
        append_field(out, "id", id);
    }
    if (!event_name.empty()) {
        append_field(out, "event", event_name);
    }
    // Each line of the payload becomes its own data: line (CRLF, CR and LF all end a line).
    std::size_t start = 0;
    while (true) {
        std::size_t end = data.find_first_of("\r\n", start);
        out.append("data: ");
        out.append(data.substr(start, end == std::string_view::npos ? end : end - start));
        out.push_back('\n');
        if (end == std::string_view::npos) {
            break;
        }
        start =
            end + ((data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ? 2 : 1);
    }
    out.push_back('\n');
    return out;
}

std::string priming(std::string_view id, int retry_ms) {
    std::string out;
    append_field(out, "id", id);
    out.append("retry: ").append(std::to_string(retry_ms)).append("\n");
    out.append("data: \n\n");
    return out;
}

std::string comment(std::string_view text) {
    std::string out = ": ";
    for (char c : text) {
        if (c != '\n' && c != '\r') {
            out.push_back(c);
        }
    }
    out.append("\n\n");
    return out;
}

}  // namespace mcpgw::protocol::sse
