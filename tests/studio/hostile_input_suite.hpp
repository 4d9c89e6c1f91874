// Hostile request bodies, paths and values against the served binary, on each dialect.
#pragma once

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/studio/served_api.hpp"

namespace studio_testing {

// The committed revisions plus one that drops crews.description and adds it back: the column
// then comes last in the table, wherever the model declares it.
inline std::string migrations_with_moved_column(const testing_support::TempDir& dir) {
    auto out = dir / "versions";
    std::filesystem::create_directories(out);
    for (const auto& f : std::filesystem::directory_iterator(migrations_dir()))
        std::filesystem::copy_file(f.path(), out / f.path().filename());
    std::ofstream(out / "20261201_0000_a1b2c3d4e5f6_move_description.yaml")
        << "revision: a1b2c3d4e5f6\ndown_revision: 385b23fc5d40\nbranch_labels: []\n"
           "depends_on: []\nmessage: move description\ncreated_at: 2026-12-01T00:00:00Z\n"
           "transactional: true\nupgrade:\n"
           "  - drop_column: {table: crews, name: description}\n"
           "  - add_column: {table: crews, column: {name: description, type: text}}\n"
           "downgrade:\n"
           "  - drop_column: {table: crews, name: description}\n"
           "  - add_column: {table: crews, column: {name: description, type: text}}\n";
    return out.string();
}

inline std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

// size bytes of zeros, gzip-compressed: about a thousandth of size on the wire.
inline std::string gzip_zeros(std::size_t size) {
    z_stream z{};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY);
    std::string in(1 << 20, '\0'), out;
    char buf[1 << 16];
    for (std::size_t done = 0; done < size; done += in.size()) {
        z.next_in = reinterpret_cast<Bytef*>(in.data());
        z.avail_in = static_cast<uInt>(in.size());
        int flush = done + in.size() >= size ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buf);
            z.avail_out = sizeof buf;
            deflate(&z, flush);
            out.append(buf, sizeof buf - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

TEST_P(ServedTest, rows_are_mapped_by_name_whatever_the_column_order) {
    testing_support::TempDir migrations;
    ServedApi api(GetParam(), {}, {}, migrations_with_moved_column(migrations));
    ASSERT_TRUE(api.ok()) << api.process().err();
    std::string order =
        api.sql(sqlite() ? "SELECT group_concat(name, ',') FROM pragma_table_info('crews')"
                         : "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                           "information_schema.columns WHERE table_name = 'crews'");
    ASSERT_EQ(order.substr(order.rfind(',') + 1), "description") << order;  // moved to the end
    json body = {{"name", "n"},
                 {"description", "my description"},
                 {"process", "hierarchical"},
                 {"status", "paused"},
                 {"verbose", false},
                 {"max_execution_time", 77},
                 {"current_agent", "ca"},
                 {"execution_time", 1.5},
                 {"tags", {"a", "b"}},
                 {"last_execution_at", "2026-03-04T05:06:07Z"}};
    Reply created = api.call("POST", "/api/v1/crews", body);
    ASSERT_EQ(created.status, 201) << created.body.dump();
    for (const auto& [k, v] : body.items()) EXPECT_EQ(created.body[k], v) << k;
    Reply read = api.call("GET", "/api/v1/crews/" + created.body["id"].get<std::string>());
    EXPECT_EQ(read.body, created.body);
    // And the database holds each value in the column of its name.
    std::string id = created.body["id"];
    auto column = [&](const std::string& c) {
        return api.sql("SELECT " + c + " FROM crews WHERE id = '" + id + "'");
    };
    EXPECT_EQ(column("description"), "my description");
    EXPECT_EQ(column("process"), "hierarchical");
    EXPECT_EQ(column("max_execution_time"), "77");
    EXPECT_EQ(column("current_agent"), "ca");
    EXPECT_EQ(column("workflow_id"), "NULL");
    // A client that reads a row and writes it back changes nothing.
    json writable = read.body;
    for (const char* generated : {"id", "created_at", "updated_at"}) writable.erase(generated);
    Reply patched = api.call("PATCH", "/api/v1/crews/" + id, writable);
    ASSERT_EQ(patched.status, 200) << patched.body.dump();
    for (const auto& [k, v] : writable.items()) EXPECT_EQ(patched.body[k], v) << k;
}

TEST_P(ServedTest, json_nested_beyond_64_levels_is_400_in_every_json_column_and_at_the_top) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    std::string crew = api.call("POST", "/api/v1/crews", json{{"name", "c"}}).body["id"];
    std::map<std::string, json> required = {
        {"workflows", {{"name", "w"}}},
        {"crews", {{"name", "d"}}},
        {"agents", {{"crew_id", crew}, {"name", "a"}, {"role", "r"}, {"goal", "g"}}},
        {"tasks", {{"crew_id", crew}, {"title", "t"}, {"description", "d"}}},
        {"executions", {{"crew_id", crew}}}};
    std::string deep = nested(75000);  // the 150 KB body that used to overflow the stack
    int json_columns = 0;
    for (const auto& table : studio::metadata().tables)
        for (const auto& column : table.columns) {
            if (column.type.kind != migrate::schema::TypeKind::json) continue;
            ++json_columns;
            std::string body = required.at(table.name).dump();
            body.insert(body.size() - 1, ",\"" + column.name + "\":" + deep);
            Reply r = api.call("POST", "/api/v1/" + table.name, body);
            expect_reply(r, 400, "nesting_too_deep");
            // 64 levels are still fine.
            json ok = required.at(table.name);
            ok[column.name] = json::parse(nested(63));
            if (table.name == "agents") ok["name"] = column.name;
            EXPECT_EQ(api.call("POST", "/api/v1/" + table.name, ok).status, 201)
                << table.name << "." << column.name;
        }
    EXPECT_EQ(json_columns, 10);
    expect_reply(api.call("POST", "/api/v1/crews", deep), 400, "nesting_too_deep");
    expect_reply(api.call("PATCH", "/api/v1/crews/" + crew, "{\"tags\":" + deep + "}"), 400,
                 "nesting_too_deep");
    EXPECT_EQ(api.call("GET", "/healthz").status, 200);  // still serving
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "4");
}

TEST_P(ServedTest, a_gzip_bomb_stops_at_the_body_limit_with_bounded_memory) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    api.call("GET", "/api/v1/crews");
    long before = api.process().peak_rss_kib();
    std::string bomb = gzip_zeros(std::size_t(1) << 30);  // 1 GiB of zeros in about 1 MB
    ASSERT_LT(bomb.size(), std::size_t(1) << 20);
    testing_support::RawConnection c(api.port());
    c.send(testing_support::request_text("POST", "/api/v1/crews", api.port(),
                                         "Content-Type: application/json\r\n"
                                         "Content-Encoding: gzip\r\n",
                                         bomb));
    auto r = c.read_response(std::chrono::seconds(30));
    EXPECT_EQ(r.status, 413) << r.body;
    // Inflating stopped at 1 MiB: the peak grew by far less than the gigabyte.
    long after = api.process().peak_rss_kib();
    EXPECT_LT(after - before, 64 * 1024) << before << " KiB -> " << after << " KiB";
    // A small gzip body is inflated and served.
    std::string small = json{{"name", "zipped"}}.dump();
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    std::string packed(256, '\0');
    z.next_in = reinterpret_cast<Bytef*>(small.data());
    z.avail_in = static_cast<uInt>(small.size());
    z.next_out = reinterpret_cast<Bytef*>(packed.data());
    z.avail_out = static_cast<uInt>(packed.size());
    deflate(&z, Z_FINISH);
    packed.resize(packed.size() - z.avail_out);
    deflateEnd(&z);
    testing_support::RawConnection d(api.port());
    d.send(testing_support::request_text(
        "POST", "/api/v1/crews", api.port(),
        "Content-Type: application/json\r\nContent-Encoding: gzip\r\n", packed));
    EXPECT_EQ(d.read_response().status, 201);
    EXPECT_EQ(api.sql("SELECT name FROM crews"), "zipped");
}

