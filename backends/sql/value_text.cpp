#include "value_text.hpp"

namespace mcpgw::backends::sql {

std::string base64_encode(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&bytes](std::size_t k) {
        return static_cast<unsigned>(static_cast<unsigned char>(bytes[k]));
    };
    for (; i + 3 <= bytes.size(); i += 3) {
        unsigned v = (byte(i) << 16U) | (byte(i + 1) << 8U) | byte(i + 2);
        out += alphabet[(v >> 18U) & 63U];
        out += alphabet[(v >> 12U) & 63U];
        out += alphabet[(v >> 6U) & 63U];
        out += alphabet[v & 63U];
    }
    std::size_t left = bytes.size() - i;
    if (left == 1) {
        unsigned v = byte(i) << 16U;
        out += alphabet[(v >> 18U) & 63U];
        out += alphabet[(v >> 12U) & 63U];
        out += "==";
    } else if (left == 2) {
        unsigned v = (byte(i) << 16U) | (byte(i + 1) << 8U);
        out += alphabet[(v >> 18U) & 63U];
        out += alphabet[(v >> 12U) & 63U];
        out += alphabet[(v >> 6U) & 63U];
        out += '=';
    }
    return out;
}

std::string valid_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t len = 0;
        std::uint32_t min = 0;
        if (c < 0x80U) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if ((c & 0xE0U) == 0xC0U) {
            len = 2, min = 0x80;
        } else if ((c & 0xF0U) == 0xE0U) {
            len = 3, min = 0x800;
        } else if ((c & 0xF8U) == 0xF0U) {
            len = 4, min = 0x10000;
        }
        bool ok = len != 0 && i + len <= bytes.size();
        std::uint32_t cp = len == 2 ? (c & 0x1FU) : len == 3 ? (c & 0x0FU) : (c & 0x07U);
        for (std::size_t k = 1; ok && k < len; ++k) {
            auto cc = static_cast<unsigned char>(bytes[i + k]);
            ok = (cc & 0xC0U) == 0x80U;
            cp = (cp << 6U) | (cc & 0x3FU);
        }
        ok = ok && cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        if (ok) {
            out.append(bytes.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

nlohmann::json integer_value(std::int64_t v) {
    if (v > max_exact_integer || v < -max_exact_integer) {
        return std::to_string(v);
    }
    return v;
}

nlohmann::json unsigned_value(std::uint64_t v) {
    if (v > static_cast<std::uint64_t>(max_exact_integer)) {
        return std::to_string(v);
    }
    return v;
}

std::size_t json_size(const nlohmann::json& value) {
    if (value.is_string()) {
        return value.get_ref<const std::string&>().size() + 2;
    }
    if (value.is_null()) {
        return 4;
    }
    return value.dump().size();
}

}  // namespace mcpgw::backends::sql
