#include "tool_result.hpp"

#include <algorithm>

namespace mcpgw::backends {
namespace {

// Built member by member: nlohmann's initializer lists build and copy a temporary array per
// pair, several allocations per call on the hottest path of every tool.
json text_content(std::string text) {
    json item(json::value_t::object);
    item.emplace("type", "text");
    item.emplace("text", std::move(text));
    json content(json::value_t::array);
    content.push_back(std::move(item));
    return content;
}

// Number of UTF-8 code points (continuation bytes do not count).
std::size_t display_width(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// Cuts after `max_chars` code points, never inside a multi-byte sequence.
std::string cut(std::string s, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U) {
            if (chars == max_chars) {
                s.resize(i);
                s += "…";
                return s;
            }
            ++chars;
        }
    }
    return s;
}

// One cell on one line: strings raw, null as NULL, other values as JSON.
std::string cell_text(const json& v, std::size_t max_chars) {
    std::string s;
    if (v.is_string()) {
        s = v.get<std::string>();
    } else if (v.is_null()) {
        s = "NULL";
    } else {
        s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    std::string flat;
    flat.reserve(s.size());
    for (char c : s) {
        if (c == '\n') {
            flat += "\\n";
        } else if (c == '\r') {
            flat += "\\r";
        } else if (c == '\t') {
            flat += ' ';
        } else {
            flat += c;
        }
    }
    return cut(std::move(flat), max_chars);
}

void append_padded(std::string& out, const std::string& cell, std::size_t width) {
    out += cell;
    for (std::size_t w = display_width(cell); w < width; ++w) {
        out += ' ';
    }
}

void append_line(
    std::string& out,
    const std::vector<std::string>& cells,
    const std::vector<std::size_t>& widths
) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            line += " | ";
        }
        if (i + 1 == cells.size()) {
            line += cells[i];  // no trailing padding
        } else {
            append_padded(line, cells[i], widths[i]);
        }
    }
    out += line;
    out += '\n';
}

}  // namespace

json text_result(std::string text) {
    json result(json::value_t::object);
    result.emplace("content", text_content(std::move(text)));
    return result;
}

json error_result(
    std::string_view code,
    std::string message,
    std::optional<std::string> field,
    bool retryable
) {
    json error = {{"code", code}, {"message", message}, {"retryable", retryable}};
    std::string text = std::string(code) + ": ";
    if (field) {
        error["field"] = *field;
        text += *field + ": ";
    }
    text += message;
    json meta(json::value_t::object);
    meta.emplace(error_meta_key, std::move(error));
    json result(json::value_t::object);
    result.emplace("content", text_content(std::move(text)));
    result.emplace("isError", true);
    result.emplace("_meta", std::move(meta));
    return result;
}

const json* error_of(const json& result) {
    if (!result.is_object() || !result.value("isError", false)) {
        return nullptr;
    }
    auto meta = result.find("_meta");
    if (meta == result.end() || !meta->is_object()) {
        return nullptr;
    }
    auto e = meta->find(error_meta_key);
    return (e != meta->end() && e->is_object()) ? &*e : nullptr;
}

std::string error_code_of(const json& result) {
    const json* e = error_of(result);
    return e == nullptr ? std::string() : e->value("code", std::string());
}

json structured_result(json structured, std::string text) {
    json result(json::value_t::object);
    result.emplace("content", text_content(std::move(text)));
    result.emplace("structuredContent", std::move(structured));
    return result;
}

std::string render_text_table(const table& t, std::size_t max_cell_chars) {
    // Two passes over the rows (widths, then lines) rather than holding every cell's text:
    // a table of many tiny cells would otherwise be held once more as strings.
    std::vector<std::string> header;
    for (const auto& c : t.columns) {
        header.push_back(cut(c.name, max_cell_chars));
    }
    std::vector<std::size_t> widths(header.size(), 0);
    for (std::size_t i = 0; i < header.size(); ++i) {
        widths[i] = display_width(header[i]);
    }
    const auto cell_of = [&](const json& row, std::size_t i) {
        return row.is_array() && i < row.size() ? cell_text(row[i], max_cell_chars) : std::string();
    };
    for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(cell_of(row, i)));
        }
    }

    std::string out;
    if (!header.empty()) {
        append_line(out, header, widths);
        std::string rule;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            if (i > 0) {
                rule += "-+-";
            }
            rule.append(std::max<std::size_t>(widths[i], 1), '-');
        }
        out += rule + '\n';
    }
    std::size_t shown = 0;
    std::vector<std::string> cells(header.size());
    for (const auto& row : t.rows) {
        if (t.max_text_bytes > 0 && out.size() >= t.max_text_bytes) {
            break;
        }
        for (std::size_t i = 0; i < header.size(); ++i) {
            cells[i] = cell_of(row, i);
        }
        append_line(out, cells, widths);
        ++shown;
    }
    std::size_t n = t.rows.size();
    out += "(" + std::to_string(n) + (n == 1 ? " row" : " rows");
    if (shown < n) {
        out += ", " + std::to_string(shown) +
               " shown in this text (every row is in the structured "
               "result)";
    }
    if (t.truncated) {
        out += ", truncated: " +
               (t.truncated_reason.empty() ? std::string("limit") : t.truncated_reason);
    }
    out += ")";
    return out;
}

json table_result(const table& t) {
    table copy = t;
    return table_result(std::move(copy));
}

json table_result(table&& t) {
    std::string text = render_text_table(t);
    json columns = json::array();
    for (const auto& c : t.columns) {
        columns.push_back({{"name", c.name}, {"type", c.type}});
    }
    const auto row_count = t.rows.size();
    json structured = {
        {"columns", std::move(columns)},
        {"rows", std::move(t.rows)},
        {"row_count", row_count},
        {"truncated", t.truncated},
        {"elapsed_ms", t.elapsed_ms},
    };
    if (t.truncated) {
        structured["truncated_reason"] = t.truncated_reason;
    }
    return structured_result(std::move(structured), std::move(text));
}

const json& table_output_schema() {
    static const json schema = {
        {"type", "object"},
        {"properties",
         {
             {"columns",
              {{"type", "array"},
               {"items",
                {{"type", "object"},
                 {"properties", {{"name", {{"type", "string"}}}, {"type", {{"type", "string"}}}}},
                 {"required", {"name", "type"}}}}}},
             {"rows", {{"type", "array"}, {"items", {{"type", "array"}}}}},
             {"row_count", {{"type", "integer"}, {"minimum", 0}}},
             {"truncated", {{"type", "boolean"}}},
             {"truncated_reason",
              {{"type", "string"}, {"description", "max_rows or max_result_bytes"}}},
             {"elapsed_ms", {{"type", "number"}}},
         }},
        {"required", {"columns", "rows", "row_count", "truncated", "elapsed_ms"}},
    };
    return schema;
}

}  // namespace mcpgw::backends
