// Revision files: ids, strict YAML reading with file:line errors, stable writing, checksums.
#include "migrate/script/revision.hpp"

#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

#include "migrate/ops/canonical.hpp"
#include "migrate/ops/yaml.hpp"
#include "migrate/script/operation_lists.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::script {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kKeys = {
    "revision",          "down_revision", "branch_labels",
    "depends_on",        "replaces",      "message",
    "created_at",        "transactional", "statement_lock_timeout",
    "statement_timeout", "assumes",       "upgrade",
    "downgrade"};

std::string where(const std::string& source, const YAML::Mark& mark) {
    // A node built in code has no mark; the source alone still says which file.
    if (mark.line < 0) return source;
    return source + ":" + std::to_string(mark.line + 1);
}

[[noreturn]] void fail(const std::string& source, const YAML::Node& at, const std::string& message,
                       const std::string& hint = "") {
    Error e(ErrorKind::revision_file, message);
    e.add_context(where(source, at.Mark()));
    if (!hint.empty()) e.add_hint(hint);
    throw e;
}

std::string kind_of(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
            return "null";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a map";
        case YAML::NodeType::Scalar:
            return "'" + node.Scalar() + "'";
        default:
            return "nothing";
    }
}

std::string string_of(const std::string& source, const std::string& key, const YAML::Node& node) {
    if (!node.IsScalar())
        fail(source, node, "'" + key + "' must be a string, got " + kind_of(node));
    return node.Scalar();
}

std::string id_of(const std::string& source, const std::string& key, const YAML::Node& node) {
    std::string id = string_of(source, key, node);
    if (!is_revision_id(id))
        fail(source, node,
             "'" + key + "' must be a revision id of 12 lowercase hex digits, got '" + id + "'");
    return id;
}

// down_revision and depends_on: null, one id, or a list of ids (a merge, several dependencies).
std::vector<std::string> ids_of(const std::string& source, const std::string& key,
                                const YAML::Node& node) {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (node.IsScalar()) return {id_of(source, key, node)};
    if (!node.IsSequence())
        fail(source, node,
             "'" + key + "' must be null, an id or a list of ids, got " + kind_of(node));
    for (const auto& item : node) {
        std::string id = id_of(source, key, item);
        if (std::find(out.begin(), out.end(), id) != out.end())
            fail(source, item, "'" + key + "' names " + id + " twice");
        out.push_back(id);
    }
    return out;
}

std::vector<std::string> labels_of(const std::string& source, const YAML::Node& node) {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence())
        fail(source, node, "'branch_labels' must be a list, got " + kind_of(node));
    for (const auto& item : node) {
        std::string label = string_of(source, "branch_labels", item);
        if (auto problem = branch_label_problem(label); !problem.empty())
            fail(source, item, problem);
        out.push_back(label);
    }
    return out;
}

bool bool_of(const std::string& source, const std::string& key, const YAML::Node& node) {
    // Only plain scalars: a quoted "true" is a string, and taking it for a bool hides mistakes.
    if (node.IsScalar() && node.Tag() == "?") {
        const std::string& s = node.Scalar();
        if (s == "true" || s == "True" || s == "TRUE") return true;
        if (s == "false" || s == "False" || s == "FALSE") return false;
    }
    fail(source, node, "'" + key + "' must be true or false, got " + kind_of(node));
}

// statement_lock_timeout and statement_timeout: seconds, like the command-line flags.
std::chrono::milliseconds seconds_of(const std::string& source, const std::string& key,
                                     const YAML::Node& node) {
    double seconds = -1;
    if (node.IsScalar() && node.Tag() == "?") {
        const std::string& s = node.Scalar();
        char* end = nullptr;
        seconds = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0') seconds = -1;
    }
    if (!(seconds >= 0 && seconds <= 86400))
        fail(source, node,
             "'" + key + "' must be a number of seconds from 0 to 86400, got " + kind_of(node));
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// created_at feeds the file name, so at least "YYYY-MM-DDTHH:MM" must be there.
bool is_timestamp(const std::string& s) {
    const std::string shape = "dddd-dd-ddTdd:dd";
    if (s.size() < shape.size()) return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        bool ok = shape[i] == 'd'   ? std::isdigit(static_cast<unsigned char>(s[i])) != 0
                  : shape[i] == 'T' ? (s[i] == 'T' || s[i] == ' ')
                                    : s[i] == shape[i];
        if (!ok) return false;
    }
    return true;
}

