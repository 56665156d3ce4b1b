// Reading a tagged (accessible) PDF back independently of carepack's writer, the way assistive
// technology and other PDF readers get it:
//  - the structure tree with the text of each marked-content item, as poppler reads it
//    (`pdfinfo -struct-text`), joined with the entries pdfinfo does not print (/Alt, /Lang,
//    /ActualText) from the file's own objects;
//  - the file's objects as qpdf reads them (`qpdf --json=2`): catalog, pages, structure
//    elements, link annotations, outline, page labels, XMP metadata;
//  - the text of each page, or of a region of a page, with poppler (`pdftotext`) and with MuPDF
//    (`mutool draw -F stext`, which has each block's and line's position).
//
// What the tools on Debian 12 do (poppler 22.12, qpdf 11.3, MuPDF 1.21), verified on this machine:
//  - `pdfinfo -struct-text` prints one line per structure element, marked-content item or object
//    reference, indented two spaces per level; an element's attributes (/A) follow on lines of
//    their own, indented one space more than its children. For example (Chromium's output):
//        Document
//          L (block):
//             /ListNumbering /Disc
//            LI (block)
//              Lbl (block)
//                ""
//              NonStruct
//                "Advice"
//          Table (block)
//            TR
//              TH <node00000018>:
//                 /Scope /Column
//                 /RowSpan 1
//                 /ColSpan 1
//                NonStruct
//                  "Service"
//          P (block)
//            Link (inline)
//              NonStruct
//                "the help page"
//              Object 9 0
//    An element line is `Type[ <ID>][ "Title"][ rRevision][ (inline|block)][:]`, the type after
//    the role map; quotes in text and titles are not escaped. pdfinfo prints nothing for /Alt,
//    /Lang, /ActualText or /E, and an element of a type poppler does not know (PDF 2.0's Aside,
//    Title, FENote, Em, Strong, ...) is left out with "Syntax Error: StructElem object is wrong
//    type" on stderr (read_structure then throws).
//  - The text of a marked-content item is what the ToUnicode maps say; ActualText is ignored.
//    And poppler loses the rest of an item's text after a marked-content sequence nested inside
//    it: `/P <</MCID 2>> BDC (One ) Tj /Span <</Lang (de)>> BDC (two) Tj EMC (three) Tj EMC`
//    reads "One two", because the inner EMC ends the MCID's sequence. Chromium nests an
//    /ActualText span for each ligature and each right-to-left glyph, so its Arabic paragraphs
//    and any word with "ff" come out cut short. A writer that wants pdfinfo to read its text
//    whole puts /Lang and /ActualText in the same BDC as the MCID
//    (`/Span <</MCID 4 /Lang (ar)>> BDC ... EMC`), with no marked content nested inside it.
//  - `pdftotext -x -y -W -H` take whole pixels at -r (72 dpi by default, so points), origin at the
//    top left of the page. It keeps a character when the character's box overlaps the region
//    horizontally and its baseline lies inside it vertically (y < baseline <= y + H).
//  - `mutool draw` cannot crop; its stext output gives each block, line and character with its
//    box in points, origin at the top left, in the order of the content stream.
//
// Right-to-left text: use MuPDF (mutool_page_text, mutool_region_text) for carepack's files.
// poppler orders right-to-left text by position and gets it wrong (shared/notes/pdf-text.md);
// MuPDF keeps the order of the content stream, which is logical order in carepack's files.
// (Chromium draws right-to-left glyphs in visual order inside /ReversedChars, so for its files it
// is the other way round: MuPDF gives the letters reversed, poppler nearly right.)
#pragma once

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <pugixml.hpp>
#include <unicode/unistr.h>

#include "extract.h"
#include "support.h"

