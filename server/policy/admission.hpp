#pragma once
// The admission stage of the policy chain: what every request to an MCP endpoint (/mcp, /sse,
// /messages, /tools/list, /tools/call) passes before a transport sees it. Policies run in a
// fixed order (make_admission_chain(), admission_chain.cpp, is the one place that sets it);
// each lets the request through or answers it itself, like an Envoy HTTP filter that
// continues or sends a local reply. The first local reply ends the walk.
//
// Sans-I/O: a policy reads the request's parts and returns its reply as a value; the gateway
// writes it. So the chain is tested without sockets, and a policy cannot half-write an
// answer and then let the request through.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::server::policy {

namespace http = boost::beast::http;

/// What the admission policies see of one HTTP request, and what they establish.
struct admission_request {
    const http::request<http::string_body>& request;
    std::string_view path;            // the target's path, without the query
    std::string_view client_address;  // the peer's IP address ("" when unknown)
    std::string_view request_id;      // for log lines (the X-Request-Id of the answer)

    /// Set by the authentication policy: who is calling, and how it was established.
    std::optional<std::string> principal;
    std::string auth_method;         // "api_key", "jwt", "none"
    std::vector<std::string> roles;  // from a JWT's roles claim (authorisation uses them)

    /// Headers every answer to this request carries (CORS), whoever answers it.
    std::vector<std::pair<std::string, std::string>> response_headers;
};

/// A policy's own answer to a request it does not let through.
struct local_reply {
    http::status status = http::status::forbidden;
    std::string code;     // the body's "error": a stable machine-readable code ("": no body)
    std::string message;  // the body's "message": what the client should fix
    /// Extra response headers (WWW-Authenticate, Retry-After...).
    std::vector<std::pair<http::field, std::string>> headers;
};

class admission_policy {
public:
    virtual ~admission_policy() = default;
    /// Names the policy in docs, logs and tests.
    virtual std::string_view name() const = 0;
    /// nullopt lets the request through (the policy may have filled in `r`); a reply ends it.
    virtual std::optional<local_reply> admit(admission_request& r) const = 0;
};

class admission_chain {
public:
    void add(std::unique_ptr<admission_policy> policy);
    /// Runs every policy in order until one answers.
    std::optional<local_reply> run(admission_request& r) const;
    /// The policies' names, in order.
    std::vector<std::string_view> names() const;

private:
    std::vector<std::unique_ptr<admission_policy>> policies_;
};

}  // namespace mcpgw::server::policy
