#include "carepack/rules.h"

#include "carepack/locale.h"

#include <algorithm>
#include <map>
#include <vector>

namespace carepack {

struct Condition::Node {
    enum class Kind { Or, And, Not, Age, AgeRange, TimeInCare, Status, Group, LookedAfter, CareLeaver };
    enum class Compare { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };
    enum class Unit { Days, Weeks, Months, Years };

    Kind kind = Kind::LookedAfter;
    std::vector<std::shared_ptr<const Node>> children;  // Or, And: two or more; Not: one
    Compare compare = Compare::Equal;                    // Age, TimeInCare; Status: Equal or NotEqual
    long number = 0;                                     // Age, TimeInCare; AgeRange: the lower end
    long upper = 0;                                      // AgeRange
    Unit unit = Unit::Days;                              // TimeInCare
    bool status_in = false;                              // Status written `status in (...)`
    std::vector<CareLeaverStatus> statuses;              // Status
    std::string group;                                   // Group
};

namespace {

using Node = Condition::Node;
using NodePtr = std::shared_ptr<const Node>;

constexpr long max_age = 150;
// 100 years, in each unit the rule language has; a longer time in care is a typing error.
constexpr long max_days = 36525, max_weeks = 5217, max_months = 1200, max_years = 100;

constexpr std::string_view expected_test =
    "expected age, time-in-care, status, group, looked-after, care-leaver, not or (";
constexpr std::string_view expected_status =
    "expected one of none, looked-after, eligible, relevant, former-relevant, qualifying";

struct UnitName {
    Node::Unit unit;
    std::string_view singular, plural;
    long limit;
};
constexpr UnitName units[] = {
    {Node::Unit::Days, "day", "days", max_days},
    {Node::Unit::Weeks, "week", "weeks", max_weeks},
    {Node::Unit::Months, "month", "months", max_months},
    {Node::Unit::Years, "year", "years", max_years},
};

enum class TokenKind { Word, Number, Symbol, End };

struct Token {
    TokenKind kind;
    std::string_view text;
    std::size_t offset;  // bytes into the condition's text

    bool is(std::string_view s) const { return kind != TokenKind::End && text == s; }
    bool is_word(std::string_view s) const { return kind == TokenKind::Word && text == s; }
};

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool is_keyword(std::string_view w) { return w == "and" || w == "or" || w == "not" || w == "in"; }

std::string quoted(const Token& t) {
    return t.kind == TokenKind::End ? std::string("the end of the condition") : "'" + std::string(t.text) + "'";
}

std::optional<Node::Compare> comparison(const Token& t) {
    if (t.kind != TokenKind::Symbol) return std::nullopt;
    static constexpr std::pair<std::string_view, Node::Compare> ops[] = {
        {"<", Node::Compare::Less},         {"<=", Node::Compare::LessEqual}, {">", Node::Compare::Greater},
        {">=", Node::Compare::GreaterEqual}, {"=", Node::Compare::Equal},      {"!=", Node::Compare::NotEqual},
    };
    for (const auto& [text, op] : ops)
        if (t.text == text) return op;
    return std::nullopt;
}

std::string_view compare_text(Node::Compare c) {
    switch (c) {
        case Node::Compare::Less: return "<";
        case Node::Compare::LessEqual: return "<=";
        case Node::Compare::Greater: return ">";
        case Node::Compare::GreaterEqual: return ">=";
        case Node::Compare::Equal: return "=";
        case Node::Compare::NotEqual: return "!=";
    }
    return "=";
}

bool holds(Node::Compare c, long a, long b) {
    switch (c) {
        case Node::Compare::Less: return a < b;
        case Node::Compare::LessEqual: return a <= b;
        case Node::Compare::Greater: return a > b;
        case Node::Compare::GreaterEqual: return a >= b;
        case Node::Compare::Equal: return a == b;
        case Node::Compare::NotEqual: return a != b;
    }
    return false;
}

class Parser {
public:
    Parser(std::string_view text, const Location& where) : text_(text), where_(where) { tokenize(); }