namespace carepack::testing {

// ---- running a tool ---------------------------------------------------------------------------

struct Ran {
    int exit_code = -1;
    std::string out;  // standard output
    std::string err;  // standard error, kept apart so that warnings do not break the parsing
};

inline Ran run_apart(const std::string& command_line) {
    TempDir dir;
    const auto out = dir / "out", err = dir / "err";
    // In a subshell, so that the 2>&1 run() adds does not fold the errors back in.
    CommandResult r = run("(" + command_line + " >" + quoted(out) + " 2>" + quoted(err) + ")");
    return {r.exit_code, slurp(out), slurp(err)};
}

// ---- PDF strings ------------------------------------------------------------------------------

// The bytes of a PDF text string as UTF-8: UTF-16BE after a byte order mark, UTF-8 after one
// (PDF 2.0), otherwise one byte a character (PDFDocEncoding, read as Latin-1, which it equals
// outside 0x18-0x1F and 0x7F-0x9F).
inline std::string pdf_text_bytes_to_utf8(const std::string& bytes) {
    if (bytes.size() >= 2 && bytes[0] == '\xFE' && bytes[1] == '\xFF') {
        icu::UnicodeString u;
        for (std::size_t i = 2; i + 1 < bytes.size(); i += 2)
            u.append(static_cast<char16_t>(static_cast<unsigned char>(bytes[i]) << 8 | static_cast<unsigned char>(bytes[i + 1])));
        std::string utf8;
        u.toUTF8String(utf8);
        return utf8;
    }
    if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) return bytes.substr(3);
    std::string utf8;
    for (unsigned char c : bytes) {
        if (c < 0x80) {
            utf8 += static_cast<char>(c);
        } else {
            utf8 += static_cast<char>(0xC0 | c >> 6);
            utf8 += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return utf8;
}

// A string as qpdf's JSON version 2 writes it: "u:" and the text in UTF-8, or "b:" and the bytes
// in hex. Anything else (a name, a reference) is not a string: nullopt.
inline std::optional<std::string> qpdf_json_string(const std::string& s) {
    if (s.rfind("u:", 0) == 0) return s.substr(2);
    if (s.rfind("b:", 0) != 0) return std::nullopt;
    std::string bytes;
    for (std::size_t i = 2; i + 1 < s.size(); i += 2) bytes += static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16));
    return pdf_text_bytes_to_utf8(bytes);
}

// ---- the structure tree as poppler reads it ---------------------------------------------------

struct StructNode {
    enum class Kind {
        Root,     // the structure tree root: its children are the top-level elements
        Element,  // a structure element
        Content,  // a marked-content item of its parent element (an MCID)
        Object,   // an object reference (OBJR) of its parent element, such as a link annotation
    };
    Kind kind = Kind::Element;

    // Element: the type as pdfinfo prints it, after the role map ("H1", "TH", "Figure").
    std::string type;
    std::string id;       // Element: /ID, if any
    std::string title;    // Element: /T, if any
    std::string display;  // Element: "block", "inline" or "" as pdfinfo prints it
    // Element: attributes as pdfinfo prints them, name without its slash and value as printed:
    // {"Scope", "/Column"}, {"RowSpan", "1"}, {"Headers", "[(node00000018)]"}.
    std::vector<std::pair<std::string, std::string>> attributes;

    std::string text;      // Content: the item's text (UTF-8, not normalised)
    bool no_text = false;  // Content: pdfinfo printed "(No content?)"
    std::string object;    // Object: "9 0" (object number and generation)

    // From the file's own objects (pdfinfo does not print them). Element only.
    std::string ref;                         // "13 0 R"; empty for a direct dictionary
    std::string raw_type;                    // /S as written, before the role map
    std::optional<std::string> alt, lang, actual_text;

    std::vector<StructNode> children;  // in the order of /K: elements, content and objects

    // The value of attribute `name` (no slash), or nullptr.
    const std::string* attribute(std::string_view name) const {
        for (const auto& [n, v] : attributes)
            if (n == name) return &v;
        return nullptr;
    }
    bool is_element(std::string_view t) const { return kind == Kind::Element && type == t; }
};

// Every element of type `type` at or under `node`, in tree order.
inline std::vector<const StructNode*> find_all(const StructNode& node, std::string_view type) {
    std::vector<const StructNode*> out;
    std::function<void(const StructNode&)> walk = [&](const StructNode& n) {
        if (n.is_element(type)) out.push_back(&n);
        for (const auto& c : n.children) walk(c);
    };
    walk(node);
    return out;
}

// All the text at or under `node` in tree order, one space between marked-content items,
// normalised as DESIGN.md says; nodes for which `skip` says true are left out with all under them.
inline std::string structure_text(const StructNode& node, std::function<bool(const StructNode&)> skip = {}) {
    std::string text;
    std::function<void(const StructNode&)> walk = [&](const StructNode& n) {
        if (skip && skip(n)) return;
        if (n.kind == StructNode::Kind::Content) text += n.text + " ";
        for (const auto& c : n.children) walk(c);
    };
    walk(node);
    return normalise(text);
}

