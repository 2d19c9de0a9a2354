#include "declared_tool.hpp"

#include "placeholders.hpp"
#include "sql_tools.hpp"

#include <backends/core/declared_parameter.hpp>
#include <backends/core/tool_result.hpp>

#include <map>
#include <set>

namespace mcpgw::backends::sql {
namespace {

namespace asio = boost::asio;

json read_only_annotations(bool writes) {
    return {
        {"readOnlyHint", !writes},
        {"destructiveHint", writes},
        {"idempotentHint", !writes},
        {"openWorldHint", true}};
}

class declared_tool final : public tool {
public:
    declared_tool(
        json definition,
        std::shared_ptr<sql_source> src,
        bound_statement statement,
        std::map<std::string, parameter> parameters
    )
        : definition_(std::move(definition)),
          source_(std::move(src)),
          statement_(std::move(statement)),
          parameters_(std::move(parameters)) {}

    const json& definition() const override { return definition_; }

    std::chrono::milliseconds timeout(const json& arguments) const override {
        (void)arguments;
        return source_->call_timeout();
    }

    asio::awaitable<json> invoke(call_context& ctx, json arguments) const override {
        std::vector<json> values;
        values.reserve(statement_.order.size());
        for (const auto& name : statement_.order) {
            auto it = arguments.find(name);
            if (it != arguments.end()) {
                values.push_back(*it);
            } else {
                // Required parameters were checked by the inputSchema; the rest have defaults.
                values.push_back(parameters_.at(name).fallback.value_or(json()));
            }
        }
        co_return co_await source_->query_bound(ctx, statement_.text, std::move(values));
    }

private:
    json definition_;
    std::shared_ptr<sql_source> source_;
    bound_statement statement_;
    std::map<std::string, parameter> parameters_;
};

std::shared_ptr<const tool>
make_one(const config_node& entry, const std::shared_ptr<sql_source>& src) {
    entry.check_keys({"name", "server", "title", "description", "statement", "parameters"});
    auto name = entry.required_string("name");
    auto text = entry.required_string("statement");
    if (text.empty()) {
        entry.child("statement").fail("must not be empty");
    }
    bound_statement bound;
    try {
        bound = bind_placeholders(text, src->dialect());
    } catch (const std::invalid_argument& e) {
        entry.child("statement").fail(e.what());
    }
    auto check = sql_guard::check_statement(text, src->dialect(), src->guard_policy());
    if (!check.allowed()) {
        entry.child("statement")
            .fail(
                "refused for server '" + src->name() + "' (" +
                std::string(to_string(src->access())) + "): " + check.refused->reason
            );
    }

    std::map<std::string, parameter> parameters;
    json properties = json::object();
    json required = json::array();
    if (auto params = entry.optional_child("parameters")) {
        if (!params->is_map()) {
            params->fail("expected a map of parameter name to its schema");
        }
        for (auto it = params->yaml().begin(); it != params->yaml().end(); ++it) {
            auto pname = it->first.as<std::string>();
            config_node pnode(it->second, params->file(), params->path() + "." + pname);
            if (std::find(bound.names.begin(), bound.names.end(), pname) == bound.names.end()) {
                pnode.fail(
                    "parameter '" + pname + "' is not used in the statement (:" + pname + ")"
                );
            }
            auto p = parse_parameter(pnode, pname);
            properties[pname] = p.schema;
            if (!p.fallback) {
                required.push_back(pname);
            }
            parameters.emplace(pname, std::move(p));
        }
    }
    for (const auto& used : bound.names) {
        if (!parameters.contains(used)) {
            entry.child("statement")
                .fail("uses :" + used + " but 'parameters' does not declare it");
        }
    }
    bool writes = check.kind != sql_guard::statement_kind::read;
    json definition = {
        {"name", name},
        {"description",
         entry.optional_string(
             "description",
             "Runs a fixed statement on server '" + src->name() + "'"
         )},
        {"inputSchema",
         {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}}},
        {"outputSchema", table_output_schema()},
        {"annotations", read_only_annotations(writes)},
    };
    if (entry.has("title")) {
        definition["title"] = entry.required_string("title");
    }
    return std::make_shared<declared_tool>(
        std::move(definition),
        src,
        std::move(bound),
        std::move(parameters)
    );
}

}  // namespace

std::vector<std::shared_ptr<const tool>> make_declared_tools(
    const std::vector<config_node>& entries,
    const std::vector<std::shared_ptr<sql_source>>& sources
) {
    std::vector<std::shared_ptr<const tool>> out;
    for (const auto& entry : entries) {
        auto server = entry.required_string("server");
        std::shared_ptr<sql_source> src;
        for (const auto& s : sources) {
            if (s->name() == server) {
                src = s;
            }
        }
        if (!src) {
            entry.child("server").fail("no SQL server named '" + server + "'");
        }
        out.push_back(make_one(entry, src));
    }
    return out;
}

}  // namespace mcpgw::backends::sql
