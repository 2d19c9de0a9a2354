#include "jsonrpc.hpp"

#include <cstdint>

namespace mcpgw::protocol {
namespace {

bool valid_id(const json& id) {
    return id.is_string() || id.is_number_integer() || id.is_number_unsigned();
}

invalid_message invalid(json id, std::string why) {
    return {std::move(id), rpc_error::make(rpc_code::invalid_request, std::move(why))};
}

}  // namespace

message classify(json value) {
    if (!value.is_object()) {
        return invalid(nullptr, "Invalid Request: message must be a JSON object");
    }
    json id = nullptr;
    if (auto it = value.find("id"); it != value.end()) {
        if (!valid_id(*it)) {
            return invalid(nullptr, "Invalid Request: id must be a string or an integer");
        }
        id = *it;
    }
    auto version = value.find("jsonrpc");
    if (version == value.end() || *version != "2.0") {
        return invalid(id, "Invalid Request: jsonrpc must be \"2.0\"");
    }
    auto method = value.find("method");
    if (method != value.end()) {
        if (!method->is_string()) {
            return invalid(id, "Invalid Request: method must be a string");
        }
        json params = nullptr;
        if (auto p = value.find("params"); p != value.end()) {
            if (!p->is_object() && !p->is_array()) {
                return invalid(id, "Invalid Request: params must be an object or an array");
            }
            params = std::move(*p);
        }
        return request{std::move(id), method->get<std::string>(), std::move(params)};
    }
    // No method: a response to one of our requests.
    auto result = value.find("result");
    auto error = value.find("error");
    if (id.is_null() || (result == value.end()) == (error == value.end())) {
        return invalid(id, "Invalid Request: missing method");
    }
    response r{std::move(id), std::nullopt, std::nullopt};
    if (result != value.end()) {
        r.result = std::move(*result);
    } else {
        rpc_error e;
        // The peer's error object is untrusted: read only well-typed members.
        if (error->is_object()) {
            if (auto c = error->find("code"); c != error->end() && c->is_number_integer()) {
                auto code = c->get<std::int64_t>();
                if (code >= INT32_MIN && code <= INT32_MAX) {
                    e.code = static_cast<int>(code);
                }
            }
            if (auto m = error->find("message"); m != error->end() && m->is_string()) {
                e.message = m->get<std::string>();
            }
            if (auto d = error->find("data"); d != error->end()) {
                e.data = *d;
            }
        }
        r.error = std::move(e);
    }
    return r;
}

std::variant<decoded_body, rpc_error> decode(std::string_view body) {
    json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
        return rpc_error::make(rpc_code::parse_error, "Parse error: body is not valid JSON");
    }
    decoded_body out;
    if (parsed.is_array()) {
        if (parsed.empty()) {
            return rpc_error::make(rpc_code::invalid_request, "Invalid Request: empty batch");
        }
        out.is_batch = true;
        out.messages.reserve(parsed.size());
        for (auto& element : parsed) {
            out.messages.push_back(classify(std::move(element)));
        }
        return out;
    }
    if (!parsed.is_object()) {
        return rpc_error::make(
            rpc_code::invalid_request,
            "Invalid Request: message must be a JSON object"
        );
    }
    out.messages.push_back(classify(std::move(parsed)));
    return out;
}

json result_message(const json& id, json result) {
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json error_message(const json& id, const rpc_error& error) {
    json e{{"code", error.code}, {"message", error.message}};
    if (!error.data.is_null()) {
        e["data"] = error.data;
    }
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(e)}};
}

// The envelope is written as text around the dumped members: the same bytes as dumping
// result_message(), without building and destroying a JSON tree per reply.
namespace {

std::string envelope(const json& id, std::string_view member, const json& value) {
    std::string out;
    out.reserve(64);
    out += R"({"jsonrpc":"2.0","id":)";
    out += id.dump(-1, ' ', false, json::error_handler_t::replace);
    out += ",\"";
    out += member;
    out += "\":";
    out += value.dump(-1, ' ', false, json::error_handler_t::replace);
    out += '}';
    return out;
}

}  // namespace

std::string encode_result(const json& id, json result) {
    return envelope(id, "result", result);
}

std::string encode_error(const json& id, const rpc_error& error) {
    json e(json::value_t::object);
    e.emplace("code", error.code);
    e.emplace("message", error.message);
    if (!error.data.is_null()) {
        e.emplace("data", error.data);
    }
    return envelope(id, "error", e);
}

std::string encode_request(const json& id, std::string_view method, const json& params) {
    json m{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) {
        m["params"] = params;
    }
    return m.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_notification(std::string_view method, const json& params) {
    json m{{"jsonrpc", "2.0"}, {"method", method}};
    if (!params.is_null()) {
        m["params"] = params;
    }
    return m.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_batch(const std::vector<std::string>& messages) {
    std::size_t size = 2;
    for (const auto& m : messages) {
        size += m.size() + 1;
    }
    std::string out;
    out.reserve(size);
    out += '[';
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += messages[i];
    }
    out += ']';
    return out;
}

}  // namespace mcpgw::protocol