namespace detail {

// One line of `pdfinfo -struct-text` that is not an attribute, as a node.
inline StructNode struct_line(const std::string& line) {
    StructNode n;
    std::smatch m;
    if (line == "(No content?)") {
        n.kind = StructNode::Kind::Content;
        n.no_text = true;
    } else if (line.front() == '"') {
        n.kind = StructNode::Kind::Content;
        n.text = line.substr(1, line.size() - 2);
    } else if (std::regex_match(line, m, std::regex(R"(Object (\d+ \d+))"))) {
        n.kind = StructNode::Kind::Object;
        n.object = m[1];
    } else {
        // Type[ <ID>][ "Title"][ rN][ (inline|block)][:], taken apart from the end.
        std::string rest = line;
        if (!rest.empty() && rest.back() == ':') rest.pop_back();
        for (const char* d : {"inline", "block"}) {
            const std::string suffix = std::string(" (") + d + ")";
            if (rest.size() > suffix.size() && rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) == 0) {
                n.display = d;
                rest.erase(rest.size() - suffix.size());
            }
        }
        if (std::regex_search(rest, m, std::regex(R"( r\d+$)"))) rest.erase(m.position(0));
        const auto space = rest.find(' ');
        n.type = rest.substr(0, space);
        rest = space == std::string::npos ? "" : rest.substr(space);
        if (std::regex_search(rest, m, std::regex(R"(^ <(.*?)>(?= "|$))"))) {
            n.id = m[1];
            rest = m.suffix();
        }
        if (rest.size() >= 3 && rest.rfind(" \"", 0) == 0 && rest.back() == '"') n.title = rest.substr(2, rest.size() - 3);
    }
    return n;
}

// The tree pdfinfo prints, under a Root node.
inline StructNode parse_struct_text(const std::string& out) {
    StructNode root;
    root.kind = StructNode::Kind::Root;
    root.type = "StructTreeRoot";
    std::vector<StructNode*> open{&root};  // open[d] holds the nodes at depth d
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto indent = line.find_first_not_of(' ');
        if (indent == std::string::npos) continue;
        std::string body = line.substr(indent);
        if (indent % 2 == 1 && body.front() == '/') {
            // An attribute of the element opened last: " /Name value" one space past its children.
            const auto space = body.find(' ');
            open.back()->attributes.emplace_back(body.substr(1, space - 1), space == std::string::npos ? "" : body.substr(space + 1));
            continue;
        }
        // A text with a line break in it goes on until a line that ends in a quote.
        if (body.front() == '"')
            while ((body.size() < 2 || body.back() != '"') && std::getline(in, line)) body += "\n" + line;
        const std::size_t depth = indent / 2;
        if (depth + 1 > open.size()) throw std::runtime_error("pdfinfo -struct-text: unexpected indent: " + line);
        open.resize(depth + 1);
        open.back()->children.push_back(struct_line(body));
        open.push_back(&open.back()->children.back());
    }
    return root;
}

}  // namespace detail

// ---- the file's objects as qpdf reads them ----------------------------------------------------

// A PDF file's objects from `qpdf --json=2`: objects are keyed "obj:N G R" and hold
// {"value": ...} or, for a stream, {"stream": {"dict": ...}}; within values a dictionary is a JSON
// object keyed "/Name", a name is "/Name", a reference "N G R", a string "u:text" or "b:hex".
// Names in the structs below are given without their slash.
class PdfJson {
public:
    using Var = Poco::Dynamic::Var;
    using Dict = Poco::JSON::Object::Ptr;

    struct Page {
        std::string ref;
        std::string tabs;                   // /Tabs ("S", "R", "C") or "" when absent
        std::optional<int> struct_parents;  // /StructParents
    };

    struct Kid {
        enum class Kind { Element, Content, Object } kind;
        std::string ref;  // Element: its reference ("" if direct); Object: /Obj ("9 0 R")
        Dict dict;        // Element: its dictionary
        int mcid = -1;    // Content: the MCID
    };

    struct StructElem {
        std::string ref;   // "14 0 R"; "" for a direct dictionary
        std::string type;  // /S as written ("H1", or a role-mapped name)
        std::optional<std::string> alt, lang, actual_text, expansion, title, id;  // /Alt /Lang /ActualText /E /T /ID
        // /A: every attribute of every attribute dictionary, name without slash, value written as
        // pdfinfo writes it ("/Column", "1", "(text)", "[(a) (b)]"); /O (the owner) left out.
        std::map<std::string, std::string> attributes;
        std::vector<std::string> owners;  // each attribute dictionary's /O ("Table", "List", "Layout")
        std::string parent, page;         // /P and /Pg references
        std::vector<Kid> kids;            // /K in order
    };

