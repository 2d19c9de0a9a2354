#include "catalog_builder.hpp"

#include <backends/conformance/conformance_backend.hpp>
#include <backends/core/list_servers_tool.hpp>
#include <backends/mysql/mysql_backend.hpp>
#include <backends/postgres/postgres_backend.hpp>
#include <backends/prometheus/prometheus_backend.hpp>
#include <backends/redis/redis_backend.hpp>
#include <backends/sql/schema_resources.hpp>
#include <backends/sql/sql_tools.hpp>
#include <backends/sqlite/sqlite_backend.hpp>

#include <map>

namespace mcpgw::server {

std::vector<backends::backend_factory> known_backends() {
    return {
        backends::sqlite::sqlite_backend_factory(),
        backends::postgres::postgres_backend_factory(),
        backends::mysql::mysql_backend_factory(),
        backends::redis::redis_backend_factory(),
        backends::prometheus::prometheus_backend_factory(),
        backends::conformance::conformance_backend_factory()};
}

std::shared_ptr<const backends::catalog>
build_catalog(const gateway_config& config, const backends::backend_runtime& runtime) {
    auto factories = known_backends();
    std::map<std::string, std::vector<backends::config_node>> servers_by_type;
    std::map<std::string, std::string> type_of_server;
    for (const auto& s : config.servers) {
        std::string type = s.required_string("type");
        bool known = false;
        for (const auto& f : factories) {
            known = known || f.type == type;
        }
        if (!known) {
            std::string list;
            for (const auto& f : factories) {
                list += (list.empty() ? "" : ", ") + f.type;
            }
            s.child("type").fail("unknown server type '" + type + "' (known: " + list + ")");
        }
        type_of_server[s.required_string("name")] = type;
        servers_by_type[type].push_back(s);
    }
    std::map<std::string, std::vector<backends::config_node>> tools_by_type;
    for (const auto& t : config.tools) {
        tools_by_type[type_of_server[t.required_string("server")]].push_back(t);
    }
    std::vector<backends::contribution> parts;
    std::vector<std::shared_ptr<backends::source>> all_sources;
    for (const auto& f : factories) {
        auto it = servers_by_type.find(f.type);
        if (it == servers_by_type.end()) {
            continue;  // a type with no server configured contributes nothing
        }
        auto part = f.build(it->second, tools_by_type[f.type], runtime);
        all_sources.insert(all_sources.end(), part.sources.begin(), part.sources.end());
        parts.push_back(std::move(part));
    }
    backends::contribution common;
    common.tools.push_back(backends::make_list_servers_tool(all_sources));
    // list_tables and describe_table span every SQL server, whatever its engine.
    std::vector<std::shared_ptr<backends::sql::sql_source>> sql_sources;
    for (const auto& src : all_sources) {
        if (auto sql = std::dynamic_pointer_cast<backends::sql::sql_source>(src)) {
            sql_sources.push_back(std::move(sql));
        }
    }
    if (!sql_sources.empty()) {
        auto catalog_tools = backends::sql::make_catalog_tools(sql_sources);
        common.tools.insert(common.tools.end(), catalog_tools.begin(), catalog_tools.end());
        common.resources.push_back(backends::sql::make_schema_resources(sql_sources));
    }
    parts.push_back(std::move(common));
    return backends::catalog::build(std::move(parts));
}

}  // namespace mcpgw::server
