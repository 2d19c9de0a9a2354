#include "function_rules.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <utility>

namespace mcpgw::backends::postgres {
namespace {

namespace why {
constexpr std::string_view signals = "signals or ends other sessions";
constexpr std::string_view sql_text =
    "runs SQL given as text, which no check of the outer statement can see";
constexpr std::string_view files = "reaches the server's files or programs";
constexpr std::string_view large_objects =
    "large objects: server-side file import and export, and data outside table privileges";
constexpr std::string_view locks = "advisory locks outlive the statement and block other clients";
constexpr std::string_view sleep =
    "holds a pooled connection and a snapshot for the call's whole deadline";
constexpr std::string_view index_pages =
    "changes index or storage pages, even inside a read-only transaction";
constexpr std::string_view xid = "assigns a transaction id, even inside a read-only transaction";
constexpr std::string_view snapshot_file = "writes a snapshot file on the server";
constexpr std::string_view settings = "changes settings the gateway manages for the session";
constexpr std::string_view notify = "sends notifications to other sessions";
constexpr std::string_view admin =
    "administers the server (configuration, WAL, backups, recovery, replication, catalogs)";
constexpr std::string_view stats_reset = "resets statistics every session shares";
constexpr std::string_view upgrade = "binary-upgrade internals";
constexpr std::string_view internal = "internal: the server calls it, a statement never needs to";
constexpr std::string_view raw_data =
    "reads raw pages, buffers or WAL: data of every table, past privileges and row security";
constexpr std::string_view remote = "connects to other servers and runs SQL there";
constexpr std::string_view activity =
    "shows other sessions' statements and connections (set allow_activity_views: true to allow)";
constexpr std::string_view sequence = "changes a sequence outside any rollback";
constexpr std::string_view secrets = "holds password hashes or connection secrets";
}  // namespace why

using entry = std::pair<std::string_view, function_rule>;

constexpr function_rule deny(std::string_view w) {
    return {function_effect::denied, w};
}

// Exact names. Mixed-case catalog names (RI_FKey_*) are listed lower-cased: calls are
// compared lower-cased.
const std::array exact_rules = std::to_array<entry>({
    // Other sessions.
    {"pg_terminate_backend", deny(why::signals)},
    {"pg_cancel_backend", deny(why::signals)},
    {"pg_log_backend_memory_contexts", deny(why::signals)},
    // SQL from a string (core and contrib).
    {"query_to_xml", deny(why::sql_text)},
    {"query_to_xmlschema", deny(why::sql_text)},
    {"query_to_xml_and_xmlschema", deny(why::sql_text)},
    {"cursor_to_xml", deny(why::sql_text)},
    {"cursor_to_xmlschema", deny(why::sql_text)},
    {"table_to_xml", deny(why::sql_text)},
    {"table_to_xmlschema", deny(why::sql_text)},
    {"table_to_xml_and_xmlschema", deny(why::sql_text)},
    {"schema_to_xml", deny(why::sql_text)},
    {"schema_to_xmlschema", deny(why::sql_text)},
    {"schema_to_xml_and_xmlschema", deny(why::sql_text)},
    {"database_to_xml", deny(why::sql_text)},
    {"database_to_xmlschema", deny(why::sql_text)},
    {"database_to_xml_and_xmlschema", deny(why::sql_text)},
    {"ts_stat", deny(why::sql_text)},
    {"crosstab", deny(why::sql_text)},  // tablefunc
    {"crosstab2", deny(why::sql_text)},
    {"crosstab3", deny(why::sql_text)},
    {"crosstab4", deny(why::sql_text)},
    {"connectby", deny(why::sql_text)},
    {"xpath_table", deny(why::sql_text)},  // xml2
    // Files and programs (core, adminpack, xml2).
    {"pg_read_file", deny(why::files)},
    {"pg_read_file_old", deny(why::files)},
    {"pg_read_binary_file", deny(why::files)},
    {"pg_stat_file", deny(why::files)},
    {"pg_logdir_ls", deny(why::files)},
    {"pg_hba_file_rules", deny(why::files)},
    {"pg_ident_file_mappings", deny(why::files)},
    {"pg_show_all_file_settings", deny(why::files)},
    {"xslt_process", deny(why::files)},  // xml2: a document or stylesheet may be a file
    // Large objects.
    {"lo_import", deny(why::large_objects)},
    {"lo_export", deny(why::large_objects)},
    {"lo_unlink", deny(why::large_objects)},
    {"lo_create", deny(why::large_objects)},
    {"lo_creat", deny(why::large_objects)},
    {"lo_open", deny(why::large_objects)},
    {"lo_close", deny(why::large_objects)},
    {"lo_put", deny(why::large_objects)},
    {"lo_get", deny(why::large_objects)},
    {"lo_from_bytea", deny(why::large_objects)},
    {"lo_truncate", deny(why::large_objects)},
    {"lo_truncate64", deny(why::large_objects)},
    {"lo_lseek", deny(why::large_objects)},
    {"lo_lseek64", deny(why::large_objects)},
    {"lo_tell", deny(why::large_objects)},
    {"lo_tell64", deny(why::large_objects)},
    {"lowrite", deny(why::large_objects)},
    {"loread", deny(why::large_objects)},
    // Index and storage maintenance (core, pg_visibility, pg_surgery, pg_prewarm).
    {"brin_summarize_new_values", deny(why::index_pages)},
    {"brin_summarize_range", deny(why::index_pages)},
    {"brin_desummarize_range", deny(why::index_pages)},
    {"gin_clean_pending_list", deny(why::index_pages)},
    {"pg_truncate_visibility_map", deny(why::index_pages)},
    {"heap_force_kill", deny(why::index_pages)},
    {"heap_force_freeze", deny(why::index_pages)},
    {"pg_prewarm", deny(why::index_pages)},
    {"autoprewarm_start_worker", deny(why::index_pages)},
    {"autoprewarm_dump_now", deny(why::files)},
    // Transaction ids and snapshots.
    {"txid_current", deny(why::xid)},
    {"pg_current_xact_id", deny(why::xid)},
    {"pg_export_snapshot", deny(why::snapshot_file)},
    // Session state.
    {"set_config", deny(why::settings)},
    {"setseed", deny(why::settings)},    // the seed outlives ROLLBACK
    {"set_limit", deny(why::settings)},  // pg_trgm: sets pg_trgm.similarity_threshold
    {"pg_notify", deny(why::notify)},
    // Server administration.
    {"pg_reload_conf", deny(why::admin)},
    {"pg_rotate_logfile", deny(why::admin)},
    {"pg_rotate_logfile_old", deny(why::admin)},
    {"pg_promote", deny(why::admin)},
    {"pg_switch_wal", deny(why::admin)},
    {"pg_switch_xlog", deny(why::admin)},
    {"pg_start_backup", deny(why::admin)},
    {"pg_stop_backup", deny(why::admin)},
    {"pg_create_restore_point", deny(why::admin)},
    {"pg_import_system_collations", deny(why::admin)},
    {"pg_stop_making_pinned_objects", deny(why::admin)},
    {"pg_nextoid", deny(why::admin)},
    {"pg_logical_emit_message", deny(why::admin)},
    {"pg_replication_slot_advance", deny(why::admin)},
    {"pg_drop_replication_slot", deny(why::admin)},
    {"pg_extension_config_dump", deny(why::admin)},
    {"pg_stat_force_next_flush", deny(why::admin)},
    {"pg_isolation_test_session_is_blocked", deny(why::admin)},
    // Raw data (pageinspect, pg_walinspect, pg_buffercache).
    {"get_raw_page", deny(why::raw_data)},
    {"page_header", deny(why::raw_data)},
    {"page_checksum", deny(why::raw_data)},
    {"heap_page_items", deny(why::raw_data)},
    {"heap_page_item_attrs", deny(why::raw_data)},
    {"heap_tuple_infomask_flags", deny(why::raw_data)},
    {"tuple_data_split", deny(why::raw_data)},
    {"bt_metap", deny(why::raw_data)},
    {"bt_page_stats", deny(why::raw_data)},
    {"bt_page_items", deny(why::raw_data)},
    {"brin_page_type", deny(why::raw_data)},
    {"brin_metapage_info", deny(why::raw_data)},
    {"brin_revmap_data", deny(why::raw_data)},
    {"brin_page_items", deny(why::raw_data)},
    {"gin_metapage_info", deny(why::raw_data)},
    {"gin_page_opaque_info", deny(why::raw_data)},
    {"gin_leafpage_items", deny(why::raw_data)},
    {"gist_page_opaque_info", deny(why::raw_data)},
    {"gist_page_items", deny(why::raw_data)},
    {"gist_page_items_bytea", deny(why::raw_data)},
    {"hash_page_type", deny(why::raw_data)},
    {"hash_page_stats", deny(why::raw_data)},
    {"hash_page_items", deny(why::raw_data)},
    {"hash_bitmap_info", deny(why::raw_data)},
    {"hash_metapage_info", deny(why::raw_data)},
    {"fsm_page_contents", deny(why::raw_data)},
    {"pg_get_wal_record_info", deny(why::raw_data)},
    {"pg_get_wal_records_info", deny(why::raw_data)},
    {"pg_get_wal_records_info_till_end_of_wal", deny(why::raw_data)},
    {"pg_get_wal_stats", deny(why::raw_data)},
    {"pg_get_wal_stats_till_end_of_wal", deny(why::raw_data)},
    {"pg_get_wal_block_info", deny(why::raw_data)},
    // Internal: trigger functions, language handlers, text search templates.
    {"suppress_redundant_updates_trigger", deny(why::internal)},
    {"tsvector_update_trigger", deny(why::internal)},
    {"tsvector_update_trigger_column", deny(why::internal)},
    {"unique_key_recheck", deny(why::internal)},
    {"plpgsql_call_handler", deny(why::internal)},
    {"plpgsql_inline_handler", deny(why::internal)},
    {"plpgsql_validator", deny(why::internal)},
    {"fmgr_c_validator", deny(why::internal)},
    {"fmgr_internal_validator", deny(why::internal)},
    {"fmgr_sql_validator", deny(why::internal)},
    {"dsnowball_init", deny(why::internal)},
    {"dsnowball_lexize", deny(why::internal)},
    // Other sessions' activity: refused on read_only servers unless allowed.
    {"pg_stat_get_activity", {function_effect::activity, why::activity}},
    {"pg_stat_get_progress_info", {function_effect::activity, why::activity}},
    {"pg_stat_get_wal_senders", {function_effect::activity, why::activity}},
    {"pg_stat_get_wal_receiver", {function_effect::activity, why::activity}},
    {"pg_stat_get_subscription", {function_effect::activity, why::activity}},
    {"pg_stat_statements", {function_effect::activity, why::activity}},
    // Sequences.
    {"nextval", {function_effect::write, why::sequence}},
    {"setval", {function_effect::write, why::sequence}},
});

// Families: every member shares the effect, including ones later versions add.
const std::array prefix_rules = std::to_array<entry>({
    {"pg_advisory_", deny(why::locks)},
    {"pg_try_advisory_", deny(why::locks)},
    {"pg_sleep", deny(why::sleep)},
    {"pg_ls_", deny(why::files)},
    {"pg_file_", deny(why::files)},  // adminpack
    {"dblink", deny(why::remote)},
    {"pg_backup_", deny(why::admin)},
    {"pg_create_", deny(why::admin)},  // restore points, replication slots
    {"pg_copy_", deny(why::admin)},    // replication slots
    {"pg_logical_", deny(why::admin)},
    {"pg_replication_origin", deny(why::admin)},
    {"pg_wal_replay_", deny(why::admin)},
    {"pg_xlog_replay_", deny(why::admin)},
    {"pg_stat_reset", deny(why::stats_reset)},
    {"pg_stat_statements_reset", deny(why::stats_reset)},
    {"binary_upgrade_", deny(why::upgrade)},
    {"ri_fkey_", deny(why::internal)},
    {"pg_buffercache", deny(why::raw_data)},
    {"pg_stat_get_backend_", {function_effect::activity, why::activity}},
});

const std::unordered_map<std::string_view, function_rule>& exact_table() {
    static const auto table = [] {
        std::unordered_map<std::string_view, function_rule> t;
        for (const auto& [name, rule] : exact_rules) {
            t.emplace(name, rule);
        }
        return t;
    }();
    return table;
}

// Reviewed volatile catalog functions that change nothing outside the transaction and show
// nothing of other sessions' statements.
constexpr auto safe_volatile = std::to_array<std::string_view>({
    "amvalidate",
    "bernoulli",
    "clock_timestamp",
    "current_query",
    "currtid2",
    "currval",
    "gen_random_uuid",
    "lastval",
    "pg_blocking_pids",
    "pg_collation_actual_version",
    "pg_control_checkpoint",
    "pg_control_init",
    "pg_control_recovery",
    "pg_control_system",
    "pg_current_logfile",
    "pg_current_wal_flush_lsn",
    "pg_current_wal_insert_lsn",
    "pg_current_wal_lsn",
    "pg_database_collation_actual_version",
    "pg_database_size",
    "pg_get_backend_memory_contexts",
    "pg_get_multixact_members",
    "pg_get_shmem_allocations",
    "pg_get_wal_replay_pause_state",
    "pg_get_wal_resource_managers",
    "pg_indexes_size",
    "pg_is_in_recovery",
    "pg_is_wal_replay_paused",
    "pg_jit_available",
    "pg_last_committed_xact",
    "pg_last_wal_receive_lsn",
    "pg_last_wal_replay_lsn",
    "pg_last_xact_replay_timestamp",
    "pg_lock_status",
    "pg_notification_queue_usage",
    "pg_partition_ancestors",
    "pg_partition_tree",
    "pg_prepared_xact",
    "pg_relation_size",
    "pg_safe_snapshot_blocking_pids",
    "pg_sequence_last_value",
    "pg_show_replication_origin_status",
    "pg_stat_clear_snapshot",
    "pg_stat_get_recovery_prefetch",
    "pg_stat_have_stats",
    "pg_table_size",
    "pg_tablespace_size",
    "pg_total_relation_size",
    "pg_xact_commit_timestamp",
    "pg_xact_commit_timestamp_origin",
    "pg_xact_status",
    "random",
    "system",
    "timeofday",
    "txid_status",
});

constexpr auto safe_volatile_prefixes = std::to_array<std::string_view>({
    "pg_stat_get_xact_",  // this transaction's own counters
});

// Access-method, table-AM and index-AM handlers return `internal`: SQL cannot call them.
constexpr auto internal_suffixes = std::to_array<std::string_view>({"handler"});

constexpr auto activity_relations = std::to_array<std::string_view>({
    "pg_stat_activity",
    "pg_stat_replication",
    "pg_stat_wal_receiver",
    "pg_stat_subscription",
    "pg_stat_ssl",
    "pg_stat_gssapi",
    "pg_stat_statements",
});

// Views over denied functions (the functions are refused by name; the views call them
// without naming them) and catalogs of secrets: refused on every server, like the functions.
constexpr auto denied_relations = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"pg_hba_file_rules", why::files},       // pg_hba_file_rules()
    {"pg_ident_file_mappings", why::files},  // pg_ident_file_mappings()
    {"pg_file_settings", why::files},        // pg_show_all_file_settings()
    {"pg_buffercache", why::raw_data},       // pg_buffercache_pages()
    {"pg_largeobject", why::large_objects},
    {"pg_authid", why::secrets},
    {"pg_shadow", why::secrets},
    {"pg_user_mapping", why::secrets},
    {"pg_user_mappings", why::secrets},
});