    struct Link {
        int page = 0;                       // 1-based: the page whose /Annots has it
        std::string ref;                    // "" for a direct dictionary
        std::optional<std::string> contents;
        std::optional<int> struct_parent;
        std::optional<std::string> uri;     // /A /URI
    };

    struct OutlineItem {
        std::string title;
        int depth = 1;  // 1 for the top level
    };

    struct PageLabel {
        int page_index = 0;    // 0-based first page of the range
        std::string style;     // /S: "D", "r", "R", "a", "A", or "" (no numbers)
        std::string prefix;    // /P
        int start = 1;         // /St
    };

    explicit PdfJson(const std::filesystem::path& pdf) : pdf_(pdf) {
        Ran r = run_apart("qpdf --json=2 " + quoted(pdf));
        if (r.exit_code != 0 && r.exit_code != 3) throw std::runtime_error("qpdf --json failed: " + r.err);
        warnings_ = r.err;
        Poco::JSON::Parser parser;
        Dict top = parser.parse(r.out).extract<Dict>();
        auto qpdf = top->getArray("qpdf");
        if (!qpdf || qpdf->size() != 2 || qpdf->getObject(0)->getValue<int>("jsonversion") != 2)
            throw std::runtime_error("qpdf --json did not write JSON version 2");
        objects_ = qpdf->getObject(1);
        if (!catalog()) throw std::runtime_error("qpdf found no catalog in " + pdf.string());
    }

    // qpdf's warnings about the file (exit code 3), if any.
    const std::string& warnings() const { return warnings_; }

    // ---- raw objects

