#pragma once
// The call stage of the policy chain: what every tools/call, resources/read and prompts/get
// passes before it runs, on every transport (Streamable HTTP, legacy SSE, REST shim, stdio).
// Policies run in a fixed order (make_call_chain(), call_chain.cpp); each lets the call go on
// or refuses it, and every policy that let a call through sees how it ended, however it ended
// (the call_pass does that when it goes away), like an Envoy filter's encode path.
//
// Sans-I/O and synchronous: a refusal is a value the service renders once, as the tool error
// result (or the JSON-RPC error of resources/read and prompts/get) every transport already
// knows how to answer; the REST shim turns a retryable refusal into 503 + Retry-After.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::server::policy {

/// What the call policies see of one call.
struct call_request {
    std::string method;      // "tools/call", "resources/read", "prompts/get"
    std::string principal;   // who calls (an API key's name, "anonymous", "stdio")
    std::string session_id;  // "" for the REST shim and stdio
    std::string request_id;  // the HTTP request's id ("" on stdio)
    std::string tool;        // tools/call: the tool's name
    std::string server;      // the server the call goes to, when known ("" otherwise)
    std::string target;      // resources/read: the URI; prompts/get: the prompt's name
};

/// A policy's refusal: an error code from backends/core/tool_result.hpp and a message.
struct call_refusal {
    std::string code;
    std::string message;
    bool retryable = false;
    /// For an HTTP answer: wait this long before trying again (Retry-After).
    std::optional<std::chrono::seconds> retry_after;
};

class call_policy {
public:
    virtual ~call_policy() = default;
    virtual std::string_view name() const = 0;
    /// nullopt lets the call go on, and then on_outcome() is called once when it ends.
    virtual std::optional<call_refusal> on_call(const call_request& r) = 0;
    /// How a call this policy let through ended: "" for a success, else its error code.
    virtual void on_outcome(const call_request& r, std::string_view outcome) = 0;
};

class call_chain;

/// One call's way through the chain. Refused, or admitted until it is destroyed: then every
/// policy that let it through sees the outcome (the last one set, "internal" if none was:
/// an exception or a cancelled coroutine).
class call_pass {
public:
    call_pass(call_pass&&) noexcept;
    call_pass& operator=(call_pass&&) = delete;
    call_pass(const call_pass&) = delete;
    call_pass& operator=(const call_pass&) = delete;
    ~call_pass();

    const call_refusal* refusal() const { return refusal_ ? &*refusal_ : nullptr; }
    /// Records how the call ended ("" for success).
    void set_outcome(std::string_view code) {
        outcome_ = std::string(code);
        outcome_set_ = true;
    }

private:
    friend class call_chain;
    call_pass(const call_chain* chain, call_request r) : chain_(chain), request_(std::move(r)) {}

    const call_chain* chain_;
    call_request request_;
    std::size_t passed_ = 0;  // policies that let the call through, from the front
    std::optional<call_refusal> refusal_;
    std::string outcome_;
    bool outcome_set_ = false;
};

class call_chain {
public:
    void add(std::unique_ptr<call_policy> policy);
    /// Runs the policies in order until one refuses.
    call_pass enter(call_request r) const;
    std::vector<std::string_view> names() const;

private:
    friend class call_pass;
    std::vector<std::unique_ptr<call_policy>> policies_;
};

}  // namespace mcpgw::server::policy
