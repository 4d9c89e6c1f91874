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
#include "studio/access_policy.hpp"
#include "studio/http_api.hpp"
#include "studio/log_format.hpp"
#include "studio/schema_gate.hpp"
#include "studio/serve_options.hpp"
#include "studio/settings.hpp"
#include "studio/storage.hpp"

namespace studio {

namespace {

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

// Tokens from their file, and the refusal to expose an unauthenticated API beyond this
// machine unless --allow-unauthenticated says that is the intent. False after printing why.
bool prepare_access(ServeOptions& o, std::ostream& err) {
    try {
        if (o.tokens_file) o.api.access.tokens = load_tokens(*o.tokens_file);
    } catch (const std::exception& e) {
        err << "error: " << e.what() << "\n";
        return false;
    }
    bool open = o.api.access.tokens.empty();
    if (open && !is_loopback(o.host) && !o.allow_unauthenticated) {
        err << "error: refusing to serve an API without authentication on " << o.host
            << ", which other machines can reach\n"
            << "hint: give bearer tokens with --api-tokens-file FILE (or "
               "CREWSTUDIO_API_TOKENS_FILE), or pass --allow-unauthenticated if the API is meant "
               "to be open\n";
        return false;
    }
    if (open && !is_loopback(o.host))
        migrate::log().warn("serving WITHOUT authentication on {} (--allow-unauthenticated)",
                            o.host);
    if (!is_loopback(o.host) && o.api.access.allowed_hosts.empty())
        migrate::log().warn(
            "only loopback Host names are answered; add --allowed-host for the names clients "
            "use to reach {}",
            o.host);
    return true;
}

}  // namespace

int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto options = parse_serve_options(args, err);
    if (!options) return 2;
    migrate::configure_log(spdlog::level::info, "text");
    configure_service_log(options->log_format);
    if (!prepare_access(*options, err)) return 2;
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
        HttpApi api(storage, health, options->api);

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
            if (sig == 0) return;
            // Draining: no new connections; requests in flight are answered, then listen()
            // returns, the pool closes with `storage` and the process exits 0.
            migrate::log().info("signal {}: finishing the requests in flight, then exiting", sig);
            api.stop();
        });
        bool ok = api.listen();
        migrate::log().info("stopped");
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
