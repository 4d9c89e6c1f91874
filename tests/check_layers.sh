#!/usr/bin/env bash
# Fails when a file includes a layer it may not use (DESIGN.md), or a C database header
# outside its dialect folder.
set -u
src=${1:?usage: check_layers.sh SRC_DIR}
cd "$src" || exit 2
status=0
allowed() {  # layer -> layers it may include
  case $1 in
    support) echo "support" ;;
    schema) echo "support schema" ;;
    ops) echo "support schema ops" ;;
    dialect) echo "support schema ops dialect" ;;
    diff) echo "support schema ops diff" ;;
    script) echo "support schema ops script" ;;
    runtime) echo "support schema ops dialect diff script runtime" ;;
    lint) echo "support schema ops dialect diff script runtime lint" ;;
    settings) echo "support dialect settings" ;;
    cli) echo "support schema ops dialect diff script runtime lint settings cli" ;;
  esac
}
while IFS= read -r file; do
  layer=$(echo "$file" | cut -d/ -f2)
  ok=$(allowed "$layer")
  while IFS= read -r used; do
    case " $ok " in *" $used "*) ;; *)
      echo "$file includes migrate/$used, which layer '$layer' may not use"; status=1 ;;
    esac
  done < <(grep -oE '#include "migrate/[a-z_]+/' "$file" | sed -E 's|.*migrate/([a-z_]+)/|\1|')
done < <(find migrate -name '*.cpp' -o -name '*.hpp')
while IFS= read -r file; do
  case $file in migrate/dialect/sqlite/*.cpp) ;; *) echo "$file includes sqlite3.h outside dialect/sqlite"; status=1 ;; esac
done < <(grep -rl '#include <sqlite3.h>' . | sed 's|^\./||')
while IFS= read -r file; do
  case $file in migrate/dialect/postgres/*.cpp) ;; *) echo "$file includes libpq-fe.h outside dialect/postgres"; status=1 ;; esac
done < <(grep -rl '#include <libpq-fe.h>' . | sed 's|^\./||')
# studio may use migrate but never a dialect's internals.
if grep -rnE '#include "migrate/dialect/(sqlite|postgres)/' studio; then
  echo "studio includes a dialect's internals"; status=1
fi
[ $status -eq 0 ] && echo "layers ok"
exit $status
