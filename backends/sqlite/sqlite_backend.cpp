#include "sqlite_backend.hpp"

#include "settings.hpp"
#include "sqlite_source.hpp"

#include <backends/sql/declared_tool.hpp>
#include <backends/sql/sql_tools.hpp>

namespace mcpgw::backends::sqlite {
namespace {

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    contribution out;
    std::vector<std::shared_ptr<sql::sql_source>> sources;
    for (const auto& node : servers) {
        sources.push_back(std::make_shared<sqlite_source>(parse_settings(node), runtime));
    }
    if (sources.empty()) {
        return out;
    }
    out.tools = sql::make_declared_tools(tools, sources);
    out.tools.push_back(sql::make_query_tool("sqlite_query", "SQLite", sources));
    out.sources.assign(sources.begin(), sources.end());
    return out;
}

}  // namespace

backends::backend_factory sqlite_backend_factory() {
    return {"sqlite", &build};
}

}  // namespace mcpgw::backends::sqlite
