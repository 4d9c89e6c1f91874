// `crewstudio serve`: its options (CLI11, beside `db`), the start-up schema gate (or
// --auto-migrate), and serving until SIGINT/SIGTERM.
#include "studio/serve.hpp"

#include <pthread.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <thread>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "studio/access_policy.hpp"
#include "studio/http_api.hpp"
#include "studio/log_format.hpp"
#include "studio/schema_gate.hpp"
#include "studio/serve_options.hpp"
#include "studio/storage.hpp"

namespace studio {

namespace {

using migrate::settings::Settings;

// Refuses unless the database is at the files' heads; --auto-migrate upgrades first under
// the Runner's migration lock, so replicas started together migrate once.
void gate(const Settings& settings, const migrate::script::RevisionGraph& graph,
          bool auto_migrate) {
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
    if (status.state == State::in_sync) return;
    if (status.state == State::unknown_revision)
        throw migrate::Error(migrate::ErrorKind::usage,
                             "the database is at revision " + join_revisions(status.unknown) +
                                 ", which " + settings.migrations_dir.string() +
                                 " does not have (is the database ahead of this build?)")
            .add_context("database: " + settings.url.masked());
    std::string command = migrate::db_command() + " upgrade";
    if (settings.url_source == "--database-url")
        command += " --database-url '" + settings.url.masked() + "'";
    throw migrate::Error(migrate::ErrorKind::usage, "the database schema is behind the migrations")
        .add_context("database: " + settings.url.masked())
        .add_context("current revision: " + join_revisions(status.current))
        .add_context("head revision: " + join_revisions(status.heads))
        .add_hint("run `" + command + "`, or start with --auto-migrate");
}

int listen_until_stopped(const Settings& settings, const migrate::script::RevisionGraph& graph,
                         const ServeOptions& options, std::ostream& out) {
    Storage storage(settings.url, options.storage);
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
    HttpApi api(storage, health, options.api);

    // SIGINT/SIGTERM are taken by a waiting thread, which stops the server cleanly;
    // blocked here, before the server's threads exist, so they inherit the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    int port = api.bind(options.host, options.port);
    out << "crewstudio serving on http://" << options.host << ":" << port << std::endl;
    migrate::log().info("serving {} on http://{}:{}", settings.url.masked(), options.host, port);
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
}

// Tokens from their file, and the refusal to expose an unauthenticated API beyond this
// machine unless --allow-unauthenticated says that is the intent.
void prepare_access(ServeOptions& o) {
    try {
        if (o.tokens_file) o.api.access.tokens = load_tokens(*o.tokens_file);
    } catch (const std::exception& e) {
        throw migrate::Error(migrate::ErrorKind::config, e.what());
    }
    bool open = o.api.access.tokens.empty();
    if (open && !is_loopback(o.host) && !o.allow_unauthenticated)
        throw migrate::Error(migrate::ErrorKind::usage,
                             "refusing to serve an API without authentication on " + o.host +
                                 ", which other machines can reach")
            .add_hint(
                "give bearer tokens with --api-tokens-file FILE (or CREWSTUDIO_API_TOKENS_FILE), "
                "or pass --allow-unauthenticated if the API is meant to be open");
    if (open && !is_loopback(o.host))
        migrate::log().warn("serving WITHOUT authentication on {} (--allow-unauthenticated)",
                            o.host);
    if (!is_loopback(o.host) && o.api.access.allowed_hosts.empty())
        migrate::log().warn(
            "only loopback Host names are answered; add --allowed-host for the names clients "
            "use to reach {}",
            o.host);
}

int serve(ServeOptions& options, const migrate::cli::Invocation& invocation) {
    configure_service_log(invocation.log_format);
    if (!options.tokens_file)
        if (const char* env = std::getenv("CREWSTUDIO_API_TOKENS_FILE"); env && *env)
            options.tokens_file = env;
    prepare_access(options);
    Settings settings = invocation.settings();
    // A mistyped directory would read as "no revisions" and every database as unknown.
    try {
        migrate::script::RevisionGraph::require_directory(settings.migrations_dir);
    } catch (migrate::Error& e) {
        e.add_hint("fix --migrations-dir or [migrations] directory in crewstudio.toml");
        throw;
    }
    auto graph = migrate::script::RevisionGraph::load(settings.migrations_dir);
    gate(settings, graph, options.auto_migrate);
    return listen_until_stopped(settings, graph, options, invocation.out);
}

}  // namespace

migrate::cli::HostCommand serve_command() {
    migrate::cli::HostCommand command;
    command.name = "serve";
    command.summary = "Serve the CrewAI Studio REST API (the database must be at head)";
    command.define = [](CLI::App& app) {
        auto options = std::make_shared<ServeOptions>();
        declare_serve_options(app, options);
        return [options](const migrate::cli::Invocation& invocation) {
            return serve(*options, invocation);
        };
    };
    return command;
}

}  // namespace studio