    // Object "N G R" (its value, or a stream's dictionary); empty if there is none.
    Var object(const std::string& ref) const {
        Dict o = objects_->getObject("obj:" + ref);
        if (!o) return {};
        if (o->has("stream")) return Var(o->getObject("stream")->getObject("dict"));
        return o->get("value");
    }
    static bool is_ref(const Var& v) {
        static const std::regex ref_re(R"(\d+ \d+ R)");
        return v.isString() && std::regex_match(v.extract<std::string>(), ref_re);
    }
    Var resolve(const Var& v) const { return is_ref(v) ? object(v.extract<std::string>()) : v; }
    // `v` (resolved) as a dictionary, or null.
    Dict dict(const Var& v) const {
        Var r = resolve(v);
        return r.type() == typeid(Dict) ? r.extract<Dict>() : Dict();
    }
    // The items of array `v` (direct or referred to), unresolved; any other value, also
    // unresolved, becomes an array of one; null an empty array.
    std::vector<Var> array(const Var& v) const {
        Var r = resolve(v);
        std::vector<Var> out;
        if (r.type() == typeid(Poco::JSON::Array::Ptr)) {
            auto a = r.extract<Poco::JSON::Array::Ptr>();
            for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->get(i));
        } else if (!v.isEmpty()) {
            out.push_back(v);
        }
        return out;
    }
    // Entry /`key` of `d` as written (a reference stays a reference); empty if absent.
    Var raw(const Dict& d, const std::string& key) const { return d ? d->get("/" + key) : Var(); }
    // Entry /`key` of `d`, resolved; empty if absent.
    Var get(const Dict& d, const std::string& key) const { return resolve(raw(d, key)); }
    // Entry /`key` of `d` if it is a name, without its slash; "" otherwise.
    std::string name(const Dict& d, const std::string& key) const {
        Var v = get(d, key);
        if (!v.isString()) return "";
        const auto s = v.extract<std::string>();
        return s.rfind('/', 0) == 0 ? s.substr(1) : "";
    }
    // Entry /`key` of `d` if it is a string, in UTF-8.
    std::optional<std::string> text(const Dict& d, const std::string& key) const {
        Var v = get(d, key);
        return v.isString() ? qpdf_json_string(v.extract<std::string>()) : std::nullopt;
    }
    std::optional<int> integer(const Dict& d, const std::string& key) const {
        Var v = get(d, key);
        return v.isInteger() ? std::optional<int>(v.convert<int>()) : std::nullopt;
    }
    bool boolean(const Dict& d, const std::string& key) const {
        Var v = get(d, key);
        return v.isBoolean() && v.extract<bool>();
    }

    // A value written as pdfinfo writes attribute values: /Name, (string), [a b], numbers.
    static std::string pdf_syntax(const Var& v) {
        if (v.isEmpty()) return "null";
        if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
            auto a = v.extract<Poco::JSON::Array::Ptr>();
            std::string s = "[";
            for (std::size_t i = 0; i < a->size(); ++i) s += (i ? " " : "") + pdf_syntax(a->get(i));
            return s + "]";
        }
        if (v.type() == typeid(Dict)) {
            std::string s = "<<";
            for (const auto& [k, item] : *v.extract<Dict>()) s += " " + k + " " + pdf_syntax(item);
            return s + " >>";
        }
        if (v.isBoolean()) return v.extract<bool>() ? "true" : "false";
        if (v.isString()) {
            const auto s = v.extract<std::string>();
            if (auto t = qpdf_json_string(s)) return "(" + *t + ")";
            return s;  // a name or a reference
        }
        return v.toString();
    }

    // ---- the document

    Dict catalog() const { return dict(get(dict(objects_->getObject("trailer")->get("value")), "Root")); }
    Dict info() const { return dict(get(dict(objects_->getObject("trailer")->get("value")), "Info")); }

    std::optional<std::string> lang() const { return text(catalog(), "Lang"); }                // catalog /Lang
    bool marked() const { return boolean(dict(get(catalog(), "MarkInfo")), "Marked"); }         // /MarkInfo /Marked true
    bool display_doc_title() const { return boolean(dict(get(catalog(), "ViewerPreferences")), "DisplayDocTitle"); }

    // The pages in order, from the page tree.
    std::vector<Page> pages() const {
        std::vector<Page> out;
        std::function<void(const Var&, int)> walk = [&](const Var& node, int depth) {
            Dict d = dict(node);
            if (!d || depth > 64) return;
            if (name(d, "Type") == "Pages" || d->has("/Kids")) {
                for (const auto& kid : array(raw(d, "Kids"))) walk(kid, depth + 1);
                return;
            }
            out.push_back({node.toString(), name(d, "Tabs"), integer(d, "StructParents")});
        };
        walk(catalog()->get("/Pages"), 0);
        return out;
    }
    int page_count() const { return static_cast<int>(pages().size()); }

    // ---- the structure tree

    Dict struct_tree_root() const { return dict(get(catalog(), "StructTreeRoot")); }
    bool has_struct_tree_root() const { return static_cast<bool>(struct_tree_root()); }
    bool has_parent_tree() const { return static_cast<bool>(dict(get(struct_tree_root(), "ParentTree"))); }

    // The parent tree flattened: key (a page's /StructParents or an annotation's /StructParent)
    // to the element references it holds (one for an annotation, one per MCID for a page; "" for
    // a null entry).
    std::map<int, std::vector<std::string>> parent_tree() const {
        std::map<int, std::vector<std::string>> out;
        for (const auto& [key, value] : number_tree(get(struct_tree_root(), "ParentTree"))) {
            auto& refs = out[key];
            for (const auto& r : array(value)) refs.push_back(r.isEmpty() ? "" : r.toString());
        }
        return out;
    }

    // /S through the role map until it names a type the map does not map.
    std::string resolve_role(std::string type) const {
        Dict role_map = dict(get(struct_tree_root(), "RoleMap"));
        for (int i = 0; i < 16 && role_map; ++i) {
            std::string mapped = name(role_map, type);
            if (mapped.empty() || mapped == type) break;
            type = mapped;
        }
        return type;
    }

    // Every structure element among the file's indirect objects (those with /Type /StructElem or
    // with both /S and /P), in object-number order.
    std::vector<StructElem> struct_elems() const {
        std::vector<std::pair<int, std::string>> refs;
        for (const auto& [key, o] : *objects_) {
            if (key.rfind("obj:", 0) != 0) continue;
            const std::string ref = key.substr(4);
            Dict d = dict(object(ref));
            if (d && (name(d, "Type") == "StructElem" || (d->has("/S") && d->has("/P"))))
                refs.emplace_back(std::stoi(ref), ref);
        }
        std::sort(refs.begin(), refs.end());
        std::vector<StructElem> out;
        for (const auto& [n, ref] : refs) out.push_back(struct_elem(ref, dict(object(ref))));
        return out;
    }

    // The element dictionary `d` (object `ref`, "" if direct) read.
    StructElem struct_elem(const std::string& ref, const Dict& d) const {
        StructElem e;
        e.ref = ref;
        e.type = name(d, "S");
        e.alt = text(d, "Alt");
        e.lang = text(d, "Lang");
        e.actual_text = text(d, "ActualText");
        e.expansion = text(d, "E");
        e.title = text(d, "T");
        e.id = text(d, "ID");
        for (const auto& a : array(raw(d, "A"))) {
            Dict ad = dict(a);
            if (!ad) continue;  // a revision number
            for (const auto& [k, v] : *ad) {
                if (k == "/O") e.owners.push_back(name(ad, "O"));
                else e.attributes[k.substr(1)] = pdf_syntax(v);
            }
        }
        if (d->has("/P")) e.parent = d->get("/P").toString();
        if (d->has("/Pg")) e.page = d->get("/Pg").toString();
        for (const auto& k : array(raw(d, "K"))) {
            if (k.isInteger()) {
                e.kids.push_back({Kid::Kind::Content, "", {}, k.convert<int>()});
                continue;
            }
            Dict kd = dict(k);
            if (!kd) continue;
            const std::string type = name(kd, "Type");
            if (type == "MCR") e.kids.push_back({Kid::Kind::Content, "", {}, integer(kd, "MCID").value_or(-1)});
            else if (type == "OBJR") e.kids.push_back({Kid::Kind::Object, kd->get("/Obj").toString(), {}, -1});
            else e.kids.push_back({Kid::Kind::Element, is_ref(k) ? k.toString() : "", kd, -1});
        }
        return e;
    }

    // ---- links, outline, page labels

    // Every annotation of /Subtype /Link, page by page.
    std::vector<Link> links() const {
        std::vector<Link> out;
        const auto all = pages();
        for (std::size_t p = 0; p < all.size(); ++p)
            for (const auto& a : array(raw(dict(object(all[p].ref)), "Annots"))) {
                Dict d = dict(a);
                if (!d || name(d, "Subtype") != "Link") continue;
                out.push_back({static_cast<int>(p) + 1, is_ref(a) ? a.toString() : "", text(d, "Contents"),
                               integer(d, "StructParent"), text(dict(get(d, "A")), "URI")});
            }
        return out;
    }

    // The outline (bookmarks), titles in order with their depth.
    std::vector<OutlineItem> outline() const {
        std::vector<OutlineItem> out;
        std::set<std::string> seen;  // a broken outline could loop
        std::function<void(const Var&, int)> walk = [&](const Var& first, int depth) {
            for (Var item = first; is_ref(item) && seen.insert(item.toString()).second;) {
                Dict d = dict(item);
                if (!d) break;
                out.push_back({text(d, "Title").value_or(""), depth});
                walk(d->get("/First"), depth + 1);
                item = d->get("/Next");
            }
        };
        Dict outlines = dict(get(catalog(), "Outlines"));
        if (outlines) walk(outlines->get("/First"), 1);
        return out;
    }

    // The /PageLabels number tree's entries, in order.
    std::vector<PageLabel> page_labels() const {
        std::vector<PageLabel> out;
        for (const auto& [index, v] : number_tree(get(catalog(), "PageLabels"))) {
            Dict d = dict(v);
            out.push_back({index, name(d, "S"), text(d, "P").value_or(""), integer(d, "St").value_or(1)});
        }
        return out;
    }

    // ---- metadata

    // The text of the catalog's /Metadata stream (XMP), decoded; nullopt if there is none.
    std::optional<std::string> xmp() const {
        Var ref = catalog()->get("/Metadata");
        if (!is_ref(ref)) return std::nullopt;
        const std::string n = ref.toString().substr(0, ref.toString().find(' '));
        Ran r = run_apart("qpdf --show-object=" + n + " --filtered-stream-data " + quoted(pdf_));
        if (r.exit_code != 0 && r.exit_code != 3) throw std::runtime_error("qpdf --show-object failed: " + r.err);
        return r.out;
    }

    // The values of XMP property `property` ("dc:title", "dc:language", "pdfuaid:part"): each
    // rdf:li in it, or its text, or the attribute of that name on an rdf:Description.
    std::vector<std::string> xmp_values(const std::string& property) const {
        std::vector<std::string> out;
        auto packet = xmp();
        if (!packet) return out;
        pugi::xml_document doc;
        if (!doc.load_string(packet->c_str())) throw std::runtime_error("the XMP metadata is not XML");
        for (auto x : doc.select_nodes(("//*[name()='" + property + "'] | //@*[name()='" + property + "']").c_str())) {
            if (x.attribute()) {
                out.push_back(x.attribute().value());
                continue;
            }
            auto items = x.node().select_nodes(".//*[name()='rdf:li']");
            if (items.empty()) out.push_back(x.node().text().get());
            for (auto li : items) out.push_back(li.node().text().get());
        }
        return out;
    }

