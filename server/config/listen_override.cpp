// --listen HOST:PORT, applied over the configuration file's `listen:`.
#include "gateway_config.hpp"

#include <charconv>

namespace mcpgw::server {

void apply_listen_override(listen_config& listen, const std::string& host_port) {
    auto bad = [&](const std::string& why) {
        throw backends::config_error("--listen '" + host_port + "': " + why);
    };
    std::string host;
    std::string port_text;
    if (host_port.starts_with('[')) {
        auto close = host_port.find("]:");
        if (close == std::string::npos) {
            bad("expected [address]:port");
        }
        host = host_port.substr(1, close - 1);
        port_text = host_port.substr(close + 2);
        if (host.empty()) {
            bad("empty address between [ and ]");
        }
    } else {
        auto colon = host_port.rfind(':');
        if (colon == std::string::npos) {
            bad("expected host:port, [v6-address]:port or :port");
        }
        host = host_port.substr(0, colon);
        port_text = host_port.substr(colon + 1);
        if (host.find(':') != std::string::npos) {
            bad("an IPv6 address needs brackets, e.g. [::1]:8080");
        }
    }
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc{} || ptr != port_text.data() + port_text.size() ||
        port > 65535) {
        bad("the port must be a number from 0 to 65535");
    }
    if (!host.empty()) {
        listen.address = host;  // ":9000" keeps the configured address
    }
    listen.port = static_cast<std::uint16_t>(port);
}

}  // namespace mcpgw::server
