#include "text_params.hpp"

namespace mcpgw::backends::postgres {

std::optional<std::optional<std::string>> text_param(const nlohmann::json& v) {
    if (v.is_null()) {
        return std::optional<std::string>();
    }
    if (v.is_boolean()) {
        return std::optional<std::string>(v.get<bool>() ? "true" : "false");
    }
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (text.find('\0') != std::string::npos) {
        return std::nullopt;
    }
    return std::optional<std::string>(std::move(text));
}

}  // namespace mcpgw::backends::postgres
