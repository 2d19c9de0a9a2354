#include "postgres_backend.hpp"

#include "postgres_source.hpp"
#include "settings.hpp"

#include <backends/sql/declared_tool.hpp>
#include <backends/sql/sql_tools.hpp>

namespace mcpgw::backends::postgres {
namespace {

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    contribution out;
    std::vector<std::shared_ptr<sql::sql_source>> sources;
    for (const auto& node : servers) {
        sources.push_back(std::make_shared<postgres_source>(parse_settings(node), runtime));
    }
    if (sources.empty()) {
        return out;
    }
    out.tools = sql::make_declared_tools(tools, sources);
    out.tools.push_back(sql::make_query_tool("postgres_query", "PostgreSQL", sources));
    out.sources.assign(sources.begin(), sources.end());
    return out;
}

}  // namespace

backends::backend_factory postgres_backend_factory() {
    return {"postgres", &build};
}

}  // namespace mcpgw::backends::postgres
