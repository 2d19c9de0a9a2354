#pragma once
// How a backend type plugs in: given the configured servers of its type, it builds sources,
// tools, resources and prompts. The server keeps a table of these factories by type name.

#include "config_node.hpp"
#include "content_provider.hpp"
#include "source.hpp"
#include "tool.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mcpgw::backends {

class worker_pool;
class metrics_registry;

/// What a backend may use while it runs. All members outlive every source.
struct backend_runtime {
    boost::asio::any_io_executor executor;  // the event loop
    worker_pool* workers = nullptr;         // for blocking driver calls
    metrics_registry* metrics = nullptr;
};

struct contribution {
    std::vector<std::shared_ptr<source>> sources;
    std::vector<std::shared_ptr<const tool>> tools;
    std::vector<std::shared_ptr<const resource_provider>> resources;
    std::vector<std::shared_ptr<const prompt>> prompts;
};

/// One backend type. `servers` are the `servers:` entries of this type (already checked for
/// `name` and `type`); `tools` are the `tools:` entries bound to those servers.
struct backend_factory {
    std::string type;  // "sqlite", "conformance", ...
    std::function<contribution(
        const std::vector<config_node>& servers,
        const std::vector<config_node>& tools,
        const backend_runtime& runtime
    )>
        build;
};

}  // namespace mcpgw::backends