// Extensions reviewed as pure functions of their arguments (types, operators, index
// support, hashing, crypto, text matching), apart from the names denied above.
constexpr auto safe_extensions = std::to_array<std::string_view>({
    "bloom",    "btree_gin", "btree_gist",    "citext",          "cube",
    "dict_int", "dict_xsyn", "earthdistance", "fuzzystrmatch",   "hstore",
    "intagg",   "intarray",  "isn",           "ltree",           "pg_trgm",
    "pgcrypto", "seg",       "sslinfo",       "tsm_system_rows", "tsm_system_time",
    "unaccent", "uuid-ossp",
});

constexpr auto safe_extension_functions =
    std::to_array<std::pair<std::string_view, std::string_view>>({
        {"tablefunc", "normal_rand"},
        {"lo", "lo_oid"},
        {"xml2", "xml_encode_special_chars"},
        {"xml2", "xml_valid"},
        {"xml2", "xpath_bool"},
        {"xml2", "xpath_list"},
        {"xml2", "xpath_nodeset"},
        {"xml2", "xpath_number"},
        {"xml2", "xpath_string"},
    });

// Reviewed but not allowed in strict mode as a whole: they read much (pgstattuple, amcheck,
// pgrowlocks, pg_freespacemap, pg_visibility, old_snapshot), reach other servers
// (postgres_fdw, dblink), or are trigger functions and handlers (autoinc, insert_username,
// moddatetime, refint, tcn, lo, file_fdw, plpgsql); their dangerous members are denied above.
constexpr auto reviewed_other_extensions = std::to_array<std::string_view>({
    "adminpack",
    "amcheck",
    "autoinc",
    "dblink",
    "file_fdw",
    "insert_username",
    "lo",
    "moddatetime",
    "old_snapshot",
    "pageinspect",
    "pg_buffercache",
    "pg_freespacemap",
    "pg_prewarm",
    "pg_stat_statements",
    "pg_surgery",
    "pg_visibility",
    "pg_walinspect",
    "pgrowlocks",
    "pgstattuple",
    "plpgsql",
    "postgres_fdw",
    "refint",
    "tablefunc",
    "tcn",
    "xml2",
});

