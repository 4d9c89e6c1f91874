// `crewstudio serve` as a child process on a free port, over a database the test owns.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "studio/field_rules.hpp"
#include "studio/models.hpp"
#include "tests/studio/storage_fixture.hpp"
#include "tests/studio/test_database.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/serve_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace studio_testing {

struct Reply {
    int status = -1;  // -1: no response
    json body;
    httplib::Headers headers;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

// The binary, its stderr (the log) readable, and a client per call.
class ServedApi {
  public:
    // Migrates the database with migrations (through the server's --auto-migrate) and starts
    // `crewstudio serve --port 0` with flags; asserts nothing, so check ok().
    ServedApi(const DatabaseKind& kind, const std::vector<std::string>& flags = {},
              const std::map<std::string, std::string>& env = {},
              const std::string& migrations = migrations_dir())
        : db_(kind.make()) {
        std::vector<std::string> args = {"--database-url", db_->url(), "--migrations-dir",
                                         migrations,       "--port",   "0",
                                         "--auto-migrate"};
        args.insert(args.end(), flags.begin(), flags.end());
        server_ =
            std::make_unique<testing_support::ServeProcess>(args, dir_.path(), dir_.path(), env);
        port_ = server_->wait_for_port();
    }

    bool ok() const { return port_ > 0; }
    int port() const { return port_; }
    std::string url() const { return db_->url(); }
    testing_support::ServeProcess& process() { return *server_; }
    const testing_support::TempDir& dir() const { return dir_; }

    Reply call(const std::string& method, const std::string& path, const std::string& body = "",
               const httplib::Headers& headers = {},
               const std::string& type = "application/json") const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(30, 0);
        httplib::Result r = method == "POST"    ? c.Post(path, headers, body, type)
                            : method == "PATCH" ? c.Patch(path, headers, body, type)
                            : method == "PUT"   ? c.Put(path, headers, body, type)
                            : method == "DELETE"
                                ? c.Delete(path, headers)
                                : (method == "HEAD" ? c.Head(path, headers) : c.Get(path, headers));
        Reply out;
        if (!r) return out;
        out.status = r->status;
        out.headers = r->headers;
        out.body = r->body.empty() ? json() : json::parse(r->body, nullptr, false);
        return out;
    }
    Reply call(const std::string& method, const std::string& path, const json& body,
               const httplib::Headers& headers = {}) const {
        return call(method, path, body.dump(), headers);
    }
    // One value of the database, through a connection of the test's own.
    std::string sql(const std::string& query) const { return scalar(db_->url(), query); }

  private:
    testing_support::TempDir dir_;
    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<testing_support::ServeProcess> server_;
    int port_ = 0;
};

inline void expect_reply(const Reply& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body.dump();
    if (!code.empty()) {
        EXPECT_EQ(r.body["error"]["code"], code) << r.body.dump();
    }
    // Whatever went wrong, no library text reaches the client.
    EXPECT_EQ(r.header("EXCEPTION_WHAT"), "");
}

// The tests of the served binary, run on each dialect.
class ServedTest : public ::testing::TestWithParam<DatabaseKind> {
  protected:
    bool sqlite() const { return GetParam().name == "sqlite"; }
};

}  // namespace studio_testing