TEST_P(ServedTest, every_invalid_field_is_reported_before_any_sql) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    Reply r = api.call("POST", "/api/v1/crews",
                       json{{"name", std::string(101, 'n')},
                            {"process", "weird"},
                            {"last_execution_at", "2026-13-45T99:99:99Z"},
                            {"description", std::string("a\0b", 3)},
                            {"max_execution_time", 2147483648LL},
                            {"tags", {{"k", std::string("\0", 1)}}},
                            {"colour", "red"}});
    expect_reply(r, 400, "validation_error");
    std::set<std::string> fields;
    for (const auto& e : r.body["error"]["details"]["errors"]) fields.insert(e["field"]);
    EXPECT_EQ(fields, (std::set<std::string>{"name", "process", "last_execution_at", "description",
                                             "max_execution_time", "tags", "colour"}))
        << r.body.dump();
    for (const char* date : {"2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z",
                             "2026-01-01T12:60:00Z", "2026-01-01T12:00:00", "0000-01-01T00:00:00Z",
                             "2026-01-01T12:00:00.1234567Z", "2026-01-01T12:00:00+25:00"}) {
        Reply bad =
            api.call("POST", "/api/v1/crews", json{{"name", "d"}, {"last_execution_at", date}});
        expect_reply(bad, 400, "validation_error");
        EXPECT_EQ(bad.body["error"]["details"]["field"], "last_execution_at") << date;
    }
    // Real dates, with an offset, are stored in UTC.
    Reply leap =
        api.call("POST", "/api/v1/crews",
                 json{{"name", "leap"}, {"last_execution_at", "2028-02-29T23:30:00-01:00"}});
    ASSERT_EQ(leap.status, 201) << leap.body.dump();
    EXPECT_EQ(leap.body["last_execution_at"], "2028-03-01T00:30:00Z");
    Reply agent = api.call("POST", "/api/v1/agents",
                           json{{"crew_id", leap.body["id"]},
                                {"name", "a"},
                                {"role", "r"},
                                {"goal", "g"},
                                {"max_iter", -2147483649LL}});
    expect_reply(agent, 400, "validation_error");
    EXPECT_EQ(agent.body["error"]["details"]["field"], "max_iter");
    expect_reply(
        api.call("POST", "/api/v1/crews/" + leap.body["id"].get<std::string>() + "/executions",
                 json{{"trigger", "weird"}}),
        400, "validation_error");
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "1");
    EXPECT_EQ(api.sql("SELECT count(*) FROM executions"), "0");
}

