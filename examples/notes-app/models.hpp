// The notes application's models: notebooks and the notes in them.
#pragma once

#include "migrate/schema/table.hpp"

namespace notes {

// Built afresh on each call; `notes-app db revision --autogenerate` compares it with the
// database.
migrate::schema::MetaData models();

}  // namespace notes
