#pragma once
// A compact, read-only tree over one JSON text: the parse tree libpg_query writes. Built in
// one pass into a single vector of nodes that point into the text (string views), so a
// statement's tree costs one allocation. Measured on this machine (benchmarks/RESULTS.md,
// "PostgreSQL statement guard"): nlohmann's DOM took ~4x as long as libpg_query's own parse
// for a 200-character SELECT, its SAX interface ~2.5x; this reader is a small fraction of it.
//
// Iterative (an explicit stack, no recursion), so no input can exhaust the thread's stack.
// Strict: anything that is not well-formed JSON is an error, and the caller refuses the
// statement rather than guessing. Member names are libpg_query's field and node names, never
// text from the statement, so a name with an escape in it is an error too.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::postgres {

enum class json_type : std::uint8_t { object, array, string, number, boolean, null };

struct json_node {
    std::string_view key;     // the member name inside an object; empty in arrays and the root
    std::string_view text;    // strings: the raw text between the quotes; numbers and literals
    std::uint32_t child = 0;  // first child of an object or array (0: none; 0 is the root)
    std::uint32_t next = 0;   // next sibling (0: none)
    json_type type = json_type::null;
    bool escaped = false;  // a string with backslash escapes: read it with value()
};

class json_tree {
public:
    /// The tree of `text`, or nullopt when it is not well-formed JSON. `text` must outlive
    /// the tree.
    static std::optional<json_tree> parse(std::string_view text);

    const json_node& root() const { return nodes_.front(); }
    const json_node& at(std::uint32_t i) const { return nodes_[i]; }
    std::uint32_t index_of(const json_node& n) const {
        return static_cast<std::uint32_t>(&n - nodes_.data());
    }
    std::size_t size() const { return nodes_.size(); }

    /// The member `key` of an object, or nullptr.
    const json_node* member(const json_node& object, std::string_view key) const;
    /// First child / next sibling, or nullptr.
    const json_node* first(const json_node& n) const {
        return n.child != 0 ? &nodes_[n.child] : nullptr;
    }
    const json_node* next(const json_node& n) const {
        return n.next != 0 ? &nodes_[n.next] : nullptr;
    }

    /// A string node's value with escapes resolved (\uXXXX as UTF-8).
    static std::string decode(std::string_view raw, bool escaped);
    static std::string value(const json_node& n) { return decode(n.text, n.escaped); }

private:
    std::vector<json_node> nodes_;
};

}  // namespace mcpgw::backends::postgres
