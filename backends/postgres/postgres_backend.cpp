#include "postgres_backend.hpp"

#include "postgres_source.hpp"
#include "settings.hpp"

#include <backends/sql/declared_tool.hpp>
#include <backends/sql/placeholders.hpp>
#include <backends/sql/sql_tools.hpp>

#include <stdexcept>

namespace mcpgw::backends::postgres {
namespace {

// Config-declared statements for PostgreSQL servers pass PostgreSQL's parser and this guard
// (on the text as it is sent: $1, $2... for :name), before the shared SQL tool code checks
// them again with its generic one.
void check_declared_statements(
    const std::vector<config_node>& tools,
    const std::vector<std::shared_ptr<postgres_source>>& sources
) {
    for (const auto& entry : tools) {
        if (!entry.has("server") || !entry.has("statement")) {
            continue;  // make_declared_tools names what is missing
        }
        auto server = entry.required_string("server");
        for (const auto& src : sources) {
            if (src->name() != server) {
                continue;
            }
            sql::bound_statement bound;
            try {
                bound = sql::bind_placeholders(
                    entry.required_string("statement"),
                    sql_guard::sql_dialect::postgres
                );
            } catch (const std::invalid_argument&) {
                continue;  // make_declared_tools reports it
            }
            auto check = src->check_declared(bound.text);
            if (!check.allowed()) {
                entry.child("statement")
                    .fail(
                        "refused for server '" + server + "' (" +
                        std::string(to_string(src->access())) + "): " + check.refused->reason
                    );
            }
        }
    }
}

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    contribution out;
    std::vector<std::shared_ptr<postgres_source>> postgres_sources;
    for (const auto& node : servers) {
        postgres_sources.push_back(std::make_shared<postgres_source>(parse_settings(node), runtime)
        );
    }
    if (postgres_sources.empty()) {
        return out;
    }
    check_declared_statements(tools, postgres_sources);
    std::vector<std::shared_ptr<sql::sql_source>> sources(
        postgres_sources.begin(),
        postgres_sources.end()
    );
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
