#include "auth_headers.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/core/string.hpp>

#include <array>

namespace mcpgw::backends::http {

std::pair<std::string, std::string> bearer_auth_header(std::string_view token) {
    return {"Authorization", "Bearer " + std::string(token)};
}

std::pair<std::string, std::string>
basic_auth_header(std::string_view user, std::string_view password) {
    const std::string plain = std::string(user) + ":" + std::string(password);
    std::string encoded(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
    encoded.resize(boost::beast::detail::base64::encode(encoded.data(), plain.data(), plain.size())
    );
    return {"Authorization", "Basic " + encoded};
}

bool is_secret_header(std::string_view name) {
    static constexpr std::array<std::string_view, 6> secret_names{
        "authorization",
        "proxy-authorization",
        "cookie",
        "x-api-key",
        "x-auth-token",
        "private-token"};
    for (const auto secret : secret_names) {
        if (boost::beast::iequals(name, secret)) {
            return true;
        }
    }
    return false;
}

}  // namespace mcpgw::backends::http
