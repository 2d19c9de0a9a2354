#pragma once
// How an http_client connects: trust, timeouts, pool bounds, headers sent with every request.

#include "http_types.hpp"

#include <chrono>
#include <cstddef>
#include <string>

namespace mcpgw::backends {
class metrics_registry;
}

namespace mcpgw::backends::http {

struct client_options {
    std::string ca_file;                // PEM bundle to trust; empty = system CAs
    bool insecure_skip_verify = false;  // no certificate/hostname check; logged once per client
    std::chrono::milliseconds connect_timeout{5000};  // resolve + connect + TLS handshake
    std::size_t max_idle_per_origin = 4;
    std::chrono::milliseconds idle_timeout{30000};  // idle connections older than this are closed
    std::size_t max_header_bytes = 64 * 1024;  // response header block; beyond: too_large_headers
    header_list
        default_headers;  // sent with every request (a request header of the same name wins)
    // Optional: count requests and errors into this registry (client_metrics.hpp) under the
    // label server=metrics_server, the configured server name (never a URL). The registry must
    // outlive the client. Null: nothing is counted.
    metrics_registry* metrics = nullptr;
    std::string metrics_server;
};

}  // namespace mcpgw::backends::http