Revision parse_unguarded(const std::string& yaml_text, const std::string& source) {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root.IsMap())
        fail(source, root,
             root.IsNull() ? "the revision file is empty"
                           : "a revision file must be a map of keys, got " + kind_of(root));

    std::vector<std::pair<std::string, YAML::Node>> entries;
    for (const auto& entry : root) {
        const YAML::Node& key = entry.first;
        if (!key.IsScalar()) fail(source, key, "keys must be names, got " + kind_of(key));
        const std::string& name = key.Scalar();
        if (std::find(kKeys.begin(), kKeys.end(), name) == kKeys.end()) {
            std::string guess = nearest(name, kKeys);
            fail(source, key, "unknown key '" + name + "'",
                 guess.empty() ? "the keys are " + text::join(kKeys, ", ")
                               : "did you mean '" + guess + "'?");
        }
        for (const auto& seen : entries)
            if (seen.first == name) fail(source, key, "duplicate key '" + name + "'");
        entries.emplace_back(name, entry.second);
    }
    auto find = [&](const std::string& key) -> const YAML::Node* {
        for (const auto& entry : entries)
            if (entry.first == key) return &entry.second;
        return nullptr;
    };
    auto required = [&](const std::string& key) -> const YAML::Node& {
        if (const YAML::Node* node = find(key)) return *node;
        fail(source, root, "missing key '" + key + "'");
    };

    Revision r;
    r.id = id_of(source, "revision", required("revision"));
    if (const auto* node = find("down_revision"))
        r.down_revisions = ids_of(source, "down_revision", *node);
    if (const auto* node = find("branch_labels")) r.branch_labels = labels_of(source, *node);
    if (const auto* node = find("depends_on")) r.depends_on = ids_of(source, "depends_on", *node);
    if (const auto* node = find("replaces")) {
        r.replaces = ids_of(source, "replaces", *node);
        if (std::find(r.replaces.begin(), r.replaces.end(), r.id) != r.replaces.end())
            fail(source, *node, "checkpoint " + r.id + " names itself in 'replaces'");
    }
    r.message = string_of(source, "message", required("message"));
    if (const auto* node = find("created_at")) {
        r.created_at = string_of(source, "created_at", *node);
        if (!is_timestamp(r.created_at))
            fail(source, *node,
                 "'created_at' must be a UTC time like 2026-11-24T14:02:19Z, got '" + r.created_at +
                     "'");
    }
    if (const auto* node = find("transactional"))
        r.transactional = bool_of(source, "transactional", *node);
    if (const auto* node = find("statement_lock_timeout"))
        r.statement_lock_timeout = seconds_of(source, "statement_lock_timeout", *node);
    if (const auto* node = find("statement_timeout"))
        r.statement_timeout = seconds_of(source, "statement_timeout", *node);
    if (const auto* node = find("assumes")) r.assumes = ops::read_revision_ops(*node, source);
    r.upgrade = ops::read_revision_ops(required("upgrade"), source, &r.upgrade_at, &r.upgrade_lint);
    if (const auto* node = find("downgrade"))
        r.downgrade = ops::read_revision_ops(*node, source, &r.downgrade_at);
    else
        r.has_downgrade = false;
    if (std::find(r.down_revisions.begin(), r.down_revisions.end(), r.id) != r.down_revisions.end())
        fail(source, *find("down_revision"), "revision " + r.id + " names itself as its parent");
    return r;
}

