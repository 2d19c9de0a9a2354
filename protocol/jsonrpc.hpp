#pragma once
// JSON-RPC 2.0 message model and codec. Pure: no I/O.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mcpgw::protocol {

using json = nlohmann::json;

/// The error codes JSON-RPC 2.0 defines, plus MCP's resource-not-found.
enum class rpc_code : int {
    parse_error = -32700,
    invalid_request = -32600,
    method_not_found = -32601,
    invalid_params = -32602,
    internal_error = -32603,
    resource_not_found = -32002,
    server_error = -32000,  // refused by the server's own policy (overloaded, draining)
};

struct rpc_error {
    int code = static_cast<int>(rpc_code::internal_error);
    std::string message;
    json data;  // null when absent

    static rpc_error make(rpc_code c, std::string msg, json data = nullptr) {
        return {static_cast<int>(c), std::move(msg), std::move(data)};
    }
};

/// What a method handler produces: the `result` member, or an error.
using rpc_outcome = std::variant<json, rpc_error>;

/// A request (has id) or a notification (no id).
struct request {
    json id;  // null for notifications; string or integer otherwise
    std::string method;
    json params;  // object, array or null (absent)
    bool is_notification() const { return id.is_null(); }
};

/// A response to a request this side sent (server-to-client requests).
struct response {
    json id;
    std::optional<json> result;
    std::optional<rpc_error> error;
};

/// One decoded element: a message, or the error to answer for an invalid element.
struct invalid_message {
    json id;  // the id when one could be read, else null
    rpc_error error;
};
using message = std::variant<request, response, invalid_message>;

/// A decoded body: a single message or a batch.
struct decoded_body {
    std::vector<message> messages;
    bool is_batch = false;
};

/// Parses a body. Returns a parse error (-32700) if it is not JSON, or an
/// invalid-request (-32600) for an empty batch or a top-level scalar.
std::variant<decoded_body, rpc_error> decode(std::string_view body);

/// Classifies one already-parsed JSON value.
message classify(json value);

/// Takes the result by value: callers that are done with it move it in (no deep copy).
std::string encode_result(const json& id, json result);
std::string encode_error(const json& id, const rpc_error& error);
std::string encode_request(const json& id, std::string_view method, const json& params);
std::string encode_notification(std::string_view method, const json& params);
/// A batch answer: the encoded messages joined into one JSON array.
std::string encode_batch(const std::vector<std::string>& messages);

json result_message(const json& id, json result);
json error_message(const json& id, const rpc_error& error);

}  // namespace mcpgw::protocol