private:
    // A number tree's /Nums flattened, /Kids followed.
    std::vector<std::pair<int, Var>> number_tree(const Var& root) const {
        std::vector<std::pair<int, Var>> out;
        std::function<void(const Var&, int)> walk = [&](const Var& node, int depth) {
            Dict d = dict(node);
            if (!d || depth > 32) return;
            const auto nums = array(raw(d, "Nums"));
            for (std::size_t i = 0; i + 1 < nums.size(); i += 2) out.emplace_back(nums[i].convert<int>(), nums[i + 1]);
            for (const auto& kid : array(raw(d, "Kids"))) walk(kid, depth + 1);
        };
        walk(root, 0);
        return out;
    }

    std::filesystem::path pdf_;
    Dict objects_;
    std::string warnings_;
};

inline PdfJson read_pdf_json(const std::filesystem::path& pdf) { return PdfJson(pdf); }

namespace detail {

inline std::string kind_name(StructNode::Kind k) {
    switch (k) {
        case StructNode::Kind::Element: return "an element";
        case StructNode::Kind::Content: return "marked content";
        case StructNode::Kind::Object: return "an object reference";
        default: return "the root";
    }
}

// Walks pdfinfo's tree and the file's /K arrays side by side, giving each element what pdfinfo
// does not print. Throws where the two differ: then poppler has read the tree otherwise than it
// is written, and the tree cannot be trusted.
inline void join_structure(StructNode& node, const std::vector<PdfJson::Kid>& kids, const PdfJson& json,
                           const std::string& where) {
    const auto differ = [&](const std::string& what) {
        throw std::runtime_error("pdfinfo's structure tree and the file's differ at " + where + ": " + what);
    };
    if (node.children.size() != kids.size())
        differ("pdfinfo has " + std::to_string(node.children.size()) + " children, /K has " + std::to_string(kids.size()));
    for (std::size_t i = 0; i < kids.size(); ++i) {
        StructNode& child = node.children[i];
        const PdfJson::Kid& kid = kids[i];
        const auto expected = kid.kind == PdfJson::Kid::Kind::Element   ? StructNode::Kind::Element
                              : kid.kind == PdfJson::Kid::Kind::Content ? StructNode::Kind::Content
                                                                        : StructNode::Kind::Object;
        if (child.kind != expected)
            differ("child " + std::to_string(i) + " is " + kind_name(child.kind) + " in pdfinfo, " + kind_name(expected) + " in /K");
        if (expected == StructNode::Kind::Object && child.object + " R" != kid.ref)
            differ("object " + child.object + " in pdfinfo, " + kid.ref + " in /K");
        if (expected != StructNode::Kind::Element) continue;
        PdfJson::StructElem e = json.struct_elem(kid.ref, kid.dict);
        if (json.resolve_role(e.type) != child.type) differ(child.type + " in pdfinfo, /" + e.type + " in the file");
        child.ref = e.ref;
        child.raw_type = e.type;
        child.alt = e.alt;
        child.lang = e.lang;
        child.actual_text = e.actual_text;
        join_structure(child, e.kids, json, where + "/" + child.type + "[" + std::to_string(i) + "]");
    }
}

}  // namespace detail

