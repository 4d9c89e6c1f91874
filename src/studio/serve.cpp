// run_serve: argument parsing, the start-up schema gate (or --auto-migrate), and serving.
#include "studio/serve.hpp"

#include <algorithm>

#include <pthread.h>
#include <csignal>

#include <chrono>
#include <optional>
#include <thread>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "studio/http_api.hpp"
#include "studio/schema_gate.hpp"
#include "studio/settings.hpp"
#include "studio/storage.hpp"

namespace studio {

namespace {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    bool auto_migrate = false;
    StorageOptions storage;
    Overrides overrides;
};

constexpr const char* usage_text =
    "Usage: crewstudio serve [--host H] [--port P] [--auto-migrate] [--database-url URL]\n"
    "                        [--config FILE] [--env ENV] [--migrations-dir DIR]\n"
    "                        [--pool-size N] [--db-timeout MS]\n"
    "  --port P          0 picks a free port (printed on start); default 8080\n"
    "  --auto-migrate    upgrade the database to head first, under the migration lock\n"
    "  --pool-size N     PostgreSQL connections, 1 to 64 (default 4; SQLite uses one)\n"
    "  --db-timeout MS   how long a request waits for SQLite's write lock or a free pooled\n"
    "                    connection before failing with 503 (default 5000)\n";

// A whole number in [min, max], or an error naming the flag.
std::optional<long> bounded_number(const std::string& flag, const std::string& text, long min,
                                   long max, std::ostream& err) {
    try {
        std::size_t used = 0;
        long n = std::stol(text, &used);
        if (used == text.size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    err << "error: " << flag << " expects a number from " << min << " to " << max << ", got '"
        << text << "'\n";
    return std::nullopt;
}

}  // namespace

const std::vector<std::string>& serve_options() {
    static const std::vector<std::string> options = {
        "--host", "--port",           "--auto-migrate", "--database-url", "--config",
        "--env",  "--migrations-dir", "--pool-size",    "--db-timeout",   "--help"};
    return options;
}

namespace {

std::optional<ServeOptions> parse(const std::vector<std::string>& args, std::ostream& err) {
    ServeOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                err << "error: " << a << " needs a value\n" << usage_text;
                return std::nullopt;
            }
            return args[++i];
        };
        std::optional<std::string> v;
        if (a == "--auto-migrate") {
            o.auto_migrate = true;
            continue;
        }
        if (a == "--help" || a == "-h") {
            err << usage_text;
            return std::nullopt;
        }
        const auto& known = serve_options();
        if (std::find(known.begin(), known.end(), a) == known.end()) {
            err << "error: unknown option '" << a << "'\n" << usage_text;
            return std::nullopt;
        }
        if (!(v = value())) return std::nullopt;
        if (a == "--host") o.host = *v;
        if (a == "--database-url") o.overrides.database_url = *v;
        if (a == "--config") o.overrides.config_path = *v;
        if (a == "--env") o.overrides.env = *v;
        if (a == "--migrations-dir") o.overrides.migrations_dir = *v;
        if (a == "--port") {
            auto n = bounded_number(a, *v, 0, 65535, err);
            if (!n) return std::nullopt;
            o.port = static_cast<int>(*n);
        }
        if (a == "--pool-size") {
            auto n = bounded_number(a, *v, 1, 64, err);
            if (!n) return std::nullopt;
            o.storage.pool_size = static_cast<std::size_t>(*n);
        }
        if (a == "--db-timeout") {
            auto n = bounded_number(a, *v, 1, 600000, err);
            if (!n) return std::nullopt;
            o.storage.busy_timeout = o.storage.lease_timeout = std::chrono::milliseconds(*n);
        }
    }
    return o;
}

int exit_code(const migrate::Error& e) {
    switch (e.kind()) {
        case migrate::ErrorKind::connection:
            return 3;
        case migrate::ErrorKind::migration:
        case migrate::ErrorKind::lock_timeout:
            return 4;
        case migrate::ErrorKind::revision_file:
            return 5;
        default:
            return 2;
    }
}

void print_error(const migrate::Error& e, std::ostream& err) {
    err << "error: " << e.message() << "\n";
    for (const auto& line : e.context()) err << "  " << line << "\n";
    for (const auto& line : e.hints()) err << "hint: " << line << "\n";
}

