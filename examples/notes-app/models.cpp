// Two tables declared with migrate's schema builder; names of keys and indexes come from
// the naming convention.
#include "models.hpp"

#include "migrate/schema/builder.hpp"

namespace notes {

using migrate::schema::ColumnBuilder;
using migrate::schema::TableBuilder;
namespace types = migrate::schema::types;

migrate::schema::MetaData models() {
    migrate::schema::MetaData metadata;

    TableBuilder notebooks("notebooks");
    notebooks.comment("Where notes are kept");
    notebooks.column(ColumnBuilder("id", types::integer()).primary_key().autoincrement());
    notebooks.column(ColumnBuilder("name", types::string(80)).not_null().unique());
    notebooks.column(ColumnBuilder("created_at", types::datetime(true))
                         .not_null()
                         .server_default("CURRENT_TIMESTAMP"));
    metadata.tables.push_back(notebooks.build());

    TableBuilder notes("notes");
    notes.column(ColumnBuilder("id", types::integer()).primary_key().autoincrement());
    notes.column(ColumnBuilder("notebook_id", types::integer())
                     .not_null()
                     .index()
                     .references("notebooks", "id", "CASCADE"));
    notes.column(ColumnBuilder("title", types::string(200)).not_null());
    notes.column(ColumnBuilder("body", types::text()));
    notes.column(ColumnBuilder("pinned", types::boolean()).not_null().server_default("false"));
    notes.check("title_not_blank", "length(title) > 0");
    metadata.tables.push_back(notes.build());
    return metadata;
}

}  // namespace notes