// A plain scalar made only of digits (and one 'e') reads back as a number in other YAML
// tools; such ids are quoted. Ids with a letter a-f elsewhere stay plain, as in DESIGN.md.
void emit_id(YAML::Emitter& out, const std::string& id) {
    std::size_t e_count = std::count(id.begin(), id.end(), 'e');
    bool numeric = std::all_of(id.begin(), id.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == 'e';
    });
    if (!id.empty() && numeric && e_count <= 1 && id.front() != 'e' && id.back() != 'e')
        out << YAML::DoubleQuoted;
    out << id;
}

// Messages and labels stay plain unless a reader would take them for null, a bool or a number.
void emit_text(YAML::Emitter& out, const std::string& s) {
    static const std::vector<std::string> words = {"null", "~",   "true", "false", "yes",  "no",
                                                   "on",   "off", "y",    "n",     ".inf", ".nan"};
    std::string low = text::lower(s);
    bool quote = s.empty() || std::find(words.begin(), words.end(), low) != words.end() ||
                 std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '+' || s[0] == '-' ||
                 s[0] == '.';
    if (quote) out << YAML::DoubleQuoted;
    out << s;
}

void emit_ids(YAML::Emitter& out, const std::vector<std::string>& ids) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& id : ids) emit_id(out, id);
    out << YAML::EndSeq;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorKind::revision_file, "cannot read revision file")
            .add_context("file " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string new_revision_id() {
    std::random_device device;
    std::uint64_t bits = (static_cast<std::uint64_t>(device()) << 32) | device();
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%012llx",
                  static_cast<unsigned long long>(bits & 0xffffffffffffULL));
    return buffer;
}

const std::vector<std::string>& revision_keys() {
    return kKeys;
}

