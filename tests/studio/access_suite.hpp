// Tokens, Host names and origins against the served binary, on each dialect.
#pragma once

#include <fstream>

#include "tests/studio/served_api.hpp"

namespace studio_testing {

const std::string full_token = "full-access-token-0123456789";
const std::string reader_token = "read-only-token-0123456789ab";

inline std::string token_file(const testing_support::TempDir& dir) {
    auto path = dir / "tokens";
    std::ofstream(path) << "# the service's tokens\n"
                        << full_token << "\n\n"
                        << reader_token << " read-only\n";
    return path.string();
}

inline httplib::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

TEST_P(ServedTest, bearer_tokens_guard_the_api_but_not_healthz) {
    testing_support::TempDir dir;
    ServedApi api(GetParam(), {"--api-tokens-file", token_file(dir)});
    ASSERT_TRUE(api.ok()) << api.process().err();
    json crew = {{"name", "c"}};
    Reply none = api.call("POST", "/api/v1/crews", crew);
    expect_reply(none, 401, "unauthorized");
    EXPECT_EQ(none.header("WWW-Authenticate"), "Bearer");
    expect_reply(api.call("GET", "/api/v1/crews"), 401, "unauthorized");
    expect_reply(api.call("POST", "/api/v1/crews", crew, bearer("full-access-token-012345678X")),
                 401, "unauthorized");
    expect_reply(api.call("POST", "/api/v1/crews", crew, {{"Authorization", full_token}}), 401,
                 "unauthorized");  // no scheme
    expect_reply(api.call("POST", "/api/v1/crews", crew, bearer(reader_token)), 403, "forbidden");
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "0");
    Reply created = api.call("POST", "/api/v1/crews", crew, bearer(full_token));
    ASSERT_EQ(created.status, 201) << created.body.dump();
    Reply listed = api.call("GET", "/api/v1/crews", std::string(), bearer(reader_token));
    EXPECT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body["total"], 1);
    std::string path = "/api/v1/crews/" + created.body["id"].get<std::string>();
    expect_reply(api.call("DELETE", path, std::string(), bearer(reader_token)), 403, "forbidden");
    EXPECT_EQ(api.call("GET", "/healthz").status, 200);
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "1");
    // The token never reaches the log.
    EXPECT_EQ(api.process().err().find(full_token), std::string::npos);
}

// A body refused before it was read must not be taken for the next request on the connection.
TEST_P(ServedTest, a_refused_body_closes_its_keep_alive_connection) {
    testing_support::TempDir dir;
    ServedApi api(GetParam(), {"--api-tokens-file", token_file(dir)});
    ASSERT_TRUE(api.ok()) << api.process().err();
    testing_support::RawConnection c(api.port());
    std::string body = "GET /api/v1/crews HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";  // smuggled?
    c.send(testing_support::request_text("POST", "/api/v1/crews", api.port(),
                                         "Content-Type: application/json\r\n", body));
    auto r = c.read_response();
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_TRUE(c.closed_within(std::chrono::seconds(3)));  // no second response
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "0");
}

TEST_P(ServedTest, the_token_file_may_come_from_the_environment) {
    testing_support::TempDir dir;
    ServedApi api(GetParam(), {}, {{"CREWSTUDIO_API_TOKENS_FILE", token_file(dir)}});
    ASSERT_TRUE(api.ok()) << api.process().err();
    expect_reply(api.call("GET", "/api/v1/crews"), 401, "unauthorized");
    EXPECT_EQ(api.call("GET", "/api/v1/crews", std::string(), bearer(full_token)).status, 200);
}

TEST_P(ServedTest, an_open_api_on_a_reachable_address_needs_saying_so) {
    testing_support::TempDir dir;
    auto db = GetParam().make();
    std::vector<std::string> base = {"--database-url", db->url(), "--migrations-dir",
                                     migrations_dir(), "--port",  "0",
                                     "--auto-migrate", "--host",  "0.0.0.0"};
    testing_support::ServeProcess refused(base, dir.path(), dir.path());
    EXPECT_EQ(refused.wait(), 2);
    EXPECT_NE(refused.err().find("refusing to serve an API without authentication"),
              std::string::npos)
        << refused.err();
    EXPECT_NE(refused.err().find("--allow-unauthenticated"), std::string::npos);
    auto open = base;
    open.push_back("--allow-unauthenticated");
    testing_support::ServeProcess warned(open, dir.path(), dir.path());
    EXPECT_NE(warned.wait_for_port(), 0) << warned.err();
    EXPECT_EQ(warned.stop(), 0);
    EXPECT_NE(warned.err().find("WITHOUT authentication"), std::string::npos) << warned.err();
    auto tokens = base;
    tokens.insert(tokens.end(), {"--api-tokens-file", token_file(dir)});
    testing_support::ServeProcess guarded(tokens, dir.path(), dir.path());
    EXPECT_NE(guarded.wait_for_port(), 0) << guarded.err();
    EXPECT_EQ(guarded.stop(), 0);
    std::ofstream(dir / "short") << "abc\n";
    auto bad = base;
    bad.insert(bad.end(), {"--api-tokens-file", (dir / "short").string()});
    testing_support::ServeProcess short_token(bad, dir.path(), dir.path());
    EXPECT_EQ(short_token.wait(), 2);
    EXPECT_NE(short_token.err().find("at least 16 characters"), std::string::npos);
    EXPECT_EQ(short_token.err().find("abc"), std::string::npos);  // never the token itself
}

