#!/usr/bin/env bash
# The ctest fixture that proves the package: installs migrate from BUILD into a temporary
# prefix, builds examples/notes-app against it with find_package (Debug, no sanitizers of its
# own: the package's link options bring the runtimes a sanitized build needs), links a
# program through migrate.pc, and configures notes-app with add_subdirectory of SOURCE.
#   build_notes_app.sh BUILD SOURCE OUT
set -euo pipefail
build=$1 source=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
cmake --install "$build" --prefix "$out/prefix" --component migrate >"$out/install.log"
test -f "$out/prefix/lib/cmake/migrate/migrateConfig.cmake"
test -f "$out/prefix/include/migrate/cli/host.hpp"
# A dialect's internals are not part of the package.
test ! -e "$out/prefix/include/migrate/dialect/sqlite"

cmake -S "$source/examples/notes-app" -B "$out/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_PREFIX_PATH="$out/prefix" >"$out/configure.log"
cmake --build "$out/build" -j2 >"$out/build.log"
test -x "$out/build/notes-app"
test -s "$out/build/notes-app-host-files/notes-app.1"

# pkg-config: flags and libraries of migrate.pc alone build and link a host.
cat >"$out/pc_host.cpp" <<'CPP'
#include "migrate/cli/host.hpp"
int main(int argc, char** argv) {
    migrate::cli::Host host;
    host.program = "pc-host";
    return migrate::cli::run(host, argc, argv);
}
CPP
export PKG_CONFIG_PATH="$out/prefix/lib/pkgconfig"
# shellcheck disable=SC2046 # the flags are words
c++ -std=c++20 -o "$out/pc-host" "$out/pc_host.cpp" $(pkg-config --cflags --libs migrate)
# (grep reads whole outputs kept in files: grep -q on a pipe can stop its writer with
# SIGPIPE, which pipefail would report as a failure.)
"$out/pc-host" --version >"$out/pc-host.version"
grep -q "^pc-host migrate " "$out/pc-host.version"

# add_subdirectory of the source tree configures (the libraries' sources are found from
# their own directory, and only migrate is built, not crewstudio or its tests).
cmake -S "$source/examples/notes-app" -B "$out/subdir" -G Ninja \
  -DNOTES_APP_MIGRATE_SOURCE="$source" >"$out/subdir.log"
ninja -C "$out/subdir" -t targets all >"$out/subdir.targets"
grep -q "libmigrate_cli.a" "$out/subdir.targets"
if grep -qE '(^|/)(crewstudio|libstudio\.a|cli_test): ' "$out/subdir.targets"; then
  echo "add_subdirectory built more than migrate:" >&2
  grep -E '(^|/)(crewstudio|libstudio\.a|cli_test): ' "$out/subdir.targets" >&2
  exit 1
fi
echo "notes-app built against the installed package in $out"
