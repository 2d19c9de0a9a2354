#include "http_helpers.hpp"

#include <backends/core/log.hpp>

#include <cctype>

namespace mcpgw::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

std::string_view header(const http_request& req, std::string_view name) {
    auto it = req.find(boost::beast::string_view(name.data(), name.size()));
    if (it == req.end()) {
        return {};
    }
    return {it->value().data(), it->value().size()};
}

std::string_view field_value(const http_request& req, http::field f) {
    auto it = req.find(f);
    if (it == req.end()) {
        return {};
    }
    return {it->value().data(), it->value().size()};
}

bool accepts(std::string_view accept, std::string_view media_type) {
    // Case-insensitive, without copies: this runs on every request.
    std::string_view major = media_type.substr(0, media_type.find('/'));
    while (!accept.empty()) {
        auto comma = accept.find(',');
        std::string_view item = accept.substr(0, comma);
        item = trim(item.substr(0, item.find(';')));
        bool wildcard_major = item.size() == major.size() + 2 &&
                              iequals(item.substr(0, major.size()), major) && item.ends_with("/*");
        if (iequals(item, media_type) || item == "*/*" || wildcard_major) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        accept.remove_prefix(comma + 1);
    }
    return false;
}

bool is_json_content_type(std::string_view content_type) {
    return iequals(trim(content_type.substr(0, content_type.find(';'))), "application/json");
}

boost::asio::awaitable<void> respond_rpc_error(
    http_exchange& ex,
    http::status status,
    const protocol::rpc_error& error,
    const nlohmann::json& id
) {
    co_await ex.respond(status, protocol::encode_error(id, error));
}

boost::asio::awaitable<void> respond_unavailable(
    http_exchange& ex,
    int retry_after_seconds,
    std::string code,
    std::string message
) {
    http_response res{http::status::service_unavailable, ex.request().version()};
    res.set(http::field::retry_after, std::to_string(retry_after_seconds));
    res.set(http::field::content_type, "application/json");
    res.body() = nlohmann::json{{"error", std::move(code)}, {"message", std::move(message)}}.dump();
    co_await ex.respond(std::move(res));
}

std::string session_principal_key(const http_exchange& ex, const std::string& principal) {
    if (principal != "anonymous") {
        return principal;
    }
    return "anonymous@" + ex.client_address();
}

boost::asio::awaitable<void> respond_sessions_full(http_exchange& ex, session_refusal why) {
    if (why == session_refusal::max_per_principal) {
        http_response res{http::status::too_many_requests, ex.request().version()};
        res.set(http::field::retry_after, "5");
        res.set(http::field::content_type, "application/json");
        res.body() =
            nlohmann::json{
                {"error", "too_many_sessions"},
                {"message",
                 "this client has as many busy sessions as sessions.max_per_principal allows: "
                 "close "
                 "one (DELETE) or reuse it"}}
                .dump();
        co_return co_await ex.respond(std::move(res));
    }
    co_await respond_unavailable(
        ex,
        5,
        "too_many_sessions",
        "every session is busy and the table is full (sessions.max_sessions)"
    );
}

}  // namespace mcpgw::server
