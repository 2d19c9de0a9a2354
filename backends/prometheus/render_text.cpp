#include "render_text.hpp"

#include "promql_text.hpp"
#include "time_parse.hpp"

#include <charconv>

namespace mcpgw::backends::prometheus {

std::string format_number(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc()) {
        return "?";
    }
    return std::string(buf, end);
}

std::string clip(std::string_view text, std::size_t max_chars) {
    if (text.size() <= max_chars) {
        return std::string(text);
    }
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return std::string(text.substr(0, cut)) + "...";
}

std::string format_labels(const nlohmann::json& labels, std::size_t max_chars) {
    std::string out;
    if (labels.is_object()) {
        if (auto name = labels.find("__name__"); name != labels.end() && name->is_string()) {
            out = name->get<std::string>();
        }
    }
    std::string inner;
    if (labels.is_object()) {
        for (const auto& [key, value] : labels.items()) {
            if (key == "__name__") {
                continue;
            }
            if (!inner.empty()) {
                inner += ", ";
            }
            inner += key + "=" +
                     promql_string(value.is_string() ? value.get<std::string>() : value.dump());
        }
    }
    if (!inner.empty() || out.empty()) {
        out += "{" + inner + "}";
    }
    return clip(out, max_chars);
}

std::string format_timestamp(const nlohmann::json& value) {
    if (value.is_number()) {
        return format_time(value.get<double>());
    }
    if (value.is_string()) {
        return clip(value.get<std::string>(), 64);
    }
    return "?";
}

}  // namespace mcpgw::backends::prometheus
