// resources/*, prompts/*, completion/complete and logging/setLevel.
#include "call_context_impl.hpp"
#include "pagination.hpp"
#include "service.hpp"

namespace mcpgw::server {

namespace asio = boost::asio;
using protocol::rpc_code;
using protocol::rpc_error;
using protocol::rpc_outcome;

namespace {

rpc_error invalid(std::string message) {
    return rpc_error::make(rpc_code::invalid_params, "Invalid params: " + std::move(message));
}

/// Reads a required string member of params.
const std::string* string_param(const json& params, const char* key) {
    if (!params.is_object()) {
        return nullptr;
    }
    auto it = params.find(key);
    return (it != params.end() && it->is_string()) ? it->get_ptr<const std::string*>() : nullptr;
}

rpc_error from_lookup(const backends::lookup_error& e, rpc_code not_found_code, json data) {
    switch (e.what) {
        case backends::lookup_error::kind::not_found:
            return rpc_error::make(not_found_code, e.message, std::move(data));
        case backends::lookup_error::kind::failed:
            data["code"] = e.code;
            data["retryable"] = e.retryable;
            return rpc_error::make(rpc_code::internal_error, e.message, std::move(data));
        case backends::lookup_error::kind::invalid:
            break;
    }
    return invalid(e.message);
}

template <typename Items>
rpc_outcome
paged_list(const json& params, const Items& items, std::size_t page_size, const char* key) {
    auto p = paginate(params, items.size(), page_size);
    if (auto* e = std::get_if<rpc_error>(&p)) {
        return *e;
    }
    const auto& pg = std::get<page>(p);
    json list = json::array();
    for (std::size_t i = pg.begin; i < pg.end; ++i) {
        list.push_back(items[i]);
    }
    json result{{key, std::move(list)}};
    if (pg.next_cursor) {
        result["nextCursor"] = *pg.next_cursor;
    }
    return result;
}

}  // namespace

rpc_outcome service::list_resources(const json& params) const {
    std::vector<json> all;
    for (const auto& provider : catalog_->resource_providers()) {
        for (auto& r : provider->resources()) {
            all.push_back(std::move(r));
        }
    }
    return paged_list(params, all, options_.page_size, "resources");
}

rpc_outcome service::list_resource_templates(const json& params) const {
    std::vector<json> all;
    for (const auto& provider : catalog_->resource_providers()) {
        for (auto& t : provider->resource_templates()) {
            all.push_back(std::move(t));
        }
    }
    return paged_list(params, all, options_.page_size, "resourceTemplates");
}

asio::awaitable<rpc_outcome> service::read_resource(json params) const {
    const std::string* uri = string_param(params, "uri");
    if (uri == nullptr) {
        co_return invalid("uri must be a string");
    }
    const auto* owner = catalog_->find_resource_owner(*uri);
    if (owner == nullptr) {
        co_return rpc_error::make(
            rpc_code::resource_not_found,
            "Resource not found",
            json{{"uri", *uri}}
        );
    }
    auto outcome = co_await owner->read(*uri);
    if (auto* e = std::get_if<backends::lookup_error>(&outcome)) {
        co_return from_lookup(*e, rpc_code::resource_not_found, json{{"uri", *uri}});
    }
    co_return std::move(std::get<json>(outcome));
}

rpc_outcome service::subscribe(mcp_session& session, const json& params, bool on) const {
    const std::string* uri = string_param(params, "uri");
    if (uri == nullptr) {
        return invalid("uri must be a string");
    }
    if (!on) {
        session.subscriptions.erase(*uri);
        return json::object();
    }
    if (catalog_->find_resource_owner(*uri) == nullptr) {
        return rpc_error::make(
            rpc_code::resource_not_found,
            "Resource not found",
            json{{"uri", *uri}}
        );
    }
    if (session.subscriptions.size() >= options_.max_subscriptions &&
        !session.subscriptions.contains(*uri)) {
        return invalid(
            "too many subscriptions in this session (limit " +
            std::to_string(options_.max_subscriptions) + ")"
        );
    }
    session.subscriptions.insert(*uri);
    return json::object();
}

rpc_outcome service::list_prompts(const json& params) const {
    std::vector<json> all;
    for (const auto& p : catalog_->prompts()) {
        all.push_back(p->definition());
    }
    return paged_list(params, all, options_.page_size, "prompts");
}

asio::awaitable<rpc_outcome> service::get_prompt(json params) const {
    const std::string* name = string_param(params, "name");
    if (name == nullptr) {
        co_return invalid("name must be a string");
    }
    const auto* p = catalog_->find_prompt(*name);
    if (p == nullptr) {
        co_return invalid("unknown prompt: " + *name);
    }
    json args = json::object();
    if (auto a = params.find("arguments"); a != params.end() && !a->is_null()) {
        if (!a->is_object()) {
            co_return invalid("arguments must be an object");
        }
        for (const auto& [k, v] : a->items()) {
            if (!v.is_string()) {
                co_return invalid("argument '" + k + "' must be a string");
            }
        }
        args = *a;
    }
    for (const auto& declared : p->definition().value("arguments", json::array())) {
        if (declared.value("required", false) && !args.contains(declared.value("name", ""))) {
            co_return invalid("missing required argument '" + declared.value("name", "") + "'");
        }
    }
    auto outcome = co_await p->get(std::move(args));
    if (auto* e = std::get_if<backends::lookup_error>(&outcome)) {
        co_return from_lookup(*e, rpc_code::invalid_params, json{{"name", *name}});
    }
    co_return std::move(std::get<json>(outcome));
}

rpc_outcome service::complete(const json& params) const {
    if (!params.is_object() || !params.contains("ref") || !params["ref"].is_object()) {
        return invalid("ref must be an object");
    }
    const json& ref = params["ref"];
    const std::string* arg_name = nullptr;
    std::string prefix;
    if (auto a = params.find("argument"); a != params.end() && a->is_object()) {
        arg_name = string_param(*a, "name");
        prefix = a->value("value", "");
    }
    if (arg_name == nullptr) {
        return invalid("argument.name must be a string");
    }
    std::vector<std::string> values;
    const std::string type = ref.value("type", "");
    if (type == "ref/prompt") {
        const std::string* name = string_param(ref, "name");
        const auto* p = name ? catalog_->find_prompt(*name) : nullptr;
        if (p == nullptr) {
            return invalid("unknown prompt in ref");
        }
        values = p->complete(*arg_name, prefix);
    } else if (type == "ref/resource") {
        const std::string* uri = string_param(ref, "uri");
        if (uri == nullptr) {
            return invalid("ref.uri must be a string");
        }
        for (const auto& provider : catalog_->resource_providers()) {
            auto found = provider->complete(*uri, *arg_name, prefix);
            values.insert(values.end(), found.begin(), found.end());
        }
    } else {
        return invalid("ref.type must be ref/prompt or ref/resource");
    }
    std::size_t total = values.size();
    if (values.size() > 100) {
        values.resize(100);  // MCP caps a completion at 100 values
    }
    return json{
        {"completion", {{"values", values}, {"total", total}, {"hasMore", total > values.size()}}}};
}

rpc_outcome service::set_level(mcp_session& session, const json& params) const {
    const std::string* level = string_param(params, "level");
    backends::log_level parsed{};
    if (level == nullptr || !parse_log_level(*level, parsed)) {
        return invalid(
            "level must be one of debug, info, notice, warning, error, critical, alert, emergency"
        );
    }
    session.log_level = parsed;
    return json::object();
}

}  // namespace mcpgw::server
