#include "reply.hpp"

#include "text_util.hpp"

namespace mcpgw::backends::redis {

using json = nlohmann::json;

std::string_view type_name(redis_value::kind k) {
    switch (k) {
        case redis_value::kind::string:
            return "string";
        case redis_value::kind::status:
            return "status";
        case redis_value::kind::integer:
            return "integer";
        case redis_value::kind::nil:
            return "null";
        case redis_value::kind::array:
            return "array";
        case redis_value::kind::error:
            return "error";
    }
    return "null";
}

namespace {

constexpr std::int64_t max_exact = std::int64_t{1} << 53;

// Walks the reply once, spending the item and byte budgets as it goes.
class converter {
public:
    explicit converter(const reply_limits& l) : limits_(l) {}

    json convert(const redis_value& v) {
        switch (v.type) {
            case redis_value::kind::string:
                return bytes(v.text);
            case redis_value::kind::status:
                return bytes(v.text);
            case redis_value::kind::error:
                return json{{"error", bytes(v.text)}};
            case redis_value::kind::integer:
                spend(20);
                if (v.integer > max_exact || v.integer < -max_exact) {
                    return std::to_string(v.integer);
                }
                return v.integer;
            case redis_value::kind::nil:
                return nullptr;
            case redis_value::kind::array: {
                json out = json::array();
                for (const auto& e : v.elements) {
                    if (items_ >= limits_.max_items) {
                        cut("max_items");
                        break;
                    }
                    if (bytes_ >= limits_.max_bytes) {
                        cut("max_result_bytes");
                        break;
                    }
                    ++items_;
                    out.push_back(convert(e));
                }
                return out;
            }
        }
        return nullptr;
    }

    bool truncated() const { return !reason_.empty(); }
    const std::string& reason() const { return reason_; }

private:
    void cut(const char* why) {
        if (reason_.empty()) {
            reason_ = why;
        }
    }
    void spend(std::size_t n) { bytes_ += n; }
    std::size_t room() const {
        return bytes_ >= limits_.max_bytes ? 0 : limits_.max_bytes - bytes_;
    }

    json bytes(const std::string& s) {
        bool utf8 = is_valid_utf8(s);
        std::string_view view(s);
        if (s.size() > room()) {
            cut("max_result_bytes");
            view = view.substr(0, utf8 ? utf8_prefix(view, room()) : room());
        }
        spend(view.size());
        if (utf8) {
            return std::string(view);
        }
        return json{{"base64", base64_encode(view)}};
    }

    reply_limits limits_;
    std::size_t items_ = 0;
    std::size_t bytes_ = 0;
    std::string reason_;
};

void render(const json& v, std::string& out, const std::string& indent, bool status_top) {
    if (v.is_null()) {
        out += "(nil)";
    } else if (v.is_number_integer()) {
        out += "(integer) " + v.dump();
    } else if (v.is_string()) {
        if (status_top) {
            out += v.get_ref<const std::string&>();
        } else {
            out += v.dump(-1, ' ', false, json::error_handler_t::replace);
        }
    } else if (v.is_object() && v.contains("base64")) {
        out += "(base64) " + v["base64"].get<std::string>();
    } else if (v.is_object() && v.contains("error")) {
        out += "(error) " + v["error"].get<std::string>();
    } else if (v.is_array()) {
        if (v.empty()) {
            out += "(empty array)";
            return;
        }
        std::size_t n = 1;
        for (const auto& e : v) {
            auto label = std::to_string(n) + ") ";
            if (n > 1) {
                out += "\n" + indent;
            }
            out += label;
            render(e, out, indent + std::string(label.size(), ' '), false);
            ++n;
        }
    } else {
        out += v.dump();
    }
}

}  // namespace

reply_json to_json(const redis_value& v, const reply_limits& limits) {
    converter c(limits);
    reply_json out;
    out.value = c.convert(v);
    out.truncated = c.truncated();
    out.truncated_reason = c.reason();
    return out;
}

std::string render_text(const json& reply, std::string_view top_type) {
    std::string out;
    render(reply, out, "", top_type == "status");
    return out;
}

}  // namespace mcpgw::backends::redis