    NodePtr parse() {
        if (peek().kind == TokenKind::End) fail(peek(), "empty condition; " + std::string(expected_test));
        NodePtr root = parse_or();
        const Token& t = peek();
        if (t.is(")")) fail(t, "unbalanced parentheses: ')' has no matching '('");
        if (t.kind != TokenKind::End)
            fail(t, "unexpected " + quoted(t) + " after a complete condition; expected and, or or the end");
        return root;
    }

private:
    [[noreturn]] void fail(const Token& t, const std::string& message) const {
        // Columns count characters, as the XML locations do, not UTF-8 bytes.
        int column = 0;
        for (std::size_t i = 0; i < t.offset && i < text_.size(); ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
        throw Failure(where_.shifted(column), message);
    }

    void tokenize() {
        std::size_t i = 0;
        while (i < text_.size()) {
            const char c = text_[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i;
                continue;
            }
            std::size_t n = 1;
            TokenKind kind = TokenKind::Symbol;
            if (word_char(c)) {
                while (i + n < text_.size() && word_char(text_[i + n])) ++n;
                const auto w = text_.substr(i, n);
                kind = std::all_of(w.begin(), w.end(), [](char d) { return d >= '0' && d <= '9'; }) ? TokenKind::Number
                                                                                                  : TokenKind::Word;
            } else if ((c == '<' || c == '>' || c == '!') && i + 1 < text_.size() && text_[i + 1] == '=') {
                n = 2;
            } else if (c == '.' && i + 1 < text_.size() && text_[i + 1] == '.') {
                n = 2;
            } else if (c != '(' && c != ')' && c != ',' && c != '<' && c != '>' && c != '=') {
                while (i + n < text_.size() && (static_cast<unsigned char>(text_[i + n]) & 0xC0) == 0x80) ++n;
                const Token bad{TokenKind::Symbol, text_.substr(i, n), i};
                std::string hint = c == '&' ? "; write 'and'" : c == '|' ? "; write 'or'" : c == '!' ? "; write 'not' or '!='"
                                 : c == '.' ? "; write a range as 16..24" : "";
                fail(bad, "unexpected character " + quoted(bad) + " in condition" + hint);
            }
            tokens_.push_back({kind, text_.substr(i, n), i});
            i += n;
        }
        tokens_.push_back({TokenKind::End, {}, text_.size()});
    }

    const Token& peek() const { return tokens_[pos_]; }
    const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
    const Token* previous() const { return pos_ > 0 ? &tokens_[pos_ - 1] : nullptr; }

    NodePtr parse_or() { return parse_list("or", Node::Kind::Or, &Parser::parse_and); }
    NodePtr parse_and() { return parse_list("and", Node::Kind::And, &Parser::parse_unary); }

    NodePtr parse_list(std::string_view word, Node::Kind kind, NodePtr (Parser::*operand)()) {
        NodePtr first = (this->*operand)();
        if (!peek().is_word(word)) return first;
        auto list = std::make_shared<Node>();
        list->kind = kind;
        list->children.push_back(std::move(first));
        while (peek().is_word(word)) {
            next();
            list->children.push_back((this->*operand)());
        }
        return list;
    }

    NodePtr parse_unary() {
        const Token& t = peek();
        if (t.is_word("not")) {
            next();
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Not;
            n->children.push_back(parse_unary());
            return n;
        }
        if (t.is("(")) {
            const Token& open = next();
            NodePtr inner = parse_or();
            const Token& close = peek();
            if (close.kind == TokenKind::End) fail(open, "unbalanced parentheses: this '(' is never closed");
            if (!close.is(")")) fail(close, "expected and, or or ')', found " + quoted(close));
            next();
            return inner;
        }
        return parse_test();
    }

    NodePtr parse_test() {
        const Token& t = peek();
        if (t.kind == TokenKind::End)
            fail(t, "unexpected end of condition after " + quoted(*previous()) + "; " + std::string(expected_test));
        if (t.kind != TokenKind::Word || is_keyword(t.text))
            fail(t, "unexpected " + quoted(t) + " in condition; " + std::string(expected_test));
        auto n = std::make_shared<Node>();
        if (t.text == "age") {
            next();
            const Token& op = peek();
            if (auto c = comparison(op)) {
                next();
                n->kind = Node::Kind::Age;
                n->compare = *c;
                n->number = age_number(op);
            } else if (op.is_word("in")) {
                next();
                n->kind = Node::Kind::AgeRange;
                const Token& low = peek();
                n->number = age_number(op);
                const Token& dots = peek();
                if (!dots.is("..")) fail(dots, "expected '..' after " + quoted(low) + ", found " + quoted(dots));
                next();
                n->upper = age_number(dots);
                if (n->upper < n->number)
                    fail(low, "the range " + std::to_string(n->number) + ".." + std::to_string(n->upper) +
                                  " is empty; write the lower age first");
            } else {
                fail(op, "expected <, <=, >, >=, =, != or in after 'age', found " + quoted(op));
            }
        } else if (t.text == "time-in-care") {
            next();
            const Token& op = peek();
            const auto c = comparison(op);
            if (!c) fail(op, "expected <, <=, >, >=, = or != after 'time-in-care', found " + quoted(op));
            next();
            n->kind = Node::Kind::TimeInCare;
            n->compare = *c;
            const Token& count = peek();
            n->number = number(op);
            const Token& unit = peek();
            const auto found = std::find_if(std::begin(units), std::end(units), [&](const UnitName& u) {
                return unit.is_word(u.singular) || unit.is_word(u.plural);
            });
            if (found == std::end(units))
                fail(unit, "expected days, weeks, months or years after " + quoted(count) + ", found " + quoted(unit));
            next();
            n->unit = found->unit;
            if (n->number > found->limit)
                fail(count, "time in care of " + std::string(count.text) + " " + std::string(unit.text) +
                                " is over 100 years");
        } else if (t.text == "status") {
            next();
            const Token& op = peek();
            n->kind = Node::Kind::Status;
            if (op.is("=") || op.is("!=")) {
                next();
                n->compare = op.is("=") ? Node::Compare::Equal : Node::Compare::NotEqual;
                n->statuses.push_back(status(op));
            } else if (op.is_word("in")) {
                next();
                n->status_in = true;
                const Token& open = peek();
                if (!open.is("(")) fail(open, "expected '(' after 'status in', found " + quoted(open));
                next();
                for (;;) {
                    n->statuses.push_back(status(*previous()));
                    const Token& sep = peek();
                    if (sep.is(")")) break;
                    if (sep.kind == TokenKind::End) fail(open, "unbalanced parentheses: this '(' is never closed");
                    if (!sep.is(",")) fail(sep, "expected ',' or ')' after " + quoted(*previous()) + ", found " + quoted(sep));
                    next();
                }
                next();
            } else {
                fail(op, "expected =, != or in after 'status', found " + quoted(op));
            }
        } else if (t.text == "group") {
            next();
            const Token& name = peek();
            if (name.kind != TokenKind::Word || is_keyword(name.text))
                fail(name, "expected a group name after 'group', found " + quoted(name));
            if (!std::all_of(name.text.begin(), name.text.end(),
                             [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }))
                fail(name, "group name " + quoted(name) + " may have only lower-case letters, digits and hyphens");
            next();
            n->kind = Node::Kind::Group;
            n->group = std::string(name.text);
        } else if (t.text == "looked-after") {
            next();
            n->kind = Node::Kind::LookedAfter;
        } else if (t.text == "care-leaver") {
            next();
            n->kind = Node::Kind::CareLeaver;
        } else {
            fail(t, "unknown word " + quoted(t) + " in condition; " + std::string(expected_test));
        }
        return n;
    }

    // A non-negative integer after `after`; anything over nine digits is too large to mean anything.
    long number(const Token& after) {
        const Token& t = peek();
        if (t.kind != TokenKind::Number) fail(t, "expected a number after " + quoted(after) + ", found " + quoted(t));
        if (t.text.size() > 9) fail(t, "the number " + quoted(t) + " is too large");
        next();
        long value = 0;
        for (char c : t.text) value = value * 10 + (c - '0');
        return value;
    }

    long age_number(const Token& after) {
        const Token& t = peek();
        const long value = number(after);
        if (value > max_age) fail(t, "age " + std::string(t.text) + " is out of range; ages go up to 150");
        return value;
    }

    CareLeaverStatus status(const Token& after) {
        const Token& t = peek();
        if (t.kind != TokenKind::Word)
            fail(t, "expected a care leaver status after " + quoted(after) + ", found " + quoted(t) + "; " +
                        std::string(expected_status));
        const auto s = status_from_name(t.text);
        if (!s) fail(t, "unknown care leaver status " + quoted(t) + "; " + std::string(expected_status));
        next();
        return *s;
    }

    std::string_view text_;
    const Location& where_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
};

// The length in days of `n` units ending on `on`: calendar months and years vary, so they are
// counted back from the day the condition is asked about.
long length_in_days(const Date& on, long n, Node::Unit unit) {
    switch (unit) {
        case Node::Unit::Days: return n;
        case Node::Unit::Weeks: return 7 * n;
        case Node::Unit::Months: return static_cast<long>(days_between(on.add_months(-static_cast<int>(n)), on));
        case Node::Unit::Years: return static_cast<long>(days_between(on.add_years(-static_cast<int>(n)), on));
    }
    return n;
}

bool evaluate_node(const Node& n, const Person& p, const Date& on) {
    const auto holds_for = [&](const NodePtr& c) { return evaluate_node(*c, p, on); };
    switch (n.kind) {
        case Node::Kind::Or: return std::any_of(n.children.begin(), n.children.end(), holds_for);
        case Node::Kind::And: return std::all_of(n.children.begin(), n.children.end(), holds_for);
        case Node::Kind::Not: return !evaluate_node(*n.children.front(), p, on);
        case Node::Kind::Age: return holds(n.compare, p.age_on(on), n.number);
        case Node::Kind::AgeRange: {
            const int age = p.age_on(on);
            return age >= n.number && age <= n.upper;
        }
        case Node::Kind::TimeInCare:
            return holds(n.compare, p.days_in_care(on), length_in_days(on, n.number, n.unit));
        case Node::Kind::Status: {
            const CareLeaverStatus s = p.status_on(on);
            const bool listed = std::find(n.statuses.begin(), n.statuses.end(), s) != n.statuses.end();
            return n.compare == Node::Compare::NotEqual ? !listed : listed;
        }
        case Node::Kind::Group: return p.in_group(n.group);
        case Node::Kind::LookedAfter: return p.looked_after_on(on);
        case Node::Kind::CareLeaver: {
            const CareLeaverStatus s = p.status_on(on);
            return s == CareLeaverStatus::Eligible || s == CareLeaverStatus::Relevant ||
                   s == CareLeaverStatus::FormerRelevant || s == CareLeaverStatus::Qualifying;
        }
    }
    return false;
}

std::string unit_text(long n, Node::Unit unit) {
    for (const auto& u : units)
        if (u.unit == unit) return std::string(n == 1 ? u.singular : u.plural);
    return {};
}

std::string node_text(const Node& n) {
    switch (n.kind) {
        case Node::Kind::Or:
        case Node::Kind::And: {
            std::string s;
            for (const auto& c : n.children) {
                if (!s.empty()) s += n.kind == Node::Kind::Or ? " or " : " and ";
                s += "(" + node_text(*c) + ")";
            }
            return s;
        }
        case Node::Kind::Not: return "not (" + node_text(*n.children.front()) + ")";
        case Node::Kind::Age: return "age " + std::string(compare_text(n.compare)) + " " + std::to_string(n.number);
        case Node::Kind::AgeRange: return "age in " + std::to_string(n.number) + ".." + std::to_string(n.upper);
        case Node::Kind::TimeInCare:
            return "time-in-care " + std::string(compare_text(n.compare)) + " " + std::to_string(n.number) + " " +
                   unit_text(n.number, n.unit);
        case Node::Kind::Status: {
            if (!n.status_in)
                return "status " + std::string(compare_text(n.compare)) + " " + std::string(status_name(n.statuses.front()));
            std::string s = "status in (";
            for (std::size_t i = 0; i < n.statuses.size(); ++i)
                s += (i ? ", " : "") + std::string(status_name(n.statuses[i]));
            return s + ")";
        }
        case Node::Kind::Group: return "group " + n.group;
        case Node::Kind::LookedAfter: return "looked-after";
        case Node::Kind::CareLeaver: return "care-leaver";
    }
    return {};
}

std::string describe_node(const Node& n, const Catalog& words, bool nested) {
    auto say = [&](std::string_view id, std::map<std::string, std::string> args = {}) { return words.format(id, args); };
    switch (n.kind) {
        case Node::Kind::Or:
        case Node::Kind::And: {
            std::string s;
            for (std::size_t i = 0; i < n.children.size(); ++i) {
                std::string part = describe_node(*n.children[i], words, true);
                s = i == 0 ? part : say(n.kind == Node::Kind::Or ? "rule-or" : "rule-and", {{"a", s}, {"b", part}});
            }
            return nested ? say("rule-group", {{"x", s}}) : s;
        }
        case Node::Kind::Not: return say("rule-not", {{"x", describe_node(*n.children.front(), words, true)}});
        case Node::Kind::Age: {
            static const char* ids[] = {"rule-age-under", "rule-age-at-most", "rule-age-over", "rule-age-at-least",
                                        "rule-age-is", "rule-age-is-not"};
            return say(ids[static_cast<int>(n.compare)], {{"n", std::to_string(n.number)}});
        }
        case Node::Kind::AgeRange:
            return say("rule-age-range", {{"low", std::to_string(n.number)}, {"high", std::to_string(n.upper)}});
        case Node::Kind::TimeInCare: {
            static const char* units_id[] = {"rule-days", "rule-weeks", "rule-months", "rule-years"};
            std::string length = say(units_id[static_cast<int>(n.unit)], {{"n", std::to_string(n.number)}});
            const bool less = n.compare == Node::Compare::Less || n.compare == Node::Compare::LessEqual;
            return say(less ? "rule-in-care-less-than" : "rule-in-care-at-least", {{"length", length}});
        }
        case Node::Kind::Status: {
            // Kinds of care leaver read as one phrase: "a care leaver who is eligible, relevant
            // or former relevant".
            const bool kinds = n.statuses.size() > 1 &&
                               std::all_of(n.statuses.begin(), n.statuses.end(), [](CareLeaverStatus c) {
                                   return c != CareLeaverStatus::None && c != CareLeaverStatus::LookedAfter;
                               });
            std::string s;
            for (std::size_t i = 0; i < n.statuses.size(); ++i) {
                const std::string name(status_name(n.statuses[i]));
                std::string one = say((kinds ? "rule-kind-" : "rule-status-") + name);
                if (i == 0) s = one;
                else if (i + 1 < n.statuses.size()) s = say("rule-list", {{"a", s}, {"b", one}});
                else s = say("rule-or", {{"a", s}, {"b", one}});
            }
            if (kinds) s = say("rule-care-leaver-who-is", {{"kinds", s}});
            return n.compare == Node::Compare::NotEqual ? say("rule-not", {{"x", s}}) : s;
        }
        case Node::Kind::Group:
            return words.knows("rule-group-" + n.group) ? say("rule-group-" + n.group)
                                                       : say("rule-group-other", {{"name", n.group}});
        case Node::Kind::LookedAfter: return say("rule-looked-after");
        case Node::Kind::CareLeaver: return say("rule-care-leaver");
    }
    return {};
}

}  // namespace

std::string Condition::describe(const Catalog& words) const {
    return root_ ? describe_node(*root_, words, false) : std::string();
}

Condition::Condition() = default;

Condition Condition::parse(std::string_view text, const Location& where) {
    Condition c;
    c.root_ = Parser(text, where).parse();
    c.text_ = std::string(text);
    return c;
}

bool Condition::evaluate(const Person& person, const Date& on) const {
    return root_ == nullptr || evaluate_node(*root_, person, on);
}

std::string Condition::to_string() const { return root_ ? node_text(*root_) : std::string(); }

}  // namespace carepack
