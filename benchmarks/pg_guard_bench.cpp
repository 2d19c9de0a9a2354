// mcpgw_bench_pg_guard: what the PostgreSQL statement guard costs per statement, beside the
// hand-written guard it replaces, and what its parts cost (benchmarks/RESULTS.md, "PostgreSQL
// statement guard"). Single thread, no I/O; each figure is the median of 7 runs of N
// iterations, in microseconds per statement.
//
//   mcpgw_bench_pg_guard [--quick]

#include <backends/core/sql_guard/sql_guard.hpp>
#include <backends/postgres/json_tree.hpp>
#include <backends/postgres/pg_parser.hpp>
#include <backends/postgres/statement_guard.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <pg_query.h>

namespace {

using namespace mcpgw::backends;
using clock_type = std::chrono::steady_clock;

struct statement {
    const char* name;
    std::string sql;
};

std::vector<statement> statements() {
    std::vector<statement> out;
    out.push_back({"SELECT 1", "SELECT 1"});
    out.push_back(
        {"analytic (198 B)",
         "SELECT a.id, a.owner, sum(b.amount) FROM public.accounts a JOIN ledger b ON b.account "
         "= a.id WHERE a.created > now() - interval '7 days' AND a.owner ILIKE '%x%' GROUP BY "
         "1,2 ORDER BY 3 DESC LIMIT 50"}
    );
    out.push_back(
        {"CTE + window (560 B)",
         "WITH recent AS (SELECT o.id, o.customer_id, o.total, o.created_at FROM sales.orders o "
         "WHERE o.created_at >= date_trunc('month', now()) - interval '3 months'), ranked AS ("
         "SELECT r.*, row_number() OVER (PARTITION BY r.customer_id ORDER BY r.total DESC) AS rn "
         "FROM recent r) SELECT c.name, c.region, k.total, k.created_at, coalesce(p.label, "
         "'none') AS plan FROM ranked k JOIN sales.customers c ON c.id = k.customer_id LEFT JOIN "
         "sales.plans p ON p.id = c.plan_id WHERE k.rn <= 3 AND c.region = ANY (ARRAY['eu', "
         "'us']) AND NOT EXISTS (SELECT 1 FROM sales.blocked b WHERE b.customer_id = c.id) ORDER "
         "BY c.region, k.total DESC LIMIT 100"}
    );
    std::string wide = "SELECT ";
    for (int i = 0; i < 200; ++i) {
        wide += (i > 0 ? ", " : "") + std::string("coalesce(c") + std::to_string(i) + ", lower(d" +
                std::to_string(i) + "::text))";
    }
    wide += " FROM t WHERE x IN (SELECT y FROM u WHERE z = 3)";
    out.push_back({"200 expressions (6.8 KB)", wide});
    std::string in_list = "SELECT * FROM t WHERE id IN (0";
    for (int i = 1; i < 5000; ++i) {
        in_list += "," + std::to_string(i);
    }
    in_list += ")";
    out.push_back({"IN list of 5000 (29 KB)", in_list});
    return out;
}

// Median over 7 runs of `iterations` calls, in microseconds per call.
double measure(int iterations, const std::function<void()>& f) {
    std::vector<double> runs;
    for (int r = 0; r < 7; ++r) {
        auto start = clock_type::now();
        for (int i = 0; i < iterations; ++i) {
            f();
        }
        auto us = std::chrono::duration<double, std::micro>(clock_type::now() - start).count();
        runs.push_back(us / iterations);
    }
    std::sort(runs.begin(), runs.end());
    return runs[3];
}

std::size_t sink_value = 0;

// Keeps results alive so the compiler cannot drop the work measured.
void sink(std::size_t v) {
    sink_value += v;
    asm volatile("" : : "r"(sink_value) : "memory");
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    sql_guard::guard_policy old_policy;
    postgres::guard_settings new_policy;
    std::printf(
        "| statement | old guard | new guard | ratio | pg_query_parse (JSON) | "
        "pg_query_parse_protobuf | json_tree | nlohmann DOM | nlohmann SAX | walk + judge |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    for (const auto& s : statements()) {
        const int n = quick ? 50 : (s.sql.size() > 4000 ? 300 : 5000);
        const auto& sql = s.sql;
        double old_us = measure(n, [&] {
            auto c = sql_guard::check_statement(sql, sql_guard::sql_dialect::postgres, old_policy);
            sink(static_cast<std::size_t>(c.allowed()));
        });
        double new_us = measure(n, [&] {
            sink(static_cast<std::size_t>(postgres::check_statement(sql, new_policy).allowed()));
        });
        double parse_json = measure(n, [&] {
            auto r = pg_query_parse(sql.c_str());
            sink(static_cast<std::size_t>(std::strlen(r.parse_tree)));
            pg_query_free_parse_result(r);
        });
        double parse_pb = measure(n, [&] {
            auto r = pg_query_parse_protobuf(sql.c_str());
            sink(static_cast<std::size_t>(r.parse_tree.len));
            pg_query_free_protobuf_parse_result(r);
        });
        auto parsed = pg_query_parse(sql.c_str());
        std::string text = parsed.parse_tree;
        pg_query_free_parse_result(parsed);
        double tree = measure(n, [&] {
            sink(static_cast<std::size_t>(postgres::json_tree::parse(text)->size()));
        });
        double dom = measure(n, [&] {
            sink(static_cast<std::size_t>(nlohmann::json::parse(text).size()));
        });
        struct counting_sax : nlohmann::json_sax<nlohmann::json> {
            std::size_t count = 0;
            bool null() override { return ++count != 0; }
            bool boolean(bool) override { return ++count != 0; }
            bool number_integer(number_integer_t) override { return ++count != 0; }
            bool number_unsigned(number_unsigned_t) override { return ++count != 0; }
            bool number_float(number_float_t, const string_t&) override { return ++count != 0; }
            bool string(string_t&) override { return ++count != 0; }
            bool binary(binary_t&) override { return ++count != 0; }
            bool start_object(std::size_t) override { return true; }
            bool key(string_t&) override { return true; }
            bool end_object() override { return true; }
            bool start_array(std::size_t) override { return true; }
            bool end_array() override { return true; }
            bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&)
                override {
                return false;
            }
        };
        double sax = measure(n, [&] {
            counting_sax h;
            nlohmann::json::sax_parse(text, &h);
            sink(static_cast<std::size_t>(h.count));
        });
        // The walk and the judgement alone: the whole check minus parsing and reading.
        double walk = new_us - parse_json - tree;
        if (s.sql.size() > postgres::unscanned_statement_bytes) {
            double scan = measure(n, [&] {
                sink(static_cast<std::size_t>(postgres::nesting_bound(sql).value_or(0)));
            });
            walk -= scan;
            std::fprintf(stderr, "%s: nesting pre-scan %.2f us\n", s.name, scan);
        }
        std::printf(
            "| %s | %.2f | %.2f | %.1fx | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
            s.name,
            old_us,
            new_us,
            new_us / old_us,
            parse_json,
            parse_pb,
            tree,
            dom,
            sax,
            walk > 0 ? walk : 0.0
        );
    }
    return sink_value == 42 ? 1 : 0;
}