// The structure tree as `pdfinfo -struct-text` reads it, under a node of kind Root (type
// "StructTreeRoot"; no children when the file has no structure tree), each element given its
// /Alt, /Lang and /ActualText from `json`. Throws if pdfinfo fails or complains (it does when it
// drops an element), or if its tree and the file's differ.
inline StructNode read_structure(const std::filesystem::path& pdf, const PdfJson& json) {
    Ran r = run_apart("pdfinfo -struct-text " + quoted(pdf));
    if (r.exit_code != 0 || !r.err.empty()) throw std::runtime_error("pdfinfo -struct-text: " + r.err);
    StructNode root = detail::parse_struct_text(r.out);
    std::vector<PdfJson::Kid> top;
    if (auto tree = json.struct_tree_root()) top = json.struct_elem("", tree).kids;
    detail::join_structure(root, top, json, "StructTreeRoot");
    return root;
}

inline StructNode read_structure(const std::filesystem::path& pdf) { return read_structure(pdf, read_pdf_json(pdf)); }

// ---- text by page and by region ---------------------------------------------------------------

// Each page's text from `pdftotext -layout` (UTF-8, not normalised), one string a page. Like
// extract.h's pdftotext, poppler's warnings are folded into the text so that they fail comparisons.
inline std::vector<std::string> page_texts(const std::filesystem::path& pdf) {
    CommandResult r = run("pdftotext -layout -enc UTF-8 " + quoted(pdf) + " -");
    if (r.exit_code != 0) throw std::runtime_error("pdftotext failed: " + r.out);
    std::vector<std::string> pages;
    std::string::size_type from = 0;
    for (auto ff = r.out.find('\f'); ff != std::string::npos; from = ff + 1, ff = r.out.find('\f', from))
        pages.push_back(r.out.substr(from, ff - from));
    if (from < r.out.size()) {  // anything after the last page's form feed (a warning, say)
        if (pages.empty()) pages.emplace_back();
        pages.back() += r.out.substr(from);
    }
    return pages;
}

