#include "declared_tool.hpp"

#include "command_template.hpp"
#include "command_tool.hpp"
#include "text_util.hpp"

#include <backends/core/declared_parameter.hpp>
#include <backends/core/tool_result.hpp>

#include <algorithm>
#include <map>

namespace mcpgw::backends::redis {
namespace {

namespace asio = boost::asio;
using json = nlohmann::json;

class declared_tool final : public tool {
public:
    declared_tool(
        json definition,
        std::shared_ptr<redis_source> src,
        command_template command,
        std::map<std::string, parameter> parameters
    )
        : definition_(std::move(definition)),
          source_(std::move(src)),
          command_(std::move(command)),
          parameters_(std::move(parameters)) {}

    const json& definition() const override { return definition_; }

    std::chrono::milliseconds timeout(const json& arguments) const override {
        (void)arguments;
        return source_->call_timeout();
    }

    asio::awaitable<json> invoke(call_context& ctx, json arguments) const override {
        std::map<std::string, std::string> values;
        for (const auto& name : command_.names) {
            auto it = arguments.find(name);
            // Required parameters were checked against the inputSchema; the rest have defaults.
            json value =
                it != arguments.end() ? *it : parameters_.at(name).fallback.value_or(json());
            values[name] = argument_text(value);
        }
        auto argv = expand(command_, values);
        auto command = std::move(argv.front());
        argv.erase(argv.begin());
        co_return co_await source_->run(ctx, std::move(command), std::move(argv));
    }

private:
    json definition_;
    std::shared_ptr<redis_source> source_;
    command_template command_;
    std::map<std::string, parameter> parameters_;
};

json annotations_for(bool writes) {
    return {
        {"readOnlyHint", !writes},
        {"destructiveHint", writes},
        {"idempotentHint", !writes},
        {"openWorldHint", true}};
}

command_template read_template(const config_node& entry) {
    auto node = entry.child("command");
    if (!node.is_sequence()) {
        node.fail("expected a list: the command name, then one element per argument");
    }
    std::vector<std::string> elements;
    auto items = node.elements();
    for (const auto& e : items) {
        elements.push_back(e.as_string());
    }
    if (elements.empty()) {
        node.fail("must name a command");
    }
    try {
        return parse_command_template(elements);
    } catch (const template_error& e) {
        items.at(e.index).fail(e.what());
    }
}

std::shared_ptr<const tool>
make_one(const config_node& entry, const std::shared_ptr<redis_source>& src) {
    entry.check_keys({"name", "server", "title", "description", "command", "parameters"});
    auto name = entry.required_string("name");
    auto command = read_template(entry);
    auto items = entry.child("command").elements();
    if (!command.literal(0)) {
        items.at(0).fail("the command name must be literal, not a {parameter}");
    }
    // The start-up check sees placeholders as written ("{key}"): a value that turns the
    // command into something else (STORE, BLOCK) is refused by the check at call time.
    std::vector<std::string> args;
    for (std::size_t i = 1; i < command.arguments.size(); ++i) {
        args.push_back(command.shown(i));
    }
    const auto& table = command_table::builtin();
    const auto* known = table.find(ascii_lower(command.shown(0)));
    if (known != nullptr && known->has_subcommands && !args.empty() && !command.literal(1)) {
        items.at(1).fail("the subcommand must be literal, not a {parameter}");
    }
    auto v = check_command(table, src->settings().policy, command.shown(0), args);
    if (!v.allowed()) {
        entry.child("command").fail(
            "refused for server '" + src->name() + "' (" + std::string(to_string(src->access())) +
            "): " + v.message
        );
    }

    // A literal argument beyond the server's bounds (a count above max_count) is refused
    // now; placeholders are checked with their values at call time.
    auto plan = plan_bounds(src->limits(), v.name, args);
    if (plan.refused && plan.refused->index && command.literal(*plan.refused->index + 1)) {
        items.at(*plan.refused->index + 1)
            .fail("refused for server '" + src->name() + "': " + plan.refused->message);
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
            if (std::find(command.names.begin(), command.names.end(), pname) ==
                command.names.end()) {
                pnode.fail(
                    "parameter '" + pname + "' is not used in the command ({" + pname + "})"
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
    for (const auto& used : command.names) {
        if (!parameters.contains(used)) {
            entry.child("command").fail("uses {" + used + "} but 'parameters' does not declare it");
        }
    }
    json definition = {
        {"name", name},
        {"description",
         entry.optional_string(
             "description",
             "Runs a fixed Redis command on server '" + src->name() + "'"
         )},
        {"inputSchema",
         {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}}},
        {"outputSchema", reply_output_schema()},
        {"annotations", annotations_for(v.writes)},
    };
    if (entry.has("title")) {
        definition["title"] = entry.required_string("title");
    }
    return std::make_shared<declared_tool>(
        std::move(definition),
        src,
        std::move(command),
        std::move(parameters)
    );
}

}  // namespace

std::vector<std::shared_ptr<const tool>> make_declared_tools(
    const std::vector<config_node>& entries,
    const std::vector<std::shared_ptr<redis_source>>& sources
) {
    std::vector<std::shared_ptr<const tool>> out;
    for (const auto& entry : entries) {
        auto server = entry.required_string("server");
        std::shared_ptr<redis_source> src;
        for (const auto& s : sources) {
            if (s->name() == server) {
                src = s;
            }
        }
        if (!src) {
            entry.child("server").fail("no Redis server named '" + server + "'");
        }
        out.push_back(make_one(entry, src));
    }
    return out;
}

}  // namespace mcpgw::backends::redis