bool is_revision_id(const std::string& s) {
    return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::string branch_label_problem(const std::string& label) {
    std::string shown = "branch label '" + label + "'";
    if (label.empty()) return "a branch label must not be empty";
    // '@' would split LABEL@head, ':' a range A:B, spaces a shell word: letters and a few
    // marks only, which also keeps the label a plain YAML scalar.
    bool word = std::all_of(label.begin(), label.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
    if (!word) return shown + " must be letters, digits, '_', '-' and '.' only";
    for (const char* reserved : {"head", "heads", "base", "current"})
        if (label == reserved)
            return shown + " is a word targets use (head, heads, base, current); choose another";
    if (label.front() == '-' || label.front() == '+' || label.front() == '.')
        return shown + " must start with a letter, digit or '_'";
    auto sign = label.find_last_of("+-");
    if (sign != std::string::npos && sign + 1 < label.size() &&
        std::all_of(label.begin() + static_cast<std::ptrdiff_t>(sign) + 1, label.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
        return shown + " ends in -N, which reads as a relative target (" + label.substr(0, sign) +
               " minus " + label.substr(sign + 1) + "); choose another";
    return "";
}

namespace {
// The line of the first byte that is not valid UTF-8, or 0 when all is valid. YAML is
// Unicode text; invalid bytes would not survive a write and read back unchanged.
std::size_t invalid_utf8_line(const std::string& text) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = text::utf8_length(text, i);
        if (length == 0) return line;
        if (text[i] == '\n') ++line;
        i += length;
    }
    return 0;
}
}  // namespace

// Files above this size have their operation lists parsed in parts.
constexpr std::size_t kSplitAboveBytes = 128 * 1024;

std::string message_problem(const std::string& text) {
    if (text.empty()) return "the message must not be empty";
    if (invalid_utf8_line(text)) return "the message is not valid UTF-8 text";
    for (char c : text)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            return "the message holds a control character";
    return "";
}

Revision parse_revision(const std::string& yaml_text, const std::string& source) {
    if (auto line = invalid_utf8_line(yaml_text))
        throw Error(ErrorKind::revision_file, "the file is not valid UTF-8 text")
            .add_context(source + ":" + std::to_string(line))
            .add_hint("save the file as UTF-8");
    try {
        // A large file's operation lists are parsed an item at a time (operation_lists.hpp);
        // the result, errors and their lines included, is the same as parsing it whole.
        auto split = split_operation_lists(yaml_text, kSplitAboveBytes);
        Revision r = parse_unguarded(split.rest, source);
        auto read_list = [&](const OperationList& list, std::vector<std::string>& at,
                             ops::LintNotes* lint) {
            std::size_t next = 0;
            return ops::read_revision_ops_in_parts(
                [&]() -> std::optional<ops::OperationsPart> {
                    if (next == list.items.size()) return std::nullopt;
                    auto item = list.items[next++];
                    int before = static_cast<int>(item.first);
                    try {
                        return ops::OperationsPart{YAML::Load(item_text(split, item)), before};
                    } catch (YAML::Exception& e) {
                        e.mark.line += before;  // reported below with the file's line
                        throw;
                    }
                },
                source, &at, lint);
        };
        if (split.upgrade) r.upgrade = read_list(*split.upgrade, r.upgrade_at, &r.upgrade_lint);
        if (split.downgrade) r.downgrade = read_list(*split.downgrade, r.downgrade_at, nullptr);
        return r;
    } catch (const YAML::Exception& e) {
        // Parser errors carry the mark of the bad text; never let yaml-cpp's type escape.
        Error error(ErrorKind::revision_file, "invalid YAML: " + e.msg);
        error.add_context(where(source, e.mark));
        throw error;
    }
}

Revision read_revision_file(const fs::path& path) {
    Revision r = parse_revision(read_text(path), path.string());
    r.path = path;
    return r;
}

Revision read_revision_outline(const fs::path& path) {
    std::string text = read_text(path);
    std::size_t cut = std::string::npos;
    for (const char* key : {"\nassumes:", "\nupgrade:", "\ndowngrade:"})
        cut = std::min(cut, text.find(key));
    if (cut != std::string::npos) {
        try {
            Revision r = parse_revision(text.substr(0, cut + 1) + "upgrade: []\n", path.string());
            r.path = path;
            return r;
        } catch (const Error&) {
            // The whole file says what is wrong, with the right line.
        }
    }
    return read_revision_file(path);
}

std::string render_revision(const Revision& revision) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "revision" << YAML::Value;
    emit_id(out, revision.id);
    out << YAML::Key << "down_revision" << YAML::Value;
    if (revision.down_revisions.empty())
        out << YAML::LowerNull << YAML::Null;
    else if (revision.down_revisions.size() == 1)
        emit_id(out, revision.down_revisions.front());
    else
        emit_ids(out, revision.down_revisions);
    out << YAML::Key << "branch_labels" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& label : revision.branch_labels) emit_text(out, label);
    out << YAML::EndSeq;
    out << YAML::Key << "depends_on" << YAML::Value;
    emit_ids(out, revision.depends_on);
    // Only checkpoints have one, so other files stay as they were.
    if (!revision.replaces.empty()) {
        out << YAML::Key << "replaces" << YAML::Value;
        emit_ids(out, revision.replaces);
    }
    out << YAML::Key << "message" << YAML::Value;
    emit_text(out, revision.message);
    // Left out rather than written empty: an empty created_at would not read back.
    if (!revision.created_at.empty())
        out << YAML::Key << "created_at" << YAML::Value << revision.created_at;
    out << YAML::Key << "transactional" << YAML::Value << YAML::TrueFalseBool
        << revision.transactional;
    for (const auto& [key, limit] :
         {std::pair{"statement_lock_timeout", &revision.statement_lock_timeout},
          std::pair{"statement_timeout", &revision.statement_timeout}})
        if (*limit)
            out << YAML::Key << key << YAML::Value
                << static_cast<double>((*limit)->count()) / 1000.0;
    if (!revision.assumes.empty()) {
        out << YAML::Key << "assumes" << YAML::Value;
        ops::write_ops(out, revision.assumes);
    }
    // An empty list reads better inline ("upgrade: []") than as a block.
    for (const auto& [key, operations] :
         {std::pair{"upgrade", &revision.upgrade}, std::pair{"downgrade", &revision.downgrade}}) {
        out << YAML::Key << key << YAML::Value;
        if (operations->empty())
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        else
            ops::write_ops(out, *operations);
    }
    out << YAML::EndMap;
    if (!out.good())
        throw Error(ErrorKind::revision_file,
                    "cannot write revision as YAML: " + out.GetLastError())
            .add_context("revision " + revision.id);
    // The first line of the message only: a comment cannot span lines.
    std::string title = revision.message.substr(0, revision.message.find('\n'));
    std::string header = "# " + title + "\n";
    for (const auto& note : revision.notes)
        for (const auto& line : text::split(note, '\n')) header += "# " + line + "\n";
    return header + out.c_str() + "\n";
}