TEST_P(ServedTest, invalid_utf8_in_the_path_or_query_is_400_without_library_text) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    for (const char* target : {"/api/v1/crews/%FF%FE", "/api/v1/crews?status=%C3%28",
                               "/api/v1/crews?%ED%A0%80=1", "/api/v1/%C0%AF"}) {
        testing_support::RawConnection c(api.port());
        c.send(testing_support::request_text("GET", target, api.port()));
        auto r = c.read_response();
        EXPECT_EQ(r.status, 400) << target << " " << r.body;
        EXPECT_EQ(r.header("exception_what"), "") << target;
        EXPECT_EQ(json::parse(r.body, nullptr, false)["error"]["code"], "invalid_encoding")
            << target << " " << r.body;
    }
    // And in a body: the JSON parser refuses ill-formed UTF-8 in any string.
    Reply body = api.call("POST", "/api/v1/crews", std::string("{\"name\":\"\xff\xfe\"}"));
    expect_reply(body, 400, "invalid_json");
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "0");
    EXPECT_EQ(api.call("GET", "/healthz").status, 200);
}

TEST_P(ServedTest, a_counter_at_the_top_of_its_range_is_409_and_nothing_changes) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    std::string crew = api.call("POST", "/api/v1/crews", json{{"name", "c"}}).body["id"];
    Reply top = api.call("PATCH", "/api/v1/crews/" + crew, json{{"execution_count", 2147483647}});
    ASSERT_EQ(top.status, 200) << top.body.dump();
    Reply r = api.call("POST", "/api/v1/crews/" + crew + "/executions", json::object());
    expect_reply(r, 409, "counter_overflow");
    EXPECT_EQ(api.sql("SELECT execution_count FROM crews"), "2147483647");
    EXPECT_EQ(api.sql("SELECT count(*) FROM executions"), "0");
}

