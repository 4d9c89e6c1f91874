// Scratch databases for `db test`: made with a random name, removed in the destructor.
#include "migrate/dialect/scratch.hpp"

#include <cstdio>
#include <random>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/postgres/render.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"

namespace migrate::dialect {

namespace {

std::string random_suffix() {
    std::random_device device;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%08x%04x", device(), device() & 0xffffu);
    return buffer;
}

}  // namespace

ScratchDatabase::ScratchDatabase(const DatabaseUrl& server, std::chrono::milliseconds timeout)
    : server_(server), url_(server), timeout_(timeout) {
    const std::string name = "migrate_test_" + random_suffix();
    if (server.dialect == "sqlite") {
        std::error_code ec;
        directory_ = std::filesystem::temp_directory_path(ec) / name;
        if (!ec) std::filesystem::create_directories(directory_, ec);
        if (ec)
            throw Error(ErrorKind::connection,
                        "cannot make a directory for the scratch database: " + ec.message())
                .add_context("directory " + directory_.string());
        url_.path = (directory_ / "scratch.db").string();
        url_.original = "sqlite:///" + url_.path;
        return;
    }
    url_.database = name;
    url_.original = "postgresql://" + (server.host.empty() ? "" : server.host) + "/" + name;
    auto admin = open(server_, timeout_);
    try {
        admin->execute({"CREATE DATABASE " + postgres::quote_ident(name), {}, false});
    } catch (Error& e) {
        e.add_context("while creating the scratch database " + name + " on " + server.masked());
        e.add_hint("the user needs CREATEDB, or give --scratch-url a server where it has it");
        throw;
    }
    log().info("created scratch database {} on {}", name, server.masked());
}

ScratchDatabase::~ScratchDatabase() {
    try {
        if (!directory_.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(directory_, ec);
            if (ec) log().warn("could not remove {}: {}", directory_.string(), ec.message());
            return;
        }
        auto admin = open(server_, timeout_);
        admin->execute(
            {"DROP DATABASE IF EXISTS " + postgres::quote_ident(url_.database) + " WITH (FORCE)",
             {},
             false});
        log().info("dropped scratch database {}", url_.database);
    } catch (const std::exception& e) {
        log().warn("could not drop the scratch database {}: {}", url_.database, e.what());
    }
}

std::string ScratchDatabase::description() const {
    if (!directory_.empty()) return "file " + url_.path;
    return "database " + url_.database + " on " + server_.masked();
}

}  // namespace migrate::dialect