// Refuses unless the database is at the files' heads; --auto-migrate upgrades first under
// the Runner's migration lock, so replicas started together migrate once.
bool gate(const Settings& settings, const migrate::script::RevisionGraph& graph, bool auto_migrate,
          std::ostream& err) {
    auto connection = migrate::dialect::open(settings.url, std::chrono::milliseconds(60000));
    if (auto_migrate) {
        auto renderer = migrate::dialect::renderer_for(connection->dialect_name());
        migrate::runtime::RunnerOptions options;
        options.version_table = settings.version_table;
        options.history_table = settings.history_table;
        migrate::runtime::Runner runner(*connection, *renderer, graph, options);
        auto steps = runner.upgrade("heads");
        for (const auto& s : steps)
            migrate::log().info("auto-migrate: {} {} ({} ms)", s.direction, s.revision,
                                s.duration_ms);
    }
    SchemaStatus status =
        schema_status(*connection, graph, settings.version_table, settings.history_table);
    using State = SchemaStatus::State;
    if (status.state == State::in_sync) return true;
    if (status.state == State::unknown_revision) {
        err << "error: the database is at revision " << join_revisions(status.unknown) << ", which "
            << settings.migrations_dir.string()
            << " does not have (is the database ahead of this build?)\n"
            << "  database: " << settings.url.masked() << "\n";
        return false;
    }
    err << "error: the database schema is behind the migrations\n"
        << "  database: " << settings.url.masked() << "\n"
        << "  current revision: " << join_revisions(status.current) << "\n"
        << "  head revision: " << join_revisions(status.heads) << "\n"
        << "hint: run `crewstudio db upgrade";
    if (settings.url_source == "--database-url")
        err << " --database-url '" << settings.url.masked() << "'";
    err << "`, or start with --auto-migrate\n";
    return false;
}

}  // namespace

int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto options = parse(args, err);
    if (!options) return 2;
    migrate::configure_log(spdlog::level::info, "text");
    try {
        Settings settings = load_settings(options->overrides);
        // A mistyped directory would read as "no revisions" and every database as unknown.
        try {
            migrate::script::RevisionGraph::require_directory(settings.migrations_dir);
        } catch (migrate::Error& e) {
            e.add_hint("fix --migrations-dir or [migrations] directory in crewstudio.toml");
            throw;
        }
        auto graph = migrate::script::RevisionGraph::load(settings.migrations_dir);
        if (!gate(settings, graph, options->auto_migrate, err)) return 2;

        Storage storage(settings.url, options->storage);
        auto health = [&]() {
            Health h;
            try {
                SchemaStatus s;
                storage.with_connection([&](migrate::dialect::Connection& c) {
                    s = schema_status(c, graph, settings.version_table, settings.history_table);
                });
                bool in_sync = s.state == SchemaStatus::State::in_sync;
                h.status = in_sync ? 200 : 503;
                h.body = {{"dialect", storage.dialect()},
                          {"current_revision", join_revisions(s.current)},
                          {"head_revision", join_revisions(s.heads)},
                          {"in_sync", in_sync}};
            } catch (const std::exception& e) {
                migrate::log().error("health check failed: {}", e.what());
                h.status = 503;
                h.body = {{"dialect", storage.dialect()}, {"in_sync", false}};
            }
            return h;
        };
        HttpApi api(storage, health);

        // SIGINT/SIGTERM are taken by a waiting thread, which stops the server cleanly;
        // blocked here, before the server's threads exist, so they inherit the mask.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);

        int port = api.bind(options->host, options->port);
        out << "crewstudio serving on http://" << options->host << ":" << port << std::endl;
        migrate::log().info("serving {} on http://{}:{}", settings.url.masked(), options->host,
                            port);
        std::thread waiter([&] {
            int sig = 0;
            sigwait(&signals, &sig);
            if (sig != 0) api.stop();
        });
        bool ok = api.listen();
        // listen() can also end on its own (a listener error); wake the waiter to exit.
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
        return ok ? 0 : 1;
    } catch (const migrate::Error& e) {
        print_error(e, err);
        return exit_code(e);
    } catch (const std::exception& e) {
        err << "error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace studio