template <typename List>
bool contains(const List& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

function_rule function_rule_for(std::string_view name, std::size_t args) {
    // ts_rewrite(query, select text) runs `select`; the three-argument form is pure.
    if (name == "ts_rewrite") {
        return args == 2 ? deny(why::sql_text) : function_rule{};
    }
    const auto& table = exact_table();
    if (auto it = table.find(name); it != table.end()) {
        return it->second;
    }
    for (const auto& [prefix, rule] : prefix_rules) {
        if (name.starts_with(prefix)) {
            return rule;
        }
    }
    return {};
}

std::string_view denied_relation_why(std::string_view name) {
    for (const auto& [n, w] : denied_relations) {
        if (n == name) {
            return w;
        }
    }
    return {};
}

bool is_activity_relation(std::string_view name) {
    return contains(activity_relations, name) || name.starts_with("pg_stat_progress_");
}

bool is_safe_volatile_catalog_function(std::string_view name) {
    if (contains(safe_volatile, name)) {
        return true;
    }
    for (auto p : safe_volatile_prefixes) {
        if (name.starts_with(p)) {
            return true;
        }
    }
    for (auto s : internal_suffixes) {
        if (name.ends_with(s)) {
            return true;  // cannot be called from SQL at all
        }
    }
    return false;
}

bool is_safe_extension(std::string_view extension) {
    return contains(safe_extensions, extension);
}

bool is_safe_extension_function(std::string_view extension, std::string_view name) {
    if (function_rule_for(name, 0).effect != function_effect::allowed) {
        return false;
    }
    if (is_safe_extension(extension)) {
        return true;
    }
    return std::any_of(
        safe_extension_functions.begin(),
        safe_extension_functions.end(),
        [&](const auto& p) {
            return p.first == extension && p.second == name;
        }
    );
}

bool is_reviewed_extension(std::string_view extension) {
    return is_safe_extension(extension) || contains(reviewed_other_extensions, extension);
}

}  // namespace mcpgw::backends::postgres