std::string revision_file_name(const Revision& revision) {
    std::string stamp =
        is_timestamp(revision.created_at) ? revision.created_at : text::utc_now_iso8601();
    std::string date = stamp.substr(0, 4) + stamp.substr(5, 2) + stamp.substr(8, 2);
    std::string time = stamp.substr(11, 2) + stamp.substr(14, 2);
    return date + "_" + time + "_" + revision.id + "_" + text::slug(revision.message) + ".yaml";
}

void check_new_revision(const Revision& revision) {
    if (auto problem = message_problem(revision.message); !problem.empty())
        throw Error(ErrorKind::usage, problem + "; no revision was written")
            .add_hint("give -m a message in UTF-8 text");
    for (const auto& label : revision.branch_labels)
        if (auto problem = branch_label_problem(label); !problem.empty())
            throw Error(ErrorKind::usage, problem + "; no revision was written");
}

fs::path write_revision_file(const fs::path& directory, Revision& revision) {
    check_new_revision(revision);
    // The file name and the created_at inside it must agree, so fix the time once here.
    if (revision.created_at.empty()) revision.created_at = text::utc_now_iso8601();
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec)
        throw Error(ErrorKind::revision_file,
                    "cannot create the migrations directory: " + ec.message())
            .add_context("directory " + directory.string());
    const fs::path path = directory / revision_file_name(revision);
    if (fs::exists(path))
        throw Error(ErrorKind::revision_file, "revision file already exists")
            .add_context("file " + path.string())
            .add_hint("a revision file is never overwritten; remove it first if it is unwanted");

    const std::string text = render_revision(revision);
    // What is written must read back: a file that every later command refuses is worse
    // than no file.
    try {
        (void)parse_revision(text, path.string());
    } catch (const Error& e) {
        Error refused(ErrorKind::usage,
                      "the revision was not written: it would not read back (" + e.message() + ")");
        for (const auto& line : e.context()) refused.add_context(line);
        throw refused;
    }
    // Written beside the target first so a crash never leaves a half-written revision that
    // the next load would reject.
    const fs::path temp =
        directory / ("." + path.filename().string() + "." + new_revision_id() + ".tmp");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            fs::remove(temp, ec);
            throw Error(ErrorKind::revision_file, "cannot write revision file")
                .add_context("file " + temp.string());
        }
    }
    // A hard link, unlike rename, fails when the target exists: no race can overwrite a file
    // another process created since the check above.
    fs::create_hard_link(temp, path, ec);
    if (ec == std::errc::file_exists) {
        fs::remove(temp, ec);
        throw Error(ErrorKind::revision_file, "revision file already exists")
            .add_context("file " + path.string());
    }
    if (ec) {
        // Some file systems have no hard links; rename is still atomic, only not exclusive.
        fs::rename(temp, path, ec);
        if (ec) {
            std::error_code ignored;
            fs::remove(temp, ignored);
            throw Error(ErrorKind::revision_file, "cannot write revision file: " + ec.message())
                .add_context("file " + path.string());
        }
    } else {
        fs::remove(temp, ec);
    }
    revision.path = path;
    return path;
}

std::string checksum(const Revision& revision) {
    std::string canonical =
        ops::canonical(revision.upgrade) + "\n--\n" + ops::canonical(revision.downgrade);
    // Only when present, so that the checksums of revisions without one stay what they were.
    if (!revision.assumes.empty())
        canonical += "\n--assumes--\n" + ops::canonical(revision.assumes);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorKind::revision_file, "SHA-256 failed")
            .add_context("revision " + revision.id);
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0f];
    }
    return out;
}

}  // namespace migrate::script