TEST_P(ServedTest, a_write_lock_held_elsewhere_is_503_with_retry_after) {
    ServedApi api(GetParam(), {"--db-timeout", "300"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    auto other =
        migrate::dialect::open(migrate::dialect::parse_url(api.url()), std::chrono::seconds(5));
    other->begin(false);
    // SQLite: BEGIN IMMEDIATE holds the write lock; PostgreSQL: an exclusive table lock.
    other->execute(migrate::dialect::Statement{sqlite()
                                                   ? "INSERT INTO workflows (name) VALUES ('held')"
                                                   : "LOCK TABLE crews IN ACCESS EXCLUSIVE MODE",
                                               {}});
    Reply r = api.call("POST", "/api/v1/crews", json{{"name", "blocked"}});
    expect_reply(r, 503, "unavailable");
    EXPECT_EQ(r.header("Retry-After"), "1");
    other->rollback();
    EXPECT_EQ(api.call("POST", "/api/v1/crews", json{{"name", "later"}}).status, 201);
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "1");
}

TEST_P(ServedTest, control_characters_in_a_path_cannot_forge_a_log_line) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    // A %0A followed by what looks like a log line of its own.
    testing_support::RawConnection raw(api.port());
    raw.send(testing_support::request_text(
        "GET", "/api/v1/x%0A2026-01-01T00:00:00.000Z%20info%20POST", api.port()));
    EXPECT_EQ(raw.read_response().status, 404);
    api.call("GET", "/healthz");  // logged after the one above
    EXPECT_EQ(api.process().stop(), 0);
    std::istringstream log(api.process().err());
    for (std::string line; std::getline(log, line);)
        EXPECT_NE(line.rfind("2026-01-01T00:00:00.000Z info POST", 0), 0u) << line;
    EXPECT_NE(api.process().err().find("/api/v1/x\\n2026-01-01"), std::string::npos)
        << api.process().err();
}

TEST_P(ServedTest, json_log_lines_are_valid_json_and_carry_the_request_id) {
    ServedApi api(GetParam(), {"--log-format", "json"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    Reply r = api.call("GET", "/api/v1/crews?x=1", std::string(),
                       httplib::Headers{{"X-Request-ID", "trace-42"}});
    EXPECT_EQ(r.status, 400);  // x is not a parameter of the list
    EXPECT_EQ(r.header("X-Request-ID"), "trace-42");
    for (const char* target : {"/api/v1/%22quoted%22%0A%FF", "/api/v1/crews?status=%22%0A%5C"}) {
        testing_support::RawConnection raw(api.port());
        raw.send(testing_support::request_text("GET", target, api.port()));
        EXPECT_EQ(raw.read_response().status, 400) << target;
    }
    EXPECT_EQ(api.process().stop(), 0);
    std::istringstream log(api.process().err());
    int lines = 0, tagged = 0;
    for (std::string line; std::getline(log, line); ++lines) {
        json j = json::parse(line, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << line;
        EXPECT_TRUE(j.contains("time") && j.contains("level") && j.contains("message")) << line;
        if (j.value("request_id", "") == "trace-42") ++tagged;
    }
    EXPECT_GT(lines, 3);
    EXPECT_EQ(tagged, 1);  // the request line of that request
}

}  // namespace studio_testing
