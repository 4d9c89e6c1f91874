// notes-app: describes itself to migrate and hands over the command line, which gives it
// `notes-app db ...` (init, revision --autogenerate, upgrade, check, downgrade, ...).
#include "migrate/cli/host.hpp"
#include "models.hpp"

int main(int argc, char** argv) {
    migrate::cli::Host host;
    host.program = "notes-app";
    host.version = NOTES_APP_VERSION;
    host.summary = "notes-app: notebooks and notes";
    host.settings.config_file = "notes-app.toml";
    host.settings.env_prefix = "NOTES_";  // NOTES_DATABASE_URL, NOTES_APP_ENV
    host.settings.default_url = "sqlite:///var/notes.db";
    host.metadata = notes::models;
    return migrate::cli::run(host, argc, argv);
}
