#include "mysql_backend.hpp"

#include "mysql_source.hpp"
#include "settings.hpp"

#include <backends/sql/declared_tool.hpp>
#include <backends/sql/sql_tools.hpp>

#include <mysql.h>

namespace mcpgw::backends::mysql {
namespace {

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    contribution out;
    std::vector<std::shared_ptr<sql::sql_source>> sources;
    for (const auto& node : servers) {
        sources.push_back(std::make_shared<mysql_source>(parse_settings(node), runtime));
    }
    if (sources.empty()) {
        return out;
    }
    // Once, before any connection: mysql_init would do it lazily and not thread-safely.
    static const bool initialised = mysql_library_init(0, nullptr, nullptr) == 0;
    (void)initialised;
    out.tools = sql::make_declared_tools(tools, sources);
    out.tools.push_back(sql::make_query_tool("mysql_query", "MySQL", sources));
    out.sources.assign(sources.begin(), sources.end());
    return out;
}

}  // namespace

backends::backend_factory mysql_backend_factory() {
    return {"mysql", &build};
}

}  // namespace mcpgw::backends::mysql