TEST_P(ServedTest, a_host_name_not_served_is_refused_against_dns_rebinding) {
    ServedApi api(GetParam(), {"--allowed-host", "studio.internal"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    auto with_host = [&](const std::string& host, const std::string& method) {
        testing_support::RawConnection c(api.port());
        std::string body = json{{"name", host}}.dump();
        std::string text = method + " /api/v1/crews HTTP/1.1\r\nHost: " + host +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(method == "POST" ? body.size() : 0) + "\r\n\r\n" +
                           (method == "POST" ? body : "");
        c.send(text);
        return c.read_response();
    };
    for (const char* evil : {"evil.example", "evil.example:8080", "127.0.0.1.evil.example"}) {
        EXPECT_EQ(with_host(evil, "GET").status, 400) << evil;
        auto r = with_host(evil, "POST");
        EXPECT_EQ(r.status, 400) << evil;
        EXPECT_EQ(json::parse(r.body, nullptr, false)["error"]["code"], "invalid_host");
    }
    testing_support::RawConnection no_host(api.port());
    no_host.send("GET /api/v1/crews HTTP/1.1\r\n\r\n");
    EXPECT_EQ(no_host.read_response().status, 400);
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "0");
    std::vector<std::string> served = {"localhost:" + std::to_string(api.port()), "127.0.0.1",
                                       "[::1]:1", "STUDIO.internal:443"};
    for (const auto& ok : served) EXPECT_EQ(with_host(ok, "POST").status, 201) << ok;
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "4");
    // /healthz answers whatever the name (load balancers probe by address).
    testing_support::RawConnection probe(api.port());
    probe.send("GET /healthz HTTP/1.1\r\nHost: 10.1.2.3:8080\r\n\r\n");
    EXPECT_EQ(probe.read_response().status, 200);
}

TEST_P(ServedTest, other_origins_are_refused_and_configured_ones_get_cors) {
    const std::string app = "https://app.example";
    ServedApi api(GetParam(), {"--cors-origin", app});
    ASSERT_TRUE(api.ok()) << api.process().err();
    // What a hostile page can send without a preflight: a text/plain POST.
    Reply plain = api.call("POST", "/api/v1/crews", std::string(R"({"name":"csrf"})"),
                           {{"Origin", "https://evil.example"}}, "text/plain");
    expect_reply(plain, 403, "origin_not_allowed");
    expect_reply(api.call("POST", "/api/v1/crews", json{{"name", "x"}},
                          {{"Origin", "https://evil.example"}}),
                 403, "origin_not_allowed");
    // Without an Origin (curl, a script), text/plain is still not a JSON body.
    expect_reply(
        api.call("POST", "/api/v1/crews", std::string(R"({"name":"plain"})"), {}, "text/plain"),
        415, "unsupported_media_type");
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "0");
    // Preflight from the configured origin, then the request itself.
    httplib::Client c("127.0.0.1", api.port());
    auto pre = c.Options("/api/v1/crews", {{"Origin", app},
                                           {"Access-Control-Request-Method", "POST"},
                                           {"Access-Control-Request-Headers", "authorization"}});
    ASSERT_TRUE(pre);
    EXPECT_EQ(pre->status, 204);
    EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Origin"), app);
    EXPECT_NE(pre->get_header_value("Access-Control-Allow-Methods").find("POST"),
              std::string::npos);
    EXPECT_NE(pre->get_header_value("Access-Control-Allow-Headers").find("Authorization"),
              std::string::npos);
    auto evil_pre = c.Options("/api/v1/crews", {{"Origin", "https://evil.example"},
                                                {"Access-Control-Request-Method", "POST"}});
    ASSERT_TRUE(evil_pre);
    EXPECT_EQ(evil_pre->status, 403);
    EXPECT_EQ(evil_pre->get_header_value("Access-Control-Allow-Origin"), "");
    auto wrong_method =
        c.Options("/api/v1/crews", {{"Origin", app}, {"Access-Control-Request-Method", "PUT"}});
    ASSERT_TRUE(wrong_method);
    EXPECT_EQ(wrong_method->status, 403);
    Reply created =
        api.call("POST", "/api/v1/crews", json{{"name", "from app"}}, {{"Origin", app}});
    EXPECT_EQ(created.status, 201);
    EXPECT_EQ(created.header("Access-Control-Allow-Origin"), app);
    EXPECT_NE(created.header("Access-Control-Expose-Headers").find("Location"), std::string::npos);
    // The service's own pages (same origin) may call it too.
    std::string self = "http://127.0.0.1:" + std::to_string(api.port());
    EXPECT_EQ(
        api.call("POST", "/api/v1/crews", json{{"name", "own page"}}, {{"Origin", self}}).status,
        201);
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "2");
}

}  // namespace studio_testing
