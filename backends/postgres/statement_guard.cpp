#include "statement_guard.hpp"

#include "function_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>
#include <utility>

namespace mcpgw::backends::postgres {
namespace {

using sql_guard::finding;
using sql_guard::refusal;
using k = sql_guard::statement_kind;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

// Every statement node of PostgreSQL 15's raw grammar and what it is to the policy. A node
// not listed is refused as unknown. An empty keyword is spelled from the node name
// (CreateFunctionStmt -> CREATE FUNCTION). Some nodes are refined from their fields in
// statement_finding() (COPY, SET, transaction statements, GRANT/REVOKE, FETCH/MOVE,
// VACUUM/ANALYZE, MERGE ... DELETE).
struct statement_rule {
    std::string_view node;
    k kind;
    std::string_view keyword;
};

const std::array statement_rules = std::to_array<statement_rule>({
    {"SelectStmt", k::read, "SELECT"},
    {"ExplainStmt", k::read, "EXPLAIN"},  // the statement under it is judged as well
    {"VariableShowStmt", k::read, "SHOW"},
    {"ReturnStmt", k::read, "RETURN"},  // only inside CREATE FUNCTION ... BEGIN ATOMIC
    {"InsertStmt", k::write, "INSERT"},
    {"UpdateStmt", k::write, "UPDATE"},
    {"MergeStmt", k::write, "MERGE"},
    {"CallStmt", k::write, "CALL"},
    {"CopyStmt", k::write, "COPY"},
    {"DeleteStmt", k::delete_, "DELETE"},
    {"TruncateStmt", k::delete_, "TRUNCATE"},
    {"GrantStmt", k::dcl, "GRANT"},
    {"GrantRoleStmt", k::dcl, "GRANT"},
    {"AlterDefaultPrivilegesStmt", k::dcl, "ALTER DEFAULT PRIVILEGES"},
    {"CreateRoleStmt", k::dcl, "CREATE ROLE"},
    {"AlterRoleStmt", k::dcl, "ALTER ROLE"},
    {"AlterRoleSetStmt", k::dcl, "ALTER ROLE"},
    {"DropRoleStmt", k::dcl, "DROP ROLE"},
    {"DropOwnedStmt", k::dcl, "DROP OWNED"},
    {"ReassignOwnedStmt", k::dcl, "REASSIGN OWNED"},
    {"CreateUserMappingStmt", k::dcl, "CREATE USER MAPPING"},
    {"AlterUserMappingStmt", k::dcl, "ALTER USER MAPPING"},
    {"DropUserMappingStmt", k::dcl, "DROP USER MAPPING"},
    {"DoStmt", k::admin, "DO"},
    {"PrepareStmt", k::admin, "PREPARE"},
    {"ExecuteStmt", k::admin, "EXECUTE"},
    {"DeallocateStmt", k::admin, "DEALLOCATE"},
    {"NotifyStmt", k::admin, "NOTIFY"},
    {"ListenStmt", k::admin, "LISTEN"},
    {"UnlistenStmt", k::admin, "UNLISTEN"},
    {"CheckPointStmt", k::admin, "CHECKPOINT"},
    {"AlterSystemStmt", k::admin, "ALTER SYSTEM"},
    {"SecLabelStmt", k::admin, "SECURITY LABEL"},
    {"ImportForeignSchemaStmt", k::admin, "IMPORT FOREIGN SCHEMA"},
    {"VariableSetStmt", k::session, "SET"},
    {"DiscardStmt", k::session, "DISCARD"},
    {"LoadStmt", k::session, "LOAD"},
    {"DeclareCursorStmt", k::session, "DECLARE"},
    {"FetchStmt", k::session, "FETCH"},
    {"ClosePortalStmt", k::session, "CLOSE"},
    {"TransactionStmt", k::transaction, "BEGIN"},
    {"LockStmt", k::transaction, "LOCK"},
    {"ConstraintsSetStmt", k::transaction, "SET CONSTRAINTS"},
    {"VacuumStmt", k::ddl, "VACUUM"},
    {"ClusterStmt", k::ddl, "CLUSTER"},
    {"ReindexStmt", k::ddl, "REINDEX"},
    {"RefreshMatViewStmt", k::ddl, "REFRESH MATERIALIZED VIEW"},
    {"CommentStmt", k::ddl, "COMMENT"},
    {"RenameStmt", k::ddl, "ALTER ... RENAME"},
    {"RuleStmt", k::ddl, "CREATE RULE"},
    {"ViewStmt", k::ddl, "CREATE VIEW"},
    {"IndexStmt", k::ddl, "CREATE INDEX"},
    {"DefineStmt", k::ddl, "CREATE"},
    {"CreateStmt", k::ddl, "CREATE TABLE"},
    {"DropStmt", k::ddl, "DROP"},
    {"CreatedbStmt", k::ddl, "CREATE DATABASE"},
    {"DropdbStmt", k::ddl, "DROP DATABASE"},
    {"CreateTableAsStmt", k::ddl, "CREATE TABLE AS"},
    {"CreateSchemaStmt", k::ddl, "CREATE SCHEMA"},
    {"CreatePLangStmt", k::ddl, "CREATE LANGUAGE"},
    {"CreateTrigStmt", k::ddl, "CREATE TRIGGER"},
    {"CreateFunctionStmt", k::ddl, "CREATE FUNCTION"},
    {"AlterTableStmt", k::ddl, "ALTER TABLE"},
    {"AlterDomainStmt", k::ddl, ""},
    {"AlterFunctionStmt", k::ddl, ""},
    {"CreateDomainStmt", k::ddl, ""},
    {"CreateSeqStmt", k::ddl, ""},
    {"AlterSeqStmt", k::ddl, ""},
    {"AlterDatabaseStmt", k::ddl, ""},
    {"AlterDatabaseRefreshCollStmt", k::ddl, "ALTER DATABASE"},
    {"AlterDatabaseSetStmt", k::ddl, "ALTER DATABASE"},
    {"CreateConversionStmt", k::ddl, ""},
    {"CreateCastStmt", k::ddl, ""},
    {"CreateOpClassStmt", k::ddl, "CREATE OPERATOR CLASS"},
    {"CreateOpFamilyStmt", k::ddl, "CREATE OPERATOR FAMILY"},
    {"AlterOpFamilyStmt", k::ddl, "ALTER OPERATOR FAMILY"},
    {"CreateTableSpaceStmt", k::ddl, "CREATE TABLESPACE"},
    {"DropTableSpaceStmt", k::ddl, "DROP TABLESPACE"},
    {"AlterTableSpaceOptionsStmt", k::ddl, "ALTER TABLESPACE"},
    {"AlterTableMoveAllStmt", k::ddl, "ALTER TABLE ... SET TABLESPACE"},
    {"AlterObjectDependsStmt", k::ddl, "ALTER ... DEPENDS ON EXTENSION"},
    {"AlterObjectSchemaStmt", k::ddl, "ALTER ... SET SCHEMA"},
    {"AlterOwnerStmt", k::ddl, "ALTER ... OWNER TO"},
    {"AlterOperatorStmt", k::ddl, ""},
    {"AlterTypeStmt", k::ddl, ""},
    {"CompositeTypeStmt", k::ddl, "CREATE TYPE"},
    {"CreateEnumStmt", k::ddl, "CREATE TYPE"},
    {"CreateRangeStmt", k::ddl, "CREATE TYPE"},
    {"AlterEnumStmt", k::ddl, "ALTER TYPE"},
    {"AlterTSDictionaryStmt", k::ddl, "ALTER TEXT SEARCH DICTIONARY"},
    {"AlterTSConfigurationStmt", k::ddl, "ALTER TEXT SEARCH CONFIGURATION"},
    {"CreateFdwStmt", k::ddl, "CREATE FOREIGN DATA WRAPPER"},
    {"AlterFdwStmt", k::ddl, "ALTER FOREIGN DATA WRAPPER"},
    {"CreateForeignServerStmt", k::ddl, "CREATE SERVER"},
    {"AlterForeignServerStmt", k::ddl, "ALTER SERVER"},
    {"CreateForeignTableStmt", k::ddl, ""},
    {"CreateExtensionStmt", k::ddl, ""},
    {"AlterExtensionStmt", k::ddl, ""},
    {"AlterExtensionContentsStmt", k::ddl, "ALTER EXTENSION"},
    {"CreateEventTrigStmt", k::ddl, "CREATE EVENT TRIGGER"},
    {"AlterEventTrigStmt", k::ddl, "ALTER EVENT TRIGGER"},
    {"ReplicaIdentityStmt", k::ddl, "ALTER TABLE ... REPLICA IDENTITY"},
    {"CreatePolicyStmt", k::ddl, ""},
    {"AlterPolicyStmt", k::ddl, ""},
    {"CreateTransformStmt", k::ddl, ""},
    {"CreateAmStmt", k::ddl, "CREATE ACCESS METHOD"},
    {"CreatePublicationStmt", k::ddl, ""},
    {"AlterPublicationStmt", k::ddl, ""},
    {"CreateSubscriptionStmt", k::ddl, ""},
    {"AlterSubscriptionStmt", k::ddl, ""},
    {"DropSubscriptionStmt", k::ddl, ""},
    {"CreateStatsStmt", k::ddl, "CREATE STATISTICS"},
    {"AlterStatsStmt", k::ddl, "ALTER STATISTICS"},
    {"AlterCollationStmt", k::ddl, ""},
});

const std::unordered_map<std::string_view, const statement_rule*>& statement_table() {
    static const auto table = [] {
        std::unordered_map<std::string_view, const statement_rule*> t;
        for (const auto& r : statement_rules) {
            t.emplace(r.node, &r);
        }
        return t;
    }();
    return table;
}

// CreateFunctionStmt -> CREATE FUNCTION.
std::string spelled(std::string_view node) {
    if (node.ends_with("Stmt")) {
        node.remove_suffix(4);
    }
    std::string out;
    for (std::size_t i = 0; i < node.size(); ++i) {
        char c = node[i];
        if (i > 0 && std::isupper(static_cast<unsigned char>(c)) != 0 &&
            std::islower(static_cast<unsigned char>(node[i - 1])) != 0) {
            out += ' ';
        }
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// DefElem names whose argument names a function (CREATE OPERATOR, AGGREGATE, TYPE...).
constexpr auto function_options = std::to_array<std::string_view>({
    "function",   "procedure",    "sfunc",      "finalfunc", "combinefunc",
    "serialfunc", "deserialfunc", "msfunc",     "minvfunc",  "mfinalfunc",
    "restrict",   "join",         "input",      "output",    "receive",
    "send",       "typmod_in",    "typmod_out", "analyze",   "subscript",
    "canonical",  "subtype_diff", "handler",    "validator", "inline",
});

class walker {
public:
    walker(const json_tree& t, statement_facts& f) : t_(t), f_(f) {}

    void run() {
        const json_node& root = t_.root();
        if (const json_node* stmts = t_.member(root, "stmts")) {
            for (const json_node* s = t_.first(*stmts); s != nullptr; s = t_.next(*s)) {
                ++f_.statements;
            }
        }
        // Document order, no recursion: every object of the tree is looked at once. A member
        // whose name starts with a capital is a node (libpg_query writes `{"FuncCall": {...}}`
        // for every Node field; no field name starts with a capital), its value holds the
        // node's fields; typed fields (a RangeVar in `relation`, the FuncCall of CALL) are
        // objects without that wrapper and are recognised by their members.
        for (std::uint32_t i = 0; i < t_.size(); ++i) {
            const json_node& n = t_.at(i);
            if (n.type != json_type::object) {
                continue;
            }
            fields(n);
            if (!n.key.empty() && n.key[0] >= 'A' && n.key[0] <= 'Z') {
                node(n.key, n);
            }
        }
    }

private:
    std::string str(const json_node* n) const {
        return n != nullptr && n->type == json_type::string ? json_tree::value(*n) : std::string();
    }

    bool flag(const json_node& obj, std::string_view key) const {
        const json_node* v = t_.member(obj, key);
        return v != nullptr && v->type == json_type::boolean && v->text == "true";
    }

    /// The svals of a list of {"String": {"sval": ...}} (names as the grammar keeps them).
    std::vector<std::string> names(const json_node* list) const {
        std::vector<std::string> out;
        if (list == nullptr || list->type != json_type::array) {
            return out;
        }
        for (const json_node* e = t_.first(*list); e != nullptr; e = t_.next(*e)) {
            const json_node* s = t_.member(*e, "String");
            out.push_back(s != nullptr ? str(t_.member(*s, "sval")) : std::string());
        }
        return out;
    }

    static pg_name qualified(const std::vector<std::string>& parts) {
        pg_name n;
        if (!parts.empty()) {
            n.name = parts.back();
        }
        if (parts.size() >= 2) {
            n.schema = parts[parts.size() - 2];
        }
        return n;
    }

    std::size_t count(const json_node* list) const {
        std::size_t n = 0;
        if (list != nullptr && list->type == json_type::array) {
            for (const json_node* e = t_.first(*list); e != nullptr; e = t_.next(*e)) {
                ++n;
            }
        }
        return n;
    }

    // Checks by member name, for wrapped and typed objects alike.
    void fields(const json_node& obj) {
        for (const json_node* m = t_.first(obj); m != nullptr; m = t_.next(*m)) {
            const std::string_view key = m->key;
            if (key == "funcname" || key == "objname") {
                // FuncCall (anywhere, also CALL's typed one), CREATE FUNCTION/TRIGGER/EVENT
                // TRIGGER, ObjectWithArgs (CREATE CAST ... WITH FUNCTION, GRANT, DROP...).
                auto parts = names(m);
                if (!parts.empty()) {
                    const json_node* args = t_.member(obj, key == "funcname" ? "args" : "objargs");
                    f_.functions.push_back({qualified(parts), count(args)});
                }
            } else if (key == "relname") {
                f_.relations.push_back({str(t_.member(obj, "schemaname")), str(m)});
            } else if (key == "names" && t_.member(obj, "typemod") != nullptr) {
                if (!flag(obj, "pct_type")) {
                    f_.types.push_back(qualified(names(m)));  // a TypeName
                }
            } else if (key == "operName" || key == "useOp") {
                f_.operators.push_back(qualified(names(m)));  // SubLink, SortBy USING
            } else if (key == "intoClause") {
                f_.findings.push_back({k::write, "SELECT INTO"});
            } else if (key == "lockingClause") {
                f_.findings.push_back({k::write, "FOR UPDATE/SHARE"});
            }
        }
    }

    void node(std::string_view type, const json_node& obj) {
        if (type == "A_Expr") {
            operator_use(obj);
        } else if (type == "ColumnRef") {
            auto parts = names(t_.member(obj, "fields"));
            if (parts.size() >= 2 && !parts.back().empty()) {
                f_.attributes.push_back(parts.back());
            }
        } else if (type == "A_Indirection") {
            for (auto& n : names(t_.member(obj, "indirection"))) {
                if (!n.empty()) {
                    f_.attributes.push_back(std::move(n));
                }
            }
        } else if (type == "RangeTableSample") {
            f_.tablesample_methods.push_back(qualified(names(t_.member(obj, "method"))));
        } else if (type == "DefElem") {
            function_option(obj);
        } else if (type.ends_with("Stmt")) {
            f_.findings.push_back(statement_finding(type, obj));
        }
    }

    void operator_use(const json_node& obj) {
        auto kind = str(t_.member(obj, "kind"));
        if (kind.find("BETWEEN") != std::string::npos) {
            // BETWEEN's "name" is the keyword; the server applies >= and <=.
            f_.operators.push_back({"", ">="});
            f_.operators.push_back({"", "<="});
            return;
        }
        f_.operators.push_back(qualified(names(t_.member(obj, "name"))));
    }

    void function_option(const json_node& obj) {
        auto name = str(t_.member(obj, "defname"));
        if (std::find(function_options.begin(), function_options.end(), name) ==
            function_options.end()) {
            return;
        }
        const json_node* arg = t_.member(obj, "arg");
        if (arg == nullptr || arg->type != json_type::object) {
            return;
        }
        std::vector<std::string> parts;
        if (const json_node* tn = t_.member(*arg, "TypeName")) {
            parts = names(t_.member(*tn, "names"));
        } else if (const json_node* l = t_.member(*arg, "List")) {
            parts = names(t_.member(*l, "items"));
        } else if (const json_node* s = t_.member(*arg, "String")) {
            parts.push_back(str(t_.member(*s, "sval")));
        }
        if (!parts.empty()) {
            f_.functions.push_back({qualified(parts), 0});
        }
    }

    finding statement_finding(std::string_view type, const json_node& obj) const {
        const auto& table = statement_table();
        auto it = table.find(type);
        if (it == table.end()) {
            return {k::unknown, spelled(type)};
        }
        const statement_rule& r = *it->second;
        std::string keyword = r.keyword.empty() ? spelled(type) : std::string(r.keyword);
        if (type == "CopyStmt") {
            if (flag(obj, "is_program")) {
                return {k::file, "COPY PROGRAM"};
            }
            if (t_.member(obj, "filename") != nullptr) {
                return {k::file, flag(obj, "is_from") ? "COPY FROM FILE" : "COPY TO FILE"};
            }
        } else if (type == "VariableSetStmt") {
            auto name = str(t_.member(obj, "name"));
            auto kind = str(t_.member(obj, "kind"));
            if (kind == "VAR_SET_MULTI" &&
                (name == "TRANSACTION" || name == "SESSION CHARACTERISTICS")) {
                return {k::transaction, "SET " + name};
            }
            if (kind == "VAR_RESET_ALL") {
                return {k::session, "RESET ALL"};
            }
            if (name == "session_authorization") {
                name = "SESSION AUTHORIZATION";
            }
            return {k::session, (kind == "VAR_RESET" ? "RESET " : "SET ") + upper(name)};
        } else if (type == "TransactionStmt") {
            auto kind = str(t_.member(obj, "kind"));
            constexpr std::string_view prefix = "TRANS_STMT_";
            if (kind.starts_with(prefix)) {
                keyword = kind.substr(prefix.size());
                std::replace(keyword.begin(), keyword.end(), '_', ' ');
            }
        } else if (type == "GrantStmt" || type == "GrantRoleStmt") {
            if (!flag(obj, "is_grant")) {
                keyword = "REVOKE";
            }
        } else if (type == "FetchStmt") {
            if (flag(obj, "ismove")) {
                keyword = "MOVE";
            }
        } else if (type == "VacuumStmt") {
            if (!flag(obj, "is_vacuumcmd")) {
                keyword = "ANALYZE";
            }
        } else if (type == "MergeStmt") {
            const json_node* whens = t_.member(obj, "mergeWhenClauses");
            for (const json_node* w = whens != nullptr ? t_.first(*whens) : nullptr; w != nullptr;
                 w = t_.next(*w)) {
                const json_node* clause = t_.member(*w, "MergeWhenClause");
                if (clause != nullptr && str(t_.member(*clause, "commandType")) == "CMD_DELETE") {
                    return {k::delete_, "MERGE ... DELETE"};
                }
            }
        }
        return {r.kind, std::move(keyword)};
    }

    const json_tree& t_;
    statement_facts& f_;
};

refusal refuse(std::string_view keyword, std::string_view why) {
    std::string reason =
        keyword.empty() ? std::string(why) : upper(keyword) + ": " + std::string(why);
    return {std::move(reason), upper(keyword)};
}

std::optional<refusal> judge_kind(const finding& f, const sql_guard::guard_policy& p) {
    const bool rw = p.access == access_mode::read_write;
    switch (f.kind) {
        case k::read:
            return std::nullopt;
        case k::write:
            if (rw) {
                return std::nullopt;
            }
            return refuse(f.keyword, "writes are refused: this server is read_only");
        case k::delete_:
        case k::ddl:
        case k::dcl:
        case k::admin: {
            const std::string name(sql_guard::to_string(f.kind));
            if (!rw) {
                return refuse(
                    f.keyword,
                    name + " statements are refused: this server is read_only"
                );
            }
            if (p.allowed_kinds_by_name.contains(name)) {
                return std::nullopt;
            }
            return refuse(
                f.keyword,
                name + " statements are refused: this server's config does not allow \"" + name +
                    "\""
            );
        }
        case k::session:
            return refuse(
                f.keyword,
                "session statements are refused: the gateway manages session state"
            );
        case k::transaction:
            return refuse(
                f.keyword,
                "transaction control is refused: the gateway runs each call in its own transaction"
            );
        case k::file:
            return refuse(f.keyword, "server-side file and program access is always refused");
        case k::unknown:
            break;
    }
    return refuse(f.keyword, "statement not recognised; refused");
}

std::string shown(const pg_name& n) {
    return n.schema.empty() ? n.name : n.schema + "." + n.name;
}

// --- strict mode -------------------------------------------------------------------------

class strict_judge {
public:
    strict_judge(const guard_settings& s, const function_catalog& c) : s_(s), c_(c) {}

    std::optional<refusal> function(const pg_name& n) const {
        if (configured(n)) {
            return std::nullopt;
        }
        const bool in_catalog = catalog_function_ok(n.name);
        if (n.schema == "pg_catalog") {
            if (in_catalog) {
                return std::nullopt;
            }
            return not_allowed("function", n);
        }
        bool found = false;
        auto [from, to] = c_.functions.equal_range(n.name);
        for (auto it = from; it != to; ++it) {
            const catalog_object& o = it->second;
            if (!n.schema.empty() && o.schema != n.schema) {
                continue;
            }
            found = true;
            if (!object_ok(o)) {
                if (n.schema.empty() && in_catalog) {
                    return refuse(
                        n.name,
                        "strict_functions: a function of this name also exists in schema " +
                            o.schema +
                            " and could be chosen instead of pg_catalog's; refused (name it "
                            "pg_catalog." +
                            n.name + ", or list it in allow_functions)"
                    );
                }
                return not_allowed("function", pg_name{o.schema, n.name});
            }
        }
        if (found || (n.schema.empty() && in_catalog)) {
            return std::nullopt;
        }
        return not_allowed("function", n);
    }

    std::optional<refusal> operator_(const pg_name& n) const {
        if (n.schema == "pg_catalog") {
            if (c_.catalog_operators.contains(n.name)) {
                return std::nullopt;
            }
            return not_allowed("operator", n);
        }
        bool found = false;
        auto [from, to] = c_.operators.equal_range(n.name);
        for (auto it = from; it != to; ++it) {
            const catalog_object& o = it->second;
            if (!n.schema.empty() && o.schema != n.schema) {
                continue;
            }
            found = true;
            // The function behind the operator decides.
            auto dot = o.detail.find('.');
            pg_name fn{
                o.detail.substr(0, dot),
                dot == std::string::npos ? o.detail : o.detail.substr(dot + 1)};
            if (configured(fn) || configured(pg_name{o.schema, o.name})) {
                continue;
            }
            if (fn.schema == "pg_catalog" && catalog_function_ok(fn.name)) {
                continue;
            }
            if (is_safe_extension(o.extension) &&
                function_rule_for(lower(fn.name), 2).effect == function_effect::allowed) {
                continue;
            }
            return refuse(
                n.name,
                "strict_functions: operator " + o.schema + "." + n.name + " runs " + o.detail +
                    ", which is not in pg_catalog or a known-safe extension (allow_functions "
                    "can name the function)"
            );
        }
        if (found || (n.schema.empty() && c_.catalog_operators.contains(n.name))) {
            return std::nullopt;
        }
        return not_allowed("operator", n);
    }

    std::optional<refusal> type(const pg_name& n) const {
        if (configured(n)) {
            return std::nullopt;
        }
        if (n.schema == "pg_catalog") {
            return std::nullopt;  // built-in types: their input and casts are pg_catalog's
        }
        auto [from, to] = c_.types.equal_range(n.name);
        for (auto it = from; it != to; ++it) {
            const catalog_object& o = it->second;
            if (!n.schema.empty() && o.schema != n.schema) {
                continue;
            }
            // Enums and composite (row) types run only pg_catalog code; a domain's CHECK or a
            // base/range type's functions may be anything.
            const bool plain = o.detail == "e" || o.detail == "c";
            if (!plain && !is_safe_extension(o.extension) &&
                !configured(pg_name{o.schema, o.name})) {
                return refuse(
                    n.name,
                    "strict_functions: type " + o.schema + "." + n.name +
                        " runs code outside pg_catalog (a domain's checks or its own input "
                        "functions); refused unless allow_functions lists it"
                );
            }
        }
        return std::nullopt;  // unknown: the server will say it does not exist
    }

    std::optional<refusal> attribute(const std::string& name) const {
        // `t.name` may call name(t): only a function outside pg_catalog can take a table's row.
        auto [from, to] = c_.functions.equal_range(name);
        for (auto it = from; it != to; ++it) {
            const catalog_object& o = it->second;
            if (!object_ok(o)) {
                return refuse(
                    name,
                    "strict_functions: x." + name + " can call function " + o.schema + "." + name +
                        "(x), which is not allowed"
                );
            }
        }
        return std::nullopt;
    }

private:
    bool configured(const pg_name& n) const {
        auto l = lower(n.name);
        return s_.allow_functions.contains(l) ||
               (!n.schema.empty() && s_.allow_functions.contains(lower(n.schema) + "." + l));
    }

    bool catalog_function_ok(const std::string& name) const {
        if (!c_.catalog_functions.contains(name)) {
            return false;
        }
        return !c_.catalog_volatile.contains(name) || is_safe_volatile_catalog_function(name);
    }

    bool object_ok(const catalog_object& o) const {
        return configured(pg_name{o.schema, o.name}) ||
               (!o.extension.empty() && is_safe_extension_function(o.extension, lower(o.name)));
    }

    static refusal not_allowed(std::string_view what, const pg_name& n) {
        return refuse(
            n.name,
            "strict_functions: " + std::string(what) + " " + shown(n) +
                " is not in pg_catalog, a known-safe extension or allow_functions"
        );
    }

    const guard_settings& s_;
    const function_catalog& c_;
};

}  // namespace

std::string describe(const parse_failure& e) {
    std::string out = e.message;
    if (e.position > 0) {
        out += " (at character " + std::to_string(e.position) + ")";
    }
    if (e.syntax_error) {
        out += " [SQLSTATE 42601]";
    }
    return out;
}

statement_facts analyse_statement(std::string_view sql) {
    statement_facts f;
    auto parsed = parsed_statement::parse(sql);
    if (auto* e = std::get_if<parse_failure>(&parsed)) {
        f.parse_error = std::move(*e);
        return f;
    }
    walker(std::get<parsed_statement>(parsed).tree(), f).run();
    return f;
}

sql_guard::statement_check judge_statement(const statement_facts& f, const guard_settings& s) {
    sql_guard::statement_check out;
    if (f.parse_error) {
        out.refused = refusal{
            f.parse_error->what == parse_failure::kind::grammar
                ? "PostgreSQL 15 cannot parse the statement: " + describe(*f.parse_error)
                : describe(*f.parse_error),
            ""};
        return out;
    }
    if (f.statements == 0) {
        out.refused = refuse("", "empty statement");
        return out;
    }
    if (f.statements > 1) {
        out.refused = refuse("", "one statement per call");
        return out;
    }
    std::vector<finding> findings = f.findings;
    for (const auto& use : f.functions) {
        auto name = lower(use.name.name);
        auto rule = function_rule_for(name, use.args);
        switch (rule.effect) {
            case function_effect::denied:
                out.kind = k::admin;
                out.refused = refuse(name, "refused on every server: it " + std::string(rule.why));
                return out;
            case function_effect::activity:
                if (s.policy.access == access_mode::read_only && !s.allow_activity_views) {
                    out.kind = k::read;
                    out.refused =
                        refuse(name, "refused on read_only servers: it " + std::string(rule.why));
                    return out;
                }
                break;
            case function_effect::write:
                findings.push_back({k::write, upper(name)});
                break;
            case function_effect::allowed:
                break;
        }
    }
    for (const auto& r : f.relations) {
        auto name = lower(r.name);
        if (auto why = denied_relation_why(name); !why.empty()) {
            out.kind = k::admin;
            out.refused = refuse(name, "refused on every server: it " + std::string(why));
            return out;
        }
    }
    if (s.policy.access == access_mode::read_only && !s.allow_activity_views) {
        for (const auto& r : f.relations) {
            auto name = lower(r.name);
            if (is_activity_relation(name)) {
                out.kind = k::read;
                out.refused = refuse(
                    name,
                    "refused on read_only servers: it shows other sessions' statements and "
                    "connections (set allow_activity_views: true to allow)"
                );
                return out;
            }
        }
    }
    if (findings.empty()) {
        findings.push_back({k::unknown, ""});
    }
    out.kind = k::read;
    for (const auto& x : findings) {
        out.kind = std::max(out.kind, x.kind);
    }
    for (const auto& x : findings) {
        if (auto r = judge_kind(x, s.policy)) {
            out.refused = std::move(r);
            return out;
        }
    }
    return out;
}

std::optional<refusal>
judge_strict(const statement_facts& f, const guard_settings& s, const function_catalog& c) {
    strict_judge j(s, c);
    for (const auto& use : f.functions) {
        if (auto r = j.function(use.name)) {
            return r;
        }
    }
    for (const auto& op : f.operators) {
        if (auto r = j.operator_(op)) {
            return r;
        }
    }
    for (const auto& t : f.types) {
        if (auto r = j.type(t)) {
            return r;
        }
    }
    for (const auto& a : f.attributes) {
        if (auto r = j.attribute(a)) {
            return r;
        }
    }
    for (const auto& m : f.tablesample_methods) {
        if (auto r = j.function(m)) {
            return r;
        }
    }
    return std::nullopt;
}

sql_guard::statement_check check_statement(std::string_view sql, const guard_settings& s) {
    return judge_statement(analyse_statement(sql), s);
}

}  // namespace mcpgw::backends::postgres
