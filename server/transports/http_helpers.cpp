#include "http_helpers.hpp"

#include <algorithm>
#include <cctype>

namespace mcpgw::server {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return std::tolower(c);
    });
    return out;
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

bool accepts(std::string_view accept, std::string_view media_type) {
    std::string wanted = lower(media_type);
    std::string_view major = std::string_view(wanted).substr(0, wanted.find('/'));
    std::string all = lower(accept);
    std::string_view rest(all);
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view item =
            trim(rest.substr(0, comma).substr(0, rest.substr(0, comma).find(';')));
        if (item == wanted || item == "*/*" ||
            (item.size() == major.size() + 2 && item.starts_with(major) && item.ends_with("/*"))) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return false;
}

bool is_json_content_type(std::string_view content_type) {
    std::string ct = lower(trim(content_type.substr(0, content_type.find(';'))));
    return ct == "application/json";
}

boost::asio::awaitable<void> respond_rpc_error(
    http_exchange& ex,
    http::status status,
    const protocol::rpc_error& error,
    const nlohmann::json& id
) {
    co_await ex.respond(status, protocol::encode_error(id, error));
}

}  // namespace mcpgw::server
