#include "json_tree.hpp"

#include <cstddef>

namespace mcpgw::backends::postgres {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class reader {
public:
    explicit reader(std::string_view text) : s_(text) {}

    bool run(std::vector<json_node>& nodes) {
        // An explicit stack of open containers: the index of each and of its last child.
        struct open {
            std::uint32_t node;
            std::uint32_t last;
        };
        std::vector<open> stack;
        nodes.reserve(s_.size() / 24 + 4);
        skip_space();
        bool root_done = false;
        while (true) {
            skip_space();
            std::string_view key;
            if (!stack.empty()) {
                const json_node& parent = nodes[stack.back().node];
                char c = peek();
                char close = parent.type == json_type::object ? '}' : ']';
                if (c == close) {
                    ++i_;
                    stack.pop_back();
                    if (stack.empty()) {
                        root_done = true;
                        break;
                    }
                    if (!after_value()) {
                        return false;
                    }
                    continue;
                }
                if (parent.type == json_type::object) {
                    bool escaped = false;
                    if (!string_token(key, escaped) || escaped) {
                        return false;
                    }
                    skip_space();
                    if (peek() != ':') {
                        return false;
                    }
                    ++i_;
                    skip_space();
                }
            } else if (root_done) {
                break;
            }
            json_node n;
            n.key = key;
            char c = peek();
            if (c == '{' || c == '[') {
                ++i_;
                n.type = c == '{' ? json_type::object : json_type::array;
            } else if (c == '"') {
                n.type = json_type::string;
                if (!string_token(n.text, n.escaped)) {
                    return false;
                }
            } else if (c == 't' || c == 'f' || c == 'n') {
                std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
                if (s_.substr(i_, word.size()) != word) {
                    return false;
                }
                n.type = c == 'n' ? json_type::null : json_type::boolean;
                n.text = s_.substr(i_, word.size());
                i_ += word.size();
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                n.type = json_type::number;
                if (!number_token(n.text)) {
                    return false;
                }
            } else {
                return false;
            }
            auto index = static_cast<std::uint32_t>(nodes.size());
            nodes.push_back(n);
            if (!stack.empty()) {
                auto& top = stack.back();
                if (top.last == 0) {
                    nodes[top.node].child = index;
                } else {
                    nodes[top.last].next = index;
                }
                top.last = index;
            }
            if (n.type == json_type::object || n.type == json_type::array) {
                stack.push_back({index, 0});
                continue;
            }
            if (stack.empty()) {
                root_done = true;
                break;
            }
            if (!after_value()) {
                return false;
            }
        }
        skip_space();
        return root_done && i_ == s_.size();
    }

private:
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }

    void skip_space() {
        while (i_ < s_.size() && is_space(s_[i_])) {
            ++i_;
        }
    }

    // After a value inside a container: a ',' before the next one, or the closing bracket
    // (left for the loop to read).
    bool after_value() {
        skip_space();
        char c = peek();
        if (c == ',') {
            ++i_;
            skip_space();
            char d = peek();
            return d != '}' && d != ']';  // no trailing comma
        }
        return c == '}' || c == ']';
    }

    bool string_token(std::string_view& out, bool& escaped) {
        if (peek() != '"') {
            return false;
        }
        std::size_t start = ++i_;
        escaped = false;
        while (i_ < s_.size()) {
            auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') {
                out = s_.substr(start, i_ - start);
                ++i_;
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                escaped = true;
                if (i_ + 1 >= s_.size()) {
                    return false;
                }
                char e = s_[i_ + 1];
                if (e == 'u') {
                    if (i_ + 6 > s_.size()) {
                        return false;
                    }
                    for (std::size_t k = 2; k < 6; ++k) {
                        if (hex_value(s_[i_ + k]) < 0) {
                            return false;
                        }
                    }
                    i_ += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' &&
                    e != 'r' && e != 't') {
                    return false;
                }
                i_ += 2;
                continue;
            }
            ++i_;
        }
        return false;
    }

    bool number_token(std::string_view& out) {
        std::size_t start = i_;
        if (peek() == '-') {
            ++i_;
        }
        auto digits = [this] {
            std::size_t n = 0;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
                ++i_;
                ++n;
            }
            return n;
        };
        if (digits() == 0) {
            return false;
        }
        if (peek() == '.') {
            ++i_;
            if (digits() == 0) {
                return false;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            ++i_;
            if (peek() == '+' || peek() == '-') {
                ++i_;
            }
            if (digits() == 0) {
                return false;
            }
        }
        out = s_.substr(start, i_ - start);
        return true;
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

}  // namespace

std::optional<json_tree> json_tree::parse(std::string_view text) {
    json_tree t;
    reader r(text);
    if (!r.run(t.nodes_) || t.nodes_.empty()) {
        return std::nullopt;
    }
    return t;
}

const json_node* json_tree::member(const json_node& object, std::string_view key) const {
    if (object.type != json_type::object) {
        return nullptr;
    }
    for (const json_node* c = first(object); c != nullptr; c = next(*c)) {
        if (c->key == key) {
            return c;
        }
    }
    return nullptr;
}

std::string json_tree::decode(std::string_view raw, bool escaped) {
    if (!escaped) {
        return std::string(raw);
    }
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c != '\\' || i + 1 >= raw.size()) {
            out += c;
            continue;
        }
        char e = raw[++i];
        switch (e) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                auto hex4 = [&raw](std::size_t at) -> std::uint32_t {
                    std::uint32_t v = 0;
                    for (std::size_t k = 0; k < 4; ++k) {
                        int h = at + k < raw.size() ? hex_value(raw[at + k]) : -1;
                        if (h < 0) {
                            return 0xFFFD;
                        }
                        v = v * 16 + static_cast<std::uint32_t>(h);
                    }
                    return v;
                };
                std::uint32_t cp = hex4(i + 1);
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' &&
                    raw[i + 2] == 'u') {
                    std::uint32_t low = hex4(i + 3);
                    if (low >= 0xDC00 && low < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                }
                if (cp >= 0xD800 && cp < 0xE000) {
                    cp = 0xFFFD;  // a lone surrogate
                }
                append_utf8(out, cp);
                break;
            }
            default:  // " \ /
                out += e;
                break;
        }
    }
    return out;
}

}  // namespace mcpgw::backends::postgres