// poppler's text of a region of page `page` (1-based): x, y, w, h in points from the page's top
// left corner, widened to whole points. A character counts when its box overlaps the region
// horizontally and its baseline is inside it vertically. Not for right-to-left text (see above).
inline std::string region_text(const std::filesystem::path& pdf, int page, double x, double y, double w, double h) {
    const long x0 = std::lround(std::floor(x)), y0 = std::lround(std::floor(y));
    const long x1 = std::lround(std::ceil(x + w)), y1 = std::lround(std::ceil(y + h));
    const std::string p = std::to_string(page);
    CommandResult r = run("pdftotext -enc UTF-8 -f " + p + " -l " + p + " -x " + std::to_string(x0) + " -y " +
                          std::to_string(y0) + " -W " + std::to_string(x1 - x0) + " -H " + std::to_string(y1 - y0) + " " +
                          quoted(pdf) + " -");
    if (r.exit_code != 0) throw std::runtime_error("pdftotext failed: " + r.out);
    if (!r.out.empty() && r.out.back() == '\f') r.out.pop_back();
    return r.out;
}

// A box in points, origin at the page's top left, y downwards.
struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    // Whether the box lies wholly inside the region x, y, w, h.
    bool inside(double x, double y, double w, double h) const { return x0 >= x && y0 >= y && x1 <= x + w && y1 <= y + h; }
};

struct TextLine {
    Box bbox;
    std::string text;  // MuPDF's characters in content order (UTF-8, not normalised)
};

struct TextBlock {
    Box bbox;
    std::vector<TextLine> lines;
    std::string text() const {
        std::string s;
        for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l.text;
        return s;
    }
};

struct MutoolPage {
    double width = 0, height = 0;
    std::vector<TextBlock> blocks;  // text blocks in MuPDF's order; image blocks left out
    std::string warnings;           // what MuPDF said about the file (its ICC notice left out)
};

// MuPDF's text of page `page` (1-based), block by block and line by line with their boxes, from
// `mutool draw -F stext`. The order is the content stream's, so right-to-left text that is
// written in logical order comes out in logical order.
inline MutoolPage mutool_page_text(const std::filesystem::path& pdf, int page) {
    TempDir dir;
    const auto xml = dir / "page.xml";
    Ran r = run_apart("mutool draw -q -F stext -o " + quoted(xml) + " " + quoted(pdf) + " " + std::to_string(page));
    if (r.exit_code != 0) throw std::runtime_error("mutool draw failed: " + r.err);
    MutoolPage out;
    out.warnings = replace_once(r.err, "warning: ICC support is not available\n", "");
    pugi::xml_document doc;
    if (!doc.load_file(xml.c_str(), pugi::parse_default | pugi::parse_ws_pcdata))
        throw std::runtime_error("mutool's stext is not XML");
    const auto box = [](const char* s) {
        Box b;
        std::istringstream(s) >> b.x0 >> b.y0 >> b.x1 >> b.y1;
        return b;
    };
    auto p = doc.child("document").child("page");
    out.width = p.attribute("width").as_double();
    out.height = p.attribute("height").as_double();
    for (auto b : p.children("block")) {
        TextBlock block{box(b.attribute("bbox").value()), {}};
        for (auto l : b.children("line")) {
            TextLine line{box(l.attribute("bbox").value()), ""};
            for (auto f : l.children("font"))
                for (auto c : f.children("char")) line.text += c.attribute("c").value();
            block.lines.push_back(line);
        }
        out.blocks.push_back(block);
    }
    return out;
}

// MuPDF's text of the lines of page `page` that lie wholly inside the region x, y, w, h (points
// from the top left), in content order, one line a line. The reader for right-to-left text.
inline std::string mutool_region_text(const std::filesystem::path& pdf, int page, double x, double y, double w, double h) {
    std::string text;
    for (const auto& b : mutool_page_text(pdf, page).blocks)
        for (const auto& l : b.lines)
            if (l.bbox.inside(x, y, w, h)) text += (text.empty() ? "" : "\n") + l.text;
    return text;
}

}  // namespace carepack::testing
